"""Private implementation details of core."""
