"""Helpers shared by tests in both environments (standard library only)."""
