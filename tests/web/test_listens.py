"""Listens, counted through real HTTP requests to the app the way podcast measurement counts them,
and shown to staff as bar charts (read back from the SVG a screen reader and a mouse meet)."""
from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import lxml.html
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, select, text

from articles.model import Article, Block, Episode, SentenceTiming
from articles.store import Store
from tests.support.accounts import add_user, sign_in

ARTICLE = Article(id="cau-moi", title="Khánh thành cầu mới qua sông Hiếu",
                  blocks=(Block("lead", "Sáng nay, tỉnh khánh thành cầu mới."),),
                  published=datetime(2026, 11, 20, 2, 0, tzinfo=UTC))
MP3_KEY = "episodes/cau-moi/cau-moi-0123456789.mp3"
OTHER_KEY = "episodes/tin-khac/tin-khac-abcdef0123.mp3"
BULLETIN_KEY = "bulletins/b-1/b-1-abcdef0123.mp3"
MP3 = bytes(range(256)) * 40  # 10240 bytes
PHONE = "AppleCoreMedia/1.0.0.21F90 (iPhone; U; CPU OS 17_5 like Mac OS X; vi_vn)"
ANDROID = "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126 Mobile Safari/537.36"
ADDRESS, OTHER_ADDRESS = "203.0.113.9", "198.51.100.23"
# 08:00 on 29 November in Hà Nội; the station's day ends at 17:00 UTC.
MORNING = datetime(2026, 11, 29, 1, 0, tzinfo=UTC)
PASSWORD = "mat-khau-dai-du-12"


@pytest.fixture
def settings(web_settings):
    settings = replace(web_settings, secret_key="khoa")
    for key in (MP3_KEY, OTHER_KEY, BULLETIN_KEY):
        path = settings.data_dir / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(MP3)
    store = Store(settings.db_url)
    try:
        store.save_article(ARTICLE)
        saved = store.get_article(ARTICLE.id)
        store.record_episode(Episode(
            article_id=ARTICLE.id, content_hash=saved.content_hash, script_hash="s1", guid="guid-cau-moi",
            engine="espeak", voice="vi", audio_key=MP3_KEY, audio_bytes=len(MP3), sample_rate=24000, frames=48000,
            timeline=(SentenceTiming(0, 0, 24000, "headline", 0, ARTICLE.title, ARTICLE.title),)))
        store.set_status(ARTICLE.id, "published")
    finally:
        store.close()
    return settings


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(app) -> Clock:
    found = Clock(MORNING)
    app.state.listen_clock = found
    return found


@pytest.fixture
def app(settings, make_app):
    return make_app(settings)


def listener(app, address: str = ADDRESS, agent: str = PHONE) -> TestClient:
    """A listener's podcast app at ``address``."""
    return TestClient(app, client=(address, 50000), headers={"User-Agent": agent})


def download(client: TestClient, key: str = MP3_KEY, **headers: str):
    response = client.get("/" + key, headers=headers)
    assert response.status_code in (200, 206)
    return response


@pytest.fixture
def staff(app):
    add_user(app.state.settings.db_url, "bien-tap", PASSWORD)
    with TestClient(app) as c:
        sign_in(c, "bien-tap", PASSWORD)
        yield c


def bars(html: str, chart_id: str) -> dict[date, int]:
    """The chart's bars as the page shows them: each bar's title, ``29/11: 3 lượt nghe``."""
    doc = lxml.html.fromstring(html)
    [figure] = doc.xpath(f"//figure[@id='{chart_id}']")
    found = {}
    for rect in figure.xpath(".//rect"):
        [title] = rect.findall("title")
        day, month, listens = re.fullmatch(r"(\d\d)/(\d\d): (\d+) lượt nghe", title.text_content()).groups()
        found[date.fromisoformat(rect.get("data-day"))] = int(listens)
        assert (int(day), int(month)) == (date.fromisoformat(rect.get("data-day")).day,
                                          date.fromisoformat(rect.get("data-day")).month)
    return found


def heard(html: str, chart_id: str) -> dict[date, int]:
    return {day: n for day, n in bars(html, chart_id).items() if n}


