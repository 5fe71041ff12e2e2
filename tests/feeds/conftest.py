"""The Podcast Index's feed parser (podcast-partytime, a Node package) as a pytest fixture.

The package is installed into ``tests/feeds/js/node_modules`` once, from the lockfile.
Without node or npm, or when the install fails (no network), the tests that need it
are skipped on a developer machine and fail in CI (``CI`` set), so a CI run can never
pass without having run them.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from itertools import count
from pathlib import Path

import pytest

from tests.support.once import machine_lock

JS_DIR = Path(__file__).parent / "js"
PARTYTIME_PACKAGE = JS_DIR / "node_modules" / "podcast-partytime" / "package.json"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def _install(npm: str) -> None:
    try:
        result = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefer-offline"],
            cwd=JS_DIR,
            capture_output=True,
            text=True,
            timeout=300,
        )
    except subprocess.TimeoutExpired:
        _unavailable("npm install of podcast-partytime timed out after 300 s")
        return
    if result.returncode != 0 or not PARTYTIME_PACKAGE.is_file():
        _unavailable(
            f"npm install in {JS_DIR} failed (exit {result.returncode}):\n{result.stderr[-2000:]}"
        )


@pytest.fixture(scope="session")
def partytime(tmp_path_factory) -> Callable[[bytes], dict | None]:
    """``parse(document)``: what podcast-partytime reads from the feed bytes (None if rejected)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        _unavailable("node and npm are needed to run podcast-partytime (npm install in tests/feeds/js)")
    if not PARTYTIME_PACKAGE.is_file():
        with machine_lock("loa-tests-partytime"):
            if not PARTYTIME_PACKAGE.is_file():  # another test process may have installed it meanwhile
                _install(npm)

    folder = tmp_path_factory.mktemp("partytime")
    numbers = count()

    def parse(document: bytes) -> dict | None:
        path = folder / f"feed-{next(numbers)}.xml"
        path.write_bytes(document)
        result = subprocess.run(
            [node, "parse.js", str(path)],
            cwd=JS_DIR,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return parse
