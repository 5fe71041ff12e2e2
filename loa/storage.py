"""Where Loa keeps its files: the interface every package uses, the local data directory (the
default) and the way to put a file in place so that a reader never sees half of it.

Files are named by keys, relative POSIX paths such as ``"episodes/abc/abc-1f2e.mp3"``. ``Storage`` is
what every caller may ask of a store; ``LocalStorage`` keeps the files under one directory (a temporary
file beside the target and a rename), ``loa.s3storage.S3Storage`` in an S3-compatible bucket (one PUT).
``open_storage`` picks one from ``LOA_STORAGE_URL``.
"""
from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

# Every temporary file below is made by ``tempfile.mkstemp`` with the prefix ``.<name>.``: a dot, the
# target's name, a dot, mkstemp's eight random letters, digits or underscores, then the suffix.
_TEMPORARY_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}(\.[A-Za-z0-9]+)?$")
STALE_TEMPORARY_AGE = 3600.0  # seconds: no write of ours takes this long, so the writer is gone
CHUNK = 64 * 1024  # bytes read at a time when serving a file


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


class Storage(Protocol):
    """What a store of Loa's files does, whatever holds them. Writes replace a file whole: a reader sees
    the old file or the new one. A key that is not a relative POSIX path inside the store (``..``, a
    leading ``/``, an empty part) raises ``ValueError``."""

    def exists(self, key: str) -> bool: ...

    def size(self, key: str) -> int: ...

    def stat(self, key: str) -> StoredFile | None: ...

    def read_bytes(self, key: str) -> bytes: ...

    def write_bytes(self, key: str, data: bytes) -> None: ...

    def put_file(self, key: str, source: Path) -> int:
        """Copy the finished local file ``source`` to ``key`` whole; its size. ``source`` stays."""
        ...

    def delete(self, key: str) -> None: ...

    def list(self, prefix: str = "") -> list[str]:
        """The keys under ``prefix`` (a folder such as ``"episodes/a"``; empty: every key), sorted."""
        ...

    def local_copy(self, key: str) -> AbstractContextManager[Path]:
        """A local file holding ``key``'s bytes for a tool (ffmpeg, a decoder) to read while the block runs."""
        ...

    def writing(self, key: str, suffix: str | None = None) -> AbstractContextManager[Path]:
        """A local path for the caller or a tool to write; ``key`` is replaced by it, whole, when the block
        ends normally, and left as it was when the block raises. ``suffix`` as ``temporary_path_beside``."""
        ...

    def open_file(self, key: str) -> OpenFile:
        """``key`` opened for serving byte ranges of one version of it (``FileNotFoundError`` when gone)."""
        ...

    def location(self, key: str) -> str:
        """Where ``key`` is, for people: a path or an ``s3://`` URL."""
        ...

    def check(self) -> None:
        """Make sure the store can be used before a long-running process starts on it (an ``OSError``
        naming it when it cannot)."""
        ...

    @property
    def local_root(self) -> Path | None:
        """The directory holding the files when they are local, else None."""
        ...


class StoreUnavailable(OSError):
    """The store cannot be used (an object store unreachable, refusing the credentials, or erring): an
    ``OSError`` naming the file, like a disk's failures, so every door reports it in one line."""


@dataclass(frozen=True)
class StoredFile:
    """One version of a stored file: what HTTP validators are made of."""

    size: int
    modified: float  # seconds since the epoch
    etag: str  # a strong entity tag, quoted: changes whenever the bytes may have


class OpenFile(Protocol):
    """One version of a stored file, opened: its description and its bytes by range."""

    info: StoredFile

    def chunks(self, first: int, length: int) -> Iterator[bytes]: ...

    def close(self) -> None: ...


def checked_key(key: str) -> str:
    """``key`` when it is a relative POSIX path that stays inside the store, else ``ValueError``.

    >>> checked_key("episodes/a/a-1.mp3")
    'episodes/a/a-1.mp3'
    >>> checked_key("../feed.xml")
    Traceback (most recent call last):
    ...
    ValueError: storage key escapes the store: '../feed.xml'
    """
    parts = key.split("/")
    if not key or key.startswith("/") or any(p in ("", ".", "..") or "\\" in p or "\x00" in p for p in parts):
        raise ValueError(f"storage key escapes the store: {key!r}")
    return key


