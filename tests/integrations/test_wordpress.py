"""The WordPress plugin loa-podcast: its signer on its own, and the plugin loaded without WordPress
(tests/integrations/wordpress_harness.php) sending real deliveries to a real Loa and adding the player."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from tests.conftest import _free_port
from tests.integrations.conftest import KIT, run, tool
from web.signing import DELIVERY_ID, signature

PLUGIN = KIT / "wordpress" / "loa-podcast"
SIGNER = PLUGIN / "includes" / "class-loa-signer.php"
HARNESS = Path(__file__).with_name("wordpress_harness.php")


def php(code: str, env: dict[str, str] | None = None) -> str:
    done = run([tool("php"), "-r", f"require {json.dumps(str(SIGNER))}; {code}"], env)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


# The signer, alone ------------------------------------------------------------------------------

def test_the_signer_computes_the_signature_loa_checks():
    body = json.dumps({"id": "wp-7", "title": "Lũ “lớn” ở miền Trung"}, ensure_ascii=False)
    code = ("$s = new Loa_Signer(getenv('SECRET')); echo json_encode($s->headers('post', '/api/articles?x=1', "
            f"{php_string(body)}, 1795663800, 'f3b1c2d4-0000-4000-8000-00000000abcd'));")
    headers = json.loads(php(code, {"SECRET": "bí mật"}))

    assert headers == {
        "X-Loa-Timestamp": "1795663800", "X-Loa-Delivery": "f3b1c2d4-0000-4000-8000-00000000abcd",
        "X-Loa-Signature": signature("bí mật", "POST", "/api/articles?x=1", "1795663800",
                                     "f3b1c2d4-0000-4000-8000-00000000abcd", body.encode()),
    }


def test_every_request_gets_a_new_delivery_id_loa_takes():
    ids = php("for ($i = 0; $i < 5; $i++) { echo Loa_Signer::delivery_id(), \"\\n\"; }").split()
    assert len(set(ids)) == 5
    assert all(DELIVERY_ID.fullmatch(i) and re.fullmatch(r"[0-9a-f-]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f-]{16}", i)
               for i in ids)


def test_the_signer_never_shows_its_secret_and_refuses_an_empty_one():
    shown = php("$s = new Loa_Signer('hush-hush-secret'); var_dump($s); print_r($s); "
                "try { new Loa_Signer(''); } catch (InvalidArgumentException $e) { echo $e->getMessage(); }")
    assert "hush-hush-secret" not in shown
    assert "[secret]" in shown and "the Loa webhook secret is not set" in shown


def php_string(text: str) -> str:
    """A PHP single-quoted literal of ``text``."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


# The plugin, loaded without WordPress -----------------------------------------------------------

POST = {
    "ID": 42, "post_type": "post", "post_status": "publish",
    "post_title": "Cầu &#8220;mới&#8221; qua sông Hương",
    "post_content": ("<!-- wp:paragraph -->\n<p>Sáng nay, tỉnh khánh thành cây cầu mới [gallery ids=\"1,2\"]"
                     " bắc qua sông&nbsp;Hương.</p>\n<!-- /wp:paragraph -->\n\n"
                     "<!-- wp:paragraph -->\n<p>Cầu dài <strong>500 mét</strong>,\nrộng 20 mét.</p>\n"
                     "<!-- /wp:paragraph -->\n<script>alert(1)</script>"),
    "post_author": 3, "post_date_gmt": "2026-11-26 01:15:00", "post_modified_gmt": "2026-11-26 01:15:00",
    "categories": ["Đô thị", "Thời sự"], "tags": ["Cầu &amp; đường", "Sông  Hương"],
}


def wordpress(scenario: dict) -> dict:
    done = run([tool("php"), str(HARNESS)], stdin=json.dumps(scenario))
    assert done.returncode == 0 and not done.stderr, done.stdout + done.stderr
    return json.loads(done.stdout)


def options(loa, **more) -> dict:
    return {"loa_podcast_base_url": loa.base, "loa_podcast_secret": loa.secret, **more}


