"""Google Cloud Text-to-Speech (``POST https://texttospeech.googleapis.com/v1/text:synthesize``).

Authentication is an API key, sent in the ``X-Goog-Api-Key`` header (never in the URL, where
proxies and logs would keep it), or a service-account key file: Loa signs a JWT with the file's
RSA key (RS256), exchanges it at the file's ``token_uri`` for an access token (OAuth 2.0 JWT bearer
grant, RFC 7523) and keeps that token until a minute before it expires.

The request asks for a ``vi-VN`` voice (Standard, Wavenet, Neural2 or Chirp HD names), the
speaking rate and pitch, ``MP3`` or ``LINEAR16`` (WAV with its header) at Loa's sample rate; the
reply carries the audio as base64 ``audioContent``. Google refuses input over 5,000 bytes, so a
longer sentence is cut at clause boundaries by UTF-8 length (a Vietnamese letter with two marks
is three bytes). Quotas: 1,000 requests a minute per project by default.
"""
from __future__ import annotations

import base64
import binascii
import json
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audio.engines.cloud import CloudEngine, limiter_from_settings
from audio.engines.http import (
    AuthenticationFailed,
    Reply,
    call,
    raise_for_status,
    read_secret,
    vendor_message,
)
from audio.engines.pieces import utf8_length
from audio.engines.ratelimit import RateLimiter
from audio.errors import EngineUnavailable, ServiceError

ENDPOINT = "https://texttospeech.googleapis.com/v1/text:synthesize"
SCOPE = "https://www.googleapis.com/auth/cloud-platform"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
MAX_INPUT_BYTES = 5000
REQUESTS_PER_MINUTE = 1000  # the default per-project quota
ENCODINGS = {"MP3": "mp3", "LINEAR16": "wav"}  # audioEncoding -> ffmpeg format of the reply
TOKEN_LIFETIME = 3600  # seconds asked for in the JWT (Google's maximum)
TOKEN_MARGIN = 60.0  # seconds before expiry at which a cached access token is renewed
VENDOR = "Google Cloud Text-to-Speech"
_VOICE = re.compile(r"[a-z]{2,3}-[A-Z]{2}(-[A-Za-z0-9]+)+")


