"""The webhook's ``voice``: an article delivered with a voice is read in it; an unknown voice is refused."""
from __future__ import annotations

import json

import pytest

from web.services import services

ARTICLE = {
    "id": "bai-giong",
    "title": "Khai mạc hội chợ nông sản cuối năm",
    "body": "Sáng nay, hội chợ nông sản cuối năm khai mạc với hơn 200 gian hàng.",
    "published": "2026-11-27T08:00:00+07:00",
}


def post(client, signer, doc):
    body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    return client.post("/api/articles", content=body, headers=signer.headers("POST", "/api/articles", body))


def stored_voice(client, article_id: str) -> str | None:
    return services(client.app).store.voice_of(article_id)


def test_an_article_delivered_with_a_voice_keeps_it(client, signer, render_queue):
    response = post(client, signer, dict(ARTICLE, voice="nu-nam"))

    assert response.status_code == 202
    assert stored_voice(client, "bai-giong") == "nu-nam"
    assert render_queue.renders() == [["bai-giong"]]


def test_a_new_voice_alone_renders_again_and_no_voice_keeps_the_one_chosen(client, signer, render_queue):
    assert post(client, signer, dict(ARTICLE, voice="nu-nam")).status_code == 202

    again = post(client, signer, dict(ARTICLE, voice="nam-bac"))
    unchanged = post(client, signer, ARTICLE)

    assert again.status_code == 202 and again.json()["changed"] is False
    assert unchanged.status_code == 200
    assert stored_voice(client, "bai-giong") == "nam-bac"
    assert render_queue.renders() == [["bai-giong"], ["bai-giong"]]


@pytest.mark.parametrize("voice", ["nu-hue", 7, ["nu-bac"], "x" * 3000])
def test_an_unknown_voice_is_refused_and_nothing_is_stored(client, signer, render_queue, voice):
    response = post(client, signer, dict(ARTICLE, voice=voice))

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("article: 'voice' ") and "is not one of the station's voices (nu-bac, " in detail
    assert "\n" not in detail and len(detail) < 400
    assert services(client.app).store.state("bai-giong") is None
    assert render_queue.renders() == []


def test_an_article_given_by_url_keeps_its_voice(client, signer, render_queue):
    response = post(client, signer, {"url": "https://radio.example.vn/tin/hoi-cho", "id": "bai-url",
                                     "voice": "nam-trung"})

    assert response.status_code == 202
    assert stored_voice(client, "bai-url") == "nam-trung"
