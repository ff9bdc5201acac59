"""Agents and the machinery that runs them."""
