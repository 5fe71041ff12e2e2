"""Telling the station's CMS that an article's audio is ready (``LOA_CALLBACK_URL``).

When an article is published (and again whenever an edit of it is published), the ``publish``
queue's ``loa.send_callback`` POSTs one JSON object to the callback URL::

    {"event": "audio.ready", "article_id": "bai-100", "version": 2, "content_hash": "…",
     "published": "2026-11-29T08:00:00+00:00", "embargoed": false,
     "audio_url": "https://radio.vn/loa/episodes/bai-100/bai-100-….mp3", "duration": 84.2,
     "page_url": "https://radio.vn/loa/nghe/bai-100", "embed_url": "https://radio.vn/loa/nhung/bai-100",
     "player": "<iframe src=… ></iframe>", "guid": "…"}

signed like the webhook the CMS sends to Loa (scheme ``v2``, ``loa.signing``) with
``LOA_CALLBACK_SECRET``: ``X-Loa-Signature`` is ``v2=`` and the HMAC-SHA256 of ``loa-v2``, ``POST``,
the callback URL's path and query, ``X-Loa-Timestamp``, ``X-Loa-Delivery`` and the body, joined by
newlines. Every attempt has a new delivery id; the CMS may refuse one it has seen.

An embargoed article (``embargoed``: its ``published`` time is still to come) is announced as soon as
its audio is ready; its pages and feed item appear at its time.

Any 2xx answer is a delivery. Anything else (another status, no answer within ``TIMEOUT``, no
connection) is retried after ``LOA_RETRY_DELAY`` seconds, doubling each time, ``TRIES`` attempts in
all (30, 60, 120 and 240 s apart with the default delay); each attempt is recorded with what came of it,
and the last failure is shown on the staff's article page, which can send it again.

Safety: only http(s) URLs (checked at start); redirects are never followed (a 3xx is a failure that
names where it pointed), so the signature is never handed to another address; the proxy settings and
``.netrc`` of the environment are ignored; the secret is never logged or recorded, and reasons name
the host only. The URL is the operator's own setting, so it may name a private address (a CMS on the
station's network is normal), unlike the article pages Loa fetches (``articles.fetch``).
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import requests

from articles.store import CallbackAttempt
from feeds.embed import iframe
from feeds.pages import embed_path, episode_path
from loa.settings import Settings
from loa.signing import signed_headers
from worker.pipeline import Pipeline

log = logging.getLogger("loa.callback")

TRIES = 5
TIMEOUT = (5.0, 10.0)  # seconds to connect, and to wait for the answer
EVENT = "audio.ready"
USER_AGENT = "Loa-Callback/1"
_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")]+)")


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    reason: str | None = None
    http_status: int | None = None


def backoff(attempt: int, delay: float) -> float:
    """Seconds before attempt ``attempt + 1``: ``delay``, then doubling.

    >>> [backoff(n, 30) for n in range(1, 5)]
    [30, 60, 120, 240]
    """
    return delay * 2 ** (attempt - 1)


def payload(p: Pipeline, article_id: str, content_hash: str | None, now: datetime | None = None) -> bytes | None:
    """The JSON announcing the article's audio, or None when there is nothing to announce: the
    article is not published, or a newer version replaced ``content_hash`` (its publication sends its own)."""
    state = p.store.state(article_id)
    article = p.store.get_article(article_id)
    if state is None or article is None or state.status != "published" or state.episode is None:
        return None
    if content_hash is not None and content_hash != state.content_hash:
        return None
    s, episode = p.settings, state.episode
    document = {
        "event": EVENT, "article_id": article.id, "version": state.version, "content_hash": state.content_hash,
        "published": article.published.isoformat(), "embargoed": article.published > (now or datetime.now(UTC)),
        "audio_url": s.file_url(episode.audio_key), "duration": round(episode.duration, 3),
        "page_url": s.public_url(episode_path(article.id)), "embed_url": s.public_url(embed_path(article.id)),
        "player": iframe(s.public_url(embed_path(article.id)), article.title, "100%"), "guid": episode.guid,
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")


def target_of(url: str) -> str:
    """What the signature covers of the URL: its path and query, as sent on the request line.

    >>> target_of("https://cms.vn/loa/ready?site=2"), target_of("http://cms.vn")
    ('/loa/ready?site=2', '/')
    """
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _connection_reason(err: requests.RequestException, host: str) -> str:
    found = _ERRNO.search(str(err))
    why = found.group(1).strip() if found else type(err).__name__
    return f"cannot connect to {host}: {why}"


def post(settings: Settings, body: bytes) -> Outcome:
    """POST ``body`` to the callback URL, signed; what came of it."""
    url = settings.callback_url
    host = urlsplit(url).hostname or "?"
    headers = signed_headers(settings.callback_secret, "POST", target_of(url), body)
    headers.update({"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT})
    with requests.Session() as session:
        session.trust_env = False  # no proxy or .netrc credentials from the environment
        try:
            with session.post(url, data=body, headers=headers, timeout=TIMEOUT, allow_redirects=False,
                              stream=True) as response:
                code = response.status_code
                location = response.headers.get("Location", "")
        except requests.Timeout:
            return Outcome(False, f"no answer from {host} within {TIMEOUT[1]:g} s")
        except requests.ConnectionError as err:
            return Outcome(False, _connection_reason(err, host))
        except requests.RequestException as err:
            return Outcome(False, f"{type(err).__name__} sending to {host}")
    if 200 <= code < 300:
        return Outcome(True, None, code)
    if 300 <= code < 400:
        where = urlsplit(location).hostname or location[:80]
        return Outcome(False, f"HTTP {code} from {host}: a redirect (to {where or '?'}) is not followed; "
                              "set LOA_CALLBACK_URL to the final address", code)
    return Outcome(False, f"HTTP {code} from {host}", code)


def deliver(p: Pipeline, article_id: str, content_hash: str | None, attempt: int,
            now: datetime | None = None) -> CallbackAttempt | None:
    """One attempt to tell the CMS, recorded; None when no callback is set or nothing is to be announced."""
    settings = p.settings
    if not settings.callback_url:
        return None
    body = payload(p, article_id, content_hash, now)
    if body is None:
        return None
    announced = json.loads(body)["content_hash"]
    outcome = post(settings, body)
    host = urlsplit(settings.callback_url).hostname
    if outcome.delivered:
        log.info("article %s: the CMS at %s was told its audio is ready (attempt %d)", article_id, host, attempt)
        return p.store.callbacks.record(article_id, announced, attempt, "delivered", http_status=outcome.http_status)
    if attempt < TRIES:
        next_try = (now or datetime.now(UTC)) + timedelta(seconds=backoff(attempt, settings.retry_delay))
        log.warning("article %s: callback attempt %d of %d failed: %s; next at %s", article_id, attempt, TRIES,
                    outcome.reason, next_try.isoformat(timespec="seconds"))
        return p.store.callbacks.record(article_id, announced, attempt, "retrying", reason=outcome.reason,
                                        http_status=outcome.http_status, next_try_at=next_try)
    log.error("article %s: the CMS at %s was not told its audio is ready after %d attempts: %s", article_id, host,
              attempt, outcome.reason)
    return p.store.callbacks.record(article_id, announced, attempt, "failed", reason=outcome.reason,
                                    http_status=outcome.http_status)
