"""The Article record: what comes in, in the shape the rest of Loa reads."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Role = Literal["dateline", "lead", "body", "caption", "byline"]
ROLES: tuple[str, ...] = ("dateline", "lead", "body", "caption", "byline")


@dataclass(frozen=True)
class Block:
    """One paragraph-level unit of an article body, with what it is on the page."""

    role: Role
    text: str

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown block role {self.role!r}")


@dataclass(frozen=True)
class Page:
    """What page clean-up extracts from a pasted page, HTML or JSON before it becomes an Article."""

    title: str
    blocks: tuple[Block, ...]
    published: datetime | None = None
    author: str | None = None
    section: str | None = None  # where the source files it (``articles.categories``)
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """A news article as Loa stores it. ``published`` is always timezone-aware."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    published: datetime
    author: str | None = None
    url: str | None = None
    content_hash: str = field(default="")
    priority: int = 0  # higher comes first when a bulletin slot is short
    # How the source orders its own edits (the CMS's revision number, the page's modified time):
    # an older copy never replaces a newer one.
    source_version: int | None = None
    source_modified: datetime | None = None
    # The source's section and tags, as it writes them (``articles.categories``): shows choose by them.
    section: str | None = None
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.published.tzinfo is None:
            raise ValueError("Article.published must be timezone-aware")
        if not self.content_hash:
            object.__setattr__(self, "content_hash", content_hash(self.title, self.blocks))

    @property
    def text(self) -> str:
        """Headline and blocks, one per line: the text as a reader sees it."""
        return "\n".join([self.title, *(b.text for b in self.blocks)])


def content_hash(title: str, blocks: tuple[Block, ...]) -> str:
    """SHA-256 of what would be read aloud: changes exactly when the spoken content changes."""
    payload = json.dumps([title, [[b.role, b.text] for b in blocks]], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SentenceTiming:
    """Where one sentence sits in an episode's audio, in frames (sample-accurate; end exclusive)."""

    index: int
    start: int
    end: int
    role: str
    paragraph: int
    text: str
    spoken: str


@dataclass(frozen=True)
class Episode:
    """One rendered article: its audio file, how it was made, and its sentence timeline."""

    article_id: str
    content_hash: str
    script_hash: str  # what was spoken and how: a re-render of the same script is the same episode
    guid: str
    engine: str
    voice: str
    audio_key: str
    audio_bytes: int
    sample_rate: int
    frames: int
    timeline: tuple[SentenceTiming, ...]
    created_at: datetime | None = None
    voice_name: str | None = None  # the named voice (``audio.voices``) that spoke it, if one did

    @property
    def duration(self) -> float:
        return self.frames / self.sample_rate


@dataclass(frozen=True)
class BulletinItem:
    """One article's place in a bulletin (frames at the bulletin's sample rate; end exclusive)."""

    article_id: str
    title: str
    url: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Bulletin:
    """A compiled news bulletin: several articles between an opener and an outro."""

    id: str
    guid: str
    title: str
    since: datetime
    until: datetime
    slot_seconds: float | None
    items: tuple[BulletinItem, ...]
    left_out: tuple[str, ...]  # article ids that did not fit the slot
    engine: str
    audio_key: str
    audio_bytes: int
    sample_rate: int
    frames: int
    updated_at: datetime | None = None

    @property
    def duration(self) -> float:
        return self.frames / self.sample_rate


@dataclass(frozen=True)
class BulletinRequest:
    """Staff asked for a bulletin of these articles, in this order: a worker builds it.

    ``status`` is queued, building, done (``bulletin_id`` is set) or failed (``error`` says why;
    ``error_details`` carries what staff are shown: the lengths of a bulletin over its slot, or the
    articles that are no longer published).
    """

    id: str
    article_ids: tuple[str, ...]
    slot_seconds: float | None
    at: datetime
    requested_by: str | None
    status: str
    error: str | None = None
    error_details: dict | None = None
    bulletin_id: str | None = None
    updated_at: datetime | None = None