def article_listens(staff: TestClient) -> dict[date, int]:
    return heard(staff.get(f"/bai-viet/{ARTICLE.id}").text, "nghe-bai")


TODAY = date(2026, 11, 29)


def test_a_listener_counts_once_a_day_however_often_it_downloads(app, clock, staff):
    with listener(app) as phone:
        for _ in range(3):
            assert download(phone).content == MP3
    assert article_listens(staff) == {TODAY: 1}


def test_another_user_agent_or_another_address_is_another_listener(app, clock, staff):
    for address, agent in ((ADDRESS, PHONE), (ADDRESS, ANDROID), (OTHER_ADDRESS, PHONE), (ADDRESS, PHONE)):
        with listener(app, address, agent) as c:
            download(c)
    assert article_listens(staff) == {TODAY: 3}


def test_a_download_in_many_ranges_counts_once(app, clock, staff):
    with listener(app) as phone:
        parts = [download(phone, Range=f"bytes={first}-{first + 4095}").content for first in range(0, len(MP3), 4096)]
    assert b"".join(parts) == MP3
    assert article_listens(staff) == {TODAY: 1}


def test_probes_head_requests_and_robots_count_nothing(app, clock, staff):
    with listener(app) as phone:
        assert download(phone, Range="bytes=0-1").content == MP3[:2]
        assert phone.head("/" + MP3_KEY).status_code == 200
    for agent in ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "curl/8.5.0",
                  "Wget/1.21.4", "facebookexternalhit/1.1", ""):
        with listener(app, OTHER_ADDRESS, agent) as robot:
            assert download(robot).content == MP3
    assert article_listens(staff) == {}
    assert bars(staff.get(f"/bai-viet/{ARTICLE.id}").text, "nghe-bai")[TODAY] == 0


def test_staff_playing_the_episode_in_the_staff_app_are_not_listeners(app, clock, staff):
    staff.get("/" + MP3_KEY)
    assert article_listens(staff) == {}


def test_a_new_day_counts_the_listener_again_and_forgets_yesterdays_salt(app, clock, staff, settings):
    with listener(app) as phone:
        download(phone)
        salts = read_table(settings.db_url, "listen_salts")
        clock.now = MORNING + timedelta(hours=15, minutes=59)  # 23:59 in Hà Nội: still the same day
        download(phone)
        clock.now = MORNING + timedelta(hours=16)  # midnight: a new day, a new salt
        download(phone)
    assert article_listens(staff) == {TODAY: 1, TODAY + timedelta(days=1): 1}
    [(first_day, first_salt)] = salts
    [(day, salt)] = read_table(settings.db_url, "listen_salts")  # yesterday's salt is gone
    assert (first_day, day) == (str(TODAY), str(TODAY + timedelta(days=1))) and salt != first_salt
    # Yesterday's listeners are added up and their hashes deleted: only today's are kept.
    assert [row[0] for row in read_table(settings.db_url, "listens")] == [str(TODAY + timedelta(days=1))]


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_listener(settings, make_app, clock, staff):
    app = make_app(replace(settings, trusted_proxies="10.0.0.0/24"))
    app.state.listen_clock = clock
    for forwarded in (ADDRESS, "192.0.2.1, " + ADDRESS, OTHER_ADDRESS):  # a made-up hop changes nothing
        with listener(app, "10.0.0.5") as via_proxy:
            download(via_proxy, **{"X-Forwarded-For": forwarded})
    assert article_listens(staff) == {TODAY: 2}


def test_no_address_or_user_agent_is_stored(app, clock, settings):
    for address in (ADDRESS, OTHER_ADDRESS, "2001:db8::7"):
        with listener(app, address) as c:
            download(c)
    engine = create_engine(settings.db_url)
    try:
        tables = inspect(engine).get_table_names()
        dump = []
        with engine.connect() as db:
            for table in tables:
                dump += [str(value) for row in db.execute(text(f'SELECT * FROM "{table}"')) for value in row]
    finally:
        engine.dispose()
    assert len(read_table(settings.db_url, "listens")) == 3
    everything = "\n".join(dump)
    for secret in (ADDRESS, OTHER_ADDRESS, "2001:db8::7", "203.0.113", PHONE, "iPhone"):
        assert secret not in everything


