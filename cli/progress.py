"""Progress of long work on standard error: a bar redrawn in place on a terminal, plain lines otherwise.

Per article (``article``) and per sentence synthesized (``sentences`` then ``sentence_done``, from any
thread). Results stay on standard output, so ``loa demo > list.txt`` keeps only them.
"""
from __future__ import annotations

import shutil
import sys
import threading
from typing import IO

BAR_WIDTH = 24
PLAIN_STEPS = 10  # plain lines per article: one every tenth of its sentences, and the last


def bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """
    >>> bar(3, 12, 8)
    '[##......]'
    """
    filled = width * done // total if total else width
    return "[" + "#" * filled + "." * (width - filled) + "]"


class Progress:
    def __init__(self, stream: IO[str] | None = None, live: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self._lock = threading.Lock()
        self._label = ""
        self._total = 0
        self._done = 0
        self._drawn = False
        self._reported = -1

    def article(self, index: int, total: int, title: str) -> None:
        """Work starts on article ``index`` of ``total``."""
        with self._lock:
            self._clear()
            self._label = f"{index}/{total} {title}"
            self._total = self._done = 0
            self._reported = -1
            if not self.live:
                self._line(f"article {self._label}")

    def sentences(self, total: int) -> None:
        """``total`` sentences of the current article are to be synthesized."""
        with self._lock:
            self._total, self._done, self._reported = total, 0, -1
            self._show()

    def sentence_done(self) -> None:
        with self._lock:
            self._done = min(self._done + 1, self._total)
            self._show()

    def finish(self) -> None:
        """Take the bar off the terminal before the result lines are written."""
        with self._lock:
            self._clear()

    def _show(self) -> None:
        if not self._total:
            return
        if self.live:
            text = f"{bar(self._done, self._total)} {self._done}/{self._total} sentences  {self._label}"
            columns = shutil.get_terminal_size((80, 24)).columns
            self.stream.write("\r" + text[:max(columns - 1, 20)] + "\x1b[K")
            self.stream.flush()
            self._drawn = True
            return
        step = self._done * PLAIN_STEPS // self._total
        if step != self._reported and (step > self._reported or self._done == self._total):
            self._reported = step
            self._line(f"  sentences {self._done}/{self._total}")

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def _clear(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False
