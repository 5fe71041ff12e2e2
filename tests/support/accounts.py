"""Staff accounts for tests, created and checked through the same code as ``loa user``."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from articles.store import Store
from web.users import User, Users


@contextmanager
def open_users(db_url: str) -> Iterator[Users]:
    store = Store(db_url)
    try:
        yield Users(store)
    finally:
        store.close()


def add_user(db_url: str, username: str, password: str) -> User:
    with open_users(db_url) as users:
        return users.add(username, password)
