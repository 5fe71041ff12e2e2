"""FPT.AI text to speech, API v5 (``POST https://api.fpt.ai/hmi/tts/v5``).

The body is the text itself (at least 3 and at most 5,000 characters); the headers carry the API
key, the ``voice`` (banmai, thuminh, leminh, minhquang: North; myan, giahuy, ngoclam: Centre;
lannhi, linhsan: South), the ``speed`` (-3 slowest to +3 fastest) and the ``format`` (mp3 or wav).
FPT's documentation names the key header ``api_key``; its gateway takes ``api-key`` as well, and
Loa sends that spelling because proxies commonly drop header names with underscores.

The reply is JSON: ``error`` (0 when accepted), ``message``, ``request_id`` and ``async``, the URL
where the audio file appears once synthesized, five seconds to two minutes later depending on the
text. Loa polls that URL (without the key: it is a plain file server) until it answers with the
audio, a missing file (404, or 403 from the storage bucket) meaning "not yet", up to a deadline.
"""
from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

from audio.engines.cloud import CloudEngine, limiter_from_settings
from audio.engines.http import Reply, call, raise_for_status, read_secret, redact, vendor_message
from audio.engines.ratelimit import RateLimiter
from audio.errors import EngineUnavailable, ServiceError

ENDPOINT = "https://api.fpt.ai/hmi/tts/v5"
VENDOR = "FPT.AI"
MAX_CHARS = 5000
MIN_CHARS = 3
FORMATS = ("mp3", "wav")
VOICES = {
    "banmai": "female, North", "thuminh": "female, North", "leminh": "male, North", "minhquang": "male, North",
    "myan": "female, Centre", "giahuy": "male, Centre", "ngoclam": "female, Centre",
    "lannhi": "female, South", "linhsan": "female, South",
}
NOT_READY = (403, 404)  # the file server's answers while the audio does not exist yet
_VOICE = re.compile(r"[a-z_]+")


class FPTEngine(CloudEngine):
    """FPT.AI's Vietnamese voices, whose audio arrives later at an ``async`` URL."""

    name = "fpt"
    vendor = VENDOR
    max_piece = MAX_CHARS

    def __init__(
        self,
        voice: str = "banmai",
        *,
        api_key: str,
        speed: int = 0,
        audio_format: str = "mp3",
        ready_timeout: float = 120.0,
        poll_interval: float = 1.0,
        clause_pause: float = 0.15,
        sample_rate: int = 24000,
        channels: int = 1,
        timeout: float = 15.0,
        limiter: RateLimiter | None = None,
        endpoint: str = ENDPOINT,
    ):
        super().__init__(clause_pause=clause_pause, sample_rate=sample_rate, channels=channels, timeout=timeout,
                         limiter=limiter)
        if not api_key.strip():
            raise EngineUnavailable("FPT.AI needs an API key")
        if not _VOICE.fullmatch(voice):
            raise EngineUnavailable(f"{voice!r} is not an FPT.AI voice name such as {', '.join(VOICES)}")
        if speed not in range(-3, 4):
            raise EngineUnavailable(f"FPT.AI speed is a whole number from -3 to 3, got {speed}")
        if audio_format not in FORMATS:
            raise EngineUnavailable(f"FPT.AI format is mp3 or wav, got {audio_format!r}")
        if ready_timeout <= 0 or poll_interval <= 0:
            raise ValueError("the FPT.AI ready timeout and poll interval must be longer than zero seconds")
        self.voice = voice
        self.speed = speed
        self.audio_format = audio_format
        self.ready_timeout = ready_timeout
        self.poll_interval = poll_interval
        self.endpoint = endpoint
        self._api_key = api_key.strip()

    @classmethod
    def from_settings(cls, settings) -> FPTEngine:
        return cls(
            voice=settings.fpt_voice,
            api_key=read_secret(settings.fpt_api_key, settings.fpt_api_key_file, "FPT.AI API key"),
            speed=settings.fpt_speed,
            audio_format=settings.fpt_format,
            ready_timeout=settings.fpt_ready_timeout,
            clause_pause=settings.pause_clause_ms / 1000,
            sample_rate=settings.sample_rate,
            channels=settings.channels,
            timeout=settings.fpt_timeout,
            limiter=limiter_from_settings(settings, cls.name, settings.fpt_requests_per_second,
                                          settings.fpt_chars_per_minute),
        )

    @property
    def settings_key(self) -> str:
        return (
            f"voice={self.voice};speed={self.speed};fmt={self.audio_format};"
            f"pause={self.clause_pause:g};sr={self.sample_rate};ch={self.channels}"
        )

    def pieces(self, text: str) -> list[str]:
        # FPT refuses fewer than 3 characters; a trailing full stop changes nothing a listener hears.
        return [p if len(p) >= MIN_CHARS else p + "." * (MIN_CHARS - len(p)) for p in super().pieces(text)]

    def fetch(self, text: str) -> tuple[bytes, str]:
        reply = call(
            "POST", self.endpoint, vendor=VENDOR, timeout=self.timeout, secrets=[self._api_key],
            headers={"api-key": self._api_key, "voice": self.voice, "speed": str(self.speed),
                     "format": self.audio_format, "Cache-Control": "no-cache",
                     "Content-Type": "text/plain; charset=utf-8"},
            data=text.encode("utf-8"),
        )
        raise_for_status(reply, vendor=VENDOR, detail=vendor_message(reply, [self._api_key]))
        payload = reply.json()
        if not isinstance(payload, dict):
            raise ServiceError(f"{VENDOR} answered something other than JSON: {reply.text(80)!r}", status=reply.status)
        code = payload.get("error")
        if code != 0:
            message = redact(str(payload.get("message", "")), [self._api_key])[:300]
            raise ServiceError(f"{VENDOR} refused to synthesize (error {code}): {message}", status=reply.status)
        link = payload.get("async")
        if not isinstance(link, str) or not self._acceptable_link(link):
            raise ServiceError(f"{VENDOR} answered without a usable async audio URL", status=reply.status)
        return self._wait_for_audio(link, str(payload.get("request_id", ""))), self.audio_format

    def _acceptable_link(self, link: str) -> bool:
        """An http(s) URL, and https whenever the API itself is reached over https."""
        scheme = urlsplit(link).scheme
        api_scheme = urlsplit(self.endpoint).scheme
        return bool(urlsplit(link).netloc) and (scheme == "https" or (scheme == "http" and api_scheme == "http"))

    def _wait_for_audio(self, link: str, request_id: str) -> bytes:
        deadline = time.monotonic() + self.ready_timeout
        interval = self.poll_interval
        last = "no answer yet"
        while True:
            reply = call("GET", link, vendor=f"{VENDOR} audio storage", timeout=self.timeout,
                         follow_redirects=True)
            if reply.status == 200 and reply.body and not _is_json(reply):
                return reply.body
            if reply.status not in NOT_READY and reply.status != 200 and reply.status < 500:
                raise_for_status(reply, vendor=f"{VENDOR} audio storage", detail=vendor_message(reply))
            last = f"HTTP {reply.status}" + (" with an empty body" if reply.status == 200 else "")
            left = deadline - time.monotonic()
            if left <= 0:
                raise ServiceError(f"{VENDOR}'s audio for request {request_id or '?'} was not ready after "
                                   f"{self.ready_timeout:g} s (last answer: {last})")
            time.sleep(min(interval, left))
            interval = min(interval * 2, 4.0)


def _is_json(reply: Reply) -> bool:
    return reply.content_type == "application/json"
