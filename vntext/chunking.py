"""Cutting sentences into pieces an engine with a length limit accepts (gTTS: 100 characters).

Text is cut at clause boundaries first (after a comma, semicolon or colon, or at a dash with
spaces on both sides), packing as many clauses as fit into each chunk; a clause longer than the
limit is cut between words, and only a single word longer than the limit is cut inside.

>>> chunk("Sáng nay, trời mưa to, đường ngập.", limit=20)
['Sáng nay,', 'trời mưa to,', 'đường ngập.']
"""
from __future__ import annotations

CLAUSE_PUNCTUATION = ",;:.!?…"
DASHES = frozenset({"-", "–", "—"})
CLOSERS = "\"”’»')]}"


def has_word_character(text: str) -> bool:
    """True when ``text`` holds at least one letter or digit.

    >>> has_word_character("– ...") , has_word_character("(5)")
    (False, True)
    """
    return any(ch.isalnum() for ch in text)


def word_units(text: str) -> list[str]:
    """Split ``text`` into words, gluing a stray punctuation token to the word before it.

    A punctuation-only token at the very start is glued to the word after it, so no unit is
    punctuation alone.

    >>> word_units("Hà Nội , hôm nay - trời rét")
    ['Hà', 'Nội ,', 'hôm', 'nay -', 'trời', 'rét']
    >>> word_units("- Tin mới")
    ['- Tin', 'mới']
    """
    units: list[str] = []
    leading: list[str] = []
    for token in text.split():
        if has_word_character(token):
            units.append(" ".join([*leading, token]))
            leading = []
        elif units:
            units[-1] = f"{units[-1]} {token}"
        else:
            leading.append(token)
    return units


def ends_clause(unit: str) -> bool:
    """True when a clause ends after ``unit``: clause or sentence punctuation, or a spaced dash.

    >>> ends_clause("nay,"), ends_clause('"đúng":'), ends_clause("nay -"), ends_clause("Bắc-Nam")
    (True, True, True, False)
    """
    last_token = unit.rsplit(" ", 1)[-1]
    if last_token in DASHES:
        return True
    return last_token.rstrip(CLOSERS)[-1:] in tuple(CLAUSE_PUNCTUATION)


def group_clauses(units: list[str]) -> list[list[str]]:
    """Group word units into clauses.

    >>> group_clauses(["Sáng", "nay,", "trời", "mưa."])
    [['Sáng', 'nay,'], ['trời', 'mưa.']]
    """
    clauses: list[list[str]] = []
    current: list[str] = []
    for unit in units:
        current.append(unit)
        if ends_clause(unit):
            clauses.append(current)
            current = []
    if current:
        clauses.append(current)
    return clauses


def cut_long_word(word: str, limit: int) -> list[str]:
    """Hard-cut a single word longer than ``limit`` (the only place a word is ever cut).

    Punctuation glued to the word by ``word_units`` is separated from it first.

    >>> cut_long_word("https://baochinhphu.vn/tin-moi", 12)
    ['https://baoc', 'hinhphu.vn/t', 'in-moi']
    >>> cut_long_word("Nội ,", 3)
    ['Nội', ',']
    """
    pieces: list[str] = []
    for part in word.split():
        pieces.extend(part[i : i + limit] for i in range(0, len(part), limit))
    return pieces


def _fits(current: str, addition: str, limit: int) -> bool:
    return not current or len(current) + 1 + len(addition) <= limit


def pack_clauses(clauses: list[list[str]], limit: int) -> list[str]:
    """Pack whole clauses into chunks of at most ``limit`` characters, cutting a long clause between words.

    >>> pack_clauses([["Hôm", "qua,"], ["trời", "mưa,"], ["đường", "ngập", "sâu."]], 15)
    ['Hôm qua,', 'trời mưa,', 'đường ngập sâu.']
    >>> pack_clauses([["Sáng", "nay", "đoàn", "xe", "cứu", "trợ", "lên", "đường."]], 15)
    ['Sáng nay đoàn', 'xe cứu trợ lên', 'đường.']
    >>> pack_clauses([["A,"], ["B,"], ["C."]], 15)
    ['A, B, C.']
    """
    chunks: list[str] = []
    current = ""
    for clause in clauses:
        clause_text = " ".join(clause)
        if _fits(current, clause_text, limit) and len(clause_text) <= limit:
            current = f"{current} {clause_text}" if current else clause_text
            continue
        if current:
            chunks.append(current)
            current = ""
        if len(clause_text) <= limit:
            current = clause_text
            continue
        for unit in clause:
            if len(unit) > limit:
                if current:
                    chunks.append(current)
                *whole, current = cut_long_word(unit, limit)
                chunks.extend(whole)
            elif _fits(current, unit, limit):
                current = f"{current} {unit}" if current else unit
            else:
                chunks.append(current)
                current = unit
    if current:
        chunks.append(current)
    return chunks


def drop_punctuation_only(chunks: list[str], limit: int) -> list[str]:
    """Attach chunks with no letter or digit to the chunk before them, or drop them if that would overflow.

    >>> drop_punctuation_only(["Tin nóng", "!!"], 100), drop_punctuation_only(["Tin nóng", "!!"], 8)
    (['Tin nóng !!'], ['Tin nóng'])
    """
    kept: list[str] = []
    for piece in chunks:
        if has_word_character(piece):
            kept.append(piece)
        elif kept and len(kept[-1]) + 1 + len(piece) <= limit:
            kept[-1] = f"{kept[-1]} {piece}"
    return kept


def chunk(text: str, limit: int = 100) -> list[str]:
    """Cut ``text`` into chunks of at most ``limit`` characters, at clause boundaries first.

    >>> chunk("Theo Bộ Y tế, trong 24 giờ qua cả nước ghi nhận 120 ca mắc mới; không có ca tử vong.", 50)
    ['Theo Bộ Y tế,', 'trong 24 giờ qua cả nước ghi nhận 120 ca mắc mới;', 'không có ca tử vong.']
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    clauses = group_clauses(word_units(text))
    return drop_punctuation_only(pack_clauses(clauses, limit), limit)
