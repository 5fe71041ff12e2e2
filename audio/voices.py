"""Voices: a name staff choose (``nu-bac``) for an engine, the vendor's voice, a rate and a pitch.

The built-in voices cover the engines Loa speaks with; a station adds or changes voices in a JSON
or YAML file (``LOA_VOICES_FILE``)::

    voices:
      nu-bac: {engine: azure, voice: vi-VN-HoaiMyNeural, rate: 1.0, pitch: 0, name: "Nữ miền Bắc"}
      nam-nam: {engine: viettel, voice: hcm-minhquan, name: "Nam miền Nam"}

``rate`` is a multiple of the voice's own speed (1 is as the vendor speaks it) and ``pitch`` is in
semitones; each engine takes what it can (gTTS neither, espeak-ng and the Vietnamese vendors no
pitch). ``LOA_VOICE`` names the voice of articles that name none; unset, the engine chain speaks
as it always did. A voice is applied as the engine's own settings (``settings_for``), so the clip
cache keys on it: another voice is synthesized anew, and going back to a voice finds its clips.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from loa.settings import Settings, SettingsError

VOICE_SPEC_PREFIX = "@"  # an engine spec "@nu-bac" is the engine of voice nu-bac
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
MAX_FILE_BYTES = 256 * 1024


@dataclass(frozen=True)
class EngineVoices:
    """How one engine takes a voice: the settings it reads, and what it accepts."""

    engine: str  # the engine spec: "azure", "google-cloud", "fpt", "viettel", "espeak", "gtts"
    voice_field: str | None  # the Settings field of the vendor's voice id (None: the engine has one voice)
    rate_field: str | None
    pitch_field: str | None
    rates: tuple[float, float] = (1.0, 1.0)
    pitches: tuple[float, float] = (0.0, 0.0)
    voice_pattern: str = r"[A-Za-z0-9_.-]{1,60}"


ENGINES: dict[str, EngineVoices] = {e.engine: e for e in (
    EngineVoices("azure", "azure_voice", "azure_rate", "azure_pitch", (0.5, 2.0), (-12.0, 12.0),
                 r"[a-z]{2,3}-[A-Z]{2}-[A-Za-z0-9]+"),
    EngineVoices("google-cloud", "google_cloud_voice", "google_cloud_speaking_rate", "google_cloud_pitch",
                 (0.25, 4.0), (-20.0, 20.0), r"[a-z]{2,3}-[A-Z]{2}-[A-Za-z0-9-]+"),
    EngineVoices("fpt", "fpt_voice", "fpt_speed", None, (0.7, 1.3), (0.0, 0.0), r"[a-z_]+"),
    EngineVoices("viettel", "viettel_voice", "viettel_speed", None, (0.7, 1.3), (0.0, 0.0), r"[a-z]+-[a-z]+"),
    EngineVoices("espeak", "espeak_voice", "espeak_rate", None, (0.5, 2.0), (0.0, 0.0), r"vi(-[a-z0-9-]+)?"),
    EngineVoices("gtts", None, None, None),
)}
ENGINE_ALIASES = {"google_cloud": "google-cloud"}


@dataclass(frozen=True)
class Voice:
    """A voice staff choose by ``name``, shown as ``display_name``."""

    name: str  # nu-bac
    display_name: str  # Nữ miền Bắc
    engine: str  # azure
    vendor_voice: str = ""  # vi-VN-HoaiMyNeural ("" for gTTS, which has one voice)
    rate: float = 1.0
    pitch: float = 0.0

    @property
    def spec(self) -> str:
        """The engine spec the pipeline renders this voice with."""
        return VOICE_SPEC_PREFIX + self.name

    @property
    def description(self) -> str:
        """
        >>> Voice("nu-bac", "Nữ miền Bắc", "azure", "vi-VN-HoaiMyNeural", 1.1).description
        'azure vi-VN-HoaiMyNeural, rate 1.1'
        """
        said = f"{self.engine} {self.vendor_voice}".strip()
        if self.rate != 1.0:
            said += f", rate {self.rate:g}"
        if self.pitch != 0.0:
            said += f", pitch {self.pitch:+g} st"
        return said


BUILT_IN: tuple[Voice, ...] = (
    Voice("nu-bac", "Nữ miền Bắc", "azure", "vi-VN-HoaiMyNeural"),
    Voice("nam-bac", "Nam miền Bắc", "azure", "vi-VN-NamMinhNeural"),
    Voice("nu-trung", "Nữ miền Trung", "fpt", "myan"),
    Voice("nam-trung", "Nam miền Trung", "fpt", "giahuy"),
    Voice("nu-nam", "Nữ miền Nam", "fpt", "lannhi"),
    Voice("nam-nam", "Nam miền Nam", "viettel", "hcm-minhquan"),
    Voice("google-dich", "Giọng Google Dịch", "gtts"),
    Voice("may-doc", "Giọng máy (espeak-ng, không cần mạng)", "espeak", "vi"),
)


def is_voice_spec(spec: str) -> bool:
    return spec.startswith(VOICE_SPEC_PREFIX)


def voice_of_spec(spec: str) -> str:
    """
    >>> voice_of_spec("@nu-bac")
    'nu-bac'
    """
    return spec[len(VOICE_SPEC_PREFIX):]


def settings_for(voice: Voice, settings: Settings) -> Settings:
    """``settings`` with ``voice`` applied to its engine's own settings."""
    how = ENGINES[voice.engine]
    changes: dict[str, Any] = {}
    if how.voice_field:
        changes[how.voice_field] = voice.vendor_voice
    if how.rate_field == "espeak_rate":
        changes["espeak_rate"] = round(Settings.espeak_rate * voice.rate)  # words per minute
    elif how.rate_field == "fpt_speed":
        changes["fpt_speed"] = round((voice.rate - 1.0) * 10)  # -3 to 3, a tenth of the speed a step
    elif how.rate_field:
        changes[how.rate_field] = voice.rate
    if how.pitch_field:
        changes[how.pitch_field] = voice.pitch
    return replace(settings, **changes)


