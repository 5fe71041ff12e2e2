"""axe-core (Deque's accessibility engine, from npm) run inside a page by the browser tests.

The package is installed into ``tests/web/browser/js/node_modules`` once, from the lockfile. Without
npm, or when the install fails (no registry), the tests that need it are skipped on a developer
machine and fail in CI (``CI`` set). Injecting a script into our pages needs a browser context made
with ``bypass_csp=True``: the pages' policy refuses inline script, as it should.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.once import machine_lock

JS_DIR = Path(__file__).resolve().parent.parent / "web" / "browser" / "js"
AXE = JS_DIR / "node_modules" / "axe-core" / "axe.min.js"
# The WCAG 2.1 A and AA rules and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def axe_script() -> Path:
    """The path of ``axe.min.js``, installed with npm on first use."""
    if AXE.is_file():
        return AXE
    with machine_lock("loa-tests-axe"):
        return _install_axe()


def _install_axe() -> Path:
    if AXE.is_file():  # another test process installed it while this one waited
        return AXE
    npm = shutil.which("npm")
    if npm is None:
        _unavailable("npm is needed to install axe-core (npm install in tests/web/browser/js)")
        raise AssertionError  # not reached
    try:
        result = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefer-offline"], cwd=JS_DIR,
                                capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        _unavailable("npm install of axe-core timed out after 300 s")
        raise AssertionError from None
    if result.returncode != 0 or not AXE.is_file():
        _unavailable(f"npm ci in {JS_DIR} failed (exit {result.returncode}):\n{result.stderr[-2000:]}")
    return AXE


def violations(page, selector: str | None = None) -> list[str]:
    """What axe finds wrong in ``page`` (or in the element ``selector``), one line per rule and element."""
    page.add_script_tag(path=str(axe_script()))
    found = page.evaluate(
        "async ([context, tags]) => (await axe.run(context || document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => v.nodes.map(n => v.id + ': ' + v.help + ' — ' + n.target.join(' ')))",
        [selector, TAGS])
    return [line for lines in found for line in lines]
