from mock import MagicMock, patch, sentinel

from billing.invoices import Invoice, settle_all


def make_invoices():
    return [
        Invoice("INV-1", [("widget", 2, 150), ("bolt", 10, 5)]),
        Invoice("INV-2", [("gear", 1, 999)]),
    ]


@patch("billing.gateway.Gateway.send")
def test_settle_all_skips_unsettled(send):
    send.side_effect = [{"settled": True}, {"settled": False}]
    settled = settle_all(make_invoices(), account=sentinel.account)
    assert send.call_count == 2
    return settled


def test_totals():
    invoices = make_invoices()
    listener = MagicMock()
    for inv in invoices:
        listener(inv.number, inv.total())
    return [c.args for c in listener.call_args_list]
