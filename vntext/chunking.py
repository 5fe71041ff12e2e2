"""Cutting sentences into pieces an engine with a length limit accepts (gTTS: 100 characters).

Every piece is a request and a seam in the speech, so a sentence is cut into as few pieces as
its words allow (``ceil(length / limit)`` when the words fall well), and among the cuts that
give that few pieces, the most natural ones: at a clause boundary (after a comma, semicolon or
colon, or at a dash with spaces on both sides) first, then before a word that opens a phrase
(và, của, với, các…), then anywhere between words, with pieces of even length preferred. Only a
single word longer than the limit is ever cut inside.

>>> chunk("Sáng nay, trời mưa to, đường ngập.", limit=25)
['Sáng nay, trời mưa to,', 'đường ngập.']
"""
from __future__ import annotations

from collections.abc import Callable

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


# Words that open a phrase: a cut just before one falls where a reader could breathe.
# Only words that open a phrase wherever they stand: "qua", "sau", "trước" or "trên" also close
# one ("24 giờ qua", "tuần sau"), so they are not listed.
PHRASE_OPENERS = frozenset("""
và hoặc hay nhưng mà thì nên vì do bởi nếu khi để cho với của về từ đến tới trong tại theo bằng
các những mọi mỗi đã đang sẽ là được bị như nhằm
""".split())
_CLAUSE_CUT, _PHRASE_CUT, _WORD_CUT = 0, 1, 4


def _cut_cost(before: str, after: str) -> int:
    """How unnatural a seam between two word units is.

    >>> _cut_cost("nay,", "trời"), _cut_cost("doanh", "của"), _cut_cost("doanh", "nghiệp")
    (0, 1, 4)
    """
    if ends_clause(before):
        return _CLAUSE_CUT
    if after.split(" ", 1)[0].lower() in PHRASE_OPENERS:
        return _PHRASE_CUT
    return _WORD_CUT


def pack_units(units: list[str], limit: int, measure: Callable[[str], int] = len) -> list[str]:
    """Pack word units into the fewest chunks ``measure`` finds at most ``limit`` long (characters by
    default; a vendor counting UTF-8 bytes passes its own measure), with the most natural seams
    among those (see the module's docstring); a unit longer than the limit is cut alone.

    >>> pack_units(["Hôm", "qua,", "trời", "mưa,", "đường", "ngập", "sâu."], 15)
    ['Hôm qua,', 'trời mưa,', 'đường ngập sâu.']
    >>> pack_units(["A,", "B,", "C."], 15)
    ['A, B, C.']
    >>> pack_units(["Tiếng", "Việt,", "điều", "đó."], 16, lambda text: len(text.encode("utf-8")))
    ['Tiếng Việt,', 'điều đó.']
    """
    pieces: list[str] = []
    for unit in units:
        pieces.extend(cut_long_word(unit, limit) if measure(unit) > limit else [unit])
    count = len(pieces)
    if not count:
        return []
    space = measure(" ")
    sizes = [measure(piece) for piece in pieces]
    seams = [_cut_cost(pieces[i], pieces[i + 1]) for i in range(count - 1)] + [0]
    # best[i]: (chunks, seam cost, spread) of the best packing of pieces[i:]; choice[i]: where its first chunk ends.
    best: list[tuple[int, int, int]] = [(0, 0, 0)] * (count + 1)
    choice = [count] * (count + 1)
    rest_length = -space
    for start in range(count - 1, -1, -1):
        rest_length += sizes[start] + space
        if rest_length <= limit:  # the rest fits in one chunk: nothing packs it into fewer
            best[start] = (1, 0, (limit - rest_length) ** 2 // max(1, limit))
            continue
        length = -space
        candidate: tuple[int, int, int] | None = None
        for end in range(start + 1, count + 1):
            length += sizes[end - 1] + space
            if length > limit:
                break
            rest = best[end]
            score = (rest[0] + 1, rest[1] + seams[end - 1], rest[2] + (limit - length) ** 2 // max(1, limit))
            if candidate is None or score < candidate:
                candidate, choice[start] = score, end
        if candidate is None:  # a piece cut by characters that the measure still finds too long
            candidate, choice[start] = (best[start + 1][0] + 1, best[start + 1][1], best[start + 1][2]), start + 1
        best[start] = candidate
    chunks, start = [], 0
    while start < count:
        chunks.append(" ".join(pieces[start:choice[start]]))
        start = choice[start]
    return chunks


def drop_punctuation_only(chunks: list[str], limit: int, measure: Callable[[str], int] = len) -> list[str]:
    """Attach chunks with no letter or digit to the chunk before them, or drop them if that would overflow.

    >>> drop_punctuation_only(["Tin nóng", "!!"], 100), drop_punctuation_only(["Tin nóng", "!!"], 8)
    (['Tin nóng !!'], ['Tin nóng'])
    """
    kept: list[str] = []
    for piece in chunks:
        if has_word_character(piece):
            kept.append(piece)
        elif kept and measure(f"{kept[-1]} {piece}") <= limit:
            kept[-1] = f"{kept[-1]} {piece}"
    return kept


def chunk(text: str, limit: int = 100, measure: Callable[[str], int] = len) -> list[str]:
    """Cut ``text`` into chunks of at most ``limit`` characters (or whatever ``measure`` counts),
    at clause boundaries first.

    >>> chunk("Theo Bộ Y tế, trong 24 giờ qua cả nước ghi nhận 120 ca mắc mới; không có ca tử vong.", 70)
    ['Theo Bộ Y tế, trong 24 giờ qua cả nước ghi nhận 120 ca mắc mới;', 'không có ca tử vong.']
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    return drop_punctuation_only(pack_units(word_units(text), limit, measure), limit, measure)
