"""The callback through real workers: sent when the worker publishes, retried with a backoff by Celery,
and a CMS that never takes it shows on the staff pages, which can send it again."""
from __future__ import annotations

import re
from datetime import datetime

import lxml.html
from fastapi.testclient import TestClient

from articles.model import Article, Block
from loa.settings import Settings
from tests.support.accounts import add_user, sign_in
from tests.support.cms import start_cms
from tests.support.workers import Worker, loa_env, wait_for
from tests.worker.test_pipeline import HCM
from web.app import create_app
from worker.pipeline import Pipeline
from worker.queue import TaskQueue

SECRET = "bi-mat-cua-cms-9876543210"
PASSWORD = "mat-khau-dai-1"


def story(article_id: str, title: str) -> Article:
    return Article(id=article_id, title=title, published=datetime(2026, 11, 29, 7, 0, tzinfo=HCM),
                   blocks=(Block("lead", "Sáng nay, tỉnh tổ chức lễ ra quân."),))


def text_of(html: str) -> str:
    return " ".join(lxml.html.fromstring(html).text_content().split())


def test_retried_until_delivered_and_a_cms_that_never_answers_shows_on_the_staff_pages(tmp_path, redis_url):
    cms, server = start_cms(SECRET)
    cms.answers = {"bai-500": [500], "bai-loi": [503] * 5}
    data_dir = tmp_path / "var"
    env = loa_env(data_dir, redis_url, LOA_CALLBACK_URL=cms.url, LOA_CALLBACK_SECRET=SECRET)
    settings = Settings(data_dir=data_dir, engine="espeak", redis_url=redis_url, key_prefix=env["LOA_KEY_PREFIX"],
                        public_base_url="https://radio.example.vn/loa", callback_url=cms.url,
                        callback_secret=SECRET, secret_key="khoa", retry_delay=1)
    pipeline = Pipeline(settings)
    worker = None
    try:
        queue = TaskQueue(settings)
        for a in (story("bai-500", "Lễ ra quân mùa khô"), story("bai-loi", "Khai mạc hội chợ")):
            pipeline.store.save_article(a)
            pipeline.store.set_status(a.id, "queued")
            queue.render(a.id)
        worker = Worker(env, tmp_path / "worker.log")
        callbacks = pipeline.store.callbacks

        # 500, then after a retry 200: one delivery, both attempts recorded.
        wait_for(lambda: (callbacks.latest("bai-500") or None) and callbacks.latest("bai-500").status == "delivered",
                 120, "the callback of bai-500 delivered")
        assert [d.answered for d in cms.received("bai-500")] == [500, 200]
        assert [(a.attempt, a.status, a.reason) for a in callbacks.attempts("bai-500")] == [
            (2, "delivered", None), (1, "retrying", "HTTP 500 from 127.0.0.1")]
        assert all(d.verified is None for d in cms.deliveries)

        # Down for every attempt (1 + 2 + 4 + 8 s apart): given up, with the reason.
        wait_for(lambda: (callbacks.latest("bai-loi") or None) and callbacks.latest("bai-loi").status == "failed",
                 120, "the callback of bai-loi given up")
        assert [a.attempt for a in callbacks.attempts("bai-loi")] == [5, 4, 3, 2, 1]

        add_user(settings.db_url, "bien-tap", PASSWORD)
        with TestClient(create_app(settings)) as client:
            sign_in(client, "bien-tap", PASSWORD)
            listing = client.get("/bai-viet")
            marked = lxml.html.fromstring(listing.text).xpath("//tr[.//span[@class='callback-failed']]/@data-id")
            assert marked == ["bai-loi"]
            assert [a["id"] for a in client.get("/bai-viet/trang-thai").json()["articles"]
                    if a["callback_failed"]] == ["bai-loi"]

            page = client.get("/bai-viet/bai-loi")
            shown = text_of(page.text)
            assert "Không báo được cho CMS rằng bản đọc đã sẵn sàng (đã thử 5 lần" in shown
            assert "HTTP 503 from 127.0.0.1" in shown and "Báo lại cho CMS" in shown
            assert "Đã báo cho CMS rằng bản đọc đã sẵn sàng lúc" in text_of(client.get("/bai-viet/bai-500").text)
            assert SECRET not in page.text and SECRET not in listing.text

            assert client.post("/bai-viet/bai-loi/bao-cms", data={"csrf": "gia-mao"}).status_code == 403
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
            again = client.post("/bai-viet/bai-loi/bao-cms", data={"csrf": csrf}, follow_redirects=False)
            assert again.status_code == 303 and again.headers["location"] == "/bai-viet/bai-loi?da-bao=1"
            assert "Đã xếp hàng báo lại cho CMS." in text_of(client.get(again.headers["location"]).text)
            wait_for(lambda: callbacks.latest("bai-loi").status == "delivered", 60, "the callback sent again")
            assert "callback-failed" not in client.get("/bai-viet").text
    finally:
        if worker is not None:
            worker.stop()
        pipeline.close()
        server.shutdown()
        server.server_close()
    assert SECRET not in worker.log()
    assert len(cms.received("bai-500")) == 2 and cms.received("bai-loi")[-1].answered == 200
