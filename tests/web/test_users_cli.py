"""``loa user add``, ``loa user passwd`` and ``loa user list``: staff accounts from the command line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from loa.settings import Settings
from tests.support.accounts import open_users, sign_in
from tests.support.workers import REPO_ROOT, measured


def loa(args, data_dir: Path, stdin: str = "") -> subprocess.CompletedProcess:
    env = measured({"PATH": "/usr/bin:/bin", "LOA_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO_ROOT),
           "HOME": str(data_dir.parent)})
    return subprocess.run([sys.executable, "-m", "cli", *args], env=env, input=stdin, capture_output=True,
                          text=True, cwd=REPO_ROOT, timeout=60)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "var"


def db_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / 'loa.db').resolve()}"


def test_a_user_added_with_password_stdin_can_sign_in_and_is_listed(data_dir):
    added = loa(["user", "add", "thu-huong", "--password-stdin"], data_dir, "mot-mat-khau-dai\n")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "user thu-huong created"

    with open_users(db_url(data_dir)) as users:
        assert users.authenticate("thu-huong", "mot-mat-khau-dai") is not None
        assert users.authenticate("thu-huong", "mot-mat-khau-khac") is None
    listed = loa(["user", "list"], data_dir)
    assert listed.returncode == 0
    assert listed.stdout.split("\t")[0] == "thu-huong"


def test_the_password_is_kept_only_as_an_argon2id_hash(data_dir):
    loa(["user", "add", "thu-huong", "--password-stdin"], data_dir, "mot-mat-khau-dai\n")
    engine = create_engine(db_url(data_dir))
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users")).scalar_one()
    engine.dispose()
    assert stored.startswith("$argon2id$") and "mot-mat-khau-dai" not in stored


def test_the_password_is_asked_twice_and_must_match(data_dir):
    typed = loa(["user", "add", "van-an"], data_dir, "mat-khau-so-mot\nmat-khau-so-mot\n")
    assert typed.returncode == 0, typed.stderr
    assert "Repeat for confirmation" in typed.stdout

    mismatch = loa(["user", "add", "lan-anh"], data_dir, "mat-khau-so-mot\nmat-khau-so-hai\n")
    assert mismatch.returncode != 0
    assert "do not match" in mismatch.stderr + mismatch.stdout
    assert loa(["user", "list"], data_dir).stdout.split("\t")[0] == "van-an"


@pytest.mark.parametrize("username,password,message", [
    ("thu-huong", "ngan", "password must have at least 8 characters"),
    ("co dau cach", "mot-mat-khau-dai", "username must not contain spaces"),
    ("   ", "mot-mat-khau-dai", "username is empty"),
])
def test_unusable_accounts_are_refused_with_one_line(data_dir, username, password, message):
    result = loa(["user", "add", username, "--password-stdin"], data_dir, password + "\n")
    assert result.returncode == 1
    assert result.stderr.strip() == f"loa: error: {message}"
    assert loa(["user", "list"], data_dir).stdout == ""


def test_a_username_is_taken_once(data_dir):
    assert loa(["user", "add", "thu-huong", "--password-stdin"], data_dir, "mot-mat-khau-dai\n").returncode == 0
    again = loa(["user", "add", "thu-huong", "--password-stdin"], data_dir, "mat-khau-khac-nua\n")
    assert again.returncode == 1
    assert again.stderr.strip() == "loa: error: user 'thu-huong' already exists"
    with open_users(db_url(data_dir)) as users:
        assert users.authenticate("thu-huong", "mot-mat-khau-dai") is not None


# Changing a password ----------------------------------------------------------------------------

@pytest.fixture
def signed_in_browsers(data_dir, web_redis_url, make_app):
    """Two browsers signed in as thu-huong on the web app over the same database."""
    assert loa(["user", "add", "thu-huong", "--password-stdin"], data_dir, "mot-mat-khau-dai\n").returncode == 0
    app = make_app(Settings(data_dir=data_dir, engine="espeak", secret_key="khoa", redis_url=web_redis_url))
    browsers = []
    for _ in range(2):
        browser = TestClient(app)
        assert sign_in(browser, "thu-huong", "mot-mat-khau-dai").status_code == 303
        browsers.append(browser)
    return browsers


def signed_in(browser) -> bool:
    return browser.get("/bai-viet", follow_redirects=False).status_code == 200


def test_passwd_sets_the_new_password_and_ends_every_session(data_dir, signed_in_browsers):
    assert all(signed_in(b) for b in signed_in_browsers)
    changed = loa(["user", "passwd", "thu-huong", "--password-stdin"], data_dir, "mat-khau-moi-hon\n")
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.strip() == "password of thu-huong changed; 2 sessions ended"
    assert not any(signed_in(b) for b in signed_in_browsers)
    with open_users(db_url(data_dir)) as users:
        assert users.authenticate("thu-huong", "mat-khau-moi-hon") is not None
        assert users.authenticate("thu-huong", "mot-mat-khau-dai") is None


def test_passwd_asks_twice(data_dir):
    loa(["user", "add", "van-an", "--password-stdin"], data_dir, "mat-khau-so-mot\n")
    mismatch = loa(["user", "passwd", "van-an"], data_dir, "mat-khau-so-hai\nmat-khau-so-ba\n")
    assert mismatch.returncode != 0 and "do not match" in mismatch.stderr + mismatch.stdout
    typed = loa(["user", "passwd", "van-an"], data_dir, "mat-khau-so-hai\nmat-khau-so-hai\n")
    assert typed.returncode == 0, typed.stderr
    assert "New password" in typed.stdout and typed.stdout.strip().endswith("0 sessions ended")
    with open_users(db_url(data_dir)) as users:
        assert users.authenticate("van-an", "mat-khau-so-hai") is not None


@pytest.mark.parametrize("username,password,message", [
    ("ai-do", "mot-mat-khau-dai", "no user 'ai-do'"),
    ("thu-huong", "ngan", "password must have at least 8 characters"),
])
def test_passwd_refuses_with_one_line_and_changes_nothing(data_dir, signed_in_browsers, username, password,
                                                          message):
    result = loa(["user", "passwd", username, "--password-stdin"], data_dir, password + "\n")
    assert result.returncode == 1
    assert result.stderr.strip() == f"loa: error: {message}"
    assert all(signed_in(b) for b in signed_in_browsers)
    with open_users(db_url(data_dir)) as users:
        assert users.authenticate("thu-huong", "mot-mat-khau-dai") is not None
