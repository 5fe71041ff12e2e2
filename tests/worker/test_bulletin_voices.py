"""Bulletins read by two voices in turn, article by article, as two newsreaders share a bulletin."""
from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from articles.model import Article, Block
from loa.settings import Settings
from tests.audio.fakes.azure import SYNTHESIZE, FakeAzure
from tests.support.workers import key_prefix
from tests.worker.conftest import AZURE_KEY
from worker.bulletins import BulletinBuilder
from worker.pipeline import Pipeline

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = datetime(2026, 11, 27, tzinfo=HCM)
LEADS = {
    "lua": "Nông dân thu hoạch lúa vụ mùa đạt năng suất cao.",
    "duong": "Tuyến đường ven biển được sửa chữa xong trước hạn.",
    "truong": "Ngôi trường mới đón học sinh vùng cao nhập học.",
}


def article(article_id: str, hour: int) -> Article:
    return Article(id=article_id, title=f"Tin địa phương số {hour}", blocks=(Block("lead", LEADS[article_id]),),
                   published=DAY.replace(hour=hour))



@pytest.fixture(scope="module")
def rendered(tmp_path_factory, azure, redis_url):
    """The articles rendered once, by the offline engine; the bulletins are read by the two Azure voices."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("bulletin-voices") / "var", engine="espeak",
                        public_base_url="https://radio.example.vn/loa")
    rendering = Pipeline(settings)
    for a in (article("lua", 9), article("duong", 8), article("truong", 7)):
        rendering.store.save_article(a)
        rendering.render(a.id)
    rendering.close()
    return replace(settings, bulletin_voices="nu-bac,nam-bac", redis_url=redis_url, key_prefix=key_prefix(redis_url),
                   azure_key=AZURE_KEY, azure_endpoint=azure.url + SYNTHESIZE)


@pytest.fixture
def pipeline(rendered, azure):
    azure.reset()
    azure.spoken.clear()
    p = Pipeline(rendered)
    # Bulletins in the two voices need none of the articles' own clips: forgetting them all lets each
    # test hear which voice the fake is asked for, whatever ran before it.
    shutil.rmtree(p.storage.path(p.cache.prefix), ignore_errors=True)
    yield p
    p.close()


def heard(azure: FakeAzure) -> dict[str, set[str]]:
    """Each text the fake spoke, with the voices it was asked for."""
    out: dict[str, set[str]] = {}
    for request in azure.to(SYNTHESIZE):
        body = request.body.decode("utf-8")
        voice = body.split('<voice name="')[1].split('"')[0]
        text = re.search(r"<prosody[^>]*>(.*)</prosody>", body).group(1)
        out.setdefault(text, set()).add(voice)
    return out


def voices_of(azure: FakeAzure, lead: str) -> set[str]:
    return next(v for text, v in heard(azure).items() if lead.rstrip(".") in text)


def test_articles_alternate_between_the_two_voices(pipeline, azure):
    bulletin, _ = BulletinBuilder(pipeline).build(DAY.replace(hour=6), DAY.replace(hour=12))

    assert [i.article_id for i in bulletin.items] == ["lua", "duong", "truong"]
    assert voices_of(azure, LEADS["lua"]) == {"vi-VN-HoaiMyNeural"}
    assert voices_of(azure, LEADS["duong"]) == {"vi-VN-NamMinhNeural"}
    assert voices_of(azure, LEADS["truong"]) == {"vi-VN-HoaiMyNeural"}
    opener = next(v for text, v in heard(azure).items() if text.lower().startswith("bản tin thời sự"))
    assert opener == {"vi-VN-HoaiMyNeural"}
    assert bulletin.engine == "azure/nu-bac + azure/nam-bac"


def test_chosen_articles_alternate_in_the_order_staff_chose(pipeline, azure):
    at = DAY.replace(hour=12)
    bulletin, _ = BulletinBuilder(pipeline).build_chosen(["truong", "lua"], at=at)

    assert [i.article_id for i in bulletin.items] == ["truong", "lua"]
    assert voices_of(azure, LEADS["truong"]) == {"vi-VN-HoaiMyNeural"}
    assert voices_of(azure, LEADS["lua"]) == {"vi-VN-NamMinhNeural"}


def test_a_slot_still_holds_when_the_voices_read_at_other_lengths(pipeline, azure):
    builder = BulletinBuilder(pipeline)
    full, _ = builder.build(DAY.replace(hour=6), DAY.replace(hour=12))
    last = full.items[-1]
    slot = full.duration - (last.end - last.start) / full.sample_rate - 0.5

    short, selection = builder.build(DAY.replace(hour=6), DAY.replace(hour=12), slot)

    assert short.duration <= slot
    assert [i.article_id for i in short.items] == ["lua", "duong"]
    assert [c.article.id for c in selection.left_out] == ["truong"] == list(short.left_out)
