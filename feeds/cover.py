"""A default square cover for the show: the station's name and the feed's title on a plain ground.

Apple Podcasts requires a square JPEG or PNG of 1400 to 3000 pixels. Vietnamese needs
a font with the Latin Extended Additional letters (ả, ệ, ư, ơ...); Pillow's built-in
font lacks them, so a system font that has every letter of the text is used. On a
machine with none, the letters are drawn without their marks rather than as boxes.
"""
from __future__ import annotations

import io
import logging
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

log = logging.getLogger(__name__)

MIN_SIZE = 1400
MAX_SIZE = 3000

BACKGROUND = (180, 28, 36)
BAND = (140, 18, 26)
FOREGROUND = (255, 255, 255)

# Fonts with Vietnamese letters, bold first. Pillow finds a bare file name in the
# platform's font folders (XDG data dirs on Linux, /Library/Fonts, C:\Windows\Fonts).
FONT_CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "DejaVuSans-Bold.ttf",
    "NotoSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/noto/NotoSans-Bold.ttf",
    "LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "FreeSansBold.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSansBold.ttf",
    "Arial Bold.ttf",
    "arialbd.ttf",
    "Arial Unicode.ttf",
    "DejaVuSans.ttf",
    "NotoSans-Regular.ttf",
)

# A private-use code point no font maps: what the font draws for a missing letter.
_UNMAPPED = "\U0010fffd"


def default_cover_png(station_name: str, feed_title: str, size: int = MIN_SIZE) -> bytes:
    """A ``size``×``size`` RGB PNG with ``station_name`` and ``feed_title`` centred.

    The same arguments always give the same bytes.
    """
    if not isinstance(size, int) or not MIN_SIZE <= size <= MAX_SIZE:
        raise ValueError(f"cover size must be {MIN_SIZE} to {MAX_SIZE} pixels, got {size!r}")
    station = _clean(station_name)
    title = _clean(feed_title)
    if not station:
        raise ValueError(f"station_name must be non-empty text, got {station_name!r}")

    font_path = find_font(station + title)
    if font_path is None and not all(_has_glyph(None, ch) for ch in station + title):
        log.warning("no font with Vietnamese letters found; the cover shows letters without marks")
        station, title = _drawable_by_default(station), _drawable_by_default(title)

    image = Image.new("RGB", (size, size), BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin = size // 10
    width = size - 2 * margin

    band_top = int(size * 0.62)
    draw.rectangle((0, band_top, size, size), fill=BAND)
    draw.rectangle((margin, band_top - size // 80, size - margin, band_top), fill=FOREGROUND)

    station_lines, station_font = _fit(draw, station, font_path, width, size // 8, max_lines=3)
    _draw_lines(draw, station_lines, station_font, size // 2, top=margin, bottom=band_top - size // 20)
    if title:
        title_lines, title_font = _fit(draw, title, font_path, width, size // 14, max_lines=3)
        _draw_lines(draw, title_lines, title_font, size // 2, top=band_top + size // 20, bottom=size - margin)

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def find_font(text: str, candidates: Sequence[str] | None = None) -> str | None:
    """The first candidate font that has a glyph for every letter of ``text``, or None."""
    needed = set(text)
    for candidate in FONT_CANDIDATES if candidates is None else candidates:
        try:
            _load(candidate, 48)
        except OSError:
            continue
        if all(_has_glyph(candidate, ch) for ch in needed):
            return candidate
    return None


def strip_marks(text: str) -> str:
    """Vietnamese text without its diacritics: ``Đài Quảng Trị`` → ``Dai Quang Tri``."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Typographic punctuation Pillow's built-in font lacks, by the closest ASCII character.
_ASCII_PUNCTUATION = str.maketrans({"–": "-", "—": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "..."})


def _drawable_by_default(text: str) -> str:
    plain = strip_marks(text).translate(_ASCII_PUNCTUATION)
    return " ".join("".join(ch for ch in plain if ch == " " or _has_glyph(None, ch)).split())


def _clean(text: str) -> str:
    if not isinstance(text, str):
        raise ValueError(f"cover text must be a str, got {text!r}")
    # Precomposed letters, so each Vietnamese letter is one glyph of the font.
    return " ".join(unicodedata.normalize("NFC", text).split())


@lru_cache(maxsize=64)
def _load(path: str | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if path is None:
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(path, size=size)


@lru_cache(maxsize=4096)
def _has_glyph(path: str | None, ch: str) -> bool:
    if ch.isspace():
        return True
    font = _load(path, 48)
    missing = font.getmask(_UNMAPPED)
    drawn = font.getmask(ch)
    return drawn.size != missing.size or bytes(drawn) != bytes(missing)


def _fit(
    draw: ImageDraw.ImageDraw, text: str, font_path: str | None, width: int, start: int, max_lines: int
) -> tuple[list[str], ImageFont.FreeTypeFont | ImageFont.ImageFont]:
    """Wrap ``text`` at spaces into at most ``max_lines`` lines no wider than ``width``,
    shrinking the font from ``start`` pixels until it fits."""
    size = start
    while True:
        font = _load(font_path, size)
        lines = _wrap(draw, text.split(), font, width)
        if size <= 12 or (
            len(lines) <= max_lines and all(_text_width(draw, line, font) <= width for line in lines)
        ):
            return lines, font
        size = int(size * 0.9)


def _wrap(draw: ImageDraw.ImageDraw, words: Iterable[str], font, width: int) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and _text_width(draw, f"{lines[-1]} {word}", font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _text_width(draw: ImageDraw.ImageDraw, text: str, font) -> float:
    return draw.textlength(text, font=font)


def _draw_lines(draw, lines: list[str], font, centre_x: int, top: int, bottom: int) -> None:
    ascent, descent = font.getmetrics()
    line_height = int((ascent + descent) * 1.15)
    block = line_height * len(lines)
    y = top + max(0, (bottom - top - block) // 2)
    for line in lines:
        draw.text((centre_x, y), line, font=font, fill=FOREGROUND, anchor="ma")
        y += line_height
