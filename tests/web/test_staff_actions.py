"""What staff do from the pages: add an article (pasted or by its address), filter the list by
status, render the failed ones again in one go, retract one; and why an article failed, told in
Vietnamese with what to do. Every action is a POST with the session's CSRF token; hostile or
oversized forms get a clear page and store nothing."""
from __future__ import annotations

import doctest
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import lxml.html
import pytest
import redis
from fastapi.testclient import TestClient

from articles.model import Article, Block
from loa.settings import Settings
from tests.support.accounts import add_user, csrf_of, sign_in
from tests.support.queues import RedisTarget, queued
from tests.support.workers import key_prefix
from web.app import close_app, create_app
from web.pages import reasons
from web.services import services
from worker.pipeline import Pipeline
from worker.queue import TaskQueue

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "mat-khau-dai-1"
RENDER, FETCH = "loa.render_article", "loa.fetch_article"


def article(article_id: str, title: str, day: int) -> Article:
    return Article(id=article_id, title=title, published=datetime(2026, 11, day, 8, 0, tzinfo=HCM),
                   blocks=(Block("body", "Cầu dài 320 mét, rộng 12 mét. Xe qua lại an toàn."),))


PUBLISHED = article("bai-cau", "Khánh thành cầu mới qua sông Hiếu", 26)
ENGINE_DOWN = article("bai-loi-giong", "Hội nghị tổng kết năm", 25)
PAGE_SLOW = article("bai-loi-trang", "Tin từ trang chậm", 24)


def visible_text(html: str) -> str:
    return " ".join(lxml.html.fromstring(html).text_content().split())


@pytest.fixture(scope="module")
def target(redis_url) -> RedisTarget:
    return RedisTarget(redis_url, key_prefix(redis_url))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, target) -> Settings:
    """One published article (with its drop-folder file) and two that failed for different reasons."""
    root = tmp_path_factory.mktemp("actions")
    settings = Settings(data_dir=root / "var", engine="espeak", secret_key="khoa", redis_url=str(target),
                        key_prefix=target.prefix, public_base_url="https://radio.example.vn/loa",
                        drop_folder=str(root / "drop"), max_article_chars=2000)
    pipeline = Pipeline(settings)
    try:
        for a in (PUBLISHED, ENGINE_DOWN, PAGE_SLOW):
            pipeline.store.save_article(a)
        pipeline.render(PUBLISHED.id)
    finally:
        pipeline.close()
    add_user(settings.db_url, "bien-tap", PASSWORD)
    return settings


@pytest.fixture
def settings(rendered) -> Settings:
    """The failures set again before each test (a retry in one test must not change the next)."""
    pipeline = Pipeline(rendered)
    try:
        pipeline.store.set_status(ENGINE_DOWN.id, "failed",
                                  error="synthesize: no speech engine left: gtts: circuit open after 5 failures")
        pipeline.store.set_status(PAGE_SLOW.id, "failed",
                                  error="page not read: https://cms:mat-khau@radio.example.vn/tin/9: timed out after 15 s")
    finally:
        pipeline.close()
    return rendered


@pytest.fixture
def client(settings, target):
    for queue in ("audio", "ingest"):
        redis.Redis.from_url(target).delete(target.key(queue))
    app = create_app(settings)
    with TestClient(app) as c:
        sign_in(c, "bien-tap", PASSWORD)
        yield c
    close_app(app)


def waiting(target: RedisTarget, queue: str, task: str) -> list[str]:
    return [args[0] for _task, args in queued(target, target.prefix, queue, task)]


def listed(html: str) -> list[str]:
    return [tr.get("data-id") for tr in lxml.html.fromstring(html).xpath("//table[@class='articles']/tbody/tr")]


# Why an article failed ---------------------------------------------------------------------------

