"""Shared fixtures: settings on a temporary data directory, a real Redis, PostgreSQL schemas.

Redis: ``LOA_REDIS_URL`` when it answers (only the database in that URL is used, and no database is
ever flushed: every test keeps its keys under a prefix of its own, removed at the end of the session),
else a throwaway ``redis-server`` this session starts and stops.
"""
from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest

from loa.settings import Settings
from tests.support.workers import PREFIXES_USED, delete_prefixed_keys, key_prefix

REPO_ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("LOA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Embedded defaults on a fresh data directory, offline engine."""
    return Settings(data_dir=tmp_path / "var", engine="espeak", public_base_url="https://radio.example.vn/loa")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_answers(url: str, timeout: float = 1.0) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout).ping())
    except Exception:
        return False


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """``LOA_REDIS_URL`` when it answers, else a throwaway redis-server on a free port."""
    given = os.environ.get("LOA_REDIS_URL")
    if given and redis_answers(given):
        yield given
        return
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("no Redis: set LOA_REDIS_URL to a reachable server or install redis-server")
    port = _free_port()
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while not redis_answers(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"redis-server did not start on port {port}")
        time.sleep(0.05)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session", autouse=True)
def _remove_our_redis_keys():
    """At the end of the session, remove the keys written under the prefixes the tests used."""
    yield
    for url, prefix in sorted(PREFIXES_USED):
        try:
            delete_prefixed_keys(url, prefix)
        except Exception:  # the server is gone (a throwaway one, stopped first): nothing left to remove
            pass


@pytest.fixture
def redis_prefix(redis_url) -> str:
    """A Redis key prefix of this test's own on the session's Redis (``LOA_KEY_PREFIX``)."""
    return key_prefix(redis_url)


@pytest.fixture
def postgres_url():
    """A fresh schema on the PostgreSQL server, dropped afterwards."""
    from sqlalchemy import create_engine, text

    admin = create_engine(POSTGRES_URL)
    schema = f"loa_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as err:
        admin.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {POSTGRES_URL} is required in CI: {err}")
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}")
    sep = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """Each store test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'loa.db'}"
    return request.getfixturevalue("postgres_url")


def redis_host_port(url: str) -> tuple[str, int]:
    parsed = urlparse(url)
    return parsed.hostname or "127.0.0.1", parsed.port or 6379


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server on a free port (in a thread of this process, reachable by worker processes)
    and a bucket of this session's."""
    from moto.server import ThreadedMotoServer

    from tests.support.s3 import S3Server, client, free_port

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    bucket = f"loa-test-{uuid.uuid4().hex[:10]}"
    client(endpoint).create_bucket(Bucket=bucket)
    yield S3Server(endpoint, bucket)
    server.stop()


@pytest.fixture
def s3_env(s3_server, monkeypatch):
    """boto3's credentials and region for the test server, in this process's environment."""
    from tests.support.s3 import S3_ENV

    for name, value in S3_ENV.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        monkeypatch.delenv(name, raising=False)
    return s3_server
