"""Database backends of our own (a thin layer over Django's)."""