def test_failures_are_explained_in_vietnamese_with_what_to_do_and_the_reason_folded_away(client):
    doc = lxml.html.fromstring(client.get(f"/bai-viet/{PAGE_SLOW.id}").text)
    notice = doc.xpath("//div[contains(@class,'notice error')]")[0]
    assert notice.xpath(".//strong")[0].text_content() == "Trang bài gốc không trả lời kịp."
    assert "hoặc dán nội dung bài vào ô «Thêm bài»" in notice.text_content()
    details = notice.xpath(".//details")[0]
    assert details.xpath("summary")[0].text_content() == "Chi tiết kỹ thuật"
    # The recorded reason, without the password in the page's address.
    assert details.xpath("code")[0].text_content() == "page not read: https://radio.example.vn/tin/9: timed out after 15 s"

    rows = {a["id"]: a for a in client.get("/bai-viet/trang-thai").json()["articles"]}
    assert rows[ENGINE_DOWN.id]["problem"] == "Dịch vụ giọng đọc đang lỗi nên chưa đọc được bài."
    assert rows[ENGINE_DOWN.id]["advice"].startswith("Bấm «Đọc lại bài này» sau vài phút")
    assert rows[PUBLISHED.id]["problem"] is None


@pytest.mark.parametrize("error, message", [
    ("not queued: ConnectionError: Error 111 connecting to redis:6379", "Chưa gửi được bài tới hàng đợi đọc"),
    ("assemble: OSError: [Errno 28] No space left on device: '/srv/loa/var/x.mp3'", "hết chỗ trên đĩa"),
    ("page not read: http://10.0.0.5/tin: refused, 10.0.0.5 is a private address", "không được phép tải"),
    ("page not read: https://radio.vn/x: the server answered HTTP 404", "Máy chủ của bài gốc không trả được trang"),
    ("stalled at synthesize: no progress for 90 s, 3 times driven on (is a worker running for every queue?)",
     "Bài bị treo"),
    ("publish: OSError: disk I/O error", "chưa cập nhật được kênh podcast"),
    ("something nobody foresaw", "Đọc bài không thành công."),
])
def test_each_known_failure_has_its_explanation(error, message):
    assert message in reasons.explain(error).message


def test_the_reasons_doctests():
    result = doctest.testmod(reasons)
    assert result.attempted and not result.failed


# Filtering by status ---------------------------------------------------------------------------

def test_the_list_filters_by_status(client):
    page = client.get("/bai-viet?trang-thai=failed")
    assert sorted(listed(page.text)) == sorted([ENGINE_DOWN.id, PAGE_SLOW.id])
    chosen = lxml.html.fromstring(page.text).xpath("//select[@name='trang-thai']/option[@selected]")
    assert [o.text_content() for o in chosen] == ["Lỗi"]
    assert [a["id"] for a in client.get("/bai-viet/trang-thai?trang-thai=published").json()["articles"]] == [
        PUBLISHED.id]
    # A status that does not exist is no filter (and is not put back into the page).
    page = client.get("/bai-viet?trang-thai=%3Cscript%3E")
    assert len(listed(page.text)) == 3 and "<script>" not in page.text


# Retrying failed articles in bulk ---------------------------------------------------------------

def test_retry_the_chosen_failed_articles_in_one_post(client, target):
    page = client.get("/bai-viet?trang-thai=failed")
    boxes = lxml.html.fromstring(page.text).xpath("//input[@name='bai']")
    assert sorted(b.get("value") for b in boxes) == sorted([ENGINE_DOWN.id, PAGE_SLOW.id])
    response = client.post("/bai-viet/doc-lai", data={
        "csrf": csrf_of(page.text), "quay-lai": "trang-thai=failed",
        "bai": [ENGINE_DOWN.id, PAGE_SLOW.id, PUBLISHED.id, "khong-co"]})
    assert response.status_code == 200
    assert response.url.params["trang-thai"] == "failed"  # back to the list as it was filtered
    assert "Đã xếp hàng đọc lại 2 bài. 2 bài không còn lỗi nên không đọc lại." in visible_text(response.text)
    assert sorted(waiting(target, "audio", RENDER)) == sorted([ENGINE_DOWN.id, PAGE_SLOW.id])
    statuses = {a["id"]: a["status"] for a in client.get("/bai-viet/trang-thai").json()["articles"]}
    assert statuses == {PUBLISHED.id: "published", ENGINE_DOWN.id: "queued", PAGE_SLOW.id: "queued"}


