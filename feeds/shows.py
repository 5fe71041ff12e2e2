"""Shows: feeds of one installation chosen by the articles' section and tags (``LOA_SHOWS_FILE``).

The shows file is YAML (or JSON), the shows in order::

    shows:
      - slug: the-thao            # its URL: /nghe/the-thao/ and shows/the-thao/feed.xml
        title: Thể thao
        description: Tin thể thao trong ngày.
        cover: covers/the-thao.png  # optional PNG or JPEG, relative to the file; else one is drawn
        voice: nam-nam              # optional voice (``audio.voices``)
        categories: [Thể thao]      # the article's section is one of these
        tags: [SEA Games]           # or one of its tags is one of these

An article is in every show that selects it, compared by ``articles.categories.match_key`` (case
and diacritics aside), and always in the all-news feed. An article with no voice of its own is read
in the voice of the first show, in file order, that selects it and names a voice.

Every problem of the file stops the process at start with one line naming the file and the show.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from articles.categories import Categories, label, match_key
from feeds.pages import show_path
from loa.settings import Settings, SettingsError

SHOWS_DIR = "shows"
MAX_FILE_BYTES = 256 * 1024
MAX_TITLE_CHARS = 200
MAX_DESCRIPTION_CHARS = 4000
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_SLUG_CHARS = 40
FIELDS = ("slug", "title", "description", "cover", "voice", "categories", "tags")
# What a cover file must start with, by the suffix it is published under.
COVER_MAGIC = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Show:
    """One show: its own feed, page, cover and voice, and the labels that choose its articles."""

    slug: str
    title: str
    description: str
    categories: tuple[str, ...] = ()  # matched against the article's section
    tags: tuple[str, ...] = ()  # matched against the article's tags
    cover: Path | None = None  # the station's cover file; None: one is drawn from the title
    voice: str | None = None

    def selects(self, categories: Categories) -> bool:
        """Whether an article filed under ``categories`` is in this show.

        >>> show = Show("the-thao", "Thể thao", "Tin thể thao.", categories=("Thể thao",), tags=("SEA Games",))
        >>> show.selects(Categories("THỂ THAO")), show.selects(Categories("Kinh tế", ("sea games",)))
        (True, True)
        >>> show.selects(Categories("Kinh tế", ("Thể thao",)))
        False
        """
        return categories.section_key in self.section_keys or not self.tag_keys.isdisjoint(categories.tag_keys)

    @cached_property
    def section_keys(self) -> frozenset[str]:
        """The ``match_key`` forms of the sections this show takes."""
        return frozenset(match_key(c) for c in self.categories)

    @cached_property
    def tag_keys(self) -> frozenset[str]:
        """The ``match_key`` forms of the tags this show takes."""
        return frozenset(match_key(t) for t in self.tags)

    @property
    def feed_key(self) -> str:
        return f"{SHOWS_DIR}/{self.slug}/feed.xml"

    @property
    def cover_key(self) -> str:
        """Where the cover is published: ``.jpg`` for a JPEG file, else ``.png``."""
        suffix = ".jpg" if self.cover is not None and _cover_suffix(self.cover) == ".jpg" else ".png"
        return f"{SHOWS_DIR}/{self.slug}/cover{suffix}"

    @property
    def page_path(self) -> str:
        return show_path(self.slug)


@dataclass(frozen=True)
class Shows:
    """The configured shows, in file order (none without ``LOA_SHOWS_FILE``)."""

    shows: tuple[Show, ...] = ()

    def __iter__(self) -> Iterator[Show]:
        return iter(self.shows)

    def __bool__(self) -> bool:
        return bool(self.shows)

    def get(self, slug: str) -> Show | None:
        return next((show for show in self.shows if show.slug == slug), None)

    def of(self, categories: Categories) -> tuple[Show, ...]:
        """The shows an article filed under ``categories`` is in, in file order."""
        return tuple(show for show in self.shows if show.selects(categories))

    def voice_show(self, categories: Categories) -> Show | None:
        """The show whose voice reads an article with no voice of its own: the first, in file order,
        that selects it and names a voice."""
        return next((show for show in self.of(categories) if show.voice), None)


def load_shows(settings: Settings, voices: Sequence[str]) -> Shows:
    """The shows of ``LOA_SHOWS_FILE``, each voice one of ``voices`` (the names ``audio.voices``
    configures); none when it is not set."""
    if not settings.shows_file:
        return Shows()
    return read_shows_file(Path(settings.shows_file), voices)


def read_shows_file(path: Path, voices: Sequence[str]) -> Shows:
    """The shows of a YAML or JSON file (``{"shows": [{...}, ...]}``), each checked: a one-line
    ``SettingsError`` naming the file and the show for the first problem."""
    where = f"LOA_SHOWS_FILE {path}"
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SettingsError(f"{where}: cannot be read: {error.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise SettingsError(f"{where}: over {MAX_FILE_BYTES // 1024} KiB, not a shows file")
    kind = "JSON" if path.suffix.lower() == ".json" else "YAML"
    try:
        text = raw.decode("utf-8")
        data = json.loads(text) if kind == "JSON" else yaml.safe_load(text)
    except (UnicodeDecodeError, ValueError, yaml.YAMLError) as error:
        raise SettingsError(f"{where}: not valid {kind}: {' '.join(str(error).split())[:200]}") from None
    entries = data.get("shows") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise SettingsError(f"{where}: expected a 'shows' list, each show with slug, title, description "
                            "and the categories or tags that choose its articles")
    shows: list[Show] = []
    for number, entry in enumerate(entries, start=1):
        show = parse_show(entry, voices, path.parent, f"{where}: show {number}")
        if any(other.slug == show.slug for other in shows):
            raise SettingsError(f"{where}: show {number}: slug {show.slug!r} is already the slug of another show")
        shows.append(show)
    return Shows(tuple(shows))


def parse_show(entry: Any, voices: Sequence[str], base: Path, where: str) -> Show:
    """One show from its entry in the file; covers are relative to ``base``."""
    if not isinstance(entry, dict):
        raise SettingsError(f"{where}: expected a mapping with slug, title, description and categories or tags")
    unknown = sorted(str(key) for key in set(entry) - set(FIELDS))
    if unknown:
        raise SettingsError(f"{where}: unknown field {unknown[0]!r} (fields: {', '.join(FIELDS)})")
    slug = entry.get("slug")
    if not isinstance(slug, str) or len(slug) > MAX_SLUG_CHARS or not SLUG.fullmatch(slug):
        raise SettingsError(f"{where}: slug {slug!r} must be lower-case letters and digits joined by single "
                            f"dashes (e.g. thoi-su), at most {MAX_SLUG_CHARS} characters")
    where = f"{where} ({slug})"
    title = _text(entry.get("title"), where, "title", MAX_TITLE_CHARS)
    description = _text(entry.get("description"), where, "description", MAX_DESCRIPTION_CHARS)
    categories = _labels(entry.get("categories"), where, "categories")
    tags = _labels(entry.get("tags"), where, "tags")
    if not categories and not tags:
        raise SettingsError(f"{where}: names no categories or tags, so no article would be in it")
    voice = entry.get("voice")
    if voice is not None:
        if not isinstance(voice, str) or voice not in voices:
            raise SettingsError(f"{where}: unknown voice {voice!r}: the voices are {', '.join(voices)}")
    cover = _cover(entry.get("cover"), base, where)
    return Show(slug, title, description, categories, tags, cover, voice)


def _text(value: Any, where: str, field: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"{where}: needs a '{field}' (text)")
    if len(value) > limit or _CONTROL.search(value):
        raise SettingsError(f"{where}: '{field}' must be text without control characters, at most {limit:,} "
                            "characters")
    return " ".join(value.split()) if field == "title" else value.strip()


def _labels(value: Any, where: str, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and label(v) for v in value):
        raise SettingsError(f"{where}: '{field}' must be a list of names, like [Thời sự, Kinh tế]")
    return tuple(label(v) or "" for v in value)


def _cover(value: Any, base: Path, where: str) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"{where}: 'cover' must be the path of a PNG or JPEG file")
    path = base / value.strip()
    suffix = _cover_suffix(path)
    if suffix is None:
        raise SettingsError(f"{where}: cover {value!r} must be a .png or .jpg file")
    try:
        with path.open("rb") as handle:
            start = handle.read(8)
    except OSError as error:
        raise SettingsError(f"{where}: cover file {str(path)!r} cannot be read: {error.strerror}") from None
    if not start.startswith(COVER_MAGIC[suffix]):
        raise SettingsError(f"{where}: cover file {str(path)!r} is not a {suffix[1:].upper()} image")
    return path


def _cover_suffix(path: Path) -> str | None:
    suffix = path.suffix.lower()
    return ".jpg" if suffix in (".jpg", ".jpeg") else ".png" if suffix == ".png" else None
