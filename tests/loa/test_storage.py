"""Every file others read is written under a temporary name and renamed into place."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from loa.storage import LocalStorage, atomic_write_bytes, file_in_place, publish_file, temporary_path_beside


def test_file_in_place_replaces_the_target_only_when_the_block_succeeds(tmp_path: Path):
    target = tmp_path / "feed.xml"
    target.write_bytes(b"old")
    with file_in_place(target) as tmp:
        assert tmp.parent == tmp_path and tmp.suffix == ".xml" and tmp != target
        tmp.write_bytes(b"new")
        assert target.read_bytes() == b"old"  # readers still see the old file
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["feed.xml"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_failed_block_leaves_the_old_file_and_no_temporary_one(tmp_path: Path):
    target = tmp_path / "episode.mp3"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), file_in_place(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("the encoder stopped")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["episode.mp3"]


def test_a_hidden_suffix_keeps_watchers_from_picking_up_a_half_copied_file(tmp_path: Path):
    with file_in_place(tmp_path / "segment.wav", suffix=".tmp") as tmp:
        assert tmp.name.startswith(".segment.") and tmp.suffix == ".tmp"
        tmp.write_bytes(b"RIFF")
    assert (tmp_path / "segment.wav").read_bytes() == b"RIFF"


def test_publish_file_returns_the_size_and_makes_the_file_readable_by_all(tmp_path: Path):
    tmp = temporary_path_beside(tmp_path / "a" / "b.json")
    tmp.write_bytes(b"{}")
    os.chmod(tmp, 0o600)
    assert publish_file(tmp, tmp_path / "a" / "b.json") == 2
    assert stat.S_IMODE((tmp_path / "a" / "b.json").stat().st_mode) == 0o644


def test_atomic_write_bytes_and_the_storage_keys(tmp_path: Path):
    storage = LocalStorage(tmp_path)
    storage.write_bytes("episodes/a/a.vtt", b"WEBVTT\n")
    assert storage.read_bytes("episodes/a/a.vtt") == b"WEBVTT\n" and storage.size("episodes/a/a.vtt") == 7
    atomic_write_bytes(tmp_path / "episodes" / "a" / "a.vtt", b"WEBVTT\n\n")
    assert storage.exists("episodes/a/a.vtt") and storage.size("episodes/a/a.vtt") == 8
    storage.delete("episodes/a/a.vtt")
    storage.delete("episodes/a/a.vtt")  # deleting what is gone is not an error
    assert not storage.exists("episodes/a/a.vtt")
    with pytest.raises(ValueError):
        storage.path("../outside")


def test_stale_scratch_folders_of_dead_writers_are_removed_and_fresh_ones_kept(tmp_path: Path):
    from loa.storage import SCRATCH_PREFIX, remove_stale_scratch

    old, fresh, other = tmp_path / f"{SCRATCH_PREFIX}cu", tmp_path / f"{SCRATCH_PREFIX}moi", tmp_path / "khac"
    for folder in (old, fresh, other):
        folder.mkdir()
        (folder / "ban-tin.mp3").write_bytes(b"ID3")
    os.utime(old, (1_000_000, 1_000_000))
    os.utime(other, (1_000_000, 1_000_000))
    assert remove_stale_scratch(where=tmp_path) == [old]
    assert not old.exists() and fresh.exists() and other.exists()
