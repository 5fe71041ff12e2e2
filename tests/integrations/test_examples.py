"""The examples in integrations/examples, run as a CMS developer would run them against a real Loa:
each sends a signed article that Loa accepts and stores, and a wrong secret is refused."""
from __future__ import annotations

import ast
import json
import sys

import pytest

from tests.integrations.conftest import KIT, run, tool

EXAMPLES = KIT / "examples"
SAMPLE = json.loads((EXAMPLES / "bai-mau.json").read_text(encoding="utf-8"))


def command(kind: str) -> list[str]:
    """How a developer runs the example (the programs it needs are checked first)."""
    if kind == "curl":
        tool("curl"), tool("openssl")
        return [tool("bash"), str(EXAMPLES / "send-article.sh")]
    if kind == "python":
        return [sys.executable, "-I", str(EXAMPLES / "send_article.py")]
    if kind == "node":
        return [tool("node"), str(EXAMPLES / "send-article.mjs")]
    return [tool("php"), str(EXAMPLES / "send-article.php")]


def article_file(tmp_path, article_id: str) -> str:
    path = tmp_path / f"{article_id}.json"
    path.write_text(json.dumps({**SAMPLE, "id": article_id}, ensure_ascii=False), encoding="utf-8")
    return str(path)


KINDS = ["curl", "python", "node", "php"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_example_sends_an_article_that_loa_accepts_and_stores(kind, loa, tmp_path):
    article_id = f"vd-{kind}"
    done = run([*command(kind), article_file(tmp_path, article_id)],
               {"LOA_URL": loa.base + "/", "LOA_WEBHOOK_SECRET": loa.secret})

    assert done.returncode == 0, done.stdout + done.stderr
    status, answer = done.stdout.split("\n", 1)
    assert status == "HTTP 202"
    assert json.loads(answer)["id"] == article_id and json.loads(answer)["status"] == "queued"
    stored = loa.article(article_id)
    assert stored is not None
    assert stored.title == SAMPLE["title"] and stored.author == SAMPLE["author"] and stored.url == SAMPLE["url"]
    assert [b.text for b in stored.blocks] == SAMPLE["body"].split("\n\n")
    assert (stored.section, list(stored.tags)) == (SAMPLE["category"], SAMPLE["tags"])


@pytest.mark.parametrize("kind", KINDS)
def test_a_wrong_secret_is_refused_and_nothing_is_stored(kind, loa, tmp_path):
    article_id = f"vd-sai-{kind}"
    done = run([*command(kind), article_file(tmp_path, article_id)],
               {"LOA_URL": loa.base, "LOA_WEBHOOK_SECRET": "not-the-secret"})

    assert done.returncode == 1
    status, answer = done.stdout.split("\n", 1)
    assert status == "HTTP 401"
    assert "does not match" in json.loads(answer)["detail"]
    assert "not-the-secret" not in done.stdout + done.stderr
    assert loa.article(article_id) is None


@pytest.mark.parametrize("kind", KINDS)
def test_without_a_secret_the_example_says_what_to_set_and_sends_nothing(kind, tmp_path):
    done = run([*command(kind), article_file(tmp_path, "vd-khong")], {"LOA_URL": "http://127.0.0.1:9"})

    assert done.returncode != 0
    assert "LOA_WEBHOOK_SECRET" in done.stderr


def test_the_python_example_needs_nothing_but_the_standard_library():
    tree = ast.parse((EXAMPLES / "send_article.py").read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= sys.stdlib_module_names


def test_the_node_example_uses_only_node_built_ins():
    source = (EXAMPLES / "send-article.mjs").read_text(encoding="utf-8")
    imports = [line.split(" from ")[1] for line in source.splitlines() if line.startswith("import ")]
    assert imports and all(name.strip("'\";").startswith("node:") for name in imports)
