"""The one line a station puts on its article page to embed the player (``feeds.embed``)."""
from __future__ import annotations

from feeds.embed import PLAYER_HEIGHT, iframe, script

__all__ = ["PLAYER_HEIGHT", "iframe", "script"]
