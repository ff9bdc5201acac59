"""Object storage client library."""
