"""Errors for what comes in."""


class IngestError(ValueError):
    """An article could not be read: the message names the problem in one line."""


class ArticleTooLong(IngestError):
    """An article with more text than Loa reads (``LOA_MAX_ARTICLE_CHARS``)."""
