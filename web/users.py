"""Staff accounts: checking names and passwords, and hashing passwords with argon2.

The accounts themselves are stored by ``articles.store.Store``; only their hashes are kept.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from articles.store import Account, DuplicateAccount, Store

USERNAME_MAX = 64


class UserError(ValueError):
    """A username or password that cannot be used; the message is for the person typing it."""


@dataclass(frozen=True)
class User:
    username: str
    created_at: datetime


_hasher = PasswordHasher()
# Verified against when the username is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("loa: no such user")


def check_username(username: str) -> str:
    name = username.strip()
    if not name:
        raise UserError("username is empty")
    if len(name) > USERNAME_MAX:
        raise UserError(f"username is longer than {USERNAME_MAX} characters")
    if any(c.isspace() for c in name):
        raise UserError("username must not contain spaces")
    return name


def check_password(password: str) -> None:
    if len(password) < 8:
        raise UserError("password must have at least 8 characters")


def _user(account: Account) -> User:
    return User(account.username, account.created_at)


class Users:
    """Staff accounts on top of the store: creating, listing and authenticating them."""

    def __init__(self, store: Store):
        self.store = store

    def add(self, username: str, password: str) -> User:
        name = check_username(username)
        check_password(password)
        try:
            return _user(self.store.add_account(name, _hasher.hash(password)))
        except DuplicateAccount:
            raise UserError(f"user {name!r} already exists") from None

    def get(self, username: str) -> User | None:
        account = self.store.account(username)
        return _user(account) if account else None

    def all(self) -> list[User]:
        return [_user(account) for account in self.store.accounts()]

    def change_password(self, username: str, password: str) -> int:
        """Give the account a new password and end all its sessions; how many sessions were ended."""
        check_password(password)
        name = username.strip()
        try:
            return self.store.staff_sessions.change_password(name, _hasher.hash(password), datetime.now(UTC))
        except KeyError:
            raise UserError(f"no user {name!r}") from None

    def authenticate(self, username: str, password: str) -> User | None:
        """The user when ``password`` is theirs, else None."""
        account = self.store.account(username.strip())
        try:
            _hasher.verify(account.password_hash if account else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        if account is None:
            return None
        if _hasher.check_needs_rehash(account.password_hash):
            self.store.set_password_hash(account.account_id, _hasher.hash(password))
        return _user(account)
