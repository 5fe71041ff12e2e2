"""One contract for both stores: the data directory and an S3-compatible bucket (a real moto server)
answer every operation alike, replace files whole and refuse keys that leave the store."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from loa.s3storage import S3Storage
from loa.storage import LocalStorage, Storage

VTT = "WEBVTT\n\n1\n00:00.000 --> 00:02.500\nHà Nội đón đợt không khí lạnh mới.\n".encode()


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path) -> Storage:
    if request.param == "local":
        return LocalStorage(tmp_path / "var")
    server = request.getfixturevalue("s3_env")
    return S3Storage.from_url(server.storage_url(), endpoint_url=server.endpoint_url)


def test_written_bytes_read_back_with_their_size_and_validators(store):
    assert not store.exists("episodes/a/a.vtt") and store.stat("episodes/a/a.vtt") is None
    store.write_bytes("episodes/a/a.vtt", VTT)
    assert store.exists("episodes/a/a.vtt")
    assert store.read_bytes("episodes/a/a.vtt") == VTT
    assert store.size("episodes/a/a.vtt") == len(VTT)
    first = store.stat("episodes/a/a.vtt")
    assert first is not None and first.size == len(VTT) and first.etag.startswith('"') and first.modified > 0
    store.write_bytes("episodes/a/a.vtt", VTT + b"\n")
    second = store.stat("episodes/a/a.vtt")
    assert second is not None and second.etag != first.etag and second.size == len(VTT) + 1


def test_missing_files_are_file_not_found(store):
    with pytest.raises(FileNotFoundError):
        store.read_bytes("episodes/khong-co.mp3")
    with pytest.raises(FileNotFoundError):
        store.size("episodes/khong-co.mp3")
    with pytest.raises(FileNotFoundError):
        store.open_file("episodes/khong-co.mp3")
    with pytest.raises(FileNotFoundError), store.local_copy("episodes/khong-co.mp3"):
        pass


def test_delete_removes_and_deleting_what_is_gone_is_no_error(store):
    store.write_bytes("clips/ab/abc.wav", b"RIFF")
    store.delete("clips/ab/abc.wav")
    store.delete("clips/ab/abc.wav")
    assert not store.exists("clips/ab/abc.wav")


def test_list_gives_the_keys_under_a_folder(store):
    for key in ("episodes/a/a-1.mp3", "episodes/a/a-1.vtt", "episodes/b/b-1.mp3", "feed.xml"):
        store.write_bytes(key, key.encode())
    assert store.list("episodes/a") == ["episodes/a/a-1.mp3", "episodes/a/a-1.vtt"]
    assert store.list() == ["episodes/a/a-1.mp3", "episodes/a/a-1.vtt", "episodes/b/b-1.mp3", "feed.xml"]
    assert store.list("bulletins") == []


def test_put_file_copies_a_finished_file_and_leaves_it(store, tmp_path):
    source = tmp_path / "master.mp3"
    source.write_bytes(b"ID3" + bytes(5000))
    assert store.put_file("episodes/a/a-1.mp3", source) == 5003
    assert store.read_bytes("episodes/a/a-1.mp3") == source.read_bytes() and source.exists()


def test_local_copy_is_a_file_a_tool_can_read(store):
    store.write_bytes("episodes/a/a-1.wav", b"RIFF" + bytes(100))
    with store.local_copy("episodes/a/a-1.wav") as path:
        assert path.read_bytes() == b"RIFF" + bytes(100) and path.suffix == ".wav"


def test_writing_publishes_only_when_the_block_succeeds(store):
    store.write_bytes("episodes/a/a-1.mp3", b"old")
    with store.writing("episodes/a/a-1.mp3") as path:
        assert path.suffix == ".mp3"
        path.write_bytes(b"new")
        assert store.read_bytes("episodes/a/a-1.mp3") == b"old"  # readers still get the old file
    assert store.read_bytes("episodes/a/a-1.mp3") == b"new"
    with pytest.raises(RuntimeError), store.writing("episodes/a/a-1.mp3") as path:
        path.write_bytes(b"half")
        raise RuntimeError("ffmpeg stopped")
    assert store.read_bytes("episodes/a/a-1.mp3") == b"new"
    assert not path.exists()
    assert store.list("episodes/a") == ["episodes/a/a-1.mp3"]  # no temporary file left behind


def test_open_file_serves_ranges_of_one_version(store):
    data = bytes(range(256)) * 600
    store.write_bytes("episodes/a/a-1.mp3", data)
    opened = store.open_file("episodes/a/a-1.mp3")
    assert opened.info.size == len(data)
    assert b"".join(opened.chunks(1000, 70000)) == data[1000:71000]
    again = store.open_file("episodes/a/a-1.mp3")
    assert b"".join(again.chunks(0, len(data))) == data


@pytest.mark.parametrize("key", ["../ngoai.mp3", "/etc/passwd", "episodes/../../ngoai", "episodes//a.mp3",
                                 "episodes/./a.mp3", ""])
def test_keys_leaving_the_store_are_refused(store, key):
    with pytest.raises(ValueError):
        store.write_bytes(key, b"x")
    with pytest.raises(ValueError):
        store.read_bytes(key)


def test_a_reader_during_replacements_sees_the_old_file_or_the_new_one(store):
    old, new = b"a" * 300_000, b"b" * 400_000
    store.write_bytes("feed.xml", old)
    seen: set[bytes] = set()
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            seen.add(store.read_bytes("feed.xml"))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(10):
            store.write_bytes("feed.xml", new)
            store.write_bytes("feed.xml", old)
    finally:
        stop.set()
        reader.join()
    assert seen <= {old, new} and old in seen


def test_location_names_the_file_for_people(store):
    place = store.location("feed.xml")
    if isinstance(store, LocalStorage):
        assert Path(place) == store.root / "feed.xml"
    else:
        assert place.startswith("s3://") and place.endswith("/feed.xml")


def test_a_usable_store_passes_its_check(store):
    store.check()
    store.write_bytes("feed.xml", b"<rss/>")
    assert store.exists("feed.xml")
