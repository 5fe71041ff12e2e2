"""Cost: characters sent to each engine each day, counted where requests go out (cache hits cost
nothing), and daily budgets that send articles down the chain once an engine's budget is spent."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tests.audio.fakes.azure import SYNTHESIZE
from tests.worker.test_voices_render import article
from worker.pipeline import Pipeline
from worker.usage import EngineMeter


def today() -> datetime:
    return datetime.now(UTC)


def test_characters_sent_are_counted_once_and_cache_hits_cost_nothing(voiced, azure):
    pipeline = Pipeline(voiced)
    try:
        pipeline.store.save_article(article())
        pipeline.store.set_voice("cau-vuot", "nu-bac")
        pipeline.render("cau-vuot")
        sent = (pipeline.store.usage.chars_on("azure", today().date()), len(azure.to(SYNTHESIZE)))
        pipeline.render("cau-vuot")  # every clip is cached now
        again = (pipeline.store.usage.chars_on("azure", today().date()), len(azure.to(SYNTHESIZE)))
        [usage] = pipeline.store.usage.since(today().date())
    finally:
        pipeline.close()

    assert sent == (sum(len(text) for text in azure.spoken), len(azure.spoken)) and sent[0] > 50
    assert again == sent
    assert (usage.engine, usage.chars, usage.requests) == ("azure", sent[0], sent[1])


def test_a_spent_budget_passes_the_engine_over_with_the_reason(voiced, azure):
    pipeline = Pipeline(replace(voiced, engine_daily_chars="azure:500"))
    try:
        pipeline.store.usage.add("azure", 500, today().date())
        pipeline.store.usage.add("azure", 900, (today() - timedelta(days=1)).date())  # yesterday's do not count
        pipeline.store.save_article(article())
        pipeline.store.set_voice("cau-vuot", "nu-bac")
        episode = pipeline.render("cau-vuot")
        state = pipeline.store.state("cau-vuot")
    finally:
        pipeline.close()

    assert episode.engine == "espeak"
    assert state.engine == "espeak (azure/nu-bac: daily budget of 500 characters spent (500 sent today))"
    assert azure.to(SYNTHESIZE) == []


def test_a_budget_reached_during_a_render_sends_the_whole_article_down_the_chain(voiced, azure):
    pipeline = Pipeline(replace(voiced, engine_daily_chars="google_cloud:1000,azure:40"))
    try:
        pipeline.store.save_article(article())
        pipeline.store.set_voice("cau-vuot", "nu-bac")
        episode = pipeline.render("cau-vuot")
        reason = pipeline.renders.episode_engine_reason("cau-vuot", episode.script_hash)
        circuit = pipeline.breaker.status("azure")
    finally:
        pipeline.close()

    assert (episode.engine, episode.voice_name) == ("espeak", None)
    assert reason is not None and "BudgetSpent: daily budget of 40 characters reached (0 sent today" in reason
    assert azure.to(SYNTHESIZE) == []  # nothing went past the budget
    assert circuit == "closed"  # a spent budget says nothing of the engine's health


def test_budgets_name_engines_as_the_settings_do(voiced):
    pipeline = Pipeline(replace(voiced, engine_daily_chars="google_cloud:100000,azure:200000"))
    try:
        meter = pipeline.meter
        assert (meter.budget_of("google-cloud"), meter.budget_of("azure"), meter.budget_of("fpt")) == (
            100000, 200000, None)
        assert isinstance(meter, EngineMeter)
    finally:
        pipeline.close()


def test_concurrent_counts_all_add_up(settings):
    from concurrent.futures import ThreadPoolExecutor

    pipeline = Pipeline(settings)
    try:
        day = today().date()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda _: pipeline.store.usage.add("viettel", 10, day), range(40)))
        [usage] = pipeline.store.usage.since(day)
    finally:
        pipeline.close()

    assert (usage.chars, usage.requests) == (400, 40)


@pytest.mark.parametrize("value, message", [
    ("azure", "engine:characters pairs"), ("azure:0", "engine:characters pairs"), ("azure:-5", "engine:characters"),
    ("azrue:1000", "'azrue' is not an engine that sends text"), ("espeak:100", "'espeak' is not an engine"),
])
def test_a_wrong_budget_setting_is_refused_at_start(value, message):
    from loa.settings import Settings, SettingsError

    with pytest.raises(SettingsError, match=message):
        Settings(engine_daily_chars=value)
