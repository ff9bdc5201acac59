"""The supervisor agent and its runner."""
