"""Listens per day as a bar chart drawn on the server (inline SVG, ``_bieu_do_nghe.html``): one bar
a day for the last 30 days, its number in the bar's ``<title>`` and the whole series in the
chart's description, so a screen reader hears what the eye sees."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

DAYS = 30
WIDTH, HEIGHT = 600, 160
TOP, BOTTOM, LEFT = 8, 4, 4  # the dates and the peak are written under the chart, in the page's text
GAP = 2


@dataclass(frozen=True)
class Bar:
    day: date
    listens: int
    x: float
    y: float
    width: float
    height: float

    @property
    def label(self) -> str:
        return f"{self.day:%d/%m}: {self.listens} lượt nghe"


@dataclass(frozen=True)
class Chart:
    element_id: str  # unique on the page: the title and description are found by it
    title: str
    bars: tuple[Bar, ...]
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def total(self) -> int:
        return sum(b.listens for b in self.bars)

    @property
    def peak(self) -> int:
        return max((b.listens for b in self.bars), default=0)

    @property
    def baseline(self) -> int:
        return self.height - BOTTOM

    @property
    def first(self) -> Bar:
        return self.bars[0]

    @property
    def last(self) -> Bar:
        return self.bars[-1]

    @property
    def summary(self) -> str:
        """The numbers, for those who do not see the bars: the total, then each day that had listens."""
        heard = [b.label for b in self.bars if b.listens]
        span = f"từ {self.first.day:%d/%m/%Y} đến {self.last.day:%d/%m/%Y}"
        if not heard:
            return f"{self.title}: chưa có lượt nghe nào {span}."
        return (f"{self.title}: {self.total} lượt nghe {span}; " + "; ".join(heard)
                + ("; các ngày khác: 0." if len(heard) < len(self.bars) else "."))


def daily_chart(element_id: str, title: str, counts: dict[date, int], last_day: date, days: int = DAYS) -> Chart:
    """The chart of ``counts`` (listens by day) for the ``days`` days ending on ``last_day``.

    >>> chart = daily_chart("c", "Lượt nghe", {date(2026, 11, 29): 4, date(2026, 11, 28): 2}, date(2026, 11, 29), days=3)
    >>> [(b.listens, b.height) for b in chart.bars]
    [(0, 0.0), (2, 74.0), (4, 148.0)]
    >>> chart.summary
    'Lượt nghe: 6 lượt nghe từ 27/11/2026 đến 29/11/2026; 28/11: 2 lượt nghe; 29/11: 4 lượt nghe; các ngày khác: 0.'
    """
    first_day = last_day - timedelta(days=days - 1)
    series = [(first_day + timedelta(days=n), counts.get(first_day + timedelta(days=n), 0)) for n in range(days)]
    peak = max((n for _, n in series), default=0)
    room = HEIGHT - TOP - BOTTOM
    step = (WIDTH - LEFT) / days
    bars = []
    for index, (day, listens) in enumerate(series):
        height = round(room * listens / peak, 1) if peak else 0.0
        bars.append(Bar(day, listens, round(LEFT + index * step, 1), round(HEIGHT - BOTTOM - height, 1),
                        round(step - GAP, 1), height))
    return Chart(element_id, title, tuple(bars))
