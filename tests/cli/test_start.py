"""Every door checks the settings at start: ``loa`` commands, the worker and the web app refuse a bad
value with one line and a non-zero exit, and the long-running ones warn while the feed's owner is
still the placeholder."""
from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from tests.support.workers import REPO_ROOT, loa_env, run_loa, wait_for

BITRATE = "loa: error: LOA_MP3_BITRATE=abc: expected a bitrate like 64k (8k to 320k)"
BASE_URL = "loa: error: LOA_PUBLIC_BASE_URL=notaurl: expected an http(s) URL"


@pytest.fixture
def env(tmp_path, redis_url) -> dict[str, str]:
    return loa_env(tmp_path / "var", redis_url, LOA_SECRET_KEY="k" * 40)


@pytest.mark.parametrize("args", [["status", "bai-1"], ["worker"], ["serve", "--port", "1"], ["articles"]])
def test_a_bad_setting_stops_every_door_with_one_line(env, args, tmp_path):
    result = run_loa(args, {**env, "LOA_MP3_BITRATE": "abc"}, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == BITRATE
    assert not (tmp_path / "var").exists()  # nothing was made


def test_a_worker_started_by_celery_itself_gives_the_same_line(env):
    result = subprocess.run([sys.executable, "-m", "celery", "-A", "worker.app", "worker"], capture_output=True,
                            text=True, env={**env, "LOA_PUBLIC_BASE_URL": "notaurl"}, cwd=REPO_ROOT, timeout=60)
    assert result.returncode != 0
    assert BASE_URL in result.stderr and "Traceback" not in result.stderr


def test_version(env):
    result = run_loa(["--version"], env, timeout=30)
    assert result.returncode == 0
    assert result.stdout.strip() == "loa 0.1.0"


def test_serving_with_the_placeholder_owner_warns_once(env, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--port", str(port)], env=env,
                                  cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_for(lambda: server.poll() is not None or "Uvicorn running" in log.read_text(), 60, "the server")
        finally:
            server.terminate()
            server.wait(timeout=15)
    assert log.read_text().count("loa: warning: LOA_FEED_AUTHOR and LOA_FEED_EMAIL still hold the placeholder") == 1