def test_retry_without_the_token_or_too_large_queues_nothing(client, target):
    page = client.get("/bai-viet")
    assert client.post("/bai-viet/doc-lai", data={"bai": [ENGINE_DOWN.id]}).status_code == 403
    assert client.post("/bai-viet/doc-lai", data={"bai": [ENGINE_DOWN.id], "csrf": "sai"}).status_code == 403
    huge = client.post("/bai-viet/doc-lai", data={"csrf": csrf_of(page.text), "bai": ["x" * 60] * 2000})
    assert huge.status_code == 413 and "Nội dung quá lớn" in visible_text(huge.text)
    assert waiting(target, "audio", RENDER) == []


# Retracting ---------------------------------------------------------------------------------------

def test_retract_takes_the_article_out_of_the_feed_and_the_drop_folder(client, settings):
    feed = settings.data_dir / "feed.xml"
    drop = settings.drop_folder
    assert [e.id for e in feedparser.parse(feed.read_bytes()).entries]
    page = client.get(f"/bai-viet/{PUBLISHED.id}")
    assert client.post(f"/bai-viet/{PUBLISHED.id}/go", data={}).status_code == 403
    assert feedparser.parse(feed.read_bytes()).entries  # still there

    response = client.post(f"/bai-viet/{PUBLISHED.id}/go", data={"csrf": csrf_of(page.text)})
    assert response.status_code == 200 and response.url.path == f"/bai-viet/{PUBLISHED.id}"
    text = visible_text(response.text)
    assert "Đã gỡ bài khỏi kênh podcast, các trang và thư mục phát sóng." in text and "Đã gỡ" in text
    assert feedparser.parse(feed.read_bytes()).entries == []
    assert not [p for p in Path(drop).glob("*") if PUBLISHED.id in p.name]
    assert not lxml.html.fromstring(response.text).xpath("//form[contains(@action,'/go')]")  # nothing left to retract
    missing = client.post("/bai-viet/khong-co/go", data={"csrf": csrf_of(page.text)})
    assert missing.status_code == 404 and "Không có bài viết này." in visible_text(missing.text)


# Adding an article -----------------------------------------------------------------------------

def post_add(client, **fields):
    page = client.get("/them-bai")
    assert page.status_code == 200
    return client.post("/them-bai", data={"csrf": csrf_of(page.text), **fields})


def test_a_pasted_article_is_stored_and_queued_and_its_page_follows_it(client, target):
    response = post_add(client, **{"tieu-de": "Mưa lớn ở miền núi",
                                   "noi-dung": "Mưa lớn kéo dài suốt đêm qua.\r\n\r\nNước sông lên nhanh."})
    assert response.status_code == 200 and response.url.params["da-them"] == "1"
    article_id = response.url.path.rsplit("/", 1)[1]
    text = visible_text(response.text)
    assert "Đã thêm bài." in text and "Mưa lớn ở miền núi" in text and "Nước sông lên nhanh." in text
    assert "Đang chờ đọc" in text
    assert waiting(target, "audio", RENDER) == [article_id]


def test_an_article_by_its_address_is_fetched_by_a_worker(client, target):
    response = post_add(client, **{"dia-chi": "https://radio.example.vn/tin/moi-1"})
    assert response.status_code == 200
    article_id = response.url.path.rsplit("/", 1)[1]
    assert "Đang tải trang" in visible_text(response.text)
    assert waiting(target, "ingest", FETCH) == [article_id]


