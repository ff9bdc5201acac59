"""Application package of the Netra chat backend."""
