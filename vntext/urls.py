"""Web and e-mail addresses, read the way a newsreader says them.

URLs drop the scheme and "www." and read every other part: "." is "chấm", "/" is "gạch chéo",
"-" is "gạch ngang", "_" is "gạch dưới"; "@" in an e-mail is "a còng". The common domain words
have their spoken form ("vn" is "vê en", "gov" is "gốp", "edu" is "e đu", "net" is "nét", "com"
stays "com"). A label written as joined Vietnamese syllables is split into them ("baoquangtri"
→ "bao quang tri", "quochoi" → "quoc hoi"); a label without a vowel, or a short one that is no
syllable, is spelled with Vietnamese letter names ("dsvn" → "dê ét vê en", "vus" → "vê u
ét"); syllables followed by such a label are split and spelled ("thitotnghiepthpt" → "thi tot
nghiep tê hát pê tê"); any other label (an English word, a brand) is kept as written ("facebook",
"vnexpress").
"""
from __future__ import annotations

import re
from functools import lru_cache

from vntext.abbreviations import LETTER_NAMES

__all__ = ["read_label", "read_urls_and_emails", "split_syllables"]

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

# Spoken forms of the words domains are made of.
_DOMAIN_WORDS = {
    "vn": "vê en", "gov": "gốp", "edu": "e đu", "net": "nét", "com": "com", "org": "o rờ gờ",
    "info": "in phô", "biz": "bít", "io": "i o", "tv": "ti vi", "uk": "u ca",
    "us": "u ét", "asia": "a xi a", "www": "vê kép vê kép vê kép",
}  # fmt: skip
_VOWELS = frozenset("aeiouy")
_CONSONANT_TAIL = re.compile(r"[b-df-hj-np-tv-xz]{2,5}\Z")
# A toneless Vietnamese syllable: an onset, then a vowel group ending in a glide (no final
# consonant: "tuoi", "bao"), one that needs a final consonant ("tien", "quoc", "xoong") or one
# that may take one ("tra", "tran").
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:(?:uoi|uou|oai|oay|uay|ieu|yeu|uyu|ai|ao|au|ay|eo|eu|ia|iu|oi|ui|uu)"
    r"|(?:uye|ie|uo|ye)(?:ng|nh|ch|[cmnpt]|u|i)|oo(?:ng|c)"
    r"|(?:ua|oa|oe|uy|[aeiou])(?:ng|nh|ch|[cmnpt])?|y)"
)


@lru_cache(maxsize=1024)
def split_syllables(word: str) -> str:
    """Split letters written without spaces into Vietnamese syllables, if they are some.

    >>> split_syllables("baoquangtri"), split_syllables("hanoimoi"), split_syllables("qtv")
    ('bao quang tri', 'ha noi moi', 'qtv')
    """
    lower = word.lower()
    # best[i] = (cost, syllables) for lower[i:]. A syllable starting with a vowel costs more, so
    # "hanoimoi" is "ha noi moi" rather than "han oi moi", and one without a final consonant a
    # little more, so "vanhoa" is "van hoa" rather than "va nhoa". A vowel never starts a
    # syllable right after an open one ("youtube" is no Vietnamese).
    best: list[tuple[int, list[str]] | None] = [None] * (len(lower) + 1)
    best[len(lower)] = (0, [])
    for start in range(len(lower) - 1, -1, -1):
        for end in range(start + 1, min(len(lower), start + 7) + 1):
            rest = best[end]
            if rest is None or not _SYLLABLE.fullmatch(lower, start, end):
                continue
            open_syllable = lower[end - 1] in _VOWELS
            if open_syllable and end < len(lower) and lower[end] in _VOWELS:
                continue
            if open_syllable and lower.startswith("quo", start) and end == start + 3:
                continue  # no open "quo": "quochoi" is "quoc hoi"
            cost = rest[0] + (30 if lower[start] in _VOWELS else 10) + (1 if open_syllable else 0)
            if lower[end - 1] == "t" and lower[end:end + 1] == "r":
                cost += 2  # "tr" starts a syllable far more often than "t" ends one before "r"
            current = best[start]
            if current is None or cost < current[0]:
                best[start] = (cost, [word[start:end], *rest[1]])
    found = best[0]
    return " ".join(found[1]) if found else word


def read_label(label: str) -> str:
    """Read one word of an address: its spoken form, its syllables, its letters, or as written.

    >>> [read_label(w) for w in ("gov", "quochoi", "dsvn", "vus", "facebook", "thitotnghiepthpt")]
    ['gốp', 'quoc hoi', 'dê ét vê en', 'vê u ét', 'facebook', 'thi tot nghiep tê hát pê tê']
    """
    lower = label.lower()
    if lower in _DOMAIN_WORDS:
        return _DOMAIN_WORDS[lower]
    split = split_syllables(label)
    if " " in split or _SYLLABLE.fullmatch(lower):
        return split
    if len(label) > 1 and label.isascii() and (_VOWELS.isdisjoint(lower) or len(label) <= 3):
        return " ".join(LETTER_NAMES[letter] for letter in label.upper())
    tail = _CONSONANT_TAIL.search(lower)
    # "thitotnghiepthpt": syllables, then an acronym without vowels, spelled.
    for start in range(tail.start(), len(lower) - 1) if tail else ():
        head = split_syllables(label[:start])
        if " " in head or (start >= 2 and _SYLLABLE.fullmatch(lower[:start])):
            return head + " " + " ".join(LETTER_NAMES[letter] for letter in label[start:].upper())
    return label


def _read_address(address: str) -> str:
    """Read a URL or an e-mail address piece by piece.

    >>> _read_address("https://www.qtv.vn/tin-tuc")
    'quy tê vê chấm vê en gạch chéo tin gạch ngang tuc'
    """
    address = _SCHEME_AND_WWW.sub("", address).rstrip("/")
    words = []
    for piece in _URL_PIECE.findall(address):
        if piece.isalpha():
            words.append(read_label(piece))
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
    'Xem tại bao quang tri chấm vê en hoặc gửi về toa soan a còng bao quang tri chấm vê en.'
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
