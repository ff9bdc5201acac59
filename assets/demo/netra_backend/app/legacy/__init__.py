"""Legacy modules kept for backwards compatibility; add no new code here."""
