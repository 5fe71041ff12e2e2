"""Bad files and sources given to ``loa add``: binary, empty, huge, invalid UTF-8, a directory, HTML
without text, JSON of the wrong shape or with bad fields, URLs Loa must not fetch. Each gives one
line ``loa: error: ...`` and exit 1; nothing stored changes and the feed still parses."""
from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from cli.main import main
from tests.bad_input.conftest import BASE_URL

TEXT = "Mưa lớn ở miền núi\n\nMưa lớn kéo dài suốt đêm qua ở các huyện miền núi của tỉnh.\n"


def json_file(**fields) -> bytes:
    doc = {"id": "bai-tep", "title": "Mưa lớn ở miền núi", "body": "Mưa lớn kéo dài suốt đêm qua."} | fields
    return json.dumps({k: v for k, v in doc.items() if v is not None}).encode()


# (id, file name, what it holds (None: make a directory), the message or a stable part of it)
FILES: list[tuple[str, str, bytes | None, str]] = [
    ("binary", "anh.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)), "not valid UTF-8 (byte 0xff"),
    ("binary that is valid UTF-8", "dulieu.bin", b"\x00\x01\x02\x03" * 64, "contains NUL bytes (at position 0)"),
    ("empty", "rong.txt", b"", "the article is empty"),
    ("whitespace only", "trang.txt", b" \n\t\n  \r\n", "the article is empty"),
    ("huge", "lon.txt", b"a" * (5 * 1024 * 1024 + 1), "file is larger than 5 MB"),
    ("over the article limit", "dai.txt", ("Tiêu đề\n" + "Tin dài về một sự kiện của tỉnh. " * 3100).encode(),
     "characters of text, more than the 100,000 Loa reads (LOA_MAX_ARTICLE_CHARS)"),
    ("invalid UTF-8", "latin.txt", "Tin tức hôm nay".encode("cp1258", "replace") + b"\xfe", "not valid UTF-8"),
    ("UTF-16 with a BOM", "utf16.txt", TEXT.encode("utf-16"), "not valid UTF-8 (byte 0xff at position 0)"),
    ("UTF-16 without a BOM", "utf16le.txt", "Mua lon\n\nMua lon keo dai suot dem qua.".encode("utf-16-le"),
     "contains NUL bytes (at position 1): not a UTF-8 text file"),
    ("a directory", "thu-muc", None, "is a directory, not an article file"),
    ("HTML without text", "trong.html", b"<html><head><title>x</title></head><body><div></div></body></html>",
     "no article text found in the HTML page"),
    ("HTML of scripts only", "kich-ban.html",
     b"<html><body><script>alert(1)</script><style>p{}</style></body></html>", "no article text found"),
    ("JSON list", "ds.json", b'[{"title": "Tin", "body": "Than bai"}]', "JSON must be an object with title and body"),
    ("JSON number", "so.json", b"42", "JSON must be an object with title and body"),
    ("JSON nested 5000 deep", "sau.json", b"[" * 5000 + b"]" * 5000, "the JSON is nested too deeply to be an article"),
    ("JSON broken", "hong.json", b'{"title": "Tin"', "invalid JSON (Expecting ',' delimiter at line 1 column 16)"),
    ("JSON url javascript:", "js.json", json_file(url="javascript:alert(document.domain)//http://x"),
     "'url' must be an absolute http or https URL, not a javascript: URL"),
    ("JSON url as a list", "ds-url.json", json_file(url=["https://radio.example.vn"]), "'url' must be text (a URL), not a list"),
    ("JSON priority 10^30", "uu-tien.json", json_file(priority=10**30), "'priority' must be a whole number from -1000 to 1000"),
    ("JSON lone surrogate", "ky-tu.json", json_file(title="Tin \ud800"), "'title' contains U+D800"),
    ("JSON published in year 9999", "nam.json", json_file(published="9999-12-31T23:59:59-07:00"),
     "'published' must fall between 1900 and 2199"),
    ("JSON title of the wrong type", "tieu-de.json", json_file(title={"vi": "Tin"}), "'title' must be text, not an object"),
    ("JSON older than the stored copy", "cu.json", json_file(id="bai-goc", version=4),
     "article bai-goc: its version 4 is older than version 5, already received; nothing was changed"),
]

# (id, source, the message or a stable part of it)
SOURCES: list[tuple[str, str, str]] = [
    ("missing file", "khong-co.txt", "no such file"),
    ("ftp URL", "ftp://radio.example.vn/tin.txt", "only http and https"),
    ("file URL", "file:///etc/passwd", "only http and https"),
    ("loopback URL", "http://127.0.0.1:9/tin", "loopback"),
    ("cloud metadata URL", "http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
    ("URL with a password", "https://cms:mat-khau@radio.example.vn/tin/1",
     "https://radio.example.vn/tin/1: a URL with a user name or password is not fetched"),
]


@pytest.fixture(scope="module")
def loa(station):
    env = {"LOA_DATA_DIR": str(station.data_dir), "LOA_ENGINE": "espeak", "LOA_PUBLIC_BASE_URL": BASE_URL,
           "LOA_REDIS_URL": station.settings.redis_url, "LOA_DATABASE_URL": "", "LOA_FETCH_ALLOW_PRIVATE": "false"}

    def run(*args: str):
        return CliRunner(mix_stderr=False).invoke(main, list(args), env=env)

    return run


def assert_refused(result, message: str) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr, result.exception)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("loa: error: "), result.stderr
    assert message in lines[0]


@pytest.mark.parametrize("name, content, message", [c[1:] for c in FILES], ids=[c[0] for c in FILES])
def test_loa_add_refuses_a_bad_file_and_changes_nothing(loa, station, tmp_path, name, content, message):
    path = tmp_path / name
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)

    result = loa("add", str(path))

    assert_refused(result, message)
    assert result.stderr.startswith(f"loa: error: {path}: ") or "article bai-goc" in result.stderr
    station.assert_unchanged()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files without read permission")
def test_loa_add_refuses_an_unreadable_file(loa, station, tmp_path):
    path = tmp_path / "khoa.txt"
    path.write_text(TEXT)
    path.chmod(0)
    assert_refused(loa("add", str(path)), "permission denied")
    station.assert_unchanged()


@pytest.mark.parametrize("source, message", [c[1:] for c in SOURCES], ids=[c[0] for c in SOURCES])
def test_loa_add_refuses_a_source_it_must_not_read(loa, station, tmp_path, monkeypatch, source, message):
    monkeypatch.chdir(tmp_path)
    result = loa("add", source)
    assert_refused(result, message)
    assert "mat-khau" not in result.stderr
    station.assert_unchanged()


def test_loa_add_names_the_file_it_could_not_read(loa, station, tmp_path):
    dangling = tmp_path / "lien-ket"
    dangling.symlink_to(tmp_path / "da-xoa.txt")  # a link to nothing
    assert_refused(loa("add", str(dangling)), f"{dangling}: no such file")
    station.assert_unchanged()
