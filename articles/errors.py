"""Errors for what comes in."""


class IngestError(ValueError):
    """An article could not be read: the message names the problem in one line."""
