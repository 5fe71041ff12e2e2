"""Staff accounts for tests, created and checked through the same code as ``loa user``."""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from articles.store import Store
from web.users import User, Users

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


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


def csrf_of(html: str) -> str:
    """The CSRF token of the form in a staff page."""
    found = _CSRF.search(html)
    assert found is not None, "no CSRF field in the page"
    return found.group(1)


def sign_in(client, username: str, password: str, next_path: str | None = None, **headers: str):
    """Sign ``client`` in through the sign-in form, as a browser does (its CSRF token first); the
    form's answer, not followed."""
    form = client.get("/dang-nhap")
    data = {"csrf": csrf_of(form.text), "username": username, "password": password}
    if next_path is not None:
        data["next"] = next_path
    return client.post("/dang-nhap", data=data, headers=headers, follow_redirects=False)
