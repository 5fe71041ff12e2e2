"""Articles read in the voice chosen for them: the voice's engine, the fall back of the whole article,
and going back to a voice already heard costs no request to the vendor."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from articles.model import Article, Block
from tests.audio.fakes.azure import SYNTHESIZE, FakeAzure
from tests.audio.fakes.server import Answer, speech_audio
from tests.worker.conftest import AZURE_KEY
from worker.pipeline import Pipeline

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def article(article_id: str = "cau-vuot") -> Article:
    return Article(
        id=article_id, title="Thông xe cầu vượt nút giao phía tây thành phố",
        blocks=(Block("lead", "Sáng nay, cầu vượt dài 480 mét chính thức thông xe sau hai năm thi công."),
                Block("body", "Công trình giúp giảm ùn tắc vào giờ cao điểm.")),
        published=datetime(2026, 11, 28, 7, 30, tzinfo=HCM),
    )




def voices_heard(azure: FakeAzure) -> list[str]:
    return [r.body.decode("utf-8").split('<voice name="')[1].split('"')[0] for r in azure.to(SYNTHESIZE)]


def test_without_a_voice_the_chain_speaks_as_before(voiced, azure):
    pipeline = Pipeline(voiced)
    try:
        pipeline.store.save_article(article())
        episode = pipeline.render("cau-vuot")
    finally:
        pipeline.close()

    assert (episode.engine, episode.voice, episode.voice_name) == ("espeak", "vi", None)
    assert azure.to(SYNTHESIZE) == []


def test_the_articles_voice_speaks_and_going_back_to_a_voice_costs_nothing(voiced, azure):
    pipeline = Pipeline(voiced)
    try:
        pipeline.store.save_article(article())
        pipeline.store.set_voice("cau-vuot", "nu-bac")
        first = pipeline.render("cau-vuot")
        sent_first = len(azure.to(SYNTHESIZE))

        pipeline.store.set_voice("cau-vuot", "nam-bac")
        second = pipeline.render("cau-vuot")
        sent_second = len(azure.to(SYNTHESIZE)) - sent_first

        pipeline.store.set_voice("cau-vuot", "nu-bac")
        again = pipeline.render("cau-vuot")
        state = pipeline.store.state("cau-vuot")
    finally:
        pipeline.close()

    assert sent_first >= 3 and sent_second == sent_first  # every sentence once per voice
    assert set(voices_heard(azure)[:sent_first]) == {"vi-VN-HoaiMyNeural"}
    assert set(voices_heard(azure)[sent_first:]) == {"vi-VN-NamMinhNeural"}
    assert len(azure.to(SYNTHESIZE)) == sent_first + sent_second  # back to nu-bac: no request at all
    assert (first.engine, first.voice, first.voice_name) == ("azure", "vi-VN-HoaiMyNeural", "nu-bac")
    assert (second.voice, second.voice_name) == ("vi-VN-NamMinhNeural", "nam-bac")
    assert again.audio_key == first.audio_key != second.audio_key
    assert state.episode.audio_key == first.audio_key  # what the page and the feed now show
    assert state.engine == "azure/nu-bac"


def test_the_default_voice_reads_articles_that_name_none(voiced, azure):
    pipeline = Pipeline(replace(voiced, voice="nam-bac"))
    try:
        pipeline.store.save_article(article())
        episode = pipeline.render("cau-vuot")
    finally:
        pipeline.close()

    assert episode.voice_name == "nam-bac"
    assert set(voices_heard(azure)) == {"vi-VN-NamMinhNeural"}


def test_when_the_voices_engine_fails_the_whole_article_falls_to_the_chain(voiced, azure):
    azure.then(SYNTHESIZE, Answer(200, speech_audio().wav(24000), {"Content-Type": "audio/x-wav"}),
               *[Answer(401)] * 20)
    pipeline = Pipeline(replace(voiced, breaker_failures=1))
    try:
        pipeline.store.save_article(article())
        pipeline.store.set_voice("cau-vuot", "nu-bac")
        episode = pipeline.render("cau-vuot")
        state = pipeline.store.state("cau-vuot")
        reason = pipeline.renders.episode_engine_reason("cau-vuot", episode.script_hash)
    finally:
        pipeline.close()

    assert (episode.engine, episode.voice, episode.voice_name) == ("espeak", "vi", None)
    assert reason is not None and reason.startswith("azure/nu-bac: ")
    assert "AuthenticationFailed: Azure Speech refused the credentials (HTTP 401)" in reason
    assert AZURE_KEY not in reason
    assert state.engine.startswith("espeak (azure/nu-bac: ")
    assert state.status == "published"


def test_a_voice_whose_engine_cannot_be_built_is_passed_over_with_the_reason(voiced, azure):
    pipeline = Pipeline(replace(voiced, azure_key=""))
    try:
        pipeline.store.save_article(article())
        pipeline.store.set_voice("cau-vuot", "nu-bac")
        pipeline.render("cau-vuot")
        state = pipeline.store.state("cau-vuot")
    finally:
        pipeline.close()

    assert state.engine.startswith("espeak (@nu-bac: EngineUnavailable: Azure Speech needs the Speech resource key")
    assert azure.to(SYNTHESIZE) == []


def test_a_broadcast_made_again_later_is_read_in_the_episodes_voice_from_the_cache(voiced, azure):
    pipeline = Pipeline(voiced)
    try:
        pipeline.store.save_article(article())
        pipeline.store.set_voice("cau-vuot", "nam-bac")  # not Azure's default voice
        episode = pipeline.render("cau-vuot")
        wav_key = episode.audio_key.removesuffix(".mp3") + ".wav"
        sent = len(azure.to(SYNTHESIZE))
        pipeline.storage.delete(wav_key)

        made = pipeline.broadcast("cau-vuot")  # as reconciliation drives it: no engine given
    finally:
        pipeline.close()

    assert made == wav_key and pipeline.storage.exists(wav_key)
    assert len(azure.to(SYNTHESIZE)) == sent  # the clips of nam-bac, not those of Azure's default voice