@pytest.mark.parametrize("fields, status, message", [
    ({}, 422, "Hãy dán nội dung bài hoặc nhập địa chỉ của bài."),
    ({"noi-dung": "   \n\n  "}, 422, "Hãy dán nội dung bài hoặc nhập địa chỉ của bài."),
    ({"tieu-de": "Tin", "noi-dung": "— … !!!"}, 422, "Bài không có nội dung để đọc."),
    ({"tieu-de": "Tin dài", "noi-dung": "Một câu tin dài về sự kiện của tỉnh. " * 80}, 413,
     "Bài dài hơn giới hạn Loa đọc."),
    # Over a megabyte in one field (1.3 MB sent), within the form's 2 MB: the same explanation, not a bare 400.
    ({"tieu-de": "Tin rất dài", "noi-dung": "Mot cau tin dai ve su kien cua tinh. " * 35_000}, 413,
     "Bài dài hơn giới hạn Loa đọc."),
    ({"dia-chi": "javascript:alert(document.cookie)"}, 422, "Địa chỉ phải là một trang web bắt đầu bằng http"),
    ({"dia-chi": "http://169.254.169.254/latest/meta-data/"}, 422, "Địa chỉ này không được phép tải"),
    ({"dia-chi": "https://cms:mat-khau@radio.example.vn/tin/1"}, 422, "Địa chỉ có tên đăng nhập hoặc mật khẩu"),
    ({"tieu-de": "T" * 501, "noi-dung": "Tin."}, 422, "Tiêu đề dài tối đa 500 ký tự"),
])
def test_an_article_that_cannot_be_read_is_explained_kept_in_the_form_and_not_stored(client, target, fields, status,
                                                                                     message):
    before = client.get("/bai-viet/trang-thai").json()["articles"]
    response = post_add(client, **fields)
    assert response.status_code == status
    assert message in visible_text(response.text)
    assert "mat-khau" not in response.text
    form = lxml.html.fromstring(response.text)
    if fields.get("noi-dung", "").strip():
        assert form.xpath("//textarea[@name='noi-dung']")[0].text_content().strip() == fields["noi-dung"].strip()
    assert client.get("/bai-viet/trang-thai").json()["articles"] == before
    assert waiting(target, "audio", RENDER) == [] and waiting(target, "ingest", FETCH) == []


