"""Bulletins of articles chosen by staff, in their order, on the offline engine."""
from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from articles.model import Article, Block
from audio.ffmpeg import decode_file
from loa.settings import Settings
from worker.bulletins import (
    BulletinBuilder,
    SlotExceeded,
    UnknownArticles,
    article_seconds,
    build_requested,
    request_bulletin,
)
from worker.pipeline import Pipeline, RenderError

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
AT = datetime(2026, 11, 27, 18, 0, tzinfo=HCM)


def article(article_id: str, hour: int, body: str) -> Article:
    return Article(id=article_id, title=f"Tin {article_id}", blocks=(Block("body", body),),
                   published=datetime(2026, 11, 27, hour, tzinfo=HCM), url=f"https://radio.example.vn/{article_id}")


ARTICLES = (
    article("lu", 9, "Nước sông Hiếu đang lên."),
    article("cau", 10, "Cầu mới đã thông xe."),
    article("cho", 11, "Chợ phiên mở cửa sớm. Người dân đến đông."),
)


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("chosen") / "var", engine="espeak",
                        public_base_url="https://radio.example.vn/loa")
    p = Pipeline(settings)
    for a in (*ARTICLES, article("nhap", 12, "Bài chưa đọc.")):
        p.store.save_article(a)
    for a in ARTICLES:
        p.render(a.id)
    yield p
    p.close()


def test_the_chosen_articles_play_in_the_chosen_order(pipeline):
    bulletin, selection = BulletinBuilder(pipeline).build_chosen(["cho", "lu"], at=AT)
    assert [i.article_id for i in bulletin.items] == ["cho", "lu"]
    assert [c.article.id for c in selection.chosen] == ["cho", "lu"] and selection.left_out == ()
    assert bulletin.left_out == ()
    assert bulletin.title == "Bản tin thời sự 18:00 ngày 27/11/2026"
    assert bulletin.id.startswith("b-20261127-1800-") and bulletin.until == AT
    assert bulletin.items[0].end < bulletin.items[1].start  # the stinger between them
    chapters = json.loads(pipeline.storage.path(bulletin.audio_key.removesuffix(".mp3") + ".chapters.json")
                          .read_text(encoding="utf-8"))
    assert [c["title"] for c in chapters["chapters"]] == ["Tin cho", "Tin lu"]
    assert pipeline.storage.exists(bulletin.audio_key.removesuffix(".mp3") + ".wav")
    decoded = decode_file(pipeline.storage.path(bulletin.audio_key), "mp3", bulletin.sample_rate)
    assert abs(decoded.duration - bulletin.duration) < 0.05
    # Another order is another bulletin.
    other, _ = BulletinBuilder(pipeline).build_chosen(["lu", "cho"], at=AT)
    assert other.id != bulletin.id and [i.article_id for i in other.items] == ["lu", "cho"]


def test_unknown_and_unpublished_articles_are_named_and_nothing_is_built(pipeline):
    before = {b.id for b in pipeline.store.bulletins()}
    with pytest.raises(UnknownArticles, match="khong-co, nhap") as refused:
        BulletinBuilder(pipeline).build_chosen(["lu", "khong-co", "nhap"], at=AT.replace(hour=19))
    assert refused.value.article_ids == ("khong-co", "nhap")
    with pytest.raises(RenderError, match="no article chosen"):
        BulletinBuilder(pipeline).build_chosen([], at=AT.replace(hour=19))
    assert {b.id for b in pipeline.store.bulletins()} == before


def test_a_choice_longer_than_the_slot_is_refused_by_how_much(pipeline):
    builder = BulletinBuilder(pipeline)
    fits, _ = builder.build_chosen(["lu", "cau", "cho"], at=AT.replace(hour=20))
    before = {b.id for b in pipeline.store.bulletins()}
    slot = fits.duration - 2.0
    with pytest.raises(SlotExceeded) as refused:
        builder.build_chosen(["lu", "cau", "cho"], slot_seconds=slot, at=AT.replace(hour=21))
    # Same articles, same opener length (20:00 and 21:00 are both read "... giờ"): about 2 s over.
    assert refused.value.over == pytest.approx(2.0, abs=0.3)
    assert f"{refused.value.over:.1f} s more than the {slot:g} s slot" in str(refused.value)
    assert {b.id for b in pipeline.store.bulletins()} == before
    roomy, _ = builder.build_chosen(["lu", "cau", "cho"], slot_seconds=fits.duration + 5, at=AT.replace(hour=21))
    assert roomy.slot_seconds == fits.duration + 5 and roomy.duration <= roomy.slot_seconds


