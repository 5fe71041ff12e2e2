"""Web test fixtures: the app on a temporary data directory (SQLite), a TestClient, a signer."""
from __future__ import annotations

import hashlib
import hmac
import time
import uuid
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from loa.settings import Settings
from tests.support.queues import RedisTarget, RenderQueue
from web.app import close_app, create_app

SECRET = "test-webhook-secret"


class Signer:
    """Signs requests the way the station's CMS does, written from the contract in web/signing.py
    (scheme v2: method, path with query, timestamp, delivery id and body)."""

    def __init__(self, secret: str = SECRET):
        self.secret = secret

    def headers(self, method: str, target: str, body: bytes = b"", timestamp: int | None = None,
                delivery_id: str | None = None) -> dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        delivery = delivery_id or str(uuid.uuid4())
        signed = b"\n".join([b"loa-v2", method.upper().encode(), target.encode(), ts.encode(), delivery.encode(), body])
        mac = hmac.new(self.secret.encode(), signed, hashlib.sha256).hexdigest()
        return {"X-Loa-Timestamp": ts, "X-Loa-Delivery": delivery, "X-Loa-Signature": f"v2={mac}"}


@pytest.fixture
def web_redis_url(redis_url, redis_prefix) -> RedisTarget:
    """The session's Redis (its database as given, shared, never flushed) and this test's key prefix:
    its queues start empty and no other test's worker takes its messages."""
    return RedisTarget(redis_url, redis_prefix)


@pytest.fixture
def web_settings(settings: Settings, web_redis_url: RedisTarget) -> Settings:
    return replace(settings, webhook_secret=SECRET, redis_url=str(web_redis_url), key_prefix=web_redis_url.prefix,
                   fetch_allow_private=True)


@pytest.fixture
def make_app():
    """``make_app(settings)``: an app that is closed (database and Redis connections, threads) after the test."""
    apps = []

    def make(settings: Settings):
        app = create_app(settings)
        apps.append(app)
        return app

    yield make
    for app in apps:
        close_app(app)


@pytest.fixture
def app(web_settings, make_app):
    return make_app(web_settings)


@pytest.fixture
def client(app):
    with TestClient(app) as c:
        yield c


@pytest.fixture
def signer() -> Signer:
    return Signer()


@pytest.fixture
def render_queue(web_redis_url) -> RenderQueue:
    return RenderQueue(web_redis_url)
