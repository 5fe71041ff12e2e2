"""All of Loa's settings in one place, read from the environment (``LOA_*``)."""
from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from loa.validation import problem, shown

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
# Engines that send text to a service, and so may have a daily budget (LOA_ENGINE_DAILY_CHARS).
NETWORK_ENGINES = ("azure", "google-cloud", "google_cloud", "fpt", "viettel", "gtts")


def _env_str(name: str, default: str) -> str:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise SettingsError(f"{name}={shown(name, value)}: expected a whole number") from None


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError:
        raise SettingsError(f"{name}={shown(name, value)}: expected a number") from None


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name}={shown(name, value)}: expected true or false")


class SettingsError(ValueError):
    """A setting has a value Loa cannot use."""


@dataclass(frozen=True)
class Settings:
    # Where things live
    data_dir: Path = Path("var")
    # Where audio, clips and feeds are kept: empty, under data_dir; s3://bucket/prefix, in that bucket
    # (``loa.s3storage``), shared by workers on several machines.
    storage_url: str = ""
    s3_endpoint_url: str = ""  # MinIO, Ceph, R2...; empty: boto3's AWS_ENDPOINT_URL, else AWS
    storage_public_url: str = ""  # where the public reads stored files (a CDN); empty: the web app
    database_url: str = ""  # empty: SQLite file under data_dir
    db_auto_upgrade: bool = True  # upgrade the schema at start; false: refuse until `loa db upgrade`
    redis_url: str = "redis://127.0.0.1:6379/0"
    # Prepended to every Redis key Loa writes (queues, results, locks, circuit breakers), so several
    # deployments or test runs can share one Redis database without touching each other's keys.
    key_prefix: str = ""
    timezone: str = DEFAULT_TIMEZONE

    # Speech
    engine: str = "auto"  # auto (the engine chain) | gtts | espeak | module:Class (that engine alone)
    engine_chain: str = "gtts,espeak"  # tried in order; an article falls to the next engine whole
    engine_retries: int = 2  # retries of one sentence on one engine before the article moves on
    breaker_failures: int = 5  # consecutive failures of an engine, across workers, that open its circuit
    breaker_cooldown: float = 300.0  # seconds an open circuit skips its engine before one probe
    gtts_tld: str = "com.vn"
    gtts_timeout: float = 10.0
    gtts_probe_timeout: float = 3.0
    espeak_voice: str = "vi"
    espeak_rate: int = 165  # words per minute
    engine_rate_limit_wait: float = 20.0  # longest wait for the shared rate limit before RateLimited

    # Licensed cloud engines (``azure``, ``google_cloud``, ``fpt``, ``viettel``). Secrets can be given
    # directly or as ``*_file`` paths (Docker and systemd secrets), which win when set.
    google_cloud_api_key: str = ""
    google_cloud_api_key_file: str = ""
    google_cloud_credentials_file: str = ""  # a service-account key file; used instead of the API key
    google_cloud_voice: str = "vi-VN-Neural2-A"
    google_cloud_speaking_rate: float = 1.0
    google_cloud_pitch: float = 0.0  # semitones
    google_cloud_encoding: str = "LINEAR16"  # or MP3
    google_cloud_timeout: float = 15.0
    google_cloud_requests_per_second: float = 16.0  # 1,000 a minute: the default project quota
    google_cloud_chars_per_minute: int = 0
    azure_key: str = ""
    azure_key_file: str = ""
    azure_region: str = "southeastasia"
    azure_voice: str = "vi-VN-HoaiMyNeural"
    azure_rate: float = 1.0
    azure_pitch: float = 0.0  # semitones
    azure_output_format: str = "riff-24khz-16bit-mono-pcm"
    azure_auth: str = "key"  # or token
    azure_endpoint: str = ""  # empty: https://<region>.tts.speech.microsoft.com/cognitiveservices/v1
    azure_timeout: float = 15.0
    azure_requests_per_second: float = 200.0  # S0 default; the free F0 tier: 0.333 (20 a minute)
    azure_chars_per_minute: int = 0
    fpt_api_key: str = ""
    fpt_api_key_file: str = ""
    fpt_voice: str = "banmai"
    fpt_speed: int = 0  # -3 to 3
    fpt_format: str = "mp3"
    fpt_timeout: float = 15.0
    fpt_ready_timeout: float = 120.0
    fpt_requests_per_second: float = 2.0
    fpt_chars_per_minute: int = 0
    viettel_token: str = ""
    viettel_token_file: str = ""
    viettel_voice: str = "hn-quynhanh"
    viettel_speed: float = 1.0
    viettel_format: str = "wav"
    viettel_without_filter: bool = False
    viettel_max_chars: int = 500
    viettel_timeout: float = 30.0
    viettel_requests_per_second: float = 2.0
    viettel_chars_per_minute: int = 0

    # Voices: a named engine, vendor voice, rate and pitch (``audio.voices``)
    voices_file: str = ""  # a JSON or YAML file of the station's voices, beside the built-in ones
    voice: str = ""  # the voice of articles that name none; empty: the engine chain as it is
    bulletin_voices: str = ""  # two voices bulletins alternate by article, e.g. "nu-bac,nam-nam"
    # Shows by category (``feeds.shows``): a YAML file of shows, each its own feed, cover and voice
    shows_file: str = ""
    # Daily budgets of characters sent to paid engines, e.g. "azure:200000,google_cloud:100000":
    # once an engine's budget is spent for the day (UTC), the chain passes over it.
    engine_daily_chars: str = ""

    # Text
    read_byline: bool = True
    read_captions: bool = False

    # Stitching and encoding
    sample_rate: int = 24000
    channels: int = 1
    pause_clause_ms: int = 150
    pause_sentence_ms: int = 450
    pause_paragraph_ms: int = 800
    pause_headline_ms: int = 1200
    mp3_bitrate: str = "64k"  # podcast master, CBR 64-96 kbps
    podcast_stereo: bool = False  # stereo masters are -16 LUFS, mono -19 LUFS (AES TD1004)
    broadcast_stereo: bool = False
    drop_folder: str = ""  # radio automation drop folder: broadcast WAV (bext, cart, INFO) + RDXML + JSON
    drop_kill_hours: int = 48  # kill date (cart end date, RDXML end datetime): hours after publication
    drop_group: str = "NEWS"  # Rivendell group (RDXML groupName) and cart chunk category

    # Feed
    public_base_url: str = "http://localhost:8000"
    feed_title: str = "Loa — Tin tức"
    feed_description: str = "Tin tức của đài, đọc thành tiếng."
    feed_author: str = "Đài Phát thanh và Truyền hình"
    feed_email: str = "podcast@example.vn"
    feed_image_url: str = ""  # empty: <public_base_url>/cover.png
    feed_category: str = "News"
    feed_link: str = ""  # empty: the public show page, <public_base_url>/nghe/

    # Public pages and the embeddable player
    # Who may frame the player (``/nhung/...``): a CSP frame-ancestors source list; every other page refuses.
    embed_frame_ancestors: str = "*"

    # Bulletins
    bulletin_times: str = "06:00,11:30,18:00"  # local times at which beat compiles a bulletin
    bulletin_slot: str = ""  # default slot length, e.g. "15m"; empty: no limit
    jingle_intro: str = ""  # station files (WAV/MP3/FLAC/OGG); empty: the built-in chimes
    jingle_stinger: str = ""
    jingle_outro: str = ""
    station_name: str = "Đài Phát thanh và Truyền hình"
    station_location: str = ""  # the station's province, for podcast:location

    # Web and ingest automation
    webhook_secret: str = ""  # empty: the webhook refuses every delivery
    # The station's CMS, told when an article's audio is ready (``worker.callback``); empty: nobody is told.
    callback_url: str = ""
    callback_secret: str = ""  # signs the callback (scheme v2, as the webhook); needed with a callback URL
    secret_key: str = ""  # signs staff session cookies; `loa serve` beyond loopback refuses to start without it
    # Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or CIDRs,
    # separated by spaces or commas); empty: the connecting address is the client, headers are ignored.
    trusted_proxies: str = ""
    source_feeds: str = ""  # the station's RSS/Atom feeds, separated by spaces or commas
    poll_interval: int = 180  # seconds between polls of the source feeds
    fetch_allow_private: bool = False  # allow fetching from loopback/private addresses (tests, intranets)
    fetch_timeout: float = 15.0
    fetch_max_bytes: int = 5 * 1024 * 1024
    # Characters of readable text (headline and body) in the longest article taken in, at every door.
    max_article_chars: int = 100_000

    # Worker
    task_soft_time_limit: int = 240
    task_time_limit: int = 300
    retry_delay: int = 30  # the countdown of every task retry
    # Longer than a task's hard time limit plus its retry countdown (a retried task waits for its
    # countdown on the worker that holds it), or Redis hands a running task to a second worker.
    visibility_timeout: int = 600
    unacked_restore_interval: float = 10.0

    # Reconciliation: the database is the truth; beat's ``loa.reconcile`` drives on what stalled
    reconcile_interval: float = 30.0  # seconds between runs
    stall_after: float = 90.0  # an unfinished article with no progress for this long is driven on
    reconcile_attempts: int = 3  # drives of one article before it is failed with the reason

    def __post_init__(self) -> None:
        object.__setattr__(self, "data_dir", Path(self.data_dir))
        for f in fields(self):  # each value on its own, then how they hold together
            found = problem(f.name, getattr(self, f.name))
            if found:
                raise SettingsError(found)
        if self.visibility_timeout <= self.task_time_limit + self.retry_delay:
            raise SettingsError(
                f"LOA_VISIBILITY_TIMEOUT={self.visibility_timeout}: expected longer than LOA_TASK_TIME_LIMIT plus "
                f"LOA_RETRY_DELAY ({self.task_time_limit} + {self.retry_delay} s), or Redis redelivers tasks that "
                "are still running"
            )
        if self.stall_after <= 2 * self.retry_delay:
            raise SettingsError(
                f"LOA_STALL_AFTER={self.stall_after:g}: expected longer than twice LOA_RETRY_DELAY "
                f"({self.retry_delay} s): a task waiting for its retry makes no progress, and must not be taken "
                "for a stalled one"
            )
        if self.task_soft_time_limit >= self.task_time_limit:
            raise SettingsError(f"LOA_TASK_SOFT_TIME_LIMIT={self.task_soft_time_limit}: expected below "
                                f"LOA_TASK_TIME_LIMIT ({self.task_time_limit} s)")
        if not self.embed_frame_ancestors.strip() or any(c in self.embed_frame_ancestors for c in ";,\r\n\x00"):
            raise SettingsError(f"LOA_EMBED_FRAME_ANCESTORS={self.embed_frame_ancestors!r}: expected a frame-ancestors "
                                "source list separated by spaces (e.g. * or https://www.example.vn), without ; or ,")
        if self.callback_url and not self.callback_secret:
            raise SettingsError("LOA_CALLBACK_URL is set but LOA_CALLBACK_SECRET is empty: the callback to the CMS "
                                "is always signed; set a long random secret shared with the CMS")
        self.trusted_proxy_networks  # noqa: B018 - refuse a bad LOA_TRUSTED_PROXIES at start, not per request
        self.engine_budgets  # noqa: B018 - refuse a bad LOA_ENGINE_DAILY_CHARS at start
        if len(self.bulletin_voice_names) not in (0, 2):
            raise SettingsError("LOA_BULLETIN_VOICES names two voices separated by a comma (e.g. nu-bac,nam-nam), "
                                f"got {self.bulletin_voices!r}")

    def placeholder_warning(self) -> str | None:
        """A warning while the feed still names its owner and author by the shipped placeholders, which
        podcast directories show to listeners and use to reach the owner."""
        left = [f"LOA_{f.name.upper()}" for f in fields(self)
                if f.name in ("feed_email", "feed_author") and getattr(self, f.name) == f.default]
        if not left:
            return None
        return (f"{' and '.join(left)} still {'hold' if len(left) > 1 else 'holds'} the placeholder "
                f"({', '.join(repr(getattr(self, n[4:].lower())) for n in left)}): set the station's own before "
                "the feed is submitted to podcast directories")

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'loa.db').resolve()}"

    @property
    def trusted_proxy_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        """``LOA_TRUSTED_PROXIES`` as networks (a bare address is a network of one)."""
        networks = []
        for item in self.trusted_proxies.replace(",", " ").split():
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                raise SettingsError(
                    f"LOA_TRUSTED_PROXIES: {item!r} is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/24)"
                ) from None
        return tuple(networks)

    @property
    def chain_specs(self) -> tuple[str, ...]:
        """``LOA_ENGINE_CHAIN`` as a list: the engines ``auto`` tries, in order."""
        return tuple(dict.fromkeys(s.strip() for s in self.engine_chain.split(",") if s.strip()))

    @property
    def engine_budgets(self) -> dict[str, int]:
        """``LOA_ENGINE_DAILY_CHARS`` as engine name -> characters a day.

        >>> Settings(engine_daily_chars="azure:200000, google_cloud:100000").engine_budgets
        {'azure': 200000, 'google_cloud': 100000}
        """
        budgets: dict[str, int] = {}
        for item in self.engine_daily_chars.replace(" ", "").split(","):
            if not item:
                continue
            engine, _, amount = item.partition(":")
            if not engine or not amount.isdigit() or int(amount) < 1:
                raise SettingsError("LOA_ENGINE_DAILY_CHARS is engine:characters pairs separated by commas "
                                    f"(e.g. azure:200000,google_cloud:100000), got {item!r}")
            if engine not in NETWORK_ENGINES:
                raise SettingsError(f"LOA_ENGINE_DAILY_CHARS: {engine!r} is not an engine that sends text to a "
                                    f"service ({', '.join(NETWORK_ENGINES)})")
            budgets[engine] = int(amount)
        return budgets

    @property
    def bulletin_voice_names(self) -> tuple[str, ...]:
        """``LOA_BULLETIN_VOICES`` as a list of voice names (none, or two)."""
        return tuple(v.strip() for v in self.bulletin_voices.split(",") if v.strip())

    @property
    def engine_specs(self) -> tuple[str, ...]:
        """The engines a render may use, in order: the chain for ``auto``, else the one engine named."""
        return self.chain_specs if self.engine == "auto" else (self.engine,)

    @property
    def heartbeat_interval(self) -> float:
        """How often a running step records that it is alive: well inside ``stall_after``."""
        return self.stall_after / 4

    def redis_key(self, name: str) -> str:
        """The Redis key ``name`` under this deployment's prefix (``LOA_KEY_PREFIX``)."""
        return f"{self.key_prefix}{name}"

    @property
    def source_feed_urls(self) -> list[str]:
        return [u for u in self.source_feeds.replace(",", " ").split() if u]

    @property
    def feed_url(self) -> str:
        return f"{self.public_base_url.rstrip('/')}/feed.xml"

    def public_url(self, key: str) -> str:
        """Absolute URL of ``key`` under the web app (``LOA_PUBLIC_BASE_URL``): pages, the API, the feeds."""
        return f"{self.public_base_url.rstrip('/')}/{key.lstrip('/')}"

    def file_url(self, key: str) -> str:
        """Absolute URL of a stored public file (audio, transcripts, chapters, cover): under
        ``LOA_STORAGE_PUBLIC_URL`` (a CDN, the bucket) when it is set, else under the web app."""
        if self.storage_public_url:
            return f"{self.storage_public_url.rstrip('/')}/{key.lstrip('/')}"
        return self.public_url(key)

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Settings from ``LOA_<FIELD>`` environment variables, then ``overrides``."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            name = f"LOA_{f.name.upper()}"
            default: Any = f.default
            if f.type in ("Path",) or isinstance(default, Path):
                values[f.name] = Path(_env_str(name, str(default)))
            elif isinstance(default, bool):
                values[f.name] = _env_bool(name, default)
            elif isinstance(default, int):
                values[f.name] = _env_int(name, default)
            elif isinstance(default, float):
                values[f.name] = _env_float(name, default)
            else:
                values[f.name] = _env_str(name, default)
        values.update(overrides)
        return cls(**values)


def get_settings() -> Settings:
    return Settings.from_env()