def test_adding_needs_the_token_a_length_and_a_session(client, settings, target):
    before = client.get("/bai-viet/trang-thai").json()["articles"]
    assert client.post("/them-bai", data={"noi-dung": "Tin mới.\n\nThân bài."}).status_code == 403
    page = client.get("/them-bai")
    huge = client.post("/them-bai", data={"csrf": csrf_of(page.text), "noi-dung": "a" * (3 * 1024 * 1024)})
    assert huge.status_code == 413 and "Nội dung quá lớn" in visible_text(huge.text)
    # Sent in chunks without saying how long: refused before anything is read.
    body = f"csrf={csrf_of(page.text)}&noi-dung=Tin".encode()
    chunked = client.post("/them-bai", content=iter([body]),
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert chunked.status_code == 411 and "Trình duyệt không gửi độ dài của biểu mẫu." in visible_text(chunked.text)
    app = create_app(settings)
    with TestClient(app) as anonymous:
        response = anonymous.post("/them-bai", data={"noi-dung": "Tin mới.\n\nThân bài."}, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/dang-nhap")
    close_app(app)
    assert client.get("/bai-viet/trang-thai").json()["articles"] == before
    assert waiting(target, "audio", RENDER) == []


def test_hostile_text_is_shown_as_text(client):
    response = post_add(client, **{"noi-dung": "Mưa lớn <img src=x onerror=alert(1)> suốt đêm.\n\nNước sông lên."})
    assert response.status_code == 200
    assert "<img src=x" not in response.text and "Mưa lớn &lt;img src=x onerror=alert(1)&gt; suốt đêm." in response.text


def test_retry_while_the_queue_is_down_says_so_and_explains_the_article(client, settings):
    # Signed in while Redis answered; now the queue's Redis is gone.
    services(client.app).queue = TaskQueue(replace(settings, redis_url="redis://127.0.0.1:1/0"))
    page = client.get("/bai-viet")
    response = client.post("/bai-viet/doc-lai", data={"csrf": csrf_of(page.text), "bai": [ENGINE_DOWN.id]})
    assert response.status_code == 200
    text = visible_text(response.text)
    assert "Không gửi được yêu cầu tới hàng đợi đọc." in text and "Đã xếp hàng đọc lại 0 bài." in text
    article = visible_text(client.get(f"/bai-viet/{ENGINE_DOWN.id}").text)
    assert "Chưa gửi được bài tới hàng đợi đọc: máy chủ hàng đợi (Redis) không trả lời." in article


# Bounded forms -------------------------------------------------------------------------------------

STAFF_POSTS = [
    "/dang-nhap", "/dang-xuat", "/bai-viet/doc-lai", f"/bai-viet/{ENGINE_DOWN.id}/doc-lai",
    f"/bai-viet/{PUBLISHED.id}/bao-cms", f"/bai-viet/{PUBLISHED.id}/giong-doc", f"/bai-viet/{PUBLISHED.id}/go",
    "/ban-tin", "/giong-doc/nam-mien-bac/nghe-thu", "/tu-dien/them", "/tu-dien/sua", "/tu-dien/xoa", "/tu-dien/doc-lai",
]


LONG_FORMS = {"/tu-dien/doc-lai": 2 * 1024 * 1024}  # the ids of every article a term is in


@pytest.mark.parametrize("path", STAFF_POSTS)
def test_every_form_refuses_a_body_longer_than_a_form_needs(client, target, settings, path):
    before = client.get("/bai-viet/trang-thai").json()["articles"]
    page = client.get("/bai-viet")
    huge = client.post(path, data={"csrf": csrf_of(page.text), "bai": [ENGINE_DOWN.id],
                                   "padding": "x" * (LONG_FORMS.get(path, 64 * 1024) + 1000)},
                       follow_redirects=False)
    assert huge.status_code == 413 and "Nội dung quá lớn" in visible_text(huge.text)
    assert huge.headers["x-frame-options"] == "DENY"  # the protections' headers, as on every page
    assert client.get("/bai-viet/trang-thai").json()["articles"] == before
    assert waiting(target, "audio", RENDER) == []
    assert client.get("/bai-viet").status_code == 200  # still signed in


def test_anyone_posting_a_huge_or_unmeasured_sign_in_is_refused_before_it_is_read(settings):
    """The sign-in form takes posts from anyone: a body of any size must not be read whole."""
    pulled = []

    def endless():
        for _ in range(200):  # 12.8 MB in 64 KB pieces, with no length given
            pulled.append(1)
            yield b"x" * 65536

    app = create_app(settings)
    try:
        with TestClient(app) as anonymous:
            huge = anonymous.post("/dang-nhap", data={"username": "bien-tap", "password": "x" * 100_000})
            assert huge.status_code == 413 and "Nội dung quá lớn" in visible_text(huge.text)
            unmeasured = anonymous.post("/dang-nhap", content=endless(),
                                        headers={"Content-Type": "application/x-www-form-urlencoded"})
            assert unmeasured.status_code == 411
            assert len(pulled) < 200
            assert anonymous.get("/dang-nhap").status_code == 200
    finally:
        close_app(app)


def test_the_lexicon_can_render_again_thousands_of_articles_at_once(client, target):
    """A term found in thousands of articles of a large archive: their ids fit in the form."""
    page = client.get("/tu-dien")
    ids = [ENGINE_DOWN.id] + [f"bai-luu-tru-{n:05d}" for n in range(3000)]  # unknown ones are passed over
    response = client.post("/tu-dien/doc-lai", data={"csrf": csrf_of(page.text), "article": ids}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/tu-dien?da-xep=1"
    assert waiting(target, "audio", RENDER) == [ENGINE_DOWN.id]
