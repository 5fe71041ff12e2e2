"""The one line a station puts on its article page to embed the player (the web app serves the player;
the callback to the CMS hands the same line over)."""
from __future__ import annotations

from html import escape

PLAYER_HEIGHT = 150  # pixels the embedded player needs (one line of title, one of controls)


def iframe(embed_url: str, title: str, width: int | str, height: int = PLAYER_HEIGHT) -> str:
    """The ``<iframe>`` line, every attribute escaped.

    >>> iframe("https://r.vn/nhung/a", 'Lũ "lớn" <b>', "100%", 150)
    '<iframe src="https://r.vn/nhung/a" width="100%" height="150" title="Nghe: Lũ &quot;lớn&quot; &lt;b&gt;" loading="lazy" style="border:0"></iframe>'
    """
    return (f'<iframe src="{escape(embed_url)}" width="{escape(str(width))}" height="{int(height)}" '
            f'title="{escape("Nghe: " + title)}" loading="lazy" style="border:0"></iframe>')


def script(loader_url: str, article_id: str) -> str:
    """The ``<script>`` line: the loader puts the iframe where the line stands."""
    return f'<script src="{escape(loader_url)}" data-episode="{escape(article_id)}" async></script>'