@dataclass(frozen=True)
class ServiceAccount:
    """The parts of a service-account key file that sign a token request."""

    client_email: str
    private_key_id: str
    token_uri: str
    private_key: Any = field(repr=False)  # an RSA private key object; never printed

    @classmethod
    def from_file(cls, path: str | Path) -> ServiceAccount:
        from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
        from cryptography.hazmat.primitives.serialization import load_pem_private_key

        try:
            info = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as error:
            raise EngineUnavailable(f"cannot read the Google service-account file {path}: {error.strerror}") from error
        except ValueError as error:
            raise EngineUnavailable(f"the Google service-account file {path} is not JSON") from error
        if not isinstance(info, dict) or info.get("type") != "service_account":
            raise EngineUnavailable(f"{path} is not a Google service-account key file (type service_account)")
        missing = [k for k in ("client_email", "private_key", "token_uri") if not isinstance(info.get(k), str)]
        if missing:
            raise EngineUnavailable(f"the Google service-account file {path} lacks {', '.join(missing)}")
        try:
            key = load_pem_private_key(info["private_key"].encode(), password=None)
        except (ValueError, TypeError) as error:
            raise EngineUnavailable(f"the private key in {path} cannot be read") from error
        if not isinstance(key, RSAPrivateKey):
            raise EngineUnavailable(f"the private key in {path} is not an RSA key")
        return cls(info["client_email"], str(info.get("private_key_id", "")), info["token_uri"], key)

    def assertion(self, now: int) -> str:
        """A signed JWT asking for a cloud-platform token, valid for an hour from ``now``."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        header = {"alg": "RS256", "typ": "JWT", **({"kid": self.private_key_id} if self.private_key_id else {})}
        claims = {"iss": self.client_email, "scope": SCOPE, "aud": self.token_uri,
                  "iat": now, "exp": now + TOKEN_LIFETIME}
        signing_input = f"{_b64url(header)}.{_b64url(claims)}".encode("ascii")
        signature = self.private_key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
        return f"{signing_input.decode('ascii')}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode('ascii')}"


def _b64url(part: dict) -> str:
    raw = json.dumps(part, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


class AccessTokens:
    """Access tokens for one service account, cached until shortly before they expire."""

    def __init__(self, account: ServiceAccount, timeout: float):
        self.account = account
        self.timeout = timeout
        self._token = ""
        self._expires = 0.0  # time.monotonic()
        self._lock = threading.Lock()

    @property
    def current(self) -> str:
        """The cached token (empty before the first exchange), for redacting messages."""
        return self._token

    def token(self) -> str:
        with self._lock:
            if not self._token or time.monotonic() >= self._expires - TOKEN_MARGIN:
                self._token, self._expires = self._exchange()
            return self._token

    def forget(self) -> None:
        """Drop the cached token (Google refused it: revoked, or the clock was wrong)."""
        with self._lock:
            self._token, self._expires = "", 0.0

    def _exchange(self) -> tuple[str, float]:
        asked = time.monotonic()
        reply = call("POST", self.account.token_uri, vendor="Google's token service", timeout=self.timeout,
                     data={"grant_type": JWT_BEARER, "assertion": self.account.assertion(int(time.time()))})
        if reply.status in (400, 401, 403):
            # invalid_grant and friends: the key was deleted, disabled, or the JWT was refused.
            raise AuthenticationFailed(
                f"Google refused the service account {self.account.client_email}: {vendor_message(reply)}",
                status=reply.status,
            )
        raise_for_status(reply, vendor="Google's token service", detail=vendor_message(reply))
        payload = reply.json()
        token = payload.get("access_token") if isinstance(payload, dict) else None
        if not isinstance(token, str) or not token:
            raise ServiceError("Google's token service answered without an access token", status=reply.status)
        lifetime = payload.get("expires_in", TOKEN_LIFETIME)
        lifetime = float(lifetime) if isinstance(lifetime, (int, float)) and not isinstance(lifetime, bool) else 0.0
        return token, asked + lifetime


class GoogleCloudEngine(CloudEngine):
    """Google Cloud Text-to-Speech, ``vi-VN`` voices.

    ``pitch`` is in semitones (-20 to 20), ``speaking_rate`` a multiple of the voice's own speed
    (0.25 to 4). Chirp HD voices take no pitch. Either ``api_key`` or ``credentials_file`` (a
    service-account key file, used when both are given) is required.
    """

    name = "google-cloud"
    vendor = VENDOR
    max_piece = MAX_INPUT_BYTES
    measure = staticmethod(utf8_length)

    def __init__(
        self,
        voice: str = "vi-VN-Neural2-A",
        *,
        api_key: str = "",
        credentials_file: str | Path = "",
        speaking_rate: float = 1.0,
        pitch: float = 0.0,
        encoding: str = "LINEAR16",
        clause_pause: float = 0.15,
        sample_rate: int = 24000,
        channels: int = 1,
        timeout: float = 15.0,
        limiter: RateLimiter | None = None,
        endpoint: str = ENDPOINT,
    ):
        super().__init__(clause_pause=clause_pause, sample_rate=sample_rate, channels=channels, timeout=timeout,
                         limiter=limiter)
        if not _VOICE.fullmatch(voice):
            raise EngineUnavailable(f"{voice!r} is not a Google voice name like vi-VN-Neural2-A")
        if encoding not in ENCODINGS:
            raise EngineUnavailable(f"Google audio encoding must be one of {', '.join(ENCODINGS)}, got {encoding!r}")
        if not 0.25 <= speaking_rate <= 4.0:
            raise EngineUnavailable(f"Google speaking rate must be between 0.25 and 4, got {speaking_rate:g}")
        if not -20.0 <= pitch <= 20.0:
            raise EngineUnavailable(f"Google pitch must be between -20 and 20 semitones, got {pitch:g}")
        if self._is_chirp(voice) and pitch != 0:
            raise EngineUnavailable(f"Chirp HD voices such as {voice} take no pitch; set the pitch to 0")
        self.voice = voice
        self.language = "-".join(voice.split("-")[:2])
        self.speaking_rate = speaking_rate
        self.pitch = pitch
        self.encoding = encoding
        self.endpoint = endpoint
        self._api_key = api_key.strip()
        self._tokens = AccessTokens(ServiceAccount.from_file(credentials_file), timeout) if credentials_file else None
        if self._tokens is None and not self._api_key:
            raise EngineUnavailable("Google Cloud Text-to-Speech needs an API key or a service-account key file")

    @classmethod
    def from_settings(cls, settings) -> GoogleCloudEngine:
        return cls(
            voice=settings.google_cloud_voice,
            api_key=read_secret(settings.google_cloud_api_key, settings.google_cloud_api_key_file, "Google API key"),
            credentials_file=settings.google_cloud_credentials_file,
            speaking_rate=settings.google_cloud_speaking_rate,
            pitch=settings.google_cloud_pitch,
            encoding=settings.google_cloud_encoding,
            clause_pause=settings.pause_clause_ms / 1000,
            sample_rate=settings.sample_rate,
            channels=settings.channels,
            timeout=settings.google_cloud_timeout,
            limiter=limiter_from_settings(settings, cls.name, settings.google_cloud_requests_per_second,
                                          settings.google_cloud_chars_per_minute),
        )

    @property
    def settings_key(self) -> str:
        return (
            f"voice={self.voice};rate={self.speaking_rate:g};pitch={self.pitch:g};enc={self.encoding};"
            f"pause={self.clause_pause:g};sr={self.sample_rate};ch={self.channels}"
        )

    @staticmethod
    def _is_chirp(voice: str) -> bool:
        return "-Chirp" in voice

    def request_body(self, text: str) -> dict[str, Any]:
        """The JSON of a ``text:synthesize`` request for ``text``."""
        audio: dict[str, Any] = {"audioEncoding": self.encoding, "speakingRate": self.speaking_rate,
                                 "sampleRateHertz": self.sample_rate}
        if not self._is_chirp(self.voice):
            audio["pitch"] = self.pitch
        return {"input": {"text": text}, "voice": {"languageCode": self.language, "name": self.voice},
                "audioConfig": audio}

    def fetch(self, text: str) -> tuple[bytes, str]:
        reply = self._post(text)
        if reply.status == 401 and self._tokens is not None:
            self._tokens.forget()  # revoked or expired early: one fresh token, one more try
            reply = self._post(text)
        self._raise_for(reply)
        payload = reply.json()
        content = payload.get("audioContent") if isinstance(payload, dict) else None
        if not isinstance(content, str):
            raise ServiceError(f"{VENDOR} answered without audioContent", status=reply.status)
        try:
            return base64.b64decode(content, validate=True), ENCODINGS[self.encoding]
        except (binascii.Error, ValueError) as error:
            raise ServiceError(f"{VENDOR} sent audioContent that is not base64", status=reply.status) from error

    def _post(self, text: str) -> Reply:
        if self._tokens is not None:
            auth = {"Authorization": f"Bearer {self._tokens.token()}"}
        else:
            auth = {"X-Goog-Api-Key": self._api_key}
        return call("POST", self.endpoint, vendor=VENDOR, timeout=self.timeout, secrets=self._secrets(),
                    headers={**auth, "Content-Type": "application/json; charset=utf-8"},
                    json_body=self.request_body(text))

    def _secrets(self) -> list[str]:
        return [self._api_key, self._tokens.current if self._tokens is not None else ""]

    def _raise_for(self, reply: Reply) -> None:
        detail = vendor_message(reply, self._secrets())
        if reply.status == 400 and _reason(reply) == "API_KEY_INVALID":
            raise AuthenticationFailed(f"{VENDOR} refused the API key: {detail}", status=400)
        raise_for_status(reply, vendor=VENDOR, detail=detail)


def _reason(reply: Reply) -> str:
    """The ``reason`` of the ErrorInfo in a Google error reply (``API_KEY_INVALID``...), or ''."""
    payload = reply.json()
    error = payload.get("error") if isinstance(payload, dict) else None
    details = error.get("details") if isinstance(error, dict) else None
    for item in details if isinstance(details, list) else []:
        if isinstance(item, dict) and isinstance(item.get("reason"), str):
            return item["reason"]
    return ""
