"""Staff sessions in the store, on SQLite and PostgreSQL: begun, ended one by one or all at once by
a password change, expired, and cleared away a while after they end."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from articles.store import SESSION_KEEP, Store

T0 = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
HOURS_12 = timedelta(hours=12)


@pytest.fixture
def store(database_url):
    s = Store(database_url)
    s.add_account("bien-tap", "$argon2id$cu")
    s.add_account("phong-vien", "$argon2id$khac")
    yield s
    s.close()


def test_a_session_is_kept_with_its_user_token_and_times(store):
    started = store.staff_sessions.start("bien-tap", "a" * 64, "token-a", T0, HOURS_12)
    assert (started.username, started.csrf, started.created_at, started.last_seen_at, started.expires_at) == (
        "bien-tap", "token-a", T0, T0, T0 + HOURS_12)
    assert started.active(T0 + HOURS_12 - timedelta(seconds=1)) and not started.active(T0 + HOURS_12)
    store.staff_sessions.touch("a" * 64, T0 + timedelta(minutes=5))
    assert store.staff_sessions.get("a" * 64).last_seen_at == T0 + timedelta(minutes=5)
    assert store.staff_sessions.get("b" * 64) is None


def test_ending_one_session_leaves_the_others(store):
    for key in ("a", "b"):
        store.staff_sessions.start("bien-tap", key * 64, f"token-{key}", T0, HOURS_12)
    assert store.staff_sessions.revoke("a" * 64, T0 + timedelta(hours=1)) is True
    assert store.staff_sessions.revoke("a" * 64, T0 + timedelta(hours=2)) is False
    ended = store.staff_sessions.get("a" * 64)
    assert ended.revoked_at == T0 + timedelta(hours=1) and not ended.active(T0 + timedelta(hours=1))
    assert [s.id_hash for s in store.staff_sessions.active("bien-tap", T0)] == ["b" * 64]


def test_a_new_password_ends_every_session_of_the_account_and_no_other(store):
    store.staff_sessions.start("bien-tap", "a" * 64, "t1", T0, HOURS_12)
    store.staff_sessions.start("bien-tap", "b" * 64, "t2", T0 + timedelta(minutes=1), HOURS_12)
    store.staff_sessions.start("phong-vien", "c" * 64, "t3", T0, HOURS_12)
    ended = store.staff_sessions.change_password("bien-tap", "$argon2id$moi", T0 + timedelta(hours=1))
    assert ended == 2
    assert store.account("bien-tap").password_hash == "$argon2id$moi"
    assert store.staff_sessions.active("bien-tap", T0 + timedelta(hours=1)) == []
    assert [s.username for s in store.staff_sessions.active("phong-vien", T0 + timedelta(hours=1))] == ["phong-vien"]
    assert store.account("phong-vien").password_hash == "$argon2id$khac"


def test_unknown_accounts_get_no_session_and_no_password(store):
    with pytest.raises(KeyError):
        store.staff_sessions.start("ai-do", "a" * 64, "t", T0, HOURS_12)
    with pytest.raises(KeyError):
        store.staff_sessions.change_password("ai-do", "$argon2id$x", T0)
    assert store.staff_sessions.get("a" * 64) is None


def test_sessions_long_ended_are_cleared_when_another_begins(store):
    store.staff_sessions.start("bien-tap", "a" * 64, "t1", T0, HOURS_12)  # expires at T0 + 12 h
    store.staff_sessions.start("bien-tap", "b" * 64, "t2", T0, timedelta(days=30))
    store.staff_sessions.revoke("b" * 64, T0 + timedelta(hours=1))
    store.staff_sessions.start("bien-tap", "c" * 64, "t3", T0 + HOURS_12 + SESSION_KEEP - timedelta(hours=2),
                               HOURS_12)
    assert store.staff_sessions.get("a" * 64) is not None  # ended less than SESSION_KEEP ago: still on record
    store.staff_sessions.start("bien-tap", "d" * 64, "t4", T0 + HOURS_12 + SESSION_KEEP + timedelta(hours=2),
                               HOURS_12)
    assert store.staff_sessions.get("a" * 64) is None and store.staff_sessions.get("b" * 64) is None
    assert store.staff_sessions.get("c" * 64) is not None
