"""Web and e-mail addresses, read the way a newsreader says them.

URLs drop the scheme and "www." and read every other part: "." is "chấm", "/" is "gạch chéo",
"-" is "gạch ngang", "_" is "gạch dưới"; "@" in an e-mail is "a còng". A label written as
joined Vietnamese syllables is split into them ("baoquangtri" → "bao quang tri"); any other
label is kept as written ("qtv", "gov").
"""
from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["read_urls_and_emails", "split_syllables"]

# A bare address (no "http" or "www") is only taken when it ends with one of these, in lower
# case, so "TP.HCM" or "GS.TS" are never read as addresses.
_TOP_LEVEL_DOMAINS = "vn|com|net|org|gov|edu|info|biz|int|asia|io|tv|me|uk|us"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_PATH = r"(?:[/?#][^\s\"“”'<>()\[\]{}]*)?"
_WEB_ADDRESS = re.compile(
    r"(?<![\w@./-])(?:"
    rf"(?P<email>[A-Za-z0-9][A-Za-z0-9._%+-]*@{_LABEL}(?:\.{_LABEL})+)"
    rf"|(?P<url>(?:(?i:https?|ftp)://(?:www\.)?|(?i:www)\.){_LABEL}(?:\.{_LABEL})+{_PATH}"
    rf"|{_LABEL}(?:\.{_LABEL})*\.(?:{_TOP_LEVEL_DOMAINS})(?![\w@-]){_PATH})"
    r")"
)
# Cheap test run first: text without any of these holds no address.
_ADDRESS_HINT = re.compile(rf"@|://|(?i:www)\.|\.(?:{_TOP_LEVEL_DOMAINS})(?![\w@-])")
_WHITE_SPACE = re.compile(r"\s")
_SCHEME_AND_WWW = re.compile(r"^(?:(?i:https?|ftp)://)?(?:(?i:www)\.)?")
_TRAILING_PUNCTUATION = ".,;:!?…"
_URL_PIECE = re.compile(r"[A-Za-z]+|\d+|.")
_SYMBOL_NAMES = {
    ".": "chấm", "/": "gạch chéo", "-": "gạch ngang", "_": "gạch dưới", "@": "a còng",
    "?": "chấm hỏi", "=": "bằng", "&": "và", "#": "thăng", ":": "hai chấm", "%": "phần trăm",
    "+": "cộng", "~": "ngã",
}  # fmt: skip

_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:uye|uya|uyu|uoi|uou|oai|oay|ieu|yeu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ui|uo|uu|uy|ye"
    r"|[aeiouy])"
    r"(?:ng|nh|ch|[cmnpt])?"
)


@lru_cache(maxsize=1024)
def split_syllables(word: str) -> str:
    """Split letters written without spaces into Vietnamese syllables, if they are some.

    >>> split_syllables("baoquangtri"), split_syllables("hanoimoi"), split_syllables("qtv")
    ('bao quang tri', 'ha noi moi', 'qtv')
    """
    lower = word.lower()
    # best[i] = (cost, syllables) for lower[i:]; a syllable starting with a vowel costs more,
    # so "hanoimoi" is "ha noi moi" rather than "han oi moi".
    best: list[tuple[int, list[str]] | None] = [None] * (len(lower) + 1)
    best[len(lower)] = (0, [])
    for start in range(len(lower) - 1, -1, -1):
        for end in range(start + 1, min(len(lower), start + 7) + 1):
            rest = best[end]
            if rest is None or not _SYLLABLE.fullmatch(lower, start, end):
                continue
            cost = rest[0] + (3 if lower[start] in "aeiouy" else 1)
            current = best[start]
            if current is None or cost < current[0]:
                best[start] = (cost, [word[start:end], *rest[1]])
    found = best[0]
    return " ".join(found[1]) if found else word


def _read_address(address: str) -> str:
    """Read a URL or an e-mail address piece by piece.

    >>> _read_address("https://www.qtv.vn/tin-tuc")
    'qtv chấm vn gạch chéo tin gạch ngang tuc'
    """
    address = _SCHEME_AND_WWW.sub("", address).rstrip("/")
    words = []
    for piece in _URL_PIECE.findall(address):
        if piece.isalpha():
            words.append(split_syllables(piece))
        elif piece.isdigit():
            words.append(piece)
        else:
            words.append(_SYMBOL_NAMES.get(piece, piece))
    return " ".join(words)


def _replace_address(match: re.Match[str]) -> str:
    address = match.group(0)
    kept = address.rstrip(_TRAILING_PUNCTUATION)
    return _read_address(kept) + address[len(kept) :]


def read_urls_and_emails(text: str) -> str:
    """Read web and e-mail addresses aloud; nothing of the address is dropped but "www.".

    >>> read_urls_and_emails("Xem tại baoquangtri.vn hoặc gửi về toasoan@baoquangtri.vn.")
    'Xem tại bao quang tri chấm vn hoặc gửi về toa soan a còng bao quang tri chấm vn.'
    """
    pieces: list[str] = []
    done = 0
    # Addresses hold no white space: only the words around a hint are looked at.
    for hint in _ADDRESS_HINT.finditer(text):
        if hint.start() < done:
            continue
        start = max(text.rfind(space, done, hint.start()) for space in " \t\n") + 1
        start = max(start, done)
        after = _WHITE_SPACE.search(text, hint.end())
        end = after.start() if after else len(text)
        pieces.append(text[done:start])
        pieces.append(_WEB_ADDRESS.sub(_replace_address, text[start:end]))
        done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)
