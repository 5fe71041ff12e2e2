"""An embargoed article as staff and listeners see it: scheduled with its time for staff, not there
for listeners until its time."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from articles.model import Article, Block
from loa.settings import Settings
from tests.support.accounts import add_user, sign_in
from tests.web.test_pages import PASSWORD, rows, visible_text
from web.app import create_app
from worker.pipeline import Pipeline

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
AT = (datetime.now(UTC) + timedelta(days=1)).replace(second=0, microsecond=0)
EMBARGOED = Article(id="bai-hen-gio", title="Công bố quy hoạch tỉnh", published=AT,
                    blocks=(Block("lead", "Chiều nay, tỉnh công bố quy hoạch giai đoạn mới."),))


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("embargo") / "var", engine="espeak", secret_key="khoa",
                        public_base_url="https://radio.example.vn/loa")
    pipeline = Pipeline(settings)
    pipeline.store.save_article(EMBARGOED)
    pipeline.render(EMBARGOED.id)
    pipeline.close()
    add_user(settings.db_url, "bien-tap", PASSWORD)
    with TestClient(create_app(settings)) as c:
        yield c


def test_staff_see_it_scheduled_with_its_time_and_listeners_do_not_see_it(client):
    assert client.get(f"/nghe/{EMBARGOED.id}").status_code == 404
    assert EMBARGOED.title not in client.get("/nghe/").text
    assert EMBARGOED.id not in client.get("/feed.xml").text

    sign_in(client, "bien-tap", PASSWORD)
    local = AT.astimezone(HCM).strftime("%d/%m/%Y %H:%M")
    assert rows(client.get("/bai-viet").text)[0][2] == f"Hẹn giờ {local}"
    assert client.get("/bai-viet/trang-thai").json()["articles"][0]["status_label"] == f"Hẹn giờ {local}"
    text = visible_text(client.get(f"/bai-viet/{EMBARGOED.id}").text)
    assert f"Trạng tháiHẹn giờ {local}" in text
    assert f"bài vào kênh podcast, các trang nghe và thư mục phát sóng lúc {local}" in text


def test_the_public_api_and_the_radio_segments_do_not_hand_out_its_audio_before_its_time(client):
    public = client.get(f"/api/articles/{EMBARGOED.id}").json()
    assert (public["status"], public["audio_url"], public["duration"]) == ("published", None, None)
    segments = client.get("/api/segments")
    assert segments.status_code == 200 and segments.json()["items"] == []