def test_publishing_a_post_sends_it_signed_and_loa_stores_it(loa):
    result = wordpress({"options": options(loa), "post": POST, "do": "transition", "args": ["publish", "draft"]})

    [request] = result["requests"]
    assert (request["method"], request["url"], request["status"]) == ("POST", loa.base + "/api/articles", 202)
    assert json.loads(request["body"]) == {
        "id": "wp-42", "title": "Cầu “mới” qua sông Hương",
        "body": "Sáng nay, tỉnh khánh thành cây cầu mới bắc qua sông Hương.\n\nCầu dài 500 mét, rộng 20 mét.",
        "url": "https://tin.example.vn/?p=42", "published": "2026-11-26T01:15:00+00:00",
        "modified": "2026-11-26T01:15:00+00:00", "author": "Phóng viên 3",
        "category": "Đô thị", "tags": ["Cầu & đường", "Sông Hương"],
    }
    stored = loa.article("wp-42")
    assert stored is not None and stored.title == "Cầu “mới” qua sông Hương"
    assert [b.text for b in stored.blocks] == ["Sáng nay, tỉnh khánh thành cây cầu mới bắc qua sông Hương.",
                                               "Cầu dài 500 mét, rộng 20 mét."]
    assert stored.url == "https://tin.example.vn/?p=42" and stored.author == "Phóng viên 3"
    assert (stored.section, stored.tags) == ("Đô thị", ("Cầu & đường", "Sông Hương"))
    last = result["options"]["loa_podcast_last_delivery"]
    assert (last["method"], last["id"], last["code"], last["detail"]) == ("POST", "wp-42", 202, "queued")


def test_an_update_is_sent_as_an_edit_and_unpublishing_retracts(loa):
    post = {**POST, "ID": 43}
    wordpress({"options": options(loa), "post": post, "do": "transition", "args": ["publish", "future"]})
    edited = {**post, "post_content": "<p>Cầu dài 520 mét.</p>", "post_modified_gmt": "2026-11-26 02:00:00"}

    update = wordpress({"options": options(loa), "post": edited, "do": "transition", "args": ["publish", "publish"]})
    [request] = update["requests"]
    assert (request["method"], request["url"], request["status"]) == ("PUT", loa.base + "/api/articles/wp-43", 202)
    stored = loa.article("wp-43")
    assert stored is not None and [b.text for b in stored.blocks] == ["Cầu dài 520 mét."]

    trashed = wordpress({"options": options(loa), "post": {**edited, "post_status": "trash"}, "do": "transition",
                         "args": ["trash", "publish"]})
    [request] = trashed["requests"]
    assert (request["method"], request["url"], request["body"], request["status"]) == (
        "DELETE", loa.base + "/api/articles/wp-43", "", 200)
    state = loa.state("wp-43")
    assert state is not None and state.status == "retracted"


def test_deleting_a_published_post_retracts_it(loa):
    post = {**POST, "ID": 44}
    wordpress({"options": options(loa), "post": post, "do": "transition", "args": ["publish", "draft"]})

    [request] = wordpress({"options": options(loa), "post": post, "do": "delete"})["requests"]
    assert (request["method"], request["url"], request["status"]) == ("DELETE", loa.base + "/api/articles/wp-44", 200)


@pytest.mark.parametrize("post", [{**POST, "post_type": "page"}, {**POST, "post_password": "kín"}],
                         ids=["a page", "a password-protected post"])
def test_posts_not_for_the_public_feed_are_not_sent(loa, post):
    result = wordpress({"options": options(loa), "post": post, "do": "transition", "args": ["publish", "draft"]})
    assert result["requests"] == []


def test_a_published_post_given_a_password_is_retracted(loa):
    post = {**POST, "ID": 48}
    wordpress({"options": options(loa), "post": post, "do": "transition", "args": ["publish", "draft"]})

    result = wordpress({"options": options(loa), "post": {**post, "post_password": "kín"}, "do": "transition",
                        "args": ["publish", "publish"]})
    assert [(r["method"], r["status"]) for r in result["requests"]] == [("DELETE", 200)]
    state = loa.state("wp-48")
    assert state is not None and state.status == "retracted"


def test_a_delivery_loa_could_not_take_is_sent_again_later_with_what_the_post_is_then(loa):
    post = {**POST, "ID": 47}
    away = {"loa_podcast_base_url": f"http://127.0.0.1:{_free_port()}", "loa_podcast_secret": loa.secret}
    failed = wordpress({"options": away, "post": post, "do": "transition", "args": ["publish", "draft"]})
    assert failed["requests"] == []
    assert failed["events"] == [{"minutes": 1, "hook": "loa_podcast_resend", "args": [47, 1]}]
    assert failed["options"]["loa_podcast_last_delivery"]["code"] is None

    still_away = wordpress({"options": away, "post": post, "do": "cron", "events": failed["events"]})
    assert still_away["events"] == [{"minutes": 2, "hook": "loa_podcast_resend", "args": [47, 2]}]

    edited = {**post, "post_content": "<p>Cầu dài 520 mét.</p>", "post_modified_gmt": "2026-11-26 02:00:00"}
    back = wordpress({"options": options(loa), "post": edited, "do": "cron", "events": still_away["events"]})
    [request] = back["requests"]
    assert (request["method"], request["url"], request["status"]) == ("PUT", loa.base + "/api/articles/wp-47", 202)
    assert back["events"] == []
    stored = loa.article("wp-47")
    assert stored is not None and [b.text for b in stored.blocks] == ["Cầu dài 520 mét."]

    gone = wordpress({"options": options(loa), "post": {**edited, "post_status": "trash"}, "do": "cron",
                      "events": failed["events"]})
    assert [(r["method"], r["status"]) for r in gone["requests"]] == [("DELETE", 200)]