class _LocalOpenFile:
    def __init__(self, handle: BinaryIO, info: StoredFile):
        self.handle, self.info = handle, info

    def chunks(self, first: int, length: int) -> Iterator[bytes]:
        try:
            self.handle.seek(first)
            while length > 0:
                chunk = self.handle.read(min(CHUNK, length))
                if not chunk:
                    break
                length -= len(chunk)
                yield chunk
        finally:
            self.close()

    def close(self) -> None:
        self.handle.close()


class LocalStorage:
    """The data directory: every audio file, clip and feed lives under one root, named by a key."""

    def __init__(self, root: Path | str):
        self.root = Path(root).resolve()

    @property
    def local_root(self) -> Path | None:
        return self.root

    def path(self, key: str) -> Path:
        candidate = (self.root / checked_key(key)).resolve()
        if candidate != self.root and self.root not in candidate.parents:
            raise ValueError(f"storage key escapes the data directory: {key!r}")
        return candidate

    def location(self, key: str) -> str:
        return str(self.path(key))

    def check(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def stat(self, key: str) -> StoredFile | None:
        try:
            info = self.path(key).stat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        return _stored(info) if stat.S_ISREG(info.st_mode) else None

    def read_bytes(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def write_bytes(self, key: str, data: bytes) -> None:
        atomic_write_bytes(self.path(key), data)

    def put_file(self, key: str, source: Path) -> int:
        with self.writing(key) as tmp:
            shutil.copyfile(source, tmp)
        return self.size(key)

    def size(self, key: str) -> int:
        return self.path(key).stat().st_size

    def delete(self, key: str) -> None:
        try:
            self.path(key).unlink()
        except FileNotFoundError:
            pass

    def list(self, prefix: str = "") -> list[str]:
        folder = self.path(prefix) if prefix else self.root
        if not folder.is_dir():
            return []
        return sorted(p.relative_to(self.root).as_posix() for p in folder.rglob("*")
                      if p.is_file() and not is_temporary_name(p.name))

    @contextmanager
    def local_copy(self, key: str) -> Iterator[Path]:
        path = self.path(key)
        if not path.is_file():
            raise FileNotFoundError(errno.ENOENT, "no such stored file", str(path))
        yield path  # the file itself: a replacement is a rename, which leaves an open reader its file

    def writing(self, key: str, suffix: str | None = None) -> AbstractContextManager[Path]:
        return file_in_place(self.path(key), suffix)

    def open_file(self, key: str) -> OpenFile:
        handle = open(self.path(key), "rb")
        try:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise FileNotFoundError(errno.ENOENT, "not a file", key)
        except BaseException:
            handle.close()
            raise
        return _LocalOpenFile(handle, _stored(info))


def _stored(info: os.stat_result) -> StoredFile:
    return StoredFile(size=info.st_size, modified=info.st_mtime, etag=f'"{info.st_mtime_ns:x}-{info.st_size:x}"')


def open_storage(settings: StorageSettings) -> Storage:
    """The store ``LOA_STORAGE_URL`` names: empty, the data directory; ``s3://bucket/prefix``, that bucket."""
    if not settings.storage_url:
        return LocalStorage(settings.data_dir)
    from loa.s3storage import S3Storage

    return S3Storage.from_url(settings.storage_url, endpoint_url=settings.s3_endpoint_url or None)


class StorageSettings(Protocol):
    """What ``open_storage`` reads of the settings."""

    @property
    def data_dir(self) -> Path: ...

    @property
    def storage_url(self) -> str: ...

    @property
    def s3_endpoint_url(self) -> str: ...


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


SCRATCH_PREFIX = "loa-scratch-"  # local folders of writes to an object store and copies read from it


def scratch_folder() -> Path:
    """A new local folder for a write to an object store or a copy read from it (``remove_stale_scratch``
    clears those of writers that died)."""
    return Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX))


def remove_stale_scratch(older_than: float = STALE_TEMPORARY_AGE, now: float | None = None,
                         where: Path | None = None) -> list[Path]:
    """Remove the scratch folders (``scratch_folder``) untouched for ``older_than`` seconds; what was removed."""
    limit = (time.time() if now is None else now) - older_than
    removed = []
    for folder in Path(where or tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*"):
        try:
            if folder.is_symlink() or not folder.is_dir() or folder.stat().st_mtime > limit:
                continue
        except FileNotFoundError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed
