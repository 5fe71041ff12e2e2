"""Microsoft Azure Speech, the text-to-speech REST API (``POST https://<region>.tts.speech.microsoft.com/cognitiveservices/v1``).

The request body is SSML (``Content-Type: application/ssml+xml``): one ``<voice>`` such as
``vi-VN-HoaiMyNeural`` or ``vi-VN-NamMinhNeural`` with a ``<prosody>`` rate and pitch around the
XML-escaped text. ``X-Microsoft-OutputFormat`` picks the audio (``riff-24khz-16bit-mono-pcm`` is a
WAV file, ``audio-24khz-48kbitrate-mono-mp3`` an MP3); ``User-Agent`` names the application.

Authentication is the resource key in ``Ocp-Apim-Subscription-Key`` on every request, or (``auth
= "token"``) a bearer token from the region's ``issueToken`` endpoint, valid ten minutes, so the
key itself travels once every nine minutes instead of with every sentence.

Answers: 400 (bad SSML or header), 401 (wrong key or token, wrong region), 415 (wrong content
type), 429 (quota exceeded, with Retry-After), 502 (network or server trouble). Quotas: the free
F0 tier allows 20 requests per 60 seconds, standard S0 200 requests per second by default; one
request may produce at most 10 minutes of audio, so pieces are kept to 3,000 characters.
"""
from __future__ import annotations

import re
import threading
import time
from xml.sax.saxutils import escape, quoteattr

from audio.engines.cloud import CloudEngine, limiter_from_settings
from audio.engines.http import AuthenticationFailed, Reply, call, raise_for_status, read_secret, vendor_message
from audio.engines.ratelimit import RateLimiter
from audio.errors import EngineUnavailable, ServiceError

VENDOR = "Azure Speech"
MAX_CHARS = 3000  # about 3.5 minutes of Vietnamese at normal speed: well inside the 10-minute cap
TOKEN_LIFETIME = 600.0  # seconds an issueToken token is valid
TOKEN_MARGIN = 60.0  # renewed this long before it expires
# X-Microsoft-OutputFormat values Loa accepts -> ffmpeg format of the reply.
OUTPUT_FORMATS = {
    "riff-16khz-16bit-mono-pcm": "wav",
    "riff-22050hz-16bit-mono-pcm": "wav",
    "riff-24khz-16bit-mono-pcm": "wav",
    "riff-44100hz-16bit-mono-pcm": "wav",
    "riff-48khz-16bit-mono-pcm": "wav",
    "audio-16khz-32kbitrate-mono-mp3": "mp3",
    "audio-16khz-64kbitrate-mono-mp3": "mp3",
    "audio-16khz-128kbitrate-mono-mp3": "mp3",
    "audio-24khz-48kbitrate-mono-mp3": "mp3",
    "audio-24khz-96kbitrate-mono-mp3": "mp3",
    "audio-24khz-160kbitrate-mono-mp3": "mp3",
    "audio-48khz-96kbitrate-mono-mp3": "mp3",
    "audio-48khz-192kbitrate-mono-mp3": "mp3",
}
_REGION = re.compile(r"[a-z0-9]+")
_VOICE = re.compile(r"([a-z]{2,3}-[A-Z]{2})-[A-Za-z0-9]+")
# Characters XML 1.0 forbids (C0 controls but tab, newline, carriage return): SSML with one is refused.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def ssml(text: str, voice: str, rate: float = 1.0, pitch: float = 0.0) -> str:
    """The SSML document that speaks ``text`` with ``voice`` at ``rate`` (a multiple) and ``pitch`` (semitones).

    >>> document = ssml("Giá <5% & \\"tăng\\"", "vi-VN-HoaiMyNeural", 1.1, -2)
    >>> document.startswith('<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="vi-VN">')
    True
    >>> document[document.index("<voice"):]
    '<voice name="vi-VN-HoaiMyNeural"><prosody rate="+10%" pitch="-2st">Giá &lt;5% &amp; &quot;tăng&quot;</prosody></voice></speak>'
    """
    match = _VOICE.match(voice)
    language = match.group(1) if match else "vi-VN"
    spoken = escape(_NOT_XML.sub(" ", text), {'"': "&quot;", "'": "&apos;"})
    return (
        f'<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="{language}">'
        f"<voice name={quoteattr(voice)}><prosody rate=\"{_percent(rate)}\" pitch=\"{_semitones(pitch)}\">"
        f"{spoken}</prosody></voice></speak>"
    )


def _percent(rate: float) -> str:
    """
    >>> _percent(1.0), _percent(0.85), _percent(1.255)
    ('+0%', '-15%', '+25.5%')
    """
    return f"{(rate - 1) * 100:+.1f}".replace(".0", "") + "%"


def _semitones(pitch: float) -> str:
    """
    >>> _semitones(0), _semitones(1.5), _semitones(-3)
    ('+0st', '+1.5st', '-3st')
    """
    return f"{pitch:+.1f}".replace(".0", "") + "st"


