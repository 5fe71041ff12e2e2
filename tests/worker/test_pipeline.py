"""The pipeline in one process: article in, episode and feed out, on the offline engine."""
from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest

from articles.model import Article, Block
from audio.engines.chain import EngineFailed
from audio.ffmpeg import decode_file
from tests.support.bwf_reader import iter_chunks, read_bext, read_cart, read_info
from tests.support.loudness_reference import measure
from worker.pipeline import Pipeline, RenderError, Superseded, episode_guid

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def article(article_id="bai-01", extra=""):
    return Article(
        id=article_id,
        title="Hội nghị tổng kết công tác phòng chống thiên tai",
        blocks=(
            Block("dateline", "Thứ năm, 26/11/2026 - 08:15"),
            Block("lead", "Sáng 26/11, tỉnh tổ chức hội nghị tổng kết công tác phòng chống thiên tai năm 2026."),
            Block("body", "Năm qua, các địa phương đã di dời hơn 1.200 hộ dân. Không có thiệt hại về người." + extra),
            Block("caption", "Quang cảnh hội nghị"),
            Block("body", "Hội nghị cũng khen thưởng 25 tập thể và 40 cá nhân có thành tích xuất sắc."),
            Block("byline", "Minh Hoàng"),
        ),
        published=datetime(2026, 11, 26, 8, 15, tzinfo=HCM),
        author="Minh Hoàng",
        url="https://radio.example.vn/tin/bai-01",
    )


@pytest.fixture
def pipeline(settings):
    p = Pipeline(settings)
    yield p
    p.close()


def test_render_produces_audio_matching_its_timeline_and_a_valid_feed(pipeline):
    a = article()
    pipeline.store.save_article(a)
    episode = pipeline.render(a.id)

    mp3 = pipeline.storage.path(episode.audio_key)
    assert episode.audio_bytes == mp3.stat().st_size
    decoded = decode_file(mp3, "mp3", episode.sample_rate)
    assert abs(decoded.duration - episode.duration) < 0.05
    # Audible speech, not silence.
    import audioop

    assert audioop.rms(decoded.pcm, 2) > 300

    roles = [t.role for t in episode.timeline]
    assert roles[0] == "headline" and "caption" not in roles and roles[-1] == "byline"
    starts = [t.start for t in episode.timeline]
    assert starts == sorted(starts) and all(t.end > t.start for t in episode.timeline)
    assert episode.timeline[-1].end <= episode.frames
    gap_after_headline = episode.timeline[1].start - episode.timeline[0].end
    assert gap_after_headline == round(pipeline.settings.pause_headline_ms / 1000 * episode.sample_rate)

    feed = feedparser.parse(pipeline.storage.path("feed.xml").read_bytes())
    assert feed.bozo == 0
    (entry,) = feed.entries
    assert entry.id == episode_guid(a.id)
    assert entry.title == a.title
    assert int(entry.enclosures[0].length) == episode.audio_bytes
    assert entry.enclosures[0].href == f"https://radio.example.vn/loa/{episode.audio_key}"
    assert pipeline.store.state(a.id).status == "published"
    assert pipeline.store.state(a.id).engine == "espeak"


def test_second_render_uses_only_cached_clips(pipeline, monkeypatch):
    a = article()
    pipeline.store.save_article(a)
    first = pipeline.render(a.id)
    engine = pipeline.engine("espeak")
    monkeypatch.setattr(engine, "synthesize", lambda text: pytest.fail(f"synthesized again: {text}"))
    script = pipeline.prepare(a.id)
    assert pipeline.uncached(script) == []
    assert pipeline.render(a.id) == first


def test_edit_reuses_unchanged_sentences_and_keeps_guid(pipeline):
    pipeline.store.save_article(article())
    first = pipeline.render("bai-01")
    edited = article(extra=" Tổng thiệt hại ước tính 12,5 tỷ đồng.")
    pipeline.store.save_article(edited)
    script = pipeline.prepare(edited.id)
    assert len(pipeline.uncached(script)) == 1
    second = pipeline.render(edited.id)
    assert second.guid == first.guid and second.audio_key != first.audio_key
    feed = feedparser.parse(pipeline.storage.path("feed.xml").read_bytes())
    assert [e.enclosures[0].href.rsplit("/", 1)[-1] for e in feed.entries] == [second.audio_key.rsplit("/", 1)[-1]]


def test_assemble_twice_records_one_episode(pipeline):
    a = article()
    pipeline.store.save_article(a)
    script = pipeline.prepare(a.id)
    for spoken in pipeline.uncached(script):
        pipeline.synthesize(script.engine, spoken)
    one = pipeline.assemble(a.id, a.content_hash, script.engine)
    two = pipeline.assemble(a.id, a.content_hash, script.engine)
    assert one == two
    assert len(list(pipeline.storage.path(f"episodes/{a.id}").glob("*.mp3"))) == 1


