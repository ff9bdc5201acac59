"""Billing: charges, refunds and invoices against the payment gateway."""
