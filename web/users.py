"""Staff accounts: usernames and argon2 password hashes, in the articles database."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Integer, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker

from articles.db import AwareDateTime, Base, make_engine, utcnow

USERNAME_MAX = 64


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(USERNAME_MAX), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utcnow)


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


def users_for(app) -> "Users":
    """The app's one ``Users``, opened on first use."""
    users = getattr(app.state, "users", None)
    if users is None:
        users = app.state.users = Users(app.state.settings.db_url)
    return users


class Users:
    """Every read and write of the users table."""

    def __init__(self, db_url: str):
        if db_url.startswith("sqlite:///"):
            Path(db_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine = make_engine(db_url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        Base.metadata.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def add(self, username: str, password: str) -> User:
        name = check_username(username)
        check_password(password)
        row = UserRow(username=name, password_hash=_hasher.hash(password))
        try:
            with self._sessions() as s, s.begin():
                s.add(row)
        except IntegrityError:
            raise UserError(f"user {name!r} already exists") from None
        return User(row.username, row.created_at)

    def get(self, username: str) -> User | None:
        with self._sessions() as s:
            row = s.scalar(select(UserRow).where(UserRow.username == username))
            return User(row.username, row.created_at) if row else None

    def all(self) -> list[User]:
        with self._sessions() as s:
            return [User(r.username, r.created_at) for r in s.scalars(select(UserRow).order_by(UserRow.username))]

    def authenticate(self, username: str, password: str) -> User | None:
        """The user when ``password`` is theirs, else None."""
        with self._sessions() as s:
            row = s.scalar(select(UserRow).where(UserRow.username == username.strip()))
        try:
            _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        if _hasher.check_needs_rehash(row.password_hash):
            with self._sessions() as s, s.begin():
                s.get(UserRow, row.id).password_hash = _hasher.hash(password)
        return User(row.username, row.created_at)
