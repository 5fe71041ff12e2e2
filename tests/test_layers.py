"""The map as a rule: data flows one way (article → text → audio → feed), ``worker`` orchestrates,
``web`` and ``cli`` are doors at the top, ``loa`` is the ground floor and imports nothing of ours.

Every import of every module is read (at the top of a file or inside a function alike) and must
point at the package itself or at one the map puts below it.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# package -> the packages of ours it may import
ALLOWED = {
    "loa": set(),
    "vntext": set(),
    "articles": {"loa"},
    "audio": {"loa", "vntext"},
    "feeds": {"loa", "articles"},
    "worker": {"loa", "vntext", "articles", "audio", "feeds"},
    "web": {"loa", "vntext", "articles", "audio", "feeds", "worker"},
    "cli": {"loa", "vntext", "articles", "audio", "feeds", "worker", "web"},
}


def imported_packages(path: Path) -> set[str]:
    """The top-level names ``path`` imports, wherever the import statement stands."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_rule_sees_imports_inside_functions():
    source = ROOT / "tests" / "test_layers.py"
    assert {"ast", "pathlib", "pytest", "__future__"} <= imported_packages(source)


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_a_package_imports_only_what_the_map_puts_below_it(package):
    ours = set(ALLOWED)
    wrong = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        bad = (imported_packages(path) & ours) - ALLOWED[package] - {package}
        if bad:
            wrong[str(path.relative_to(ROOT))] = sorted(bad)
    assert wrong == {}


def test_every_package_of_ours_is_on_the_map():
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "bench"}
    assert packages == set(ALLOWED)


def test_the_command_line_imports_at_the_top_of_its_files():
    late = {}
    for path in sorted((ROOT / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner = [n.lineno for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom))]
                if inner:
                    late.setdefault(path.name, []).extend(inner)
    assert late == {}
