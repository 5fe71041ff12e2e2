"""Where the public finds what the feeds announce: the show pages, each episode's page and player.

The feed's channel ``<link>`` leads to the show page, and the web app serves these paths; both take
them from here, relative to ``LOA_PUBLIC_BASE_URL``.
"""
from __future__ import annotations

from urllib.parse import quote

SHOW_PATH = "nghe/"
EPISODE_PREFIX = "nghe/"
EMBED_PREFIX = "nhung/"
OPML_PATH = "shows.opml"  # every feed of the installation, for podcast apps and directories


def show_path(slug: str) -> str:
    """The page of a show (``feeds.shows``), relative to the public base URL.

    >>> show_path("the-thao")
    'nghe/the-thao/'
    """
    return SHOW_PATH + quote(slug, safe="") + "/"


def episode_path(article_id: str) -> str:
    """The episode page of an article, relative to the public base URL.

    >>> episode_path("mua-lu-huong-hoa")
    'nghe/mua-lu-huong-hoa'
    """
    return EPISODE_PREFIX + quote(article_id, safe="")


def embed_path(article_id: str) -> str:
    """The embeddable player of an article, relative to the public base URL."""
    return EMBED_PREFIX + quote(article_id, safe="")
