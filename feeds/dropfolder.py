"""The radio drop folder: each new segment and bulletin as a broadcast WAV plus a JSON sidecar.

Radio automation (Rivendell's ``rdimport --drop-box``, folder watchers) picks files up as soon as
they appear, so each file is copied to a temporary name in the folder and renamed into place, and
the sidecar is written before the WAV: when the WAV appears, its metadata is already there.
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from loa.storage import atomic_write_bytes, file_in_place


@dataclass(frozen=True)
class Sidecar:
    """What a radio automation system needs to schedule a segment."""

    title: str
    duration: float  # seconds
    published: datetime
    kill_date: datetime  # after this, the segment should no longer be aired
    source_url: str | None = None
    kind: str = "segment"  # "segment" or "bulletin"

    def to_json(self) -> bytes:
        values = asdict(self)
        values["published"] = self.published.isoformat()
        values["kill_date"] = self.kill_date.isoformat()
        values["duration"] = round(self.duration, 3)
        return json.dumps(values, ensure_ascii=False, indent=2).encode("utf-8")


def export(folder: Path, name: str, wav: Path, sidecar: Sidecar) -> Path:
    """Put ``wav`` into ``folder`` as ``<name>.wav`` with ``<name>.json`` beside it (replacing both)."""
    if not name or "/" in name or name.startswith("."):
        raise ValueError(f"not a file name for the drop folder: {name!r}")
    if sidecar.published.tzinfo is None or sidecar.kill_date.tzinfo is None:
        raise ValueError("drop folder times must be timezone-aware")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.wav"
    # Watchers pick up "*.wav": the copy is hidden under another suffix until it is whole.
    with file_in_place(target, suffix=".tmp") as tmp:
        with open(tmp, "wb") as out, open(wav, "rb") as src:
            shutil.copyfileobj(src, out, 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
        atomic_write_bytes(folder / f"{name}.json", sidecar.to_json())
    return target


def remove(folder: Path, name: str) -> bool:
    """Take ``name`` out of the drop folder (a retracted article). True if anything was there."""
    removed = False
    for suffix in (".wav", ".json"):
        try:
            (Path(folder) / f"{name}{suffix}").unlink()
            removed = True
        except FileNotFoundError:
            pass
    return removed