def test_building_the_same_choice_in_the_same_minute_replaces_it(pipeline):
    builder = BulletinBuilder(pipeline)
    first, _ = builder.build_chosen(["cau", "lu"], at=AT.replace(hour=7, minute=15, second=5))
    (pipeline.settings.data_dir / "lexicon.txt").write_text("thông xe = lưu thông trở lại\n", encoding="utf-8")
    try:
        second, _ = builder.build_chosen(["cau", "lu"], at=AT.replace(hour=7, minute=15, second=50))
    finally:
        (pipeline.settings.data_dir / "lexicon.txt").unlink()
    assert (second.id, second.guid) == (first.id, first.guid)
    assert second.audio_key != first.audio_key  # the lexicon changed what is read
    assert [b.id for b in pipeline.store.bulletins()].count(first.id) == 1
    assert not pipeline.storage.exists(first.audio_key) and pipeline.storage.exists(second.audio_key)


def test_the_estimate_without_synthesis_is_close_to_the_built_bulletin(pipeline):
    at = AT.replace(hour=6, minute=30)
    builder = BulletinBuilder(pipeline)
    clips_before = sorted(pipeline.storage.root.joinpath("clips").rglob("*.wav"))
    fixed, gap = builder.estimated_frame(at)
    assert sorted(pipeline.storage.root.joinpath("clips").rglob("*.wav")) == clips_before  # nothing synthesized
    ids = ["cho", "cau", "lu"]
    estimate = fixed + 2 * gap + sum(article_seconds(pipeline.store.state(i).episode, pipeline.settings) for i in ids)
    built, _ = builder.build_chosen(ids, at=at)
    # Jingles and articles are exact; the opener and close are estimated at the articles' reading pace.
    assert abs(estimate - built.duration) < 1.5


def test_a_request_is_built_by_the_worker_step_and_records_the_bulletin(pipeline):
    wanted = request_bulletin(pipeline, ["lu", "cau"], 900.0, "bien-tap", at=AT.replace(hour=8, second=31))
    assert wanted.status == "queued" and wanted.at == AT.replace(hour=8)
    done = build_requested(pipeline, wanted.id)
    assert done.status == "done" and done.error is None
    bulletin = pipeline.store.get_bulletin(done.bulletin_id)
    assert [i.article_id for i in bulletin.items] == ["lu", "cau"]
    assert build_requested(pipeline, wanted.id) == done  # a redelivered task changes nothing


def test_a_request_over_its_slot_fails_with_the_lengths_staff_are_shown(pipeline):
    wanted = request_bulletin(pipeline, ["lu", "cau", "cho"], 5.0, "bien-tap", at=AT.replace(hour=9))
    failed = build_requested(pipeline, wanted.id)
    assert failed.status == "failed" and failed.bulletin_id is None
    assert failed.error_details["slot_seconds"] == 5.0 and failed.error_details["seconds"] > 5.0


def test_a_request_whose_article_was_retracted_meanwhile_fails_naming_it(pipeline):
    wanted = request_bulletin(pipeline, ["cau", "lu"], None, None, at=AT.replace(hour=10))
    pipeline.store.retract("cau")
    failed = build_requested(pipeline, wanted.id)
    assert failed.status == "failed" and failed.error_details == {"article_ids": ["cau"]}


def test_a_request_naming_an_unpublished_article_is_refused_at_once(pipeline):
    with pytest.raises(UnknownArticles):
        request_bulletin(pipeline, ["nhap", "lu"], None, None)
    with pytest.raises(RenderError):
        request_bulletin(pipeline, [], None, None)


def test_an_embargoed_article_can_be_chosen_only_from_its_time(pipeline):
    pipeline.store.save_article(article("hen-gio", 17, "Tối nay, tỉnh công bố kết quả bình chọn công trình tiêu biểu."))
    pipeline.render("hen-gio")
    builder = BulletinBuilder(pipeline)
    before = datetime(2026, 11, 27, 16, 59, tzinfo=HCM)
    bulletins = [b.id for b in pipeline.store.bulletins()]

    with pytest.raises(UnknownArticles) as asked:
        request_bulletin(pipeline, ["lu", "hen-gio"], None, "bien-tap", now=before)
    assert asked.value.article_ids == ("hen-gio",)
    with pytest.raises(UnknownArticles) as built:
        builder.build_chosen(["lu", "hen-gio"], at=before, now=before)
    assert built.value.article_ids == ("hen-gio",)
    assert [b.id for b in pipeline.store.bulletins()] == bulletins

    at_its_time = datetime(2026, 11, 27, 17, 0, tzinfo=HCM)
    wanted = request_bulletin(pipeline, ["hen-gio", "lu"], None, "bien-tap", at=AT, now=at_its_time)
    assert wanted.article_ids == ("hen-gio", "lu")
    bulletin, _ = builder.build_chosen(["hen-gio", "lu"], at=AT, now=at_its_time)
    assert [i.article_id for i in bulletin.items] == ["hen-gio", "lu"]
