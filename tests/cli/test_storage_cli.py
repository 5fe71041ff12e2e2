"""The ``loa`` command with its files in an S3-compatible bucket (a real moto server): it says where
they are, and an unreachable store is one line, never a traceback."""
from __future__ import annotations

import json

import feedparser
from click.testing import CliRunner

from cli.main import main
from loa.s3storage import S3Storage
from tests.support.s3 import S3_ENV, free_port

ARTICLE = {
    "id": "mua-vang-01", "title": "Nông dân vào mùa gặt lúa",
    "body": "Những ngày này, nông dân ở đồng bằng đang gặt lúa mùa. Năng suất ước đạt sáu tấn một héc ta.",
    "published": "2026-11-28T06:00:00+07:00",
}


def loa(env: dict[str, str], *args: str):
    return CliRunner(mix_stderr=False).invoke(main, list(args), env=env)


def test_add_renders_into_the_bucket_and_says_where(tmp_path, s3_env, redis_url, redis_prefix):
    url = s3_env.storage_url()
    env = {"LOA_DATA_DIR": str(tmp_path / "var"), "LOA_ENGINE": "espeak", "LOA_STORAGE_URL": url,
           "LOA_S3_ENDPOINT_URL": s3_env.endpoint_url, "LOA_REDIS_URL": redis_url, "LOA_KEY_PREFIX": redis_prefix,
           "LOA_PUBLIC_BASE_URL": "https://radio.example.vn/loa", "LOA_DROP_FOLDER": str(tmp_path / "drop"),
           "LOA_DATABASE_URL": "", **S3_ENV}
    source = tmp_path / "bai.json"
    source.write_text(json.dumps(ARTICLE, ensure_ascii=False), encoding="utf-8")
    result = loa(env, "add", str(source))
    assert result.exit_code == 0, result.stderr
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    assert lines["feed"] == f"{url}/feed.xml"
    assert lines["audio"].startswith(f"{url}/episodes/mua-vang-01/") and lines["audio"].endswith(".mp3")
    storage = S3Storage.from_url(url, endpoint_url=s3_env.endpoint_url)
    feed = feedparser.parse(storage.read_bytes("feed.xml"))
    assert [e.title for e in feed.entries] == [ARTICLE["title"]]
    assert storage.exists(lines["audio"].removeprefix(url + "/"))
    assert [p.suffix for p in (tmp_path / "drop").glob("*.wav")] == [".wav"]  # the radio's copy, from the bucket
    assert not list((tmp_path / "var").rglob("*.mp3"))


def test_an_unreachable_store_is_one_line_naming_it(tmp_path, s3_env):
    env = {"LOA_DATA_DIR": str(tmp_path / "var"), "LOA_STORAGE_URL": "s3://loa-media/tin",
           "LOA_S3_ENDPOINT_URL": f"http://127.0.0.1:{free_port()}", "LOA_DATABASE_URL": "", **S3_ENV}
    result = loa(env, "feed")
    assert result.exit_code == 1
    assert result.stderr.startswith("loa: error: s3://loa-media/tin/") and "cannot be used" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_worker_and_serve_refuse_to_start_on_a_bucket_they_cannot_use(tmp_path, s3_env):
    base = {"LOA_DATA_DIR": str(tmp_path / "var"), "LOA_DATABASE_URL": "", **S3_ENV}
    missing = {**base, "LOA_STORAGE_URL": "s3://khong-co-xo/tin", "LOA_S3_ENDPOINT_URL": s3_env.endpoint_url}
    result = loa(missing, "worker")
    assert result.exit_code == 1 and result.stderr == "loa: error: s3://khong-co-xo: no such bucket\n"
    unreachable = {**base, "LOA_STORAGE_URL": "s3://loa-media/tin",
                   "LOA_S3_ENDPOINT_URL": f"http://127.0.0.1:{free_port()}"}
    result = loa(unreachable, "serve")
    assert result.exit_code == 1 and result.stderr.startswith("loa: error: s3://loa-media/tin: the object store ")
    assert len(result.stderr.splitlines()) == 1
