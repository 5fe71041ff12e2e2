"""Files under the data directory, written so that a reader never sees half a file."""
from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Every temporary file below is made by ``tempfile.mkstemp`` with the prefix ``.<name>.``: a dot, the
# target's name, a dot, mkstemp's eight random letters, digits or underscores, then the suffix.
_TEMPORARY_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}(\.[A-Za-z0-9]+)?$")
STALE_TEMPORARY_AGE = 3600.0  # seconds: no write of ours takes this long, so the writer is gone


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and a rename.

    Readers see either the old file or the new one, never a partial write; on error the
    temporary file is removed and the old file is left untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        publish_file(Path(tmp_name), path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise


def temporary_path_beside(path: Path, suffix: str | None = None) -> Path:
    """A fresh, unused path in ``path``'s directory for a tool (ffmpeg) to write into before a rename.

    It keeps ``path``'s suffix, which tools read the format from, unless ``suffix`` is given.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix if suffix is None else suffix,
                                    dir=path.parent)
    os.close(fd)
    return Path(tmp_name)


def publish_file(finished: Path, target: Path) -> int:
    """Put a finished temporary file in ``target``'s place in one rename, readable by every reader
    (0644, whatever the creating process's umask); returns its size in bytes."""
    os.chmod(finished, 0o644)
    size = os.stat(finished).st_size
    os.replace(finished, target)
    return size


@contextmanager
def file_in_place(target: Path, suffix: str | None = None) -> Iterator[Path]:
    """A temporary path beside ``target`` for the caller (or a tool such as ffmpeg) to write; when the
    block ends normally it replaces ``target`` in one rename, when it raises it is removed and
    ``target`` is left as it was. ``suffix`` as for ``temporary_path_beside``."""
    tmp = temporary_path_beside(target, suffix)
    try:
        yield tmp
        publish_file(tmp, Path(target))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class Storage:
    """The data directory: every audio file, clip and feed lives under one root, named by a key.

    Keys are relative POSIX paths such as ``"episodes/abc/episode-1f2e.mp3"``.
    """

    def __init__(self, root: Path | str):
        self.root = Path(root).resolve()

    def path(self, key: str) -> Path:
        candidate = (self.root / key).resolve()
        if candidate != self.root and self.root not in candidate.parents:
            raise ValueError(f"storage key escapes the data directory: {key!r}")
        return candidate

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def read_bytes(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def write_bytes(self, key: str, data: bytes) -> Path:
        target = self.path(key)
        atomic_write_bytes(target, data)
        return target

    def size(self, key: str) -> int:
        return self.path(key).stat().st_size

    def delete(self, key: str) -> None:
        try:
            self.path(key).unlink()
        except FileNotFoundError:
            pass


def is_temporary_name(name: str) -> bool:
    """Whether ``name`` is one of the temporary files this module makes before a rename.

    >>> is_temporary_name(".feed.xml.k2j4x9_a.tmp"), is_temporary_name(".bai-1-0a1b2c3d4e.abcd1234.mp3")
    (True, True)
    >>> is_temporary_name("feed.xml"), is_temporary_name(".feed.lock"), is_temporary_name(".lexicon.txt")
    (False, False, False)
    """
    return bool(_TEMPORARY_NAME.match(name))


def remove_stale_temporary_files(root: Path, older_than: float = STALE_TEMPORARY_AGE,
                                 now: float | None = None) -> list[Path]:
    """Remove the temporary files under ``root`` left by writers that died (a crash, a SIGKILL, a full
    disk) and untouched for ``older_than`` seconds; returns what was removed.

    Only names made by this module count (see ``is_temporary_name``), so nothing a person or another
    program put there is touched, and a write still under way is always younger than the limit.
    """
    root = Path(root)
    limit = (time.time() if now is None else now) - older_than
    removed: list[Path] = []
    if not root.is_dir():
        return removed
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if not is_temporary_name(name):
                continue
            path = Path(folder) / name
            try:
                if path.is_symlink() or not path.is_file() or path.stat().st_mtime > limit:
                    continue
                path.unlink()
            except FileNotFoundError:
                continue  # renamed into place or removed by its writer meanwhile
            removed.append(path)
    return removed
