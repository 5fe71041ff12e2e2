"""Google Translate's Vietnamese voice through gTTS, one HTTP request per chunk we cut ourselves.

gTTS would otherwise re-cut the text at every comma (hundreds of requests per article) and wait
forever for a slow server. Here each chunk from ``vntext.chunking`` is sent whole, with a timeout,
and the MP3 comes back in memory: nothing is ever written to disk.

gTTS builds each request (its URL, headers and body, which follow Google's page); we send it
ourselves through the process's keep-alive session (``audio.engines.http.shared_session``), with
certificates verified, where gTTS would open a new connection for every request and turn
verification off. The pieces of one sentence are fetched at once, and at most ``IN_FLIGHT``
requests are open in a process, however many sentences are being synthesized.
"""
from __future__ import annotations

import base64
import binascii
import re
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import requests
from gtts import gTTS

from audio.clip import Clip
from audio.engines.http import shared_session
from audio.errors import NoNetwork, RateLimited, ServiceError, SpeechError
from audio.ffmpeg import FFmpegError, decode
from vntext.chunking import chunk

LANGUAGE = "vi"
MAX_CHARS = gTTS.GOOGLE_TTS_MAX_CHARS  # Google refuses longer requests
PROBE_TEXT = "xin chào"
IN_FLIGHT = 8  # requests open at once in a process: enough to hide Google's latency, few enough to be polite
# The audio line of Google's reply, as gTTS reads it: the base64 MP3 inside the "jQ1olc" record.
AUDIO_LINE = re.compile(r'jQ1olc","\[\\"(.*)\\"]')

_in_flight = threading.BoundedSemaphore(IN_FLIGHT)


def _keep_whole(text: str) -> list[str]:
    """A gTTS tokenizer that leaves our chunk as it is."""
    return [text]


def pieces_for_google(text: str) -> list[str]:
    """``text`` cut into the pieces sent to Google, one request each, none over ``MAX_CHARS``."""
    pieces: list[str] = []
    for piece in chunk(text, MAX_CHARS):
        # chunk() cannot cut a single word longer than the limit (a long URL, say).
        pieces += [piece[i : i + MAX_CHARS] for i in range(0, len(piece), MAX_CHARS)]
    return pieces


class GTTSEngine:
    """Speech from Google Translate, language ``vi``.

    ``voice`` is ``"vi"``: the Google domain (``tld``) only picks the host to ask, so it is kept
    out of the voice name; it is part of ``settings_key``, so clips from different hosts are
    never mixed up in the cache.
    """

    name = "gtts"
    voice = LANGUAGE

    def __init__(
        self,
        tld: str = "com.vn",
        timeout: float = 10.0,
        clause_pause: float = 0.15,
        sample_rate: int = 24000,
        channels: int = 1,
    ):
        self.tld = tld
        self.timeout = timeout
        self.clause_pause = clause_pause
        self.sample_rate = sample_rate
        self.channels = channels

    @classmethod
    def from_settings(cls, settings) -> GTTSEngine:
        return cls(
            tld=settings.gtts_tld,
            timeout=settings.gtts_timeout,
            clause_pause=settings.pause_clause_ms / 1000,
            sample_rate=settings.sample_rate,
            channels=settings.channels,
        )

    @property
    def settings_key(self) -> str:
        return (
            f"lang={LANGUAGE};tld={self.tld};pause={self.clause_pause:g};"
            f"sr={self.sample_rate};ch={self.channels}"
        )

    def synthesize(self, text: str) -> Clip:
        pieces = pieces_for_google(text)
        if not pieces:
            raise SpeechError(f"nothing to say: {text!r} has no letters or digits")
        if len(pieces) == 1:
            mp3s = [self.fetch_mp3(pieces[0], self.timeout)]
        else:
            with ThreadPoolExecutor(max_workers=len(pieces), thread_name_prefix="gtts-piece") as pool:
                mp3s = list(pool.map(lambda piece: self.fetch_mp3(piece, self.timeout), pieces))
        decoded = [self._decode(mp3) for mp3 in mp3s]
        pause = Clip.silence(self.clause_pause, self.sample_rate, self.channels).pcm
        return Clip(pause.join(clip.pcm for clip in decoded), self.sample_rate, self.channels)

    def fetch_mp3(self, text: str, timeout: float) -> bytes:
        """Google's MP3 for ``text`` (at most ``MAX_CHARS`` characters) from exactly one request."""
        try:
            (request,) = gTTS(
                text,
                tld=self.tld,
                lang=LANGUAGE,
                lang_check=False,
                pre_processor_funcs=[],
                tokenizer_func=_keep_whole,
                timeout=timeout,
            )._prepare_requests()
        except (AssertionError, ValueError) as error:
            raise SpeechError(f"Google cannot speak {text!r}: {error or 'no text left to send'}") from error
        try:
            with _in_flight:
                reply = shared_session().send(request, timeout=timeout, proxies=urllib.request.getproxies())
                body = reply.content
        except requests.RequestException as error:
            raise NoNetwork(f"{self._host} could not be reached: {error}") from error
        if reply.status_code == 429:
            raise RateLimited(f"{self._host} answered 429 Too Many Requests")
        if reply.status_code >= 400:
            raise ServiceError(f"{self._host} answered HTTP {reply.status_code} {reply.reason}",
                               status=reply.status_code)
        return self._audio_of(body)

    def _audio_of(self, body: bytes) -> bytes:
        """The MP3 in Google's reply (the line gTTS reads it from)."""
        for line in body.decode("utf-8", "replace").splitlines():
            if "jQ1olc" not in line:
                continue
            found = AUDIO_LINE.search(line)
            if found is None:
                break
            try:
                mp3 = base64.b64decode(found.group(1).encode("ascii"), validate=True)
            except (binascii.Error, UnicodeEncodeError) as error:
                raise ServiceError(f"{self._host} sent audio that is not valid base64", status=200) from error
            if mp3:
                return mp3
            break
        raise ServiceError(f"{self._host} answered without any audio", status=200)

    def probe(self, timeout: float) -> bool:
        """True when Google answers a tiny request with audio within ``timeout`` seconds."""
        return self.probe_failure(timeout) is None

    def probe_failure(self, timeout: float) -> str | None:
        """Why Google cannot be used right now, or None when it answered in time."""
        outcome: list[str | None] = []

        def attempt() -> None:
            try:
                self.fetch_mp3(PROBE_TEXT, timeout)
                outcome.append(None)
            except SpeechError as error:
                outcome.append(f"{type(error).__name__}: {error}")

        # requests' timeout does not cover name resolution, which can hang on a broken resolver.
        worker = threading.Thread(target=attempt, name="gtts-probe", daemon=True)
        worker.start()
        worker.join(timeout)
        if not outcome:
            return f"{self._host} did not answer within {timeout:g} s"
        return outcome[0]

    @property
    def _host(self) -> str:
        return f"translate.google.{self.tld}"

    def _decode(self, mp3: bytes) -> Clip:
        try:
            return decode(mp3, "mp3", self.sample_rate, self.channels)
        except FFmpegError as error:
            raise ServiceError(f"{self._host} sent audio ffmpeg cannot decode: {error}", status=200) from error
