"""Every ``LOA_*`` setting is checked when the settings are made: a bad value is one line naming the
variable, the value and what is expected; secrets and passwords are never repeated."""
from __future__ import annotations

import doctest
import importlib
from dataclasses import fields

import pytest

from loa.settings import Settings, SettingsError
from loa.validation import CHECKS


@pytest.mark.parametrize("variable, value, message", [
    ("LOA_PUBLIC_BASE_URL", "notaurl", "LOA_PUBLIC_BASE_URL=notaurl: expected an http(s) URL"),
    ("LOA_PUBLIC_BASE_URL", "ftp://radio.vn", "LOA_PUBLIC_BASE_URL=ftp://radio.vn: expected an http(s) URL"),
    ("LOA_MP3_BITRATE", "abc", "LOA_MP3_BITRATE=abc: expected a bitrate like 64k (8k to 320k)"),
    ("LOA_MP3_BITRATE", "65k", "LOA_MP3_BITRATE=65k: expected a bitrate like 64k (8k to 320k)"),
    ("LOA_SAMPLE_RATE", "24 kHz", "LOA_SAMPLE_RATE=24 kHz: expected a whole number"),
    ("LOA_SAMPLE_RATE", "12", "LOA_SAMPLE_RATE=12: expected a sample rate in Hz from 8000 to 192000, like 24000"),
    ("LOA_READ_BYLINE", "có", "LOA_READ_BYLINE=có: expected true or false"),
    ("LOA_GTTS_TIMEOUT", "mười", "LOA_GTTS_TIMEOUT=mười: expected a number"),
    ("LOA_GTTS_TIMEOUT", "0", "LOA_GTTS_TIMEOUT=0.0: expected a number of seconds above 0"),
    ("LOA_TIMEZONE", "Asia/Hanoi_City", "LOA_TIMEZONE=Asia/Hanoi_City: expected a time zone name like Asia/Ho_Chi_Minh"),
    ("LOA_FEED_EMAIL", "podcast-at-radio.vn", "LOA_FEED_EMAIL=podcast-at-radio.vn: expected an e-mail address"),
    ("LOA_FEED_IMAGE_URL", "https://radio.vn/cover.gif",
     "LOA_FEED_IMAGE_URL=https://radio.vn/cover.gif: expected an http(s) URL of a .jpg or .png image"),
    ("LOA_BULLETIN_TIMES", "6h sáng", "LOA_BULLETIN_TIMES=6h sáng: expected local times like 06:00,11:30,18:00"),
    ("LOA_BULLETIN_SLOT", "mười lăm phút", "LOA_BULLETIN_SLOT=mười lăm phút: expected a slot length like 15m"),
    ("LOA_SOURCE_FEEDS", "https://radio.vn/rss javascript:alert(1)",
     "LOA_SOURCE_FEEDS=https://radio.vn/rss javascript:alert(1): expected http(s) URLs separated by spaces or commas"),
    ("LOA_ENGINE", "google tts", "LOA_ENGINE=google tts: expected auto, an engine name like gtts or espeak"),
    ("LOA_CHANNELS", "3", "LOA_CHANNELS=3: expected 1 (mono) or 2 (stereo)"),
    ("LOA_FEED_TITLE", "Tin\x0btức", r"LOA_FEED_TITLE=Tin\x0btức: expected text without control characters"),
    ("LOA_STORAGE_URL", "/srv/loa", "LOA_STORAGE_URL=/srv/loa: expected empty (the data directory) or s3://bucket/prefix"),
    ("LOA_STORAGE_URL", "gs://loa-media", "LOA_STORAGE_URL=gs://loa-media: expected empty (the data directory) or s3://"),
    ("LOA_STORAGE_URL", "s3://loa-media/../khac", "LOA_STORAGE_URL=s3://loa-media/../khac: expected empty"),
    ("LOA_S3_ENDPOINT_URL", "minio:9000", "LOA_S3_ENDPOINT_URL=minio:9000: expected an http(s) URL of the S3"),
    ("LOA_STORAGE_PUBLIC_URL", "cdn.example.vn", "LOA_STORAGE_PUBLIC_URL=cdn.example.vn: expected an http(s) URL"),
    ("LOA_TASK_SOFT_TIME_LIMIT", "400", "LOA_TASK_SOFT_TIME_LIMIT=400: expected below LOA_TASK_TIME_LIMIT (300 s)"),
])
def test_a_bad_value_is_one_line_naming_it(monkeypatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as err:
        Settings.from_env()
    assert str(err.value).startswith(message)
    assert "\n" not in str(err.value)


def test_passwords_and_secrets_are_never_repeated(monkeypatch):
    monkeypatch.setenv("LOA_REDIS_URL", "http://:hunter2@redis:6379/0")
    with pytest.raises(SettingsError) as err:
        Settings.from_env()
    assert str(err.value) == "LOA_REDIS_URL=http://:…@redis:6379/0: expected a Redis URL like redis://127.0.0.1:6379/0"
    monkeypatch.delenv("LOA_REDIS_URL")
    monkeypatch.setenv("LOA_DATABASE_URL", "postgres ql://loa:mat-khau@db/loa")
    with pytest.raises(SettingsError) as err:
        Settings.from_env()
    assert "mat-khau" not in str(err.value) and str(err.value).startswith("LOA_DATABASE_URL=postgres ql://loa:…@db/loa")


def test_a_very_long_value_is_cut_short(monkeypatch):
    monkeypatch.setenv("LOA_PUBLIC_BASE_URL", "x" * 5000)
    with pytest.raises(SettingsError) as err:
        Settings.from_env()
    assert len(str(err.value)) < 200


def test_the_defaults_pass_and_every_setting_with_a_shape_is_checked():
    Settings()
    names = {f.name for f in fields(Settings)}
    assert set(CHECKS) <= names
    unchecked = names - set(CHECKS)
    # Free text, paths, secrets, vendors' own names (checked by the engine or voices file that uses
    # them, at start too) and lists checked where they are parsed (proxies, budgets, bulletin voices).
    assert unchecked == {"data_dir", "db_auto_upgrade", "read_byline", "read_captions", "podcast_stereo",
                         "broadcast_stereo", "drop_folder", "jingle_intro", "jingle_stinger", "jingle_outro",
                         "station_location", "webhook_secret", "secret_key", "callback_secret", "trusted_proxies",
                         "fetch_allow_private", "voices_file", "shows_file", "bulletin_voices", "engine_daily_chars",
                         "google_cloud_api_key", "google_cloud_api_key_file", "google_cloud_credentials_file",
                         "google_cloud_voice", "google_cloud_encoding", "azure_key", "azure_key_file", "azure_region",
                         "azure_voice", "azure_output_format", "azure_auth", "azure_endpoint", "fpt_api_key",
                         "fpt_api_key_file", "fpt_voice", "fpt_format", "viettel_token", "viettel_token_file",
                         "viettel_voice", "viettel_format", "viettel_without_filter"}


def test_the_placeholders_of_the_feed_owner_are_named():
    assert Settings().placeholder_warning() == (
        "LOA_FEED_AUTHOR and LOA_FEED_EMAIL still hold the placeholder ('Đài Phát thanh và Truyền hình', "
        "'podcast@example.vn'): set the station's own before the feed is submitted to podcast directories")
    assert "LOA_FEED_AUTHOR still holds" in Settings(feed_email="podcast@radio.vn").placeholder_warning()
    assert Settings(feed_email="podcast@radio.vn", feed_author="Đài PT-TH Quảng Trị").placeholder_warning() is None


@pytest.mark.parametrize("name", ["loa.validation", "cli.progress"])
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted and not result.failed


def test_a_callback_url_needs_its_secret_and_the_secret_is_never_shown():
    with pytest.raises(SettingsError, match="LOA_CALLBACK_URL is set but LOA_CALLBACK_SECRET is empty"):
        Settings(callback_url="https://cms.example.vn/loa")
    with pytest.raises(SettingsError) as err:
        Settings(callback_url="ftp://cms.example.vn/loa", callback_secret="khoa-bi-mat")
    assert str(err.value).startswith("LOA_CALLBACK_URL=ftp://cms.example.vn/loa: expected an http(s) URL")
    assert "khoa-bi-mat" not in str(err.value)
    assert Settings(callback_url="http://10.0.0.5/loa", callback_secret="k").callback_url == "http://10.0.0.5/loa"
