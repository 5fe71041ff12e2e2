"""Offline Vietnamese speech with espeak-ng, through the library shipped by ``espeakng-loader``.

espeak-ng keeps its state in process globals and is not thread-safe, so one ``_Speaker`` per
process owns the library: it is initialized lazily, every synthesis holds its lock, and a forked
child (a Celery prefork worker) initializes its own copy instead of trusting the parent's.
"""
from __future__ import annotations

import ctypes
import hashlib
import os
import re
import tempfile
import threading
from pathlib import Path

from audio.clip import SAMPLE_WIDTH, Clip
from audio.errors import EngineUnavailable, SpeechError

# Values from espeak-ng's speak_lib.h.
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000  # report data errors instead of calling exit()
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAMETER_RATE = 1
_EE_OK = 0

_SynthCallback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)

# espeak-ng varies pitch ("flutter") and amplitude ("roughness") with counters that carry over
# from one utterance to the next, so the same sentence never sounds bit-identical twice. Turning
# both off makes synthesis repeatable, which the clip cache and duplicate task runs rely on.
_STEADY_VOICE_LINES = "\nflutter 0\nroughness 0\n"
_VOICE_STYLE = "steady"


class _Speaker:
    """The process's one handle on libespeak-ng."""

    def __init__(self) -> None:
        try:
            import espeakng_loader

            library_path = espeakng_loader.get_library_path()
            self.data_path = Path(espeakng_loader.get_data_path())
            self._lib = ctypes.CDLL(library_path)
        except (ImportError, OSError, RuntimeError) as error:
            raise EngineUnavailable(f"espeak-ng library or data not found: {error}") from error
        self._declare_functions()
        self.lock = threading.Lock()
        self.pid = -1
        self.busy = False
        self.native_rate = 0
        self._current: tuple[str, int] | None = None
        self._samples: list[bytes] = []
        self._callback = _SynthCallback(self._collect)  # kept referenced: C holds the pointer
        self.initialize()

    def _declare_functions(self) -> None:
        lib = self._lib
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
        lib.espeak_SetSynthCallback.restype = None
        lib.espeak_SetVoiceByFile.argtypes = [ctypes.c_char_p]
        lib.espeak_SetVoiceByFile.restype = ctypes.c_int
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_SetParameter.restype = ctypes.c_int
        lib.espeak_Synth.argtypes = [
            ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
            ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
        ]
        lib.espeak_Synth.restype = ctypes.c_int

    def initialize(self) -> None:
        """(Re)initialize the library for this process."""
        rate = self._lib.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS, 0, str(self.data_path).encode(), _INITIALIZE_DONT_EXIT
        )
        if rate <= 0:
            raise EngineUnavailable(f"espeak-ng failed to initialize with data at {self.data_path}")
        self._lib.espeak_SetSynthCallback(self._callback)
        self.native_rate = rate
        self.pid = os.getpid()
        self._current = None

    def after_fork_in_child(self) -> None:
        # The parent may have held the lock at fork time; a fresh one cannot be held by anyone.
        self.lock = threading.Lock()
        # The child has a copy of the parent's initialized library. Initializing espeak-ng a second
        # time in a copied process has been seen to crash, so the copy is kept, unless a synthesis
        # was half-way through when the process forked: then the copy is not trusted.
        if self.busy:
            self.pid = -1
            self.busy = False
        elif self.pid != -1:
            self.pid = os.getpid()

    def _collect(self, samples, count: int, _events) -> int:
        if samples and count > 0:
            self._samples.append(ctypes.string_at(samples, count * SAMPLE_WIDTH))
        return 0  # 0 = carry on

    def speak(self, text: str, voice_file: Path, words_per_minute: int) -> bytes:
        """Native-rate mono PCM for ``text``."""
        with self.lock:
            if self.pid != os.getpid():
                self.initialize()
            self._select(voice_file, words_per_minute)
            self._samples = []
            data = text.encode("utf-8") + b"\0"
            self.busy = True
            try:
                status = self._lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
            finally:
                self.busy = False
            pcm, self._samples = b"".join(self._samples), []
        if status != _EE_OK:
            raise SpeechError(f"espeak-ng could not synthesize the text (error {status})")
        return pcm

    def _select(self, voice_file: Path, words_per_minute: int) -> None:
        wanted = (str(voice_file), words_per_minute)
        if self._current == wanted:
            return
        if self._lib.espeak_SetVoiceByFile(str(voice_file).encode()) != _EE_OK:
            raise EngineUnavailable(f"espeak-ng could not load the voice file {voice_file}")
        if self._lib.espeak_SetParameter(_PARAMETER_RATE, words_per_minute, 0) != _EE_OK:
            raise SpeechError(f"espeak-ng rejected the speaking rate {words_per_minute}")
        self._current = wanted


