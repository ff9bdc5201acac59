"""Thin client for the payment provider's HTTP API."""

import json

API_URL = "https://payments.example.invalid/v2"


class GatewayError(Exception):
    pass


def _post(path, payload):
    """Send a request to the provider. Never reached in tests: always patched."""
    raise GatewayError(f"network disabled: POST {API_URL}{path} {json.dumps(payload)}")


def charge(customer_id, amount_cents, currency="EUR"):
    if amount_cents <= 0:
        raise ValueError("amount must be positive")
    reply = _post("/charges", {"customer": customer_id, "amount": amount_cents, "currency": currency})
    return reply["id"]


def refund(charge_id, reason="requested_by_customer"):
    reply = _post(f"/charges/{charge_id}/refund", {"reason": reason})
    return reply["status"] == "refunded"


class Gateway:
    """Object API used by the invoicing code."""

    def __init__(self, account):
        self.account = account

    def send(self, path, payload):
        return _post(path, dict(payload, account=self.account))

    def settle(self, invoice_id):
        return self.send("/settle", {"invoice": invoice_id})["settled"]
