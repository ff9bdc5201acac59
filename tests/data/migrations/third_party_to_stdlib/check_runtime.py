"""Runs the project's tests by hand and checks what they return.

Passes against the backport stand-in (before the migration) and against
unittest.mock (after it): the behaviour must not change.
"""

import unittest.mock

from tests import helpers, test_gateway, test_invoices

case = test_gateway.ChargeTests("test_charge_posts_amount")
call_args = case.test_charge_posts_amount()
assert call_args == unittest.mock.call(
    "/charges", {"customer": "cus_1", "amount": 500, "currency": "EUR"}
), call_args

refund = test_gateway.ChargeTests("test_refund")
assert refund.test_refund() == 1

assert test_gateway.test_charge_rejects_zero() == ("amount must be positive", False)

assert test_invoices.test_settle_all_skips_unsettled() == ["INV-1"]
assert test_invoices.test_totals() == [("INV-1", 350), ("INV-2", 999)]

gw = helpers.fake_gateway(settled=False)
assert gw.settle("INV-3") is False
with unittest.mock.patch("builtins.open", helpers.fake_open("a,b\n")):
    with open("whatever.csv") as fh:
        assert fh.read() == "a,b\n"

# Whichever module the tests import it from, it is the same mock API.
for module in (test_gateway, helpers):
    assert module.mock.MagicMock is unittest.mock.MagicMock
assert helpers.mocklib.patch is unittest.mock.patch
assert test_invoices.patch is unittest.mock.patch

print("ok")
