"""What every licensed cloud voice does the same way: cut, wait for the shared rate limit, fetch, decode, join.

A vendor engine only says how to fetch the audio of one piece of text (``fetch``) and how long a
piece may be. This base class cuts the sentence into such pieces, asks the shared rate limiter
before each request, tells the limiter when the vendor asks everyone to back off, decodes each
piece with ffmpeg and joins them with the clause pause.

A 429 whose Retry-After is short (``QUICK_RETRY_AFTER`` or less: a per-second quota refilling) is
retried here, up to ``throttle_retries`` times: the limiter's push back holds every worker for
the time the vendor asked, and this one waits that long plus a jittered backoff, so the workers
refused together do not all come back at the same instant. A longer Retry-After (a per-minute or
daily quota) goes back to the worker as ``Throttled``: the task is retried later instead of
holding a process asleep.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable

from audio.clip import Clip
from audio.engines.backoff import retry_wait
from audio.engines.http import Throttled
from audio.engines.pieces import joined, nothing_to_say, pieces
from audio.engines.ratelimit import RateLimit, RateLimiter
from audio.engines.usage import UsageMeter, after_sending, before_sending
from audio.errors import ServiceError, SpeechError
from audio.ffmpeg import FFmpegError, decode

log = logging.getLogger("loa.audio")

DEFAULT_BACK_OFF = 1.0  # seconds every worker waits after a 429 that did not say how long
QUICK_RETRY_AFTER = 1.0  # seconds: a 429 asking for at most this long is retried within the request
BACK_OFF_BASE = 0.25  # seconds: the first jittered backoff after a 429 is up to this long, then doubling
BACK_OFF_CAP = 4.0


class CloudEngine:
    """A speech engine behind a vendor's HTTP API. Subclasses set the class attributes and ``fetch``."""

    name = "cloud"
    vendor = "the speech service"  # for messages: "Google Cloud Text-to-Speech", "FPT.AI"...
    voice = ""
    max_piece = 100  # the vendor's limit for one request, in ``measure`` units
    measure: Callable[[str], int] = staticmethod(len)
    throttle_retries = 2  # further attempts of one piece after a 429 with a short Retry-After

    def __init__(self, *, clause_pause: float, sample_rate: int, channels: int, timeout: float,
                 limiter: RateLimiter | None):
        if clause_pause < 0:
            raise ValueError("the clause pause cannot be negative")
        if channels not in (1, 2) or sample_rate <= 0:
            raise ValueError("sample_rate must be positive and channels 1 or 2")
        if timeout <= 0:
            raise ValueError("the timeout must be longer than zero seconds")
        self.clause_pause = clause_pause
        self.sample_rate = sample_rate
        self.channels = channels
        self.timeout = timeout
        self.limiter = limiter
        self.meter: UsageMeter | None = None  # counts the characters sent (``audio.engines.usage``)

    def pieces(self, text: str) -> list[str]:
        """The pieces of ``text`` sent to the vendor, one request each."""
        return pieces(text, self.max_piece, self.measure)

    def synthesize(self, text: str) -> Clip:
        if nothing_to_say(text):
            raise SpeechError(f"nothing to say: {text!r} has no letters or digits")
        parts = self.pieces(text)
        if len(parts) > 1:
            log.debug("%s: %d characters sent in %d pieces", self.name, len(text), len(parts))
        clips = [self._speak(part) for part in parts]
        return joined(clips, self.clause_pause, self.sample_rate, self.channels)

    def fetch(self, text: str) -> tuple[bytes, str]:
        """The vendor's audio for one piece of text, and its ffmpeg format name (``mp3``, ``wav``)."""
        raise NotImplementedError

    def _speak(self, text: str) -> Clip:
        before_sending(self.meter, self.name, len(text))
        attempt = 0
        while True:
            if self.limiter is not None:
                self.limiter.acquire(self.name, len(text))
            try:
                audio, codec = self.fetch(text)
            except Throttled as error:
                asked = error.retry_after if error.retry_after is not None else DEFAULT_BACK_OFF
                if self.limiter is not None:
                    self.limiter.push_back(self.name, asked)
                if attempt >= self.throttle_retries or asked > QUICK_RETRY_AFTER:
                    raise
                pause = retry_wait(asked, attempt, BACK_OFF_BASE, BACK_OFF_CAP)
                log.info("%s: 429, retry after %.2f s (vendor asked %g s)", self.name, pause, asked)
                time.sleep(pause)
                attempt += 1
                continue
            after_sending(self.meter, self.name, len(text))
            return self._decode(audio, codec)

    def _decode(self, audio: bytes, codec: str) -> Clip:
        if not audio:
            raise ServiceError(f"{self.vendor} answered without any audio", status=200)
        try:
            clip = decode(audio, codec, self.sample_rate, self.channels)
        except FFmpegError as error:
            raise ServiceError(f"{self.vendor} sent audio ffmpeg cannot decode as {codec}: {error}",
                               status=200) from error
        if clip.frames == 0:
            raise ServiceError(f"{self.vendor} sent {codec} audio without any sound in it", status=200)
        return clip


def limiter_from_settings(settings, engine: str, requests_per_second: float, chars_per_minute: int) -> RateLimiter:
    """The shared limiter for ``engine`` on the settings' Redis (it also carries vendors' push backs), its
    keys under the deployment's key prefix like every other key Loa writes."""
    limit = RateLimit.per_second(requests_per_second, chars_per_minute)
    return RateLimiter.from_url(settings.redis_url, {engine: limit}, max_wait=settings.engine_rate_limit_wait,
                                prefix=settings.redis_key("loa:ratelimit"))