class UnknownVoice(SettingsError):
    """A voice name that is not one of the configured voices."""

    def __init__(self, name: str, known: Iterator[str] | tuple[str, ...]):
        super().__init__(f"unknown voice {name!r}: the voices are {', '.join(known)}")
        self.name = name


@dataclass(frozen=True)
class Voices:
    """The configured voices by name, in the order they are listed, and the default one."""

    by_name: Mapping[str, Voice]
    default: Voice | None = None
    bulletin_pair: tuple[Voice, Voice] | None = None

    def __iter__(self) -> Iterator[Voice]:
        return iter(self.by_name.values())

    def __contains__(self, name: object) -> bool:
        return name in self.by_name

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.by_name)

    def get(self, name: str) -> Voice:
        """The voice called ``name`` (``UnknownVoice`` when there is none)."""
        voice = self.by_name.get(name)
        if voice is None:
            raise UnknownVoice(name, self.names)
        return voice

    def display_name(self, name: str | None) -> str | None:
        """The Vietnamese name of voice ``name`` (the name itself for a voice no longer configured)."""
        if name is None:
            return None
        voice = self.by_name.get(name)
        return voice.display_name if voice else name


def load_voices(settings: Settings) -> Voices:
    """The built-in voices, then the file's (``LOA_VOICES_FILE``), checked; ``LOA_VOICE`` and
    ``LOA_BULLETIN_VOICES`` must name configured voices. Every problem is a one-line ``SettingsError``."""
    by_name = {v.name: v for v in BUILT_IN}
    if settings.voices_file:
        by_name.update({v.name: v for v in read_voices_file(Path(settings.voices_file))})
    voices = Voices(by_name)
    default = _named(voices, settings.voice, "LOA_VOICE") if settings.voice else None
    pair = None
    if settings.bulletin_voice_names:
        first, second = (_named(voices, name, "LOA_BULLETIN_VOICES") for name in settings.bulletin_voice_names)
        pair = (first, second)
    return Voices(by_name, default, pair)


def _named(voices: Voices, name: str, setting: str) -> Voice:
    try:
        return voices.get(name)
    except UnknownVoice as error:
        raise SettingsError(f"{setting}: {error}") from None


