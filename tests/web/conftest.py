"""Web test fixtures: the app on a temporary data directory (SQLite), a TestClient, a signer."""
from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from loa.settings import Settings
from tests.support.queues import RedisTarget
from web.app import create_app
from web.services import close_services

SECRET = "test-webhook-secret"


class Signer:
    """Signs bodies the way the station's CMS does, written from the contract in web/signing.py."""

    def __init__(self, secret: str = SECRET):
        self.secret = secret

    def headers(self, body: bytes = b"", timestamp: int | None = None) -> dict[str, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        mac = hmac.new(self.secret.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
        return {"X-Loa-Timestamp": ts, "X-Loa-Signature": f"sha256={mac}"}


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
    """``make_app(settings)``: an app that is closed (database connections) after the test."""
    apps = []

    def make(settings: Settings):
        app = create_app(settings)
        apps.append(app)
        return app

    yield make
    for app in apps:
        close_services(app)


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
