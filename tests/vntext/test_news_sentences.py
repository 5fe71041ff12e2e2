"""News sentences of every kind the front end meets, read end to end (``news_sentences.tsv``).

Each line holds a sentence as a paper prints it and the words a newsreader says. The reading must
say every number, date, code and abbreviation in words (no digit is left for the engine to guess),
and reading it again must change nothing.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from vntext import normalize

SENTENCES_FILE = Path(__file__).with_name("news_sentences.tsv")
CATEGORIES = {
    "date", "time", "number", "money", "unit", "percent", "range", "score", "roman", "abbr_vn",
    "acronym", "code", "address", "phone", "fraction", "symbol", "web",
}  # fmt: skip


def _load() -> list[tuple[str, str, str]]:
    rows = []
    for line in SENTENCES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            category, written, spoken = line.split("\t")
            rows.append((category, written, spoken))
    return rows


SENTENCES = _load()


def test_every_category_has_sentences() -> None:
    counts = {category: 0 for category in CATEGORIES}
    for category, _, _ in SENTENCES:
        counts[category] += 1
    assert min(counts.values()) >= 9, counts
    assert len(SENTENCES) >= 500


@pytest.mark.parametrize("category, written, spoken", SENTENCES, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(SENTENCES)])
def test_sentence_is_read_as_a_newsreader_reads_it(category: str, written: str, spoken: str) -> None:
    assert normalize(written) == spoken


@pytest.mark.parametrize("spoken", sorted({s for _, _, s in SENTENCES}))
def test_reading_leaves_no_digit_and_is_stable(spoken: str) -> None:
    assert not re.search(r"[0-9]", spoken)
    assert normalize(spoken) == spoken


def test_sentences_with_nothing_to_expand_are_left_as_written() -> None:
    unchanged = [written for _, written, spoken in SENTENCES if written == spoken]
    assert "HÀNH VI VI PHẠM SẼ BỊ XỬ LÝ NGHIÊM" in unchanged
    assert "Ông Ba Tư là người có uy tín trong thôn." in unchanged
    assert len(unchanged) >= 8
