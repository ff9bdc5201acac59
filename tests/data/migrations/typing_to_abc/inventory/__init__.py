"""A small warehouse inventory: stock levels, pick lists, event hooks."""
