"""``loa add`` and ``loa feed`` when the disk is full or the data directory cannot be written: one line
``loa: error: ...``, exit 1, no traceback, and nothing half-written (no temporary file left, the
feed and every stored article as they were)."""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import create_engine, select

from articles.db import ArticleRow
from tests.bad_input.conftest import BASE_URL, DATABASE_FILES, PUBLISHED_TITLE, feed_titles, snapshot
from tests.support.filesystems import namespaces_available, run_loa_on

NEW = {"id": "bai-dia", "title": "Đường ven biển thông xe",
       "body": "Tuyến đường ven biển dài 30 km chính thức thông xe sáng nay.", "published": "2026-11-27T07:00:00+07:00"}
DISK_FULL = ("no space left on the device", "database or disk is full", "disk I/O error")

pytestmark = pytest.mark.skipif(namespaces_available() is not None, reason=str(namespaces_available()))


@pytest.fixture
def article_file(tmp_path):
    path = tmp_path / "bai-dia.json"
    path.write_text(json.dumps(NEW, ensure_ascii=False), encoding="utf-8")
    return path


def env(station) -> dict[str, str]:
    return {"LOA_ENGINE": "espeak", "LOA_PUBLIC_BASE_URL": BASE_URL, "LOA_REDIS_URL": station.settings.redis_url}


PROGRESS_LINE = re.compile(r"article \d+/\d+ |  sentences \d+/\d+$")


def assert_one_line_error(result, *reasons: str) -> str:
    """One line of error after whatever progress was reported (``cli.progress``: plain lines off a terminal)."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if not PROGRESS_LINE.match(line)]
    assert len(lines) == 1 and lines[0].startswith("loa: error: "), result.stderr
    assert result.stderr.splitlines()[-1] == lines[0]
    assert "Traceback" not in result.stderr
    assert any(reason in lines[0] for reason in reasons), lines[0]
    return lines[0]


def assert_nothing_half_written(station, kept) -> None:
    """Every file as it was, none half-written; every stored article as it was; the new one, when
    the database took it at all, failed with its reason."""
    after = snapshot(kept)
    before = station.before
    assert {k: v for k, v in after.files.items() if k in before.files} == before.files
    extra = set(after.files) - set(before.files)
    assert not [k for k in extra if k.rsplit("/", 1)[-1].startswith(".")], extra  # temporary files
    assert all(k.startswith(("clips/", "episodes/bai-dia/")) for k in extra), extra
    assert feed_titles(kept) == [PUBLISHED_TITLE]
    for table, rows in before.rows.items():
        if table not in ("articles", "article_versions"):
            assert after.rows[table] == rows
    engine = create_engine(f"sqlite:///{kept / 'loa.db'}")
    try:
        with engine.connect() as connection:
            articles = {row.id: row for row in connection.execute(select(ArticleRow.__table__))}
    finally:
        engine.dispose()
    assert set(articles) - {"bai-dia"} == {"bai-goc", "bai-sua"}
    if "bai-dia" in articles:
        assert articles["bai-dia"].status == "failed"
        assert any(reason.lower() in articles["bai-dia"].error.lower() for reason in ("No space left", "disk"))


@pytest.mark.parametrize("free_kb", [0, 200])
def test_loa_add_on_a_full_disk(station, article_file, tmp_path, free_kb):
    result = run_loa_on("full", station.data_dir, tmp_path / "run", ["add", str(article_file)], env(station),
                        free_kb=free_kb)
    assert_one_line_error(result, *DISK_FULL)
    assert_nothing_half_written(station, tmp_path / "run" / "var")


@pytest.mark.parametrize("free_kb", [0, 32])
def test_loa_feed_on_a_full_disk(station, tmp_path, free_kb):
    result = run_loa_on("full", station.data_dir, tmp_path / "run", ["feed"], env(station), free_kb=free_kb)
    assert_one_line_error(result, *DISK_FULL)
    kept = tmp_path / "run" / "var"
    assert snapshot(kept) == station.before
    assert feed_titles(kept) == [PUBLISHED_TITLE]


@pytest.mark.parametrize("command", [["add", "ARTICLE"], ["feed"]])
def test_a_read_only_data_directory(station, article_file, tmp_path, command):
    args = [str(article_file) if part == "ARTICLE" else part for part in command]
    result = run_loa_on("read-only", station.data_dir, tmp_path / "run", args, env(station))
    line = assert_one_line_error(result, "cannot be used")
    assert line.endswith("(is the disk full, or the data directory read-only?)")
    kept = tmp_path / "run" / "var"
    assert {k: v for k, v in snapshot(kept).files.items() if k not in DATABASE_FILES} == station.before.files


def test_a_data_directory_that_cannot_be_made(station, article_file, tmp_path):
    result = run_loa_on("read-only-parent", station.data_dir, tmp_path / "run", ["add", str(article_file)],
                        env(station))
    line = assert_one_line_error(result, "the file system is read-only")
    assert line == f"loa: error: {tmp_path / 'run' / 'mnt' / 'var'}: the file system is read-only"
