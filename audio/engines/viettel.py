"""Viettel AI text to speech (``POST https://viettelai.vn/tts/speech_synthesis``).

The request is JSON: ``text``, ``voice`` (hn-quynhanh, hn-thanhtung: North; hue-maingoc,
hue-baoquoc: Centre; hcm-diemmy, hcm-minhquan: South; and others), ``speed`` (0.7 to 1.3 times
normal), ``tts_return_option`` (2: WAV, 3: MP3), ``token`` (the account's API token, in the body)
and ``without_filter`` (false runs Viettel's quality filter, slower but cleaner). A successful
reply is the audio itself; a failure is a JSON or text explanation with an HTTP error status.

Viettel's documentation states no per-request length; pieces are kept to 500 characters (about
half a minute of speech), which every voice accepts.
"""
from __future__ import annotations

import re

from audio.engines.cloud import CloudEngine, limiter_from_settings
from audio.engines.http import call, raise_for_status, read_secret, vendor_message
from audio.engines.ratelimit import RateLimiter
from audio.errors import EngineUnavailable, ServiceError

ENDPOINT = "https://viettelai.vn/tts/speech_synthesis"
VENDOR = "Viettel AI"
MAX_CHARS = 500
RETURN_OPTIONS = {"wav": 2, "mp3": 3}  # format -> tts_return_option
_VOICE = re.compile(r"[a-z]+-[a-z]+")


class ViettelEngine(CloudEngine):
    """Viettel AI's Vietnamese voices."""

    name = "viettel"
    vendor = VENDOR

    def __init__(
        self,
        voice: str = "hn-quynhanh",
        *,
        token: str,
        speed: float = 1.0,
        audio_format: str = "wav",
        without_filter: bool = False,
        max_chars: int = MAX_CHARS,
        clause_pause: float = 0.15,
        sample_rate: int = 24000,
        channels: int = 1,
        timeout: float = 30.0,
        limiter: RateLimiter | None = None,
        endpoint: str = ENDPOINT,
    ):
        super().__init__(clause_pause=clause_pause, sample_rate=sample_rate, channels=channels, timeout=timeout,
                         limiter=limiter)
        if not token.strip():
            raise EngineUnavailable("Viettel AI needs an API token")
        if not _VOICE.fullmatch(voice):
            raise EngineUnavailable(f"{voice!r} is not a Viettel AI voice name like hn-quynhanh")
        if not 0.7 <= speed <= 1.3:
            raise EngineUnavailable(f"Viettel AI speed must be between 0.7 and 1.3, got {speed:g}")
        if audio_format not in RETURN_OPTIONS:
            raise EngineUnavailable(f"Viettel AI format is wav or mp3, got {audio_format!r}")
        if max_chars < 20:
            raise EngineUnavailable(f"a piece limit of {max_chars} characters would cut words apart")
        self.voice = voice
        self.speed = speed
        self.audio_format = audio_format
        self.without_filter = without_filter
        self.max_piece = max_chars
        self.endpoint = endpoint
        self._token = token.strip()

    @classmethod
    def from_settings(cls, settings) -> ViettelEngine:
        return cls(
            voice=settings.viettel_voice,
            token=read_secret(settings.viettel_token, settings.viettel_token_file, "Viettel AI token"),
            speed=settings.viettel_speed,
            audio_format=settings.viettel_format,
            without_filter=settings.viettel_without_filter,
            max_chars=settings.viettel_max_chars,
            clause_pause=settings.pause_clause_ms / 1000,
            sample_rate=settings.sample_rate,
            channels=settings.channels,
            timeout=settings.viettel_timeout,
            limiter=limiter_from_settings(settings, cls.name, settings.viettel_requests_per_second,
                                          settings.viettel_chars_per_minute),
        )

    @property
    def settings_key(self) -> str:
        return (
            f"voice={self.voice};speed={self.speed:g};fmt={self.audio_format};filter={not self.without_filter};"
            f"pause={self.clause_pause:g};sr={self.sample_rate};ch={self.channels}"
        )

    def fetch(self, text: str) -> tuple[bytes, str]:
        body = {"text": text, "voice": self.voice, "speed": self.speed,
                "tts_return_option": RETURN_OPTIONS[self.audio_format], "token": self._token,
                "without_filter": self.without_filter}
        reply = call("POST", self.endpoint, vendor=VENDOR, timeout=self.timeout, secrets=[self._token],
                     headers={"Content-Type": "application/json; charset=utf-8", "Accept": "*/*"},
                     json_body=body)
        raise_for_status(reply, vendor=VENDOR, detail=vendor_message(reply, [self._token]))
        if reply.content_type == "application/json" or reply.content_type.startswith("text/"):
            raise ServiceError(f"{VENDOR} answered {reply.content_type} instead of audio: "
                               f"{vendor_message(reply, [self._token])}", status=reply.status)
        return reply.body, self.audio_format