class AzureEngine(CloudEngine):
    """Azure Speech neural voices over REST.

    ``rate`` is a multiple of the voice's speed (0.5 to 2), ``pitch`` in semitones (-12 to 12).
    """

    name = "azure"
    vendor = VENDOR
    max_piece = MAX_CHARS

    def __init__(
        self,
        voice: str = "vi-VN-HoaiMyNeural",
        *,
        key: str,
        region: str = "southeastasia",
        rate: float = 1.0,
        pitch: float = 0.0,
        output_format: str = "riff-24khz-16bit-mono-pcm",
        auth: str = "key",
        clause_pause: float = 0.15,
        sample_rate: int = 24000,
        channels: int = 1,
        timeout: float = 15.0,
        limiter: RateLimiter | None = None,
        endpoint: str = "",
        token_endpoint: str = "",
    ):
        super().__init__(clause_pause=clause_pause, sample_rate=sample_rate, channels=channels, timeout=timeout,
                         limiter=limiter)
        if not key.strip():
            raise EngineUnavailable("Azure Speech needs the Speech resource key")
        if not _REGION.fullmatch(region):
            raise EngineUnavailable(f"{region!r} is not an Azure region name like southeastasia")
        if not _VOICE.fullmatch(voice):
            raise EngineUnavailable(f"{voice!r} is not an Azure voice name like vi-VN-HoaiMyNeural")
        if output_format not in OUTPUT_FORMATS:
            raise EngineUnavailable(f"Azure output format must be one of {', '.join(OUTPUT_FORMATS)}, "
                                    f"got {output_format!r}")
        if auth not in ("key", "token"):
            raise EngineUnavailable(f"Azure authentication is 'key' or 'token', got {auth!r}")
        if not 0.5 <= rate <= 2.0:
            raise EngineUnavailable(f"Azure speaking rate must be between 0.5 and 2, got {rate:g}")
        if not -12.0 <= pitch <= 12.0:
            raise EngineUnavailable(f"Azure pitch must be between -12 and 12 semitones, got {pitch:g}")
        self.voice = voice
        self.region = region
        self.rate = rate
        self.pitch = pitch
        self.output_format = output_format
        self.auth = auth
        self.endpoint = endpoint or f"https://{region}.tts.speech.microsoft.com/cognitiveservices/v1"
        self.token_endpoint = token_endpoint or f"https://{region}.api.cognitive.microsoft.com/sts/v1.0/issueToken"
        self._key = key.strip()
        self._token = ""
        self._token_expires = 0.0
        self._token_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings) -> AzureEngine:
        return cls(
            voice=settings.azure_voice,
            key=read_secret(settings.azure_key, settings.azure_key_file, "Azure Speech key"),
            region=settings.azure_region,
            rate=settings.azure_rate,
            pitch=settings.azure_pitch,
            output_format=settings.azure_output_format,
            auth=settings.azure_auth,
            clause_pause=settings.pause_clause_ms / 1000,
            sample_rate=settings.sample_rate,
            channels=settings.channels,
            timeout=settings.azure_timeout,
            limiter=limiter_from_settings(settings, cls.name, settings.azure_requests_per_second,
                                          settings.azure_chars_per_minute),
            endpoint=settings.azure_endpoint,
        )

    @property
    def settings_key(self) -> str:
        return (
            f"voice={self.voice};rate={self.rate:g};pitch={self.pitch:g};fmt={self.output_format};"
            f"pause={self.clause_pause:g};sr={self.sample_rate};ch={self.channels}"
        )

    def fetch(self, text: str) -> tuple[bytes, str]:
        document = ssml(text, self.voice, self.rate, self.pitch).encode("utf-8")
        reply = self._post(document)
        if reply.status == 401 and self.auth == "token":
            self._forget_token()  # expired early or revoked: one fresh token, one more try
            reply = self._post(document)
        raise_for_status(reply, vendor=VENDOR, detail=vendor_message(reply, self._secrets()))
        if reply.content_type.startswith(("application/json", "text/")):
            raise ServiceError(f"{VENDOR} answered {reply.content_type} instead of audio: "
                               f"{vendor_message(reply, self._secrets())}", status=reply.status)
        return reply.body, OUTPUT_FORMATS[self.output_format]

    def _post(self, document: bytes) -> Reply:
        auth = ({"Authorization": f"Bearer {self._bearer()}"} if self.auth == "token"
                else {"Ocp-Apim-Subscription-Key": self._key})
        headers = {**auth, "Content-Type": "application/ssml+xml", "X-Microsoft-OutputFormat": self.output_format}
        return call("POST", self.endpoint, vendor=VENDOR, timeout=self.timeout, secrets=self._secrets(),
                    headers=headers, data=document)

    def _secrets(self) -> list[str]:
        return [self._key, self._token]

    def _bearer(self) -> str:
        with self._token_lock:
            if not self._token or time.monotonic() >= self._token_expires - TOKEN_MARGIN:
                asked = time.monotonic()
                self._token = self._issue_token()
                self._token_expires = asked + TOKEN_LIFETIME
            return self._token

    def _forget_token(self) -> None:
        with self._token_lock:
            self._token, self._token_expires = "", 0.0

    def _issue_token(self) -> str:
        reply = call("POST", self.token_endpoint, vendor=f"{VENDOR} token service", timeout=self.timeout,
                     secrets=self._secrets(), data=b"",
                     headers={"Ocp-Apim-Subscription-Key": self._key,
                              "Content-Type": "application/x-www-form-urlencoded"})
        if reply.status in (401, 403):
            raise AuthenticationFailed(f"{VENDOR} refused the resource key for region {self.region} "
                                       f"(HTTP {reply.status}): {vendor_message(reply, self._secrets())}",
                                       status=reply.status)
        raise_for_status(reply, vendor=f"{VENDOR} token service", detail=vendor_message(reply, self._secrets()))
        token = reply.body.decode("ascii", "replace").strip()
        if not token or any(c.isspace() for c in token):
            raise ServiceError(f"{VENDOR} token service answered without a token", status=reply.status)
        return token