def test_settings_decide_whether_captions_and_byline_are_read(settings):
    p = Pipeline(replace(settings, read_captions=True, read_byline=False))
    try:
        roles = [s.role for s in p.script_for(article())]
    finally:
        p.close()
    assert "caption" in roles and "byline" not in roles


def test_unknown_article_is_a_render_error(pipeline):
    with pytest.raises(RenderError, match="no article"):
        pipeline.render("khong-co")


def test_lexicon_change_makes_a_new_episode_with_the_same_guid(pipeline):
    a = article()
    pipeline.store.save_article(a)
    first = pipeline.render(a.id)
    # The same pipeline (a long-running worker) sees the edited file.
    pipeline.storage.write_bytes("lexicon.txt", "Minh Hoàng = phóng viên Hoàng Minh\n".encode())
    second = pipeline.render(a.id)
    assert second.guid == first.guid
    assert second.audio_key != first.audio_key
    assert second.timeline[-1].spoken == "phóng viên Hoàng Minh"
    assert pipeline.store.state(a.id).episode.audio_key == second.audio_key


def test_masters_transcripts_chapters_and_drop_folder(settings, tmp_path):
    import json
    import re

    from feeds.chapters import MIN_EPISODE_SECONDS

    drop = tmp_path / "drop"
    p = Pipeline(replace(settings, drop_folder=str(drop)))
    try:
        a = article()
        p.store.save_article(a)
        episode = p.render(a.id)
        stem = p.storage.path(episode.audio_key).with_suffix("")
        podcast = decode_file(stem.with_suffix(".mp3"), "mp3", 44100)
        assert abs(measure(podcast).integrated - (-19.0)) <= 1.0
        wav = stem.with_suffix(".wav")
        bext = read_bext(wav)
        assert bext.version == 2 and abs(bext.loudness_value - (-23.0)) <= 0.5
        assert bext.max_true_peak_level <= -1.0
        vtt = stem.with_suffix(".vtt").read_text(encoding="utf-8")
        assert vtt.startswith("WEBVTT") and len(re.findall(r"-->", vtt)) == len(episode.timeline)
        assert stem.with_suffix(".srt").is_file()
        # Under three minutes: no chapters, by design.
        assert episode.duration < MIN_EPISODE_SECONDS and not stem.with_name(stem.name + ".chapters.json").exists()
        name = "2026-11-26_0815_hoi-nghi-tong-ket-cong-tac-phong-chong-thien-tai_bai-01"
        dropped = drop / f"{name}.wav"
        sidecar = json.loads((drop / f"{name}.json").read_text())
        assert sidecar["title"] == a.title and sidecar["id"] == a.id and sidecar["version"] == 1
        assert sidecar["kill_date"] == "2026-11-28T08:15:00+07:00"
        # The drop-folder WAV: the master's chunks and audio, with cart and INFO beside bext.
        assert [c[0] for c in iter_chunks(dropped)] == [b"bext", b"cart", b"LIST", b"fmt ", b"data"]
        assert read_bext(dropped) == bext
        assert decode_file(dropped, "wav", 48000).pcm == decode_file(wav, "wav", 48000).pcm
        cart = read_cart(dropped)
        assert cart["title"] == "Hoi nghi tong ket cong tac phong chong thien tai"
        assert cart["cut_id"] == a.id and cart["category"] == "NEWS"
        assert cart["start"] == datetime(2026, 11, 26, 8, 15) and cart["end"] == datetime(2026, 11, 28, 8, 15)
        assert cart["out_cue"] == "Minh Hoang"  # the last words heard: the byline
        timers = dict(cart["post_timers"])
        assert 0 <= timers["AUDs"] < timers["AUDe"] <= round(episode.duration * 48000)
        assert abs(timers["AUDe"] / 48000 - sidecar["speech_end"]) < 0.001
        assert read_info(dropped)["INAM"] == a.title
        assert "bai-01" in (drop / f"{name}.xml").read_text(encoding="utf-8")

        feed = feedparser.parse(p.storage.path("feed.xml").read_bytes())
        assert feed.bozo == 0
        assert p.storage.exists("cover.png")
        assert p.retract(a.id)
        assert not dropped.exists() and not (drop / f"{name}.xml").exists()
        assert list(drop.glob("*.retract")) == []  # never imported: nothing to take off the air
        assert feedparser.parse(p.storage.path("feed.xml").read_bytes()).entries == []
        assert p.store.state(a.id).status == "retracted"
    finally:
        p.close()


