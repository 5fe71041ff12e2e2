"""Loa's settings with the fields the licensed cloud engines read in ``from_settings``.

These are the fields (names, types, defaults) proposed for ``loa.settings.Settings``; each is read
from ``LOA_<NAME>`` like every other setting. Secrets can be given directly or as ``*_file``
paths (Docker and systemd secrets), which win when set.
"""
from __future__ import annotations

from dataclasses import dataclass

from loa.settings import Settings


@dataclass(frozen=True)
class CloudSettings(Settings):
    engine_rate_limit_wait: float = 20.0  # longest wait for the shared rate limit before RateLimited

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
