"""Loa's settings as the cloud engines' tests build them: the engines' fields (names, types, defaults)
are ``loa.settings.Settings``'s own, each read from ``LOA_<NAME>`` like every other setting."""
from __future__ import annotations

from loa.settings import Settings

CloudSettings = Settings