def test_retries_stop_after_the_fifth():
    away = {"loa_podcast_base_url": f"http://127.0.0.1:{_free_port()}", "loa_podcast_secret": "s" * 32}
    fourth = wordpress({"options": away, "post": POST, "do": "cron",
                        "events": [{"hook": "loa_podcast_resend", "args": [42, 4]}]})
    assert fourth["events"] == [{"minutes": 16, "hook": "loa_podcast_resend", "args": [42, 5]}]
    fifth = wordpress({"options": away, "post": POST, "do": "cron", "events": fourth["events"]})
    assert fifth["events"] == []


def test_a_wrong_secret_is_refused_and_the_settings_page_tells(loa):
    post = {**POST, "ID": 45}
    result = wordpress({"options": options(loa, loa_podcast_secret="not-the-secret"), "post": post,
                        "do": "transition", "args": ["publish", "draft"]})

    assert [r["status"] for r in result["requests"]] == [401]
    assert result["events"] == []  # sending it again would not help
    assert loa.article("wp-45") is None
    page = wordpress({"options": result["options"], "do": "settings"})["output"]
    assert "POST wp-45" in page and "HTTP 401 X-Loa-Signature does not match this request" in page
    assert "not-the-secret" not in page


def test_without_settings_nothing_is_sent_and_the_reason_is_kept():
    result = wordpress({"post": POST, "do": "transition", "args": ["publish", "draft"]})
    assert result["requests"] == []
    assert result["options"]["loa_podcast_last_delivery"]["detail"] == ("the Loa base URL or the webhook secret "
                                                                        "is not set")


def test_the_player_is_added_once_under_the_post_with_every_value_escaped():
    post = {**POST, "ID": 46, "post_title": 'Lũ "lớn" <b>ở</b> Huế'}
    opts = {"loa_podcast_base_url": "https://radio.example.vn/loa", "loa_podcast_id_prefix": "tin.a-"}

    content = wordpress({"options": opts, "post": post, "do": "content", "content": "<p>Bài viết.</p>",
                         "times": 2})["output"]

    assert content.count("<iframe") == 1
    assert content.strip() == (
        '<p>Bài viết.</p>\n<iframe class="loa-podcast-player" src="https://radio.example.vn/loa/nhung/tin.a-46" '
        'width="100%" height="150" title="Nghe: Lũ &quot;lớn&quot; ở Huế" loading="lazy" style="border:0"></iframe>')
    assert html.unescape(re.search(r'title="([^"]*)"', content)[1]) == 'Nghe: Lũ "lớn" ở Huế'


@pytest.mark.parametrize("scenario", [{"singular": False}, {"post": {**POST, "post_status": "draft"}},
                                      {"options": {}}], ids=["a list of posts", "a draft", "no base URL"])
def test_no_player_where_there_is_no_episode_to_play(scenario):
    world = {"options": {"loa_podcast_base_url": "https://radio.example.vn/loa"}, "post": POST, "do": "content",
             "content": "<p>Bài viết.</p>", **scenario}
    assert wordpress(world)["output"] == "<p>Bài viết.</p>"


def test_the_settings_form_never_prints_the_secret_back():
    page = wordpress({"options": {"loa_podcast_base_url": "https://radio.example.vn/loa",
                                  "loa_podcast_secret": "hush-hush-secret"}, "do": "settings"})["output"]

    assert "hush-hush-secret" not in page
    assert re.search(r'<input type="password"[^>]*name="loa_podcast_secret"\s+value=""', page)
    assert "A secret is saved" in page
    assert 'value="https://radio.example.vn/loa"' in page


@pytest.mark.parametrize("typed,kept", [("", "old-secret"), ("  ", "old-secret"), (" new-secret ", "new-secret")])
def test_an_empty_secret_field_keeps_the_saved_secret(typed, kept):
    result = wordpress({"options": {"loa_podcast_secret": "old-secret"}, "do": "sanitize_secret", "value": typed})
    assert result["output"] == kept


def test_deleting_the_plugin_forgets_its_settings_and_the_secret():
    kept = {"loa_podcast_base_url": "https://radio.example.vn/loa", "loa_podcast_secret": "hush-hush-secret",
            "loa_podcast_id_prefix": "wp-", "loa_podcast_last_delivery": {"code": 202}, "blogname": "Tin"}
    assert wordpress({"options": kept, "do": "uninstall"})["options"] == {"blogname": "Tin"}
