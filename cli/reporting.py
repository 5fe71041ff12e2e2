"""The pipeline and the bulletin builder of the command line, reporting their progress as they go."""
from __future__ import annotations

from articles.model import Article, Episode
from audio.engines.base import SpeechEngine
from audio.programme import Part
from cli.progress import Progress
from loa.settings import Settings
from worker.bulletins import BulletinBuilder
from worker.pipeline import Pipeline, Script


class ReportingPipeline(Pipeline):
    """A pipeline that reports each sentence it synthesizes (cached sentences cost nothing, so they are
    not counted)."""

    def __init__(self, settings: Settings, progress: Progress):
        super().__init__(settings)
        self.progress = progress

    def synthesize_all(self, script: Script) -> int:
        self.progress.sentences(len(self.uncached(script)))
        return super().synthesize_all(script)

    def synthesize_and_assemble(self, script: Script) -> Episode:
        self.progress.sentences(len(self.uncached(script)))
        return super().synthesize_and_assemble(script)

    def synthesize(self, engine: str, spoken: str) -> bool:
        made = super().synthesize(engine, spoken)
        self.progress.sentence_done()
        return made


class ReportingBulletinBuilder(BulletinBuilder):
    """A bulletin builder that reports each article it reads in, out of ``total``."""

    def __init__(self, pipeline: Pipeline, progress: Progress, total: int):
        super().__init__(pipeline)
        self.progress, self.total, self.count = progress, total, 0

    def part(self, article: Article, speech: SpeechEngine, spec: str | None = None) -> list[Part]:
        self.count += 1
        self.progress.article(self.count, max(self.total, self.count), article.title)
        return super().part(article, speech, spec)