def read_voices_file(path: Path) -> list[Voice]:
    """The voices of a JSON or YAML file (``{"voices": {name: {...}}}``), each checked."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SettingsError(f"LOA_VOICES_FILE {path}: cannot be read: {error.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise SettingsError(f"LOA_VOICES_FILE {path}: over {MAX_FILE_BYTES // 1024} KiB, not a voices file")
    try:
        text = raw.decode("utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (UnicodeDecodeError, ValueError, yaml.YAMLError) as error:
        first_line = " ".join(str(error).split())[:200]
        raise SettingsError(f"LOA_VOICES_FILE {path}: not valid {_kind(path)}: {first_line}") from None
    entries = data.get("voices") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise SettingsError(f"LOA_VOICES_FILE {path}: expected a 'voices' mapping of voice names to voices")
    return [parse_voice(name, entry, f"LOA_VOICES_FILE {path}") for name, entry in entries.items()]


def _kind(path: Path) -> str:
    return "JSON" if path.suffix.lower() == ".json" else "YAML"


def parse_voice(name: Any, entry: Any, where: str = "") -> Voice:
    """One voice from its file entry; a ``SettingsError`` naming ``where`` and the voice when it is wrong.

    >>> parse_voice("nam-nam", {"engine": "viettel", "voice": "hcm-minhquan", "name": "Nam miền Nam"})
    Voice(name='nam-nam', display_name='Nam miền Nam', engine='viettel', vendor_voice='hcm-minhquan', rate=1.0, pitch=0.0)
    >>> parse_voice("nu-bac", {"engine": "azure", "voice": "vi-VN-HoaiMyNeural", "name": "Nữ", "rate": 9})
    Traceback (most recent call last):
    ...
    loa.settings.SettingsError: voice 'nu-bac': rate 9 is outside azure's 0.5 to 2
    """
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise SettingsError(f"{where}{': ' if where else ''}voice name {name!r} must be lower-case letters, "
                            "digits and dashes (e.g. nu-bac), at most 40")
    at = f"{where}: voice {name!r}" if where else f"voice {name!r}"
    if not isinstance(entry, dict):
        raise SettingsError(f"{at}: expected a mapping with engine, voice and name")
    unknown = set(entry) - {"engine", "voice", "rate", "pitch", "name"}
    if unknown:
        raise SettingsError(f"{at}: unknown field {sorted(unknown)[0]!r} (fields: engine, voice, rate, pitch, name)")
    engine = ENGINE_ALIASES.get(str(entry.get("engine", "")), str(entry.get("engine", "")))
    how = ENGINES.get(engine)
    if how is None:
        raise SettingsError(f"{at}: engine {entry.get('engine')!r} is not one of {', '.join(ENGINES)}")
    display = entry.get("name")
    if not isinstance(display, str) or not display.strip() or len(display) > 80:
        raise SettingsError(f"{at}: needs a 'name' to show staff (e.g. \"Nữ miền Bắc\"), at most 80 characters")
    vendor_voice = entry.get("voice", "")
    if how.voice_field is None:
        if vendor_voice:
            raise SettingsError(f"{at}: {engine} has a single voice; leave 'voice' out")
    elif not isinstance(vendor_voice, str) or not re.fullmatch(how.voice_pattern, vendor_voice):
        raise SettingsError(f"{at}: {vendor_voice!r} is not a {engine} voice id")
    rate = _number(entry.get("rate", 1.0), at, "rate")
    pitch = _number(entry.get("pitch", 0.0), at, "pitch")
    low, high = how.rates
    if not low <= rate <= high:
        if low == high:
            raise SettingsError(f"{at}: {engine} takes no rate; leave 'rate' out")
        raise SettingsError(f"{at}: rate {rate:g} is outside {engine}'s {low:g} to {high:g}")
    low, high = how.pitches
    if not low <= pitch <= high:
        if low == high:
            raise SettingsError(f"{at}: {engine} takes no pitch; leave 'pitch' out")
        raise SettingsError(f"{at}: pitch {pitch:g} is outside {engine}'s {low:g} to {high:g} semitones")
    return Voice(name, " ".join(display.split()), engine, vendor_voice or "", rate, pitch)


def _number(value: Any, at: str, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SettingsError(f"{at}: {field} must be a number, got {value!r}")
    return float(value)
