"""The staff's article page says which shows an article is in and the voice it is read in: its own,
else its show's, else the default."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from fastapi.testclient import TestClient

from articles.model import Article, Block
from loa.settings import Settings
from tests.support.accounts import add_user, sign_in
from tests.support.queues import RedisTarget
from tests.support.workers import key_prefix
from web.app import create_app
from worker.pipeline import Pipeline

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "mat-khau-chuong-trinh-1"
SHOWS = """\
shows:
  - {slug: thoi-su, title: Thời sự, description: Tin thời sự., categories: [Thời sự]}
  - {slug: the-thao, title: Thể thao, description: Tin thể thao., categories: [Thể thao], voice: nam-nam}
  - {slug: bong-da, title: Bóng đá, description: Tin bóng đá., tags: [Bóng đá], voice: nu-bac}
"""


def article(article_id: str, section: str | None, *tags: str) -> Article:
    return Article(id=article_id, title="Đội tuyển tỉnh giành quyền vào bán kết", section=section, tags=tags,
                   published=datetime(2026, 11, 28, 19, 0, tzinfo=HCM),
                   blocks=(Block("lead", "Tối qua, đội tuyển tỉnh thắng ba không trên sân nhà."),))


@pytest.fixture(scope="module")
def client(tmp_path_factory, redis_url):
    folder = tmp_path_factory.mktemp("show-voice")
    (folder / "chuong-trinh.yaml").write_text(SHOWS, encoding="utf-8")
    target = RedisTarget(redis_url, key_prefix(redis_url))
    settings = Settings(data_dir=folder / "var", engine="espeak", secret_key="khoa", redis_url=str(target),
                        key_prefix=target.prefix, shows_file=str(folder / "chuong-trinh.yaml"))
    pipeline = Pipeline(settings)
    for a in (article("ban-ket", "Thể thao", "Bóng đá"), article("hop-bao", "Thời sự"), article("tin-khac", None),
              article("giong-rieng", "thể thao")):
        pipeline.store.save_article(a)
    pipeline.store.set_voice("giong-rieng", "may-doc")
    pipeline.close()
    add_user(settings.db_url, "bien-tap", PASSWORD)
    with TestClient(create_app(settings)) as c:
        sign_in(c, "bien-tap", PASSWORD)
        yield c


def facts(client, article_id: str) -> dict[str, str]:
    doc = lxml.html.fromstring(client.get(f"/bai-viet/{article_id}").text)
    return {" ".join(div.findtext("dt").split()): " ".join(div.find("dd").text_content().split())
            for div in doc.xpath("//dl[@class='facts']/div")}


def test_an_article_in_shows_is_read_in_the_first_voiced_shows_voice(client):
    shown = facts(client, "ban-ket")
    assert shown["Giọng đọc"] == "Nam miền Nam (giọng của chương trình Thể thao)"
    assert shown["Chuyên mục"] == "Thể thao · thẻ: Bóng đá"
    assert shown["Chương trình"] == "Thể thao, Bóng đá"
    doc = lxml.html.fromstring(client.get("/bai-viet/ban-ket").text)
    assert doc.xpath("//dd[@class='shows']/a/@href") == ["/nghe/the-thao/", "/nghe/bong-da/"]
    [default] = doc.xpath("//select[@name='voice']/option[@value='']")
    assert default.text_content().strip() == "Mặc định (Nam miền Nam, giọng của chương trình Thể thao)"


def test_a_show_without_a_voice_leaves_the_default_and_an_articles_own_voice_wins(client):
    assert facts(client, "hop-bao")["Giọng đọc"] == "Theo thứ tự máy đọc (mặc định)"
    assert facts(client, "hop-bao")["Chương trình"] == "Thời sự"
    assert facts(client, "giong-rieng")["Giọng đọc"] == "Giọng máy (espeak-ng, không cần mạng)"
    other = facts(client, "tin-khac")
    assert "Chương trình" not in other and "Chuyên mục" not in other
