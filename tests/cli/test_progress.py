"""Progress while long work runs: a bar redrawn in place on a terminal, plain lines otherwise; the
results stay alone on standard output."""
from __future__ import annotations

import io
import json
import os
import pty
import re
import subprocess
import sys

from click.testing import CliRunner

from cli.main import main
from cli.progress import Progress
from tests.support.workers import REPO_ROOT, measured

ARTICLE = {"id": "bai-mua", "title": "Mưa lớn ở miền núi", "published": "2026-11-20T09:00:00+07:00",
           "body": "Mưa lớn kéo dài suốt đêm qua. Nước sông lên nhanh.\n\nNgười dân đã được di dời an toàn."}


def test_plain_lines_name_the_article_and_count_the_sentences():
    out = io.StringIO()
    progress = Progress(out, live=False)
    progress.article(1, 2, "Mưa lớn")
    progress.sentences(20)
    for _ in range(20):
        progress.sentence_done()
    progress.article(2, 2, "Cầu mới")
    progress.sentences(0)  # every sentence already in the clip cache
    progress.finish()
    lines = out.getvalue().splitlines()
    assert lines[0] == "article 1/2 Mưa lớn"
    assert lines[1:] == [f"  sentences {n}/20" for n in range(0, 21, 2)] + ["article 2/2 Cầu mới"]


def test_a_terminal_gets_one_bar_redrawn_in_place_and_cleared():
    out = io.StringIO()
    progress = Progress(out, live=True)
    progress.article(1, 1, "Mưa lớn")
    progress.sentences(4)
    progress.sentence_done()
    progress.finish()
    text = out.getvalue()
    assert "\n" not in text
    assert "\r[" + "." * 24 + "] 0/4 sentences  1/1 Mưa lớn" in text
    assert "\r[" + "#" * 6 + "." * 18 + "] 1/4 sentences  1/1 Mưa lớn" in text
    assert text.endswith("\r\x1b[K")


def test_add_reports_progress_on_standard_error_and_results_on_standard_output(tmp_path):
    source = tmp_path / "bai.json"
    source.write_text(json.dumps(ARTICLE, ensure_ascii=False), encoding="utf-8")
    env = {"LOA_DATA_DIR": str(tmp_path / "var"), "LOA_ENGINE": "espeak", "LOA_DATABASE_URL": ""}
    result = CliRunner(mix_stderr=False).invoke(main, ["add", str(source)], env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == "article 1/1 Mưa lớn ở miền núi"
    assert re.search(r"^  sentences (\d+)/\1$", result.stderr, re.MULTILINE)
    assert result.stdout.startswith("bai-mua ") and "sentences" not in result.stdout


def test_on_a_terminal_add_draws_a_bar(tmp_path):
    source = tmp_path / "bai.json"
    source.write_text(json.dumps(ARTICLE, ensure_ascii=False), encoding="utf-8")
    env = measured({"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(REPO_ROOT),
                    "LOA_DATA_DIR": str(tmp_path / "var"), "LOA_ENGINE": "espeak"})
    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "cli", "add", str(source)], env=env, cwd=REPO_ROOT,
                              stdout=subprocess.PIPE, stderr=follower, timeout=120)
        os.close(follower)
        follower = -1
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal's other end is closed: all read
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if follower >= 0:
            os.close(follower)
        os.close(leader)
    assert done.returncode == 0
    terminal = seen.decode()
    assert re.search(r"\r\[#{24}\] (\d+)/\1 sentences  1/1 Mưa lớn ở miền núi", terminal)
    assert terminal.endswith("\r\x1b[K") and "article 1/1" not in terminal
    assert done.stdout.decode().startswith("bai-mua ")


def test_bulletin_reports_each_article_it_reads_in(tmp_path):
    source = tmp_path / "bai.json"
    source.write_text(json.dumps(ARTICLE, ensure_ascii=False), encoding="utf-8")
    env = {"LOA_DATA_DIR": str(tmp_path / "var"), "LOA_ENGINE": "espeak", "LOA_DATABASE_URL": ""}
    runner = CliRunner(mix_stderr=False)
    assert runner.invoke(main, ["add", str(source)], env=env).exit_code == 0
    result = runner.invoke(main, ["bulletin", "--since", "2026-11-20T00:00", "--until", "2026-11-21T00:00"], env=env)
    assert result.exit_code == 0, result.stderr
    assert "article 1/1 Mưa lớn ở miền núi" in result.stderr.splitlines()
    assert "1 articles" in result.stdout.splitlines()[0]
