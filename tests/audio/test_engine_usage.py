"""gTTS counts what it sends too: each request's characters, once, in the day's usage."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from tests.audio.conftest import sent_text_and_language
from tests.worker.test_voices_render import article
from worker.pipeline import Pipeline


def test_gtts_requests_are_counted_as_sent(settings, google_speaks):
    pipeline = Pipeline(replace(settings, engine="gtts"))
    try:
        pipeline.store.save_article(article())
        pipeline.render("cau-vuot")
        pipeline.render("cau-vuot")
        [usage] = pipeline.store.usage.since(datetime.now(UTC).date())
    finally:
        pipeline.close()

    sent = [sent_text_and_language(call.request)[0] for call in google_speaks.calls]
    assert (usage.engine, usage.chars, usage.requests) == ("gtts", sum(len(t) for t in sent), len(sent))
    assert usage.requests >= 3
