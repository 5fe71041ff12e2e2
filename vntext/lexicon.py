"""Station pronunciation lexicon: staff-edited overrides applied before every built-in rule.

File format (plain UTF-8 text, one entry a line)::

    # Lines starting with # are comments; blank lines are ignored.
    QTV = Quảng Trị ti vi
    Cửa Tùng = cửa Tùng
    Vĩnh Linh<TAB>Vĩnh Linh

The term and its spoken form are separated by ``=`` (or a TAB). Terms are matched as whole
words, case-sensitively, longest term first. The caller reads the file; this module only parses
its text and applies the result.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

__all__ = ["LexiconError", "apply_lexicon", "parse_lexicon"]


class LexiconError(ValueError):
    """A line of a station lexicon file cannot be read; the message names the line number."""

    def __init__(self, line_number: int, reason: str, line: str) -> None:
        self.line_number = line_number
        self.reason = reason
        self.line = line
        super().__init__(f"line {line_number}: {reason}: {line.strip()!r}")


def parse_lexicon(content: str) -> dict[str, str]:
    """Parse the text of a station lexicon file into ``{term: spoken form}``.

    >>> parse_lexicon("# station names\\nQTV = Quảng Trị ti vi\\n\\nVOV\\tvê ô vê\\n")
    {'QTV': 'Quảng Trị ti vi', 'VOV': 'vê ô vê'}
    """
    entries: dict[str, str] = {}
    seen_on: dict[str, int] = {}
    for number, line in enumerate(content.lstrip("\ufeff").splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if "\t" in stripped:
            term, _, spoken = stripped.partition("\t")
        elif "=" in stripped:
            term, _, spoken = stripped.partition("=")
        else:
            raise LexiconError(number, "expected 'term = spoken form'", line)
        term, spoken = " ".join(term.split()), " ".join(spoken.split())
        if not term:
            raise LexiconError(number, "the term is empty", line)
        if not spoken:
            raise LexiconError(number, "the spoken form is empty", line)
        if term in seen_on and entries[term] != spoken:
            raise LexiconError(
                number, f"{term!r} is already defined on line {seen_on[term]}", line
            )
        entries[term] = spoken
        seen_on.setdefault(term, number)
    _check_not_reexpanded(entries, seen_on)
    return entries


def _check_not_reexpanded(entries: dict[str, str], line_of: dict[str, int]) -> None:
    """Refuse a spoken form that holds a term, which a second pass would replace again.

    >>> _check_not_reexpanded({"Cồn Cỏ": "đảo Cồn Cỏ"}, {"Cồn Cỏ": 3})
    Traceback (most recent call last):
    ...
    vntext.lexicon.LexiconError: line 3: the spoken form contains the term 'Cồn Cỏ', which would be replaced again: 'Cồn Cỏ = đảo Cồn Cỏ'
    """
    if not entries:
        return
    pattern = _compile_terms(tuple(sorted(entries.items())))
    for term, spoken in entries.items():
        found = pattern.search(spoken)
        if found and spoken != term:
            raise LexiconError(
                line_of[term],
                f"the spoken form contains the term {found.group(0)!r}, which would be replaced again",
                f"{term} = {spoken}",
            )


def apply_lexicon(text: str, lexicon: Mapping[str, str] | None) -> str:
    """Replace whole-word, case-sensitive matches of the station's terms, longest term first.

    >>> apply_lexicon("QTV đưa tin từ Đông Hà", {"QTV": "Quảng Trị ti vi"})
    'Quảng Trị ti vi đưa tin từ Đông Hà'
    """
    if not lexicon:
        return text
    pattern = _compile_terms(tuple(sorted(lexicon.items())))
    return pattern.sub(lambda m: lexicon[m.group(0)], text)


@lru_cache(maxsize=32)
def _compile_terms(items: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """One alternation of every term, longest first, so "TP. Đông Hà" wins over "TP"."""
    terms = sorted((term for term, _ in items), key=lambda t: (-len(t), t))
    alternation = "|".join(re.escape(term) for term in terms)
    # A term is a whole word when no letter or digit touches it on either side.
    return re.compile(rf"(?<![^\W_])(?:{alternation})(?![^\W_])")
