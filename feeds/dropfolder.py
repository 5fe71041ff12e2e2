"""The radio drop folder: each segment and bulletin as a broadcast WAV with an RDXML and a JSON
sidecar, named so that people and automation can tell them apart.

Names: ``<date>_<HHMM>_<slug>_<id>`` + ``.wav`` / ``.xml`` / ``.json``, e.g.
``2026-11-29_0630_tin-sang-ha-noi_a123.wav``: the local date and time of publication (for a
bulletin, its slot), an ASCII slug of the title, and the article or bulletin id, which makes the
name unique. An id holding characters a name cannot carry (anything but letters, digits, ``.``
and ``-``) is written as ``i-`` and a hash of it. A later version of the same programme (an
edit) adds ``_v2``, ``_v3``... A name is at most about 140 characters of ``[A-Za-z0-9._-]``.

Writing: radio automation picks files up as soon as they appear, so each file is written under a
dot-prefixed temporary name in the folder (ignored by ``*.wav`` watchers) and renamed into
place; the sidecars are renamed into place first and the WAV last, so that when the WAV appears its
metadata is already there.

Edits and retractions (the policy):

- An edit is a new version: its files get the next version name. Files of earlier versions still
  in the folder (not yet imported) are removed. For an earlier version whose WAV is gone from the
  folder (the automation imported and deleted it), a ``<old name>.retract`` marker is written
  (JSON: id, name, reason "replaced", the new name, time) for the operator or a script to take
  the old cart off the air; its kill date ends it anyway.
- Rendering the same version again replaces its files under the same name.
- A retraction removes every file of the programme still in the folder and writes a ``.retract``
  marker (reason "retracted") for each version the automation already took.

What was exported for each id is kept in ``.loa/<id>.json`` inside the folder (a hidden directory
``*.wav`` watchers ignore).
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from loa.storage import atomic_write_bytes, file_in_place

SIDECAR_SUFFIXES = (".json", ".xml")
AUDIO_SUFFIX = ".wav"
RETRACT_SUFFIX = ".retract"
LEDGER_DIR = ".loa"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NAME_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$")
MAX_SLUG = 48


@dataclass(frozen=True)
class Sidecar:
    """What a radio automation system needs to schedule a segment (the JSON sidecar)."""

    title: str
    duration: float  # seconds
    published: datetime
    kill_date: datetime  # after this, the segment should no longer be aired
    source_url: str | None = None
    kind: str = "segment"  # "segment" or "bulletin"
    id: str = ""
    version: int = 1
    speech_start: float | None = None  # seconds: where speech starts and ends in the WAV
    speech_end: float | None = None

    def to_json(self) -> bytes:
        values = asdict(self)
        values["published"] = self.published.isoformat()
        values["kill_date"] = self.kill_date.isoformat()
        values["duration"] = round(self.duration, 3)
        for key in ("speech_start", "speech_end"):
            if values[key] is not None:
                values[key] = round(values[key], 3)
        return json.dumps(values, ensure_ascii=False, indent=2).encode("utf-8")


def name_id(ident: str) -> str:
    """The id as it stands in file names: itself when it is made of safe characters, else ``i-``
    and a hash of it (distinct ids give distinct names)."""
    if not ident:
        raise ValueError("a programme in the drop folder needs an id")
    if _NAME_ID.match(ident) and ".." not in ident:
        return ident
    return "i-" + hashlib.sha256(ident.encode("utf-8")).hexdigest()[:16]


def stem(published: datetime, slug: str, ident: str, version: int = 1) -> str:
    """``<date>_<HHMM>_<slug>_<id>[_v<version>]`` (see the module); ``published`` in local time."""
    if published.tzinfo is None:
        raise ValueError("drop folder times must be timezone-aware")
    if not _SLUG.match(slug) or len(slug) > MAX_SLUG:
        raise ValueError(f"not a slug for the drop folder: {slug!r}")
    if version < 1:
        raise ValueError("versions count from 1")
    name = f"{published:%Y-%m-%d_%H%M}_{slug}_{name_id(ident)}"
    return name if version == 1 else f"{name}_v{version}"


@dataclass(frozen=True)
class Exported:
    stem: str
    source: str  # what the version was made from (e.g. the master's storage key)
    closed: bool = False  # replaced or retracted: its files were removed or a marker written


class Ledger:
    """The versions exported for each id: ``.loa/<id>.json`` in the folder."""

    def __init__(self, folder: Path):
        self.dir = Path(folder) / LEDGER_DIR

    def _path(self, ident: str) -> Path:
        return self.dir / f"{name_id(ident)}.json"

    def versions(self, ident: str) -> list[Exported]:
        try:
            values = json.loads(self._path(ident).read_bytes())
            return [Exported(str(v["stem"]), str(v["source"]), bool(v.get("closed", False)))
                    for v in values["versions"]]
        except FileNotFoundError:
            return []
        except (ValueError, KeyError, TypeError):
            return []  # unreadable: nothing is known of earlier versions

    def save(self, ident: str, versions: list[Exported]) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(self._path(ident), json.dumps(
            {"id": ident, "versions": [asdict(v) for v in versions]}, ensure_ascii=False, indent=1).encode())


def _remove_files(folder: Path, name: str) -> bool:
    """Remove the files of ``name`` still in the folder; True if its WAV was still there (never taken)."""
    wav_there = False
    for suffix in (AUDIO_SUFFIX, *SIDECAR_SUFFIXES):
        try:
            (folder / f"{name}{suffix}").unlink()
            wav_there = wav_there or suffix == AUDIO_SUFFIX
        except FileNotFoundError:
            pass
    return wav_there


def _marker(folder: Path, ident: str, name: str, reason: str, replaced_by: str | None, now: datetime) -> None:
    atomic_write_bytes(folder / f"{name}{RETRACT_SUFFIX}", json.dumps({
        "id": ident, "name": name, "file": name + AUDIO_SUFFIX, "reason": reason, "replaced_by": replaced_by,
        "at": now.isoformat(timespec="seconds"),
    }, ensure_ascii=False, indent=2).encode("utf-8"))


def _now() -> datetime:
    return datetime.now(UTC)


def export(folder: Path, ident: str, slug: str, published: datetime, source: str,
           write_wav: Callable[[Path, int], object], sidecars: Callable[[int], Mapping[str, bytes]],
           now: datetime | None = None) -> Path:
    """Put a version of programme ``ident`` into ``folder``; the WAV's path.

    ``source`` tells versions apart (the same source again is the same version, replaced);
    ``write_wav(path, version)`` writes the WAV to a temporary path; ``sidecars(version)`` gives the
    sidecar files' bytes by suffix (``.json``, ``.xml``). Earlier versions are handled as the
    module describes.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    ledger = Ledger(folder)
    versions = ledger.versions(ident)
    same = next((v for v in versions if v.source == source), None)
    if same is not None:
        version = 1 + versions.index(same)
    else:
        version = len(versions) + 1
    name = stem(published, slug, ident, version)
    files = dict(sidecars(version))
    if set(files) - set(SIDECAR_SUFFIXES):
        raise ValueError(f"sidecars are {SIDECAR_SUFFIXES}, not {sorted(set(files) - set(SIDECAR_SUFFIXES))}")
    target = folder / f"{name}{AUDIO_SUFFIX}"
    # Watchers pick up "*.wav": the WAV is written under a hidden temporary name until it is whole.
    with file_in_place(target, suffix=".tmp") as tmp:
        write_wav(tmp, version)
        for suffix in SIDECAR_SUFFIXES:
            if suffix in files:
                atomic_write_bytes(folder / f"{name}{suffix}", files[suffix])
    (folder / f"{name}{RETRACT_SUFFIX}").unlink(missing_ok=True)
    now = now or _now()
    updated = []
    for earlier in versions:
        if earlier.source == source:
            continue
        if earlier.stem != name and not earlier.closed and not _remove_files(folder, earlier.stem):
            _marker(folder, ident, earlier.stem, "replaced", name, now)
        updated.append(Exported(earlier.stem, earlier.source, closed=True))
    position = len(versions) if same is None else versions.index(same)
    updated.insert(position, Exported(name, source))
    versions = updated
    ledger.save(ident, versions)
    return target


def retract(folder: Path, ident: str, now: datetime | None = None) -> list[str]:
    """Take programme ``ident`` out of ``folder`` (see the module); the names given a ``.retract``
    marker (versions the automation had already taken)."""
    folder = Path(folder)
    marked = []
    ledger = Ledger(folder)
    versions = ledger.versions(ident)
    for exported in versions:
        if exported.closed:
            continue
        if _remove_files(folder, exported.stem):
            (folder / f"{exported.stem}{RETRACT_SUFFIX}").unlink(missing_ok=True)
            continue
        _marker(folder, ident, exported.stem, "retracted", None, now or _now())
        marked.append(exported.stem)
    if versions:
        ledger.save(ident, [Exported(v.stem, v.source, closed=True) for v in versions])
    _remove_files(folder, name_id(ident))  # a release before these names wrote <id>.wav + <id>.json
    return marked