def test_a_render_in_flight_does_not_bring_back_a_retracted_article(pipeline):
    a = article()
    pipeline.store.save_article(a)
    script = pipeline.prepare(a.id)
    for spoken in pipeline.uncached(script):
        pipeline.synthesize(script.engine, spoken)
    pipeline.retract(a.id)
    with pytest.raises(Superseded):  # a late step of the render already under way stops
        pipeline.assemble(a.id, a.content_hash, script.engine, script.token)
    pipeline.publish(a.id, a.content_hash, script.token)
    assert pipeline.store.state(a.id).status == "retracted"
    assert pipeline.store.state(a.id).episode is None
    assert not pipeline.storage.path(f"episodes/{a.id}").exists()
    assert feedparser.parse(pipeline.storage.path("feed.xml").read_bytes()).entries == []
    with pytest.raises(RenderError, match="retracted"):
        pipeline.prepare(a.id)


def test_failed_feed_rebuild_does_not_leave_the_article_marked_published(pipeline, monkeypatch):
    a = article()
    pipeline.store.save_article(a)
    script = pipeline.prepare(a.id)
    for spoken in pipeline.uncached(script):
        pipeline.synthesize(script.engine, spoken)
    pipeline.assemble(a.id, a.content_hash, script.engine)

    def disk_full():
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pipeline, "rebuild_feed", disk_full)
    with pytest.raises(OSError):
        pipeline.publish(a.id, a.content_hash)
    assert pipeline.store.state(a.id).status == "rendering"
    monkeypatch.undo()
    pipeline.publish(a.id, a.content_hash)
    assert pipeline.store.state(a.id).status == "published"


def test_a_render_in_one_process_makes_both_masters_from_one_read_of_the_programme(pipeline, monkeypatch):
    import worker.outputs

    runs = []
    real = worker.outputs.make_masters

    def counting(programme, podcast, broadcast, **kwargs):
        runs.append((podcast is not None, broadcast is not None))
        return real(programme, podcast, broadcast, **kwargs)

    monkeypatch.setattr(worker.outputs, "make_masters", counting)
    a = article()
    pipeline.store.save_article(a)
    episode = pipeline.render(a.id)

    assert runs == [(True, True)]
    wav = pipeline.storage.path(episode.audio_key.removesuffix(".mp3") + ".wav")
    broadcast = measure(decode_file(wav, "wav", 48000))
    assert broadcast.integrated == pytest.approx(-23.0, abs=0.5)
    assert pipeline.store.state(a.id).status == "published"


def hold_last_sentence(pipeline, monkeypatch, then=None):
    """Make the article's last sentence wait, when synthesized, until the masters have started
    (``audio.masters`` planning from its first two seconds); ``then`` runs after the wait instead of
    the synthesis when given. Returns what each wait saw: True when the masters had started."""
    import audio.masters

    monkeypatch.setattr(audio.masters, "ARRIVING_PLAN_SECONDS", 2.0)
    started = threading.Event()
    real_run = audio.masters._run

    def run(programme, branches):
        started.set()
        return real_run(programme, branches)

    monkeypatch.setattr(audio.masters, "_run", run)
    last = pipeline.script_for(article())[-1].spoken
    seen = []
    real_synthesize = pipeline.synthesize

    def synthesize(engine, spoken):
        if spoken == last:
            seen.append(started.wait(timeout=30))
            if then is not None:
                then(engine)
        return real_synthesize(engine, spoken)

    monkeypatch.setattr(pipeline, "synthesize", synthesize)
    return seen


def test_a_render_in_one_process_masters_the_first_clips_while_the_last_are_synthesized(pipeline, monkeypatch):
    seen = hold_last_sentence(pipeline, monkeypatch)
    a = article()
    pipeline.store.save_article(a)
    episode = pipeline.render(a.id)
    assert seen == [True]
    mp3 = pipeline.storage.path(episode.audio_key)
    decoded = decode_file(mp3, "mp3", episode.sample_rate)
    assert decoded.duration == pytest.approx(episode.duration, abs=0.05)
    assert measure(decoded).integrated == pytest.approx(-19.0, abs=1.0)
    wav = decode_file(pipeline.storage.path(episode.audio_key.removesuffix(".mp3") + ".wav"), "wav", 48000)
    assert wav.duration == pytest.approx(episode.duration, abs=0.001)
    vtt = pipeline.storage.path(episode.audio_key.removesuffix(".mp3") + ".vtt").read_text(encoding="utf-8")
    assert episode.timeline[-1].text in vtt
    assert pipeline.store.state(a.id).status == "published"


def test_an_engine_failing_after_the_masters_started_leaves_a_failed_article_and_no_files(pipeline, monkeypatch):
    def fail(engine):
        raise EngineFailed(engine, "espeak", "the voice stopped answering", transient=False)

    seen = hold_last_sentence(pipeline, monkeypatch, then=fail)
    a = article()
    pipeline.store.save_article(a)
    with pytest.raises(Exception, match="no speech engine left"):
        pipeline.render(a.id)
    assert seen == [True]
    state = pipeline.store.state(a.id)
    assert state.status == "failed" and "the voice stopped answering" in state.error
    assert state.episode is None
    episodes = pipeline.storage.path("episodes")
    assert not episodes.exists() or not any(p.is_file() for p in episodes.rglob("*"))
