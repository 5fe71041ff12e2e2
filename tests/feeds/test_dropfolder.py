import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from audio.clip import Clip
from feeds.dropfolder import Sidecar, export, remove

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PUBLISHED = datetime(2026, 11, 27, 7, 30, tzinfo=HCM)


@pytest.fixture
def wav(tmp_path):
    path = tmp_path / "master.wav"
    path.write_bytes(Clip.silence(1.5, 48000).to_wav())
    return path


def sidecar(**changes):
    values = dict(title="Tỉnh chủ động ứng phó mưa lớn", duration=1.5, published=PUBLISHED,
                  kill_date=PUBLISHED + timedelta(days=2), source_url="https://radio.example.vn/tin/1")
    values.update(changes)
    return Sidecar(**values)


def test_export_writes_wav_and_sidecar_and_nothing_else(tmp_path, wav):
    folder = tmp_path / "drop"
    target = export(folder, "mua-lon-01", wav, sidecar())
    assert target.read_bytes() == wav.read_bytes()
    meta = json.loads((folder / "mua-lon-01.json").read_text(encoding="utf-8"))
    assert meta == {"title": "Tỉnh chủ động ứng phó mưa lớn", "duration": 1.5,
                    "published": "2026-11-27T07:30:00+07:00", "kill_date": "2026-11-29T07:30:00+07:00",
                    "source_url": "https://radio.example.vn/tin/1", "kind": "segment"}
    assert sorted(p.name for p in folder.iterdir()) == ["mua-lon-01.json", "mua-lon-01.wav"]


def test_export_again_replaces_and_remove_clears(tmp_path, wav):
    folder = tmp_path / "drop"
    export(folder, "mua-lon-01", wav, sidecar())
    export(folder, "mua-lon-01", wav, sidecar(title="Cập nhật: mưa lớn"))
    assert json.loads((folder / "mua-lon-01.json").read_text())["title"] == "Cập nhật: mưa lớn"
    assert remove(folder, "mua-lon-01") is True
    assert list(folder.iterdir()) == []
    assert remove(folder, "mua-lon-01") is False


def test_failed_copy_leaves_no_temporary_file(tmp_path):
    folder = tmp_path / "drop"
    with pytest.raises(FileNotFoundError):
        export(folder, "x", tmp_path / "missing.wav", sidecar())
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("name", ["", "../x", ".hidden"])
def test_bad_names_are_refused(tmp_path, wav, name):
    with pytest.raises(ValueError):
        export(tmp_path, name, wav, sidecar())
