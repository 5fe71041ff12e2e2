"""The engine chain in one process: Google failing mid-article hands the whole article to espeak-ng,
and the episode and the article say which engine spoke it and why."""
from __future__ import annotations

from dataclasses import replace

import feedparser
import pytest
import requests
import responses

from articles.db import EpisodeRow
from audio.engines import forget_probe_results
from tests.audio.conftest import GOOGLE_URL, batchexecute_reply
from tests.support.audio_files import mp3_bytes
from tests.worker.test_pipeline import article
from worker.pipeline import IN_PROCESS_SYNTHESIS, Pipeline


@pytest.fixture(autouse=True)
def fresh_probe_results():
    forget_probe_results()
    yield
    forget_probe_results()


@pytest.fixture(scope="module")
def google_audio() -> str:
    from audio.engines.espeak import EspeakEngine

    return batchexecute_reply(mp3_bytes(EspeakEngine().synthesize("Xin chào các bạn")))


class Google:
    """A Google Translate that answers the first ``answers`` requests with speech, then is unreachable."""

    def __init__(self, mock: responses.RequestsMock, audio: str, answers: int):
        self.calls = 0

        def reply(_request):
            self.calls += 1
            if self.calls > answers:
                raise requests.ConnectionError("no route to host")
            return 200, {}, audio

        mock.add_callback(responses.POST, GOOGLE_URL, callback=reply)


def episodes_of(pipeline: Pipeline, article_id: str) -> list[EpisodeRow]:
    from sqlalchemy import select

    with pipeline.store.session() as s:
        return list(s.scalars(select(EpisodeRow).where(EpisodeRow.article_id == article_id)))


def test_google_answering_the_probe_then_failing_mid_article_gives_an_espeak_episode(settings, google_audio):
    # Google answers the probe and two sentences, then goes away: the whole article is spoken again by
    # espeak-ng, never half by one voice and half by the other.
    pipeline = Pipeline(replace(settings, engine="auto"))
    try:
        a = article()
        pipeline.store.save_article(a)
        with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
            google = Google(mock, google_audio, answers=3)
            episode = pipeline.render(a.id)
        assert google.calls > 3  # it was used, and failed mid-article
        state = pipeline.store.state(a.id)
        assert (state.status, episode.engine) == ("published", "espeak")
        assert state.engine.startswith("espeak (gtts: NoNetwork: translate.google.com.vn could not be reached")
        [row] = episodes_of(pipeline, a.id)
        assert row.engine == "espeak" and row.engine_reason.startswith("gtts: NoNetwork: ")
        entries = feedparser.parse(pipeline.storage.path("feed.xml").read_bytes()).entries
        assert len(entries) == 1 and entries[0].title == a.title
        assert len(list(pipeline.storage.path(f"episodes/{a.id}").glob("*.mp3"))) == 1
    finally:
        pipeline.close()


def test_the_only_engine_failing_fails_the_article_at_once_with_the_reason(settings):
    # Google alone, unreachable: no 450 s of retries, and a visible reason. Sentences are
    # synthesized a few at a time, so those already in flight each make their one attempt.
    pipeline = Pipeline(replace(settings, engine="gtts"))
    try:
        a = article()
        pipeline.store.save_article(a)
        with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
            google = Google(mock, "", answers=0)
            with pytest.raises(Exception, match="no speech engine left"):
                pipeline.render(a.id)
        assert 1 <= google.calls <= min(IN_PROCESS_SYNTHESIS, len(pipeline.script_for(a)))
        state = pipeline.store.state(a.id)
        assert state.status == "failed"
        assert state.error.startswith("NoEngineLeft: no speech engine left: gtts: NoNetwork: ")
        assert state.episode is None
    finally:
        pipeline.close()


def test_an_open_circuit_skips_google_without_asking_it(settings):
    pipeline = Pipeline(replace(settings, engine="auto", breaker_failures=2))
    try:
        for n in range(2):
            pipeline.breaker.failure("gtts", f"NoNetwork: no route to host ({n})")
        a = article()
        pipeline.store.save_article(a)
        with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
            google = Google(mock, "", answers=0)
            episode = pipeline.render(a.id)
        assert google.calls == 0
        assert episode.engine == "espeak"
        assert pipeline.store.state(a.id).engine == \
            "espeak (gtts: circuit open after 2 failures: NoNetwork: no route to host (1))"
    finally:
        pipeline.close()


class Refusing:
    """An engine whose every sentence is refused with ``error``."""

    voice = "test"
    settings_key = "refusing"

    def __init__(self, name: str, error: Exception):
        self.name, self._error = name, error

    def synthesize(self, text: str):
        raise self._error


def test_a_throttled_engine_never_opens_its_circuit_and_says_when_to_come_back(settings):
    # A vendor metering its quota (429 with Retry-After) works: the sentence waits, the engine stays.
    from audio.engines.chain import EngineFailed
    from audio.engines.http import Throttled
    from audio.errors import RateLimited

    pipeline = Pipeline(settings)
    metered = Refusing("metered", Throttled("Azure Speech answered 429 Too Many Requests, retry after 1 s", 1.0))
    unmetered = Refusing("unmetered", RateLimited("translate.google.com answered 429 Too Many Requests"))
    try:
        for n in range(settings.breaker_failures + 2):
            with pytest.raises(EngineFailed) as caught:
                pipeline.clip("metered", metered, f"Câu số {n}.")
            assert caught.value.transient and caught.value.retry_after == 1.0
        assert pipeline.breaker.status("metered") == "closed"

        for n in range(settings.breaker_failures):  # an endpoint without a quota to wait for still counts
            with pytest.raises(EngineFailed) as caught:
                pipeline.clip("unmetered", unmetered, f"Câu số {n}.")
            assert caught.value.retry_after is None
        assert pipeline.breaker.status("unmetered") == "open"
    finally:
        pipeline.close()