_speaker: _Speaker | None = None
_speaker_guard = threading.Lock()


def _shared_speaker() -> _Speaker:
    global _speaker
    with _speaker_guard:
        if _speaker is None:
            _speaker = _Speaker()
        return _speaker


def _reset_after_fork() -> None:
    global _speaker_guard
    _speaker_guard = threading.Lock()
    if _speaker is not None:
        _speaker.after_fork_in_child()


os.register_at_fork(after_in_child=_reset_after_fork)


def _steady_voice_file(data_path: Path, voice: str) -> Path:
    """A copy of espeak-ng's ``voice`` definition with the per-utterance variation turned off.

    Written once under the temporary directory, named by its content, never modified afterwards,
    so any number of processes can share it.
    """
    matches = sorted(p for p in (data_path / "lang").rglob("*") if p.is_file() and p.name.lower() == voice.lower())
    if not matches:
        raise EngineUnavailable(f"espeak-ng has no voice named {voice!r}")
    content = matches[0].read_text(encoding="utf-8") + _STEADY_VOICE_LINES
    digest = hashlib.sha256(content.encode()).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / f"loa-espeak-voices-{os.getuid() if hasattr(os, 'getuid') else 0}"
    target = folder / f"{voice.lower()}-{digest}"
    if not target.exists():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        partial = folder / f".{target.name}.{os.getpid()}.{threading.get_ident()}"
        partial.write_text(content, encoding="utf-8")
        os.replace(partial, target)
    return target


class EspeakEngine:
    """espeak-ng's Vietnamese voice, offline and fast (hundreds of times faster than real time).

    espeak-ng speaks at 22,050 Hz mono; clips are converted to ``sample_rate``/``channels``.
    It adds about 10 ms of silence at each end of an utterance, so nothing is trimmed.
    """

    name = "espeak"
    # Synthesis is CPU work in this process: a worker renders the article itself rather than
    # spreading its sentences over other processes that compete with mastering for the same cores.
    runs_locally = True

    def __init__(self, voice: str = "vi", rate: int = 165, sample_rate: int = 24000, channels: int = 1):
        if not re.fullmatch(r"[A-Za-z0-9_-]+", voice):
            raise EngineUnavailable(f"espeak-ng voice names are letters, digits, '-' and '_', got {voice!r}")
        self.voice = voice
        self.rate = rate
        self.sample_rate = sample_rate
        self.channels = channels
        self._voice_file: Path | None = None

    @classmethod
    def from_settings(cls, settings) -> EspeakEngine:
        return cls(
            voice=settings.espeak_voice,
            rate=settings.espeak_rate,
            sample_rate=settings.sample_rate,
            channels=settings.channels,
        )

    @property
    def settings_key(self) -> str:
        return f"voice={self.voice};style={_VOICE_STYLE};wpm={self.rate};sr={self.sample_rate};ch={self.channels}"

    def synthesize(self, text: str) -> Clip:
        if not re.search(r"\w", text):
            raise SpeechError(f"nothing to say: {text!r} has no letters or digits")
        speaker = _shared_speaker()
        if self._voice_file is None:
            self._voice_file = _steady_voice_file(speaker.data_path, self.voice)
        pcm = speaker.speak(text, self._voice_file, self.rate)
        native = Clip(pcm, speaker.native_rate, 1)
        return native.converted(self.sample_rate, self.channels)
