"""A real ``loa serve`` for the integration kit's tests (one for them all), and the tools they run."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from articles.model import Article
from articles.store import ArticleState, Store
from tests.conftest import _free_port
from tests.support.faults import settings_of
from tests.support.workers import REPO_ROOT, loa_env, wait_for

SECRET = "bi-mat-chung-voi-toa-soan-0123456789abcdef"
KIT = REPO_ROOT / "integrations"


@dataclass
class Loa:
    """A running ``loa serve`` and a look into its store."""

    base: str
    secret: str
    store: Store

    def article(self, article_id: str) -> Article | None:
        return self.store.get_article(article_id)

    def state(self, article_id: str) -> ArticleState | None:
        return self.store.state(article_id)


@pytest.fixture(scope="package")
def loa(tmp_path_factory, redis_url):
    """One server for the kit's tests, stopped after the last of them."""
    folder = tmp_path_factory.mktemp("loa")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = loa_env(folder / "var", redis_url, LOA_WEBHOOK_SECRET=SECRET, LOA_PUBLIC_BASE_URL=base)
    log = open(folder / "serve.log", "ab")
    server = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--port", str(port)], env=env, cwd=REPO_ROOT,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    store: Store | None = None
    try:
        def answers() -> bool:
            assert server.poll() is None, (folder / "serve.log").read_text()
            try:
                return httpx.get(f"{base}/api/segments", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for(answers, 90, "loa serve")
        store = Store(settings_of(env).db_url)
        yield Loa(base, SECRET, store)
    finally:
        if store is not None:
            store.close()
        server.terminate()
        server.wait(timeout=15)
        log.close()


def tool(name: str) -> str:
    """The program's path; without it the test is skipped here, and fails under CI (which installs it)."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI (.ci/run installs it)")
        pytest.skip(f"{name} is not installed")
    return found


def run(args: list[str], env: dict[str, str] | None = None, stdin: str | None = None,
        cwd: Path = KIT) -> subprocess.CompletedProcess:
    """A program of the kit, with only PATH from this environment (and what ``env`` adds)."""
    return subprocess.run(args, env={"PATH": os.environ["PATH"], **(env or {})}, input=stdin, capture_output=True,
                          text=True, timeout=60, cwd=cwd)
