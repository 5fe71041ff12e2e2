"""Helpers shared by the test suites (plug-in engines and the like)."""
