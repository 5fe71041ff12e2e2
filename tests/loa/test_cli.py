"""The ``loa`` command: bad input gives one line, a non-zero exit, and changes nothing."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.workers import REPO_ROOT, measured

GOOD = {
    "id": "bai-tot", "title": "Khánh thành cầu mới qua sông Hiếu",
    "body": "Sáng nay, tỉnh khánh thành cây cầu mới qua sông Hiếu.\n\nCầu dài 320 mét, rộng 12 mét.",
    "published": "2026-11-20T09:00:00+07:00", "author": "Thanh Tâm",
}


def loa(args, data_dir: Path) -> subprocess.CompletedProcess:
    env = measured({"PATH": "/usr/bin:/bin", "LOA_DATA_DIR": str(data_dir), "LOA_ENGINE": "espeak",
           "PYTHONPATH": str(REPO_ROOT), "HOME": str(data_dir.parent)})
    return subprocess.run([sys.executable, "-m", "cli", *args], env=env, capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=120)


@pytest.fixture(scope="module")
def rendered_once(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("rendered")
    good = folder / "good.json"
    good.write_text(json.dumps(GOOD, ensure_ascii=False), encoding="utf-8")
    result = loa(["add", str(good)], folder / "var")
    assert result.returncode == 0, result.stderr
    return folder / "var"


@pytest.fixture
def rendered(rendered_once, tmp_path) -> Path:
    """A data directory of its own for each test, holding the rendered good article."""
    data_dir = tmp_path / "var"
    shutil.copytree(rendered_once, data_dir)
    return data_dir


def snapshot(data_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data_dir)): p.read_bytes() for p in sorted(data_dir.rglob("*"))
            if p.is_file() and not p.name.startswith("loa.db")}


def test_add_renders_and_status_reports(rendered):
    status = loa(["status", "bai-tot"], rendered)
    assert status.returncode == 0
    assert "status:   published" in status.stdout
    assert (rendered / "feed.xml").is_file()


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", "the article is empty"),
    ("blank.txt", b"  \n\n \t \n", "the article is empty"),
    ("latin1.txt", "Tin tức".encode("cp1258", errors="replace") + b"\xff\xfe", "not valid UTF-8"),
    ("nobody.json", json.dumps({"title": "Tiêu đề", "body": "— … !!!"}).encode(), "no body text"),
    ("broken.json", b'{"title": ', "invalid JSON"),
])
def test_bad_input_changes_nothing(rendered, tmp_path, name, content, message):
    before = snapshot(rendered)
    status_before = loa(["status", "bai-tot"], rendered).stdout
    path = tmp_path / name
    path.write_bytes(content)
    result = loa(["add", str(path)], rendered)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("loa: error:")
    assert snapshot(rendered) == before
    assert loa(["status", "bai-tot"], rendered).stdout == status_before


def test_unreadable_path(rendered, tmp_path):
    before = snapshot(rendered)
    result = loa(["add", str(tmp_path / "khong-ton-tai.txt")], rendered)
    assert result.returncode != 0
    assert result.stderr.strip() == f"loa: error: {tmp_path / 'khong-ton-tai.txt'}: no such file"
    assert snapshot(rendered) == before


def test_status_of_unknown_article(rendered):
    result = loa(["status", "khong-co"], rendered)
    assert result.returncode != 0 and "no article with id 'khong-co'" in result.stderr


def test_feed_command_rebuilds_from_database(rendered):
    feed = rendered / "feed.xml"
    original = feed.read_bytes()
    feed.unlink()
    result = loa(["feed"], rendered)
    assert result.returncode == 0 and feed.read_bytes() == original