def test_a_failing_count_never_fails_the_download(app, clock, staff, caplog, monkeypatch):
    from articles.store import Listens

    def broken(*_args, **_kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(Listens, "count", broken)
    with caplog.at_level(logging.WARNING, logger="loa.web.listens"), listener(app) as phone:
        assert download(phone).content == MP3
    assert "listen not counted: RuntimeError: database gone" in caplog.text
    monkeypatch.undo()
    assert article_listens(staff) == {}


def test_the_listens_page_plots_the_show_the_bulletins_and_the_most_listened_episodes(app, clock, staff):
    days = {TODAY - timedelta(days=2): [(ADDRESS, PHONE), (OTHER_ADDRESS, PHONE)],
            TODAY - timedelta(days=1): [(ADDRESS, PHONE)],
            TODAY: [(ADDRESS, PHONE), (ADDRESS, ANDROID), (OTHER_ADDRESS, ANDROID)]}
    for day, listeners in days.items():
        clock.now = datetime.combine(day, MORNING.timetz())
        for address, agent in listeners:
            with listener(app, address, agent) as c:
                download(c)
        with listener(app, ADDRESS, PHONE) as c:
            download(c, OTHER_KEY)
            download(c, BULLETIN_KEY)
    page = staff.get("/nghe-tai")
    assert page.status_code == 200
    assert heard(page.text, "nghe-tat-ca") == {day: len(ls) + 1 for day, ls in days.items()}
    assert heard(page.text, "nghe-ban-tin") == {day: 1 for day in days}
    chart = bars(page.text, "nghe-tat-ca")
    assert len(chart) == 30 and max(chart) == TODAY and min(chart) == TODAY - timedelta(days=29)
    doc = lxml.html.fromstring(page.text)
    # The most listened episode first, by its title, linking to its article.
    [first] = doc.xpath("//ol[@class='listens-top']/li[1]//h3/a")
    assert (first.text_content(), first.get("href")) == (ARTICLE.title, f"/bai-viet/{ARTICLE.id}")
    assert heard(page.text, "nghe-tap-1") == {day: len(ls) for day, ls in days.items()}
    assert heard(page.text, "nghe-tap-2") == {day: 1 for day in days}
    # A screen reader hears the numbers: the chart is named, and described with every day's count.
    [svg] = doc.xpath("//figure[@id='nghe-tat-ca']/svg")
    assert svg.get("role") == "img"
    described = " ".join(doc.get_element_by_id(i).text_content() for i in svg.get("aria-labelledby").split())
    assert "9 lượt nghe" in described and "29/11: 4 lượt nghe" in described and "28/11: 2 lượt nghe" in described
    assert "27/11: 3 lượt nghe" in described
    assert article_listens(staff) == {day: len(ls) for day, ls in days.items()}


def test_the_listens_page_is_for_staff_only(app):
    with TestClient(app, follow_redirects=False) as anonymous:
        assert anonymous.get("/nghe-tai").status_code in (302, 303)


def read_table(url: str, table: str) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as db:
            return [tuple(str(v) for v in row) for row in db.execute(select(text("*")).select_from(text(table)))]
    finally:
        engine.dispose()


def test_one_address_cannot_flood_an_episode_with_made_up_user_agents(app, clock, staff, monkeypatch):
    monkeypatch.setattr("web.listens.MAX_AGENTS_PER_ADDRESS", 3)
    for n in range(6):
        with listener(app, "2001:db8:1:2::" + str(n + 1), f"{PHONE} build/{n}") as c:  # one subscriber's /64
            download(c)
    with listener(app, OTHER_ADDRESS, PHONE) as c:
        download(c)
    assert article_listens(staff) == {TODAY: 4}


def test_doctests_of_the_listens_modules():
    import doctest

    import web.listens
    import web.pages.charts
    for module in (web.listens, web.pages.charts):
        result = doctest.testmod(module)
        assert result.attempted and not result.failed
