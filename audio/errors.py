"""Errors raised by speech engines, independent of the library underneath."""


class SpeechError(Exception):
    """A sentence could not be synthesized."""


class RateLimited(SpeechError):
    """The TTS service answered 429 Too Many Requests: wait and try again later."""


class ServiceError(SpeechError):
    """The TTS service answered with an HTTP error other than 429."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class NoNetwork(SpeechError):
    """The TTS service could not be reached at all (DNS, refused connection, timeout)."""


class EngineUnavailable(SpeechError):
    """The engine cannot run on this machine (library or voice missing)."""


class BudgetSpent(SpeechError):
    """The engine's daily budget of characters (``LOA_ENGINE_DAILY_CHARS``) is spent: another engine speaks."""
