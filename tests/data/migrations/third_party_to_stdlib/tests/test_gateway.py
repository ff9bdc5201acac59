import unittest

import mock

from billing import gateway


class ChargeTests(unittest.TestCase):
    @mock.patch("billing.gateway._post")
    def test_charge_posts_amount(self, post):
        post.return_value = {"id": "ch_123"}
        self.assertEqual(gateway.charge("cus_1", 500), "ch_123")
        post.assert_called_once_with(
            "/charges", {"customer": "cus_1", "amount": 500, "currency": "EUR"}
        )
        return post.call_args

    @mock.patch.object(gateway, "_post", return_value={"status": "refunded"})
    def test_refund(self, post):
        self.assertTrue(gateway.refund("ch_9"))
        self.assertEqual(post.call_args, mock.call("/charges/ch_9/refund", mock.ANY))
        return post.call_count


def test_charge_rejects_zero():
    post = mock.MagicMock(name="_post")
    with mock.patch("billing.gateway._post", post):
        try:
            gateway.charge("cus_1", 0)
        except ValueError as exc:
            return str(exc), post.called
    raise AssertionError("charge(0) did not raise")
