"""The listens' tables on SQLite and PostgreSQL: a listener counted once a day, the day's salt made
once however many processes ask, and a new day adding up the old one and forgetting its hashes."""
from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from articles.db import ListenRow, ListenSaltRow
from articles.store import Store

DAY = date(2026, 11, 29)
NEXT = DAY + timedelta(days=1)


@pytest.fixture
def store(database_url):
    s = Store(database_url)
    yield s
    s.close()


def salts(values):
    made = iter(values)
    return lambda: next(made)


def test_a_listener_is_counted_once_a_day(store):
    listens = store.listens
    assert listens.count(DAY, "episode", "cau-moi", "a" * 64) is True
    assert listens.count(DAY, "episode", "cau-moi", "a" * 64) is False
    assert listens.count(DAY, "episode", "cau-moi", "b" * 64) is True
    assert listens.count(DAY, "episode", "tin-khac", "a" * 64) is True
    assert listens.count(DAY, "bulletin", "cau-moi", "a" * 64) is True
    assert listens.daily(DAY, DAY, "episode", "cau-moi") == {DAY: 2}
    assert listens.daily(DAY, DAY, "episode") == {DAY: 3}
    assert listens.daily(DAY, DAY, "bulletin") == {DAY: 1}
    assert listens.top(DAY, DAY) == [("cau-moi", 2), ("tin-khac", 1)]
    with pytest.raises(ValueError):
        listens.count(DAY, "podcast", "cau-moi", "c" * 64)


def test_many_processes_asking_for_the_days_salt_get_the_same_one(store, database_url):
    stores = [Store(database_url) for _ in range(4)]
    got: list[str] = []
    barrier = threading.Barrier(len(stores))

    def ask(other: Store, n: int) -> None:
        barrier.wait()
        got.append(other.listens.salt(DAY, lambda: f"{n}" * 64))

    threads = [threading.Thread(target=ask, args=(s, n)) for n, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stores:
        s.close()
    assert len(got) == 4 and len(set(got)) == 1
    assert store.listens.salt(DAY, salts(["x" * 64])) == got[0]


def test_a_new_day_adds_up_the_old_one_and_forgets_its_salt_and_listeners(store):
    listens = store.listens
    first = listens.salt(DAY, salts(["1" * 64]))
    for listener in ("a", "b"):
        listens.count(DAY, "episode", "cau-moi", listener * 64)
    listens.count(DAY, "bulletin", "b-1", "a" * 64)
    assert listens.salt(DAY, salts(["2" * 64])) == first  # the same day keeps its salt

    assert listens.salt(NEXT, salts(["3" * 64])) == "3" * 64
    listens.count(NEXT, "episode", "cau-moi", "a" * 64)
    # A count of the old day that arrives late (a process still on yesterday) is added up next time.
    listens.count(DAY, "episode", "cau-moi", "c" * 64)
    assert listens.daily(DAY, NEXT, "episode", "cau-moi") == {DAY: 3, NEXT: 1}
    listens.salt(NEXT + timedelta(days=1), salts(["4" * 64]))
    assert listens.daily(DAY, NEXT, "episode", "cau-moi") == {DAY: 3, NEXT: 1}
    assert listens.daily(DAY, NEXT, "bulletin") == {DAY: 1}
    assert listens.top(DAY, NEXT) == [("cau-moi", 4)]
    with store.session() as s:
        assert s.scalars(select(ListenRow.listener)).all() == []  # every hash of the past days is gone
        assert s.execute(select(ListenSaltRow.day, ListenSaltRow.salt)).all() == [(NEXT + timedelta(days=1), "4" * 64)]
