"""Counting listens of episode and bulletin MP3s the way podcast measurement counts downloads.

The rules (after the IAB Podcast Measurement guidelines):
- one listen per programme, client address and user agent per day (station time, ``LOA_TIMEZONE``):
  an app that fetches the file in many ranges, or again later that day, counts once;
- only ``GET`` requests answered with audio count (200 or 206), and not a range of two bytes or
  less (``bytes=0-1``: players and proxies probing the file); ``HEAD``, 304 and 416 never count;
- known robots never count: a user agent naming itself a bot, crawler or spider, link previewers,
  and scripted HTTP clients (``curl``, ``Wget``, Python, Go, Java, Node and similar libraries):
  a person does not listen through them, and monitors and mirrors use them. An empty user agent
  does not count either. The list is ``BOT_AGENTS``.

No address is stored: the listener is the HMAC-SHA256 of the address and user agent keyed with a
random salt of the day, kept in the database only while the day lasts. The first request of a new
day makes a new salt and deletes the old one, with the previous days' hashes (added up first), so
nobody, the operator included, can link one day's listeners to another's.

Counting never slows or fails a download: it runs after the response (a background task), a
listener already counted by this process that day is not written again, at most
``MAX_IN_FLIGHT`` counts wait on the database at once (more are dropped), one address (an IPv6
/64) makes at most ``MAX_AGENTS_PER_ADDRESS`` listeners of one programme a day, and a failure is
logged and forgotten.
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from fastapi import FastAPI

from articles.store import Listens
from web.services import services

log = logging.getLogger("loa.web.listens")

# Lower-case pieces of user agents that are not listeners.
BOT_AGENTS: tuple[str, ...] = (
    "bot", "crawler", "spider", "slurp", "archiver", "facebookexternalhit", "embedly", "preview",
    "headlesschrome", "lighthouse", "curl/", "wget/", "python-requests", "python-urllib", "python-httpx",
    "aiohttp", "go-http-client", "java/", "apache-httpclient", "libwww-perl", "node-fetch", "axios/", "scrapy",
)
PROBE_BYTES = 2  # a range of this many bytes or fewer is a probe, not a listen
MAX_IN_FLIGHT = 4
MAX_AGENTS_PER_ADDRESS = 100
REMEMBERED = 20_000  # listeners this process remembers having counted (skips the database)
LOG_EVERY = 60.0  # seconds between two warnings that counting failed


@dataclass(frozen=True)
class Programme:
    kind: str  # episode | bulletin
    programme_id: str  # the folder of its audio: episodes/<programme_id>/...


def programme_of(key: str) -> Programme | None:
    """The programme whose listens a served file counts for: episode and bulletin MP3s only.

    >>> programme_of("episodes/cau-moi/cau-moi-1f2e.mp3"), programme_of("bulletins/b-1/b-1-aa.MP3")
    (Programme(kind='episode', programme_id='cau-moi'), Programme(kind='bulletin', programme_id='b-1'))
    >>> programme_of("episodes/cau-moi/cau-moi-1f2e.wav"), programme_of("feed.xml")
    (None, None)
    """
    parts = key.split("/")
    kind = {"episodes": "episode", "bulletins": "bulletin"}.get(parts[0])
    if kind is None or len(parts) != 3 or not parts[2].lower().endswith(".mp3") or len(parts[1]) > 200:
        return None
    return Programme(kind, parts[1])


def is_bot(agent: str) -> bool:
    """Whether the user agent is a robot's (or missing).

    >>> [is_bot(a) for a in ("Googlebot/2.1", "curl/8.5.0", "Wget/1.21", "", "AppleCoreMedia/1.0 (iPhone)")]
    [True, True, True, True, False]
    >>> is_bot("Mozilla/5.0 (Linux; Android 14) Chrome/126 Mobile Safari/537.36")
    False
    """
    lowered = agent.strip().lower()
    return not lowered or any(piece in lowered for piece in BOT_AGENTS)


def counts(method: str, status: int, length: int) -> bool:
    """Whether a response of ``status`` sending ``length`` bytes to a ``method`` request is a listen."""
    return method == "GET" and status in (200, 206) and length > PROBE_BYTES


def listener_hash(salt: str, address: str, agent: str) -> str:
    return hmac.new(salt.encode(), f"{address}\n{agent}".encode("utf-8", "replace"), hashlib.sha256).hexdigest()


def address_group(address: str) -> str:
    """The address a flood is capped by: an IPv6 address's /64 (one subscriber's), an IPv4 address itself.

    >>> address_group("2001:db8:1:2:aaaa::1"), address_group("203.0.113.9")
    ('2001:db8:1:2::/64', '203.0.113.9')
    """
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def utc_now() -> datetime:
    return datetime.now(UTC)


class ListenCounter:
    """Counts listens for one web process (``listen_counter(app)``)."""

    def __init__(self, listens: Callable[[], Listens], zone: ZoneInfo, clock: Callable[[], datetime] = utc_now):
        self._listens = listens
        self.zone = zone
        self.clock = clock
        self._lock = threading.Lock()
        self._salt: tuple[date, str] | None = None
        self._counted: OrderedDict[tuple[date, str, str, str], None] = OrderedDict()
        self._per_address: OrderedDict[tuple[date, str, str, str], int] = OrderedDict()
        self._in_flight = threading.BoundedSemaphore(MAX_IN_FLIGHT)
        self._last_warning = 0.0

    def today(self) -> date:
        return self.clock().astimezone(self.zone).date()

    def hear(self, key: str, address: str, agent: str) -> None:
        """Count a listen of the file ``key`` by ``address`` with ``agent``, if it is one; never raises."""
        programme = programme_of(key)
        if programme is None or is_bot(agent):
            return
        if not self._in_flight.acquire(blocking=False):
            self._warn("listen not counted: too many counts waiting on the database")
            return
        try:
            self._count(programme, address, agent)
        except Exception as err:  # counting must never fail a download
            self._warn(f"listen not counted: {type(err).__name__}: {err}")
        finally:
            self._in_flight.release()

    def _count(self, programme: Programme, address: str, agent: str) -> None:
        day = self.today()
        salt = self._salt_of(day)
        listener = listener_hash(salt, address, agent)
        seen = (day, programme.kind, programme.programme_id, listener)
        group = (day, programme.kind, programme.programme_id, listener_hash(salt, address_group(address), ""))
        with self._lock:
            if seen in self._counted:
                return
            if self._per_address.get(group, 0) >= MAX_AGENTS_PER_ADDRESS:
                return
        counted = self._listens().count(day, programme.kind, programme.programme_id, listener)
        with self._lock:
            self._remember(self._counted, seen, None)
            if counted:
                self._remember(self._per_address, group, self._per_address.get(group, 0) + 1)

    @staticmethod
    def _remember(table: OrderedDict, key: tuple, value) -> None:
        table[key] = value
        table.move_to_end(key)
        while len(table) > REMEMBERED:
            table.popitem(last=False)

    def _salt_of(self, day: date) -> str:
        with self._lock:
            if self._salt is not None and self._salt[0] == day:
                return self._salt[1]
        salt = self._listens().salt(day, lambda: secrets.token_hex(32))
        with self._lock:
            self._salt = (day, salt)
            # Yesterday's listeners are no use once its salt is gone.
            for table in (self._counted, self._per_address):
                for old in [k for k in table if k[0] != day]:
                    del table[old]
        return salt

    def _warn(self, message: str) -> None:
        now = time.monotonic()
        if now - self._last_warning >= LOG_EVERY or self._last_warning == 0.0:
            self._last_warning = now
            log.warning(message)


_lock = threading.Lock()


def listen_counter(app: FastAPI) -> ListenCounter:
    """The app's counter, made on first use; ``app.state.listen_clock`` (a function returning an aware
    datetime) replaces the clock, for tests."""
    with _lock:
        found: ListenCounter | None = getattr(app.state, "listen_counter", None)
        if found is None:
            settings = app.state.settings
            found = ListenCounter(lambda: services(app).store.listens, ZoneInfo(settings.timezone))
            app.state.listen_counter = found
        clock = getattr(app.state, "listen_clock", None)
        found.clock = clock if clock is not None else utc_now
        return found
