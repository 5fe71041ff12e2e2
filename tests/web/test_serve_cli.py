"""``loa serve``'s start-up checks: no staff sessions beyond loopback without LOA_SECRET_KEY."""
from __future__ import annotations

import socket
import subprocess
import sys

import httpx
import pytest

from tests.support.workers import REPO_ROOT, loa_env, run_loa, wait_for


@pytest.fixture
def env(tmp_path, redis_url) -> dict[str, str]:
    return {k: v for k, v in loa_env(tmp_path / "var", redis_url).items() if k != "LOA_SECRET_KEY"}


@pytest.mark.parametrize("args,where", [(["--host", "0.0.0.0"], "on 0.0.0.0"),
                                        (["--host", "192.0.2.10"], "on 192.0.2.10"),
                                        (["--production"], "in production")])
def test_serving_others_without_a_secret_key_is_refused_with_one_line(env, args, where):
    result = run_loa(["serve", *args, "--port", "1"], env, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == (f"loa: error: LOA_SECRET_KEY is empty: set it to a long random value before "
                                     f"serving {where} (every web process must share it)")


def test_a_bad_trusted_proxy_setting_is_refused_with_one_line(env):
    result = run_loa(["serve", "--port", "1"], {**env, "LOA_SECRET_KEY": "k" * 40, "LOA_TRUSTED_PROXIES": "10.0.0.0/8, nhà"},
                     timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == ("loa: error: LOA_TRUSTED_PROXIES: 'nhà' is not an IP address or network "
                                     "(e.g. 10.0.0.5 or 10.0.0.0/24)")


def test_a_development_server_on_loopback_makes_its_own_key_and_warns(env, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--port", str(port)], env=env, cwd=REPO_ROOT,
                                  stdout=out, stderr=subprocess.STDOUT)
        try:
            def answers() -> bool:
                assert server.poll() is None, log.read_text()
                try:
                    return httpx.get(f"http://127.0.0.1:{port}/dang-nhap", timeout=1).status_code == 200
                except httpx.HTTPError:
                    return False

            wait_for(answers, 90, "the development server")
            page = httpx.get(f"http://127.0.0.1:{port}/dang-nhap", timeout=5)
            assert "server" not in page.headers  # no advertising of the server software
        finally:
            server.terminate()
            server.wait(timeout=15)
    assert ("loa: warning: LOA_SECRET_KEY is empty: this development server signs sessions with a key of its own; "
            "they end when it stops") in log.read_text()
