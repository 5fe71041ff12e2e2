"""The callback to the station's CMS, one attempt at a time in this process (the retries through real
workers are in ``test_callback_celery``): what is sent, how it is signed, what is recorded."""
from __future__ import annotations

import doctest
import logging
import socket
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.cms import start_cms
from tests.worker.test_pipeline import article
from worker import callback
from worker.pipeline import Pipeline

SECRET = "bi-mat-cua-cms-0123456789"


@pytest.fixture
def cms():
    found, server = start_cms(SECRET)
    yield found
    server.shutdown()
    server.server_close()


def rendered(settings, cms_url: str, **changes) -> Pipeline:
    p = Pipeline(replace(settings, callback_url=cms_url, callback_secret=SECRET, **changes))
    a = article()
    p.store.save_article(a)
    p.render(a.id)
    return p


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_cms_receives_the_signed_announcement_of_the_audio(settings, cms, caplog):
    caplog.set_level(logging.DEBUG)
    p = rendered(settings, cms.url)
    try:
        state = p.store.state("bai-01")
        done = callback.deliver(p, "bai-01", state.content_hash, 1)
        assert done.status == "delivered" and done.http_status == 200 and done.reason is None
        [delivery] = cms.deliveries
        assert delivery.verified is None and delivery.path == "/loa/san-sang?site=1"
        base = "https://radio.example.vn/loa"
        assert delivery.document == {
            "event": "audio.ready", "article_id": "bai-01", "version": 1, "content_hash": state.content_hash,
            "published": "2026-11-26T01:15:00+00:00", "embargoed": False,
            "audio_url": f"{base}/{state.episode.audio_key}", "duration": round(state.episode.duration, 3),
            "page_url": f"{base}/nghe/bai-01", "embed_url": f"{base}/nhung/bai-01", "guid": state.episode.guid,
            "player": f'<iframe src="{base}/nhung/bai-01" width="100%" height="150" title="Nghe: Hội nghị tổng kết '
                      'công tác phòng chống thiên tai" loading="lazy" style="border:0"></iframe>',
        }
        assert delivery.headers["Content-Type"] == "application/json; charset=utf-8"
        assert [(a.attempt, a.status) for a in p.store.callbacks.attempts("bai-01")] == [(1, "delivered")]
        assert SECRET not in caplog.text
    finally:
        p.close()


def test_a_signature_with_another_secret_is_refused_by_the_cms(settings, cms):
    cms.secret = "another-secret-entirely"
    p = rendered(settings, cms.url)
    try:
        done = callback.deliver(p, "bai-01", None, 1)
        assert (done.status, done.reason) == ("retrying", "HTTP 401 from 127.0.0.1")
        assert "does not match" in cms.deliveries[0].verified
    finally:
        p.close()


def test_failures_are_retried_with_a_doubling_delay_then_given_up_with_the_reason(settings, caplog):
    caplog.set_level(logging.DEBUG)
    p = rendered(settings, f"http://127.0.0.1:{closed_port()}/cms", retry_delay=30)
    try:
        now = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
        outcomes = [callback.deliver(p, "bai-01", None, n, now=now) for n in range(1, callback.TRIES + 1)]
        assert [o.status for o in outcomes] == ["retrying"] * 4 + ["failed"]
        assert [o.next_try_at for o in outcomes] == [now + timedelta(seconds=s) for s in (30, 60, 120, 240)] + [None]
        assert outcomes[-1].reason == "cannot connect to 127.0.0.1: Connection refused"
        assert p.store.callbacks.given_up() == {"bai-01"}
        assert SECRET not in caplog.text and all(SECRET not in (o.reason or "") for o in outcomes)
    finally:
        p.close()


def test_a_redirect_is_not_followed_with_the_signature(settings, cms):
    other, other_server = start_cms(SECRET)
    cms.redirect_to = other.url
    p = rendered(settings, cms.url)
    try:
        done = callback.deliver(p, "bai-01", None, 1)
        assert done.reason == ("HTTP 302 from 127.0.0.1: a redirect (to 127.0.0.1) is not followed; set "
                               "LOA_CALLBACK_URL to the final address")
        assert other.deliveries == []
    finally:
        p.close()
        other_server.shutdown()
        other_server.server_close()


def test_nothing_is_sent_without_a_callback_url_nor_for_a_replaced_version_or_a_retracted_article(settings, cms):
    p = rendered(settings, cms.url)
    try:
        plain = Pipeline(settings)
        assert callback.deliver(plain, "bai-01", None, 1) is None
        plain.close()
        assert callback.deliver(p, "bai-01", "an-older-version", 1) is None
        p.retract("bai-01")
        assert callback.deliver(p, "bai-01", None, 1) is None
        assert cms.deliveries == [] and p.store.callbacks.attempts("bai-01") == []
    finally:
        p.close()


def test_an_embargoed_article_is_announced_as_embargoed(settings, cms):
    p = Pipeline(replace(settings, callback_url=cms.url, callback_secret=SECRET))
    try:
        at = datetime.now(UTC) + timedelta(hours=3)
        p.store.save_article(replace(article(), published=at))
        p.render("bai-01")
        callback.deliver(p, "bai-01", None, 1)
        assert cms.deliveries[0].document["embargoed"] is True
        assert cms.deliveries[0].document["published"] == at.isoformat()
    finally:
        p.close()


def test_doctests():
    assert doctest.testmod(callback).failed == 0
