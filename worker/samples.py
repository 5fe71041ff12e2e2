"""Sample sentences of the voices, for staff to listen to on the voices page.

The sample is synthesized by a worker (``loa.voice_sample`` on the ``tts`` queue) through the
pipeline like any sentence of an article: the engine's circuit, the shared rate limit, the clip
cache and the count of characters sent. The web page only reads: whether the clip is in the cache,
else what the last try said (``samples/<voice>.json``, written whole by rename, never public).
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from audio.clip import Clip
from audio.engines.base import SpeechEngine
from audio.engines.chain import EngineFailed, describe
from audio.voices import Voice
from vntext import normalize
from worker.pipeline import Pipeline

log = logging.getLogger("loa.samples")

SAMPLE_SENTENCE = "Kính chào quý vị thính giả, đây là giọng đọc tin tức của đài."
READY, WAITING, FAILED, NONE = "ready", "waiting", "failed", "none"


@dataclass(frozen=True)
class SampleState:
    """Where a voice's sample stands: ready to play, waiting for a worker, failed (with the reason), or none."""

    voice: str
    status: str
    reason: str | None = None


class Samples:
    """The voices' samples in the pipeline's clip cache."""

    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline

    def _record_key(self, voice: Voice) -> str:
        return f"samples/{voice.name}.json"

    def _engine_and_key(self, voice: Voice) -> tuple[SpeechEngine, str, str]:
        speech = self.pipeline.engine(voice.spec)
        spoken = normalize(SAMPLE_SENTENCE, self.pipeline.lexicon)
        return speech, spoken, self.pipeline.cache.key_for(speech.name, speech.voice, speech.settings_key, spoken)

    def _record(self, voice: Voice, clip_key: str, status: str, reason: str | None = None) -> SampleState:
        payload = {"status": status, "clip": clip_key, "reason": reason}
        self.pipeline.storage.write_bytes(self._record_key(voice), json.dumps(payload).encode("utf-8"))
        return SampleState(voice.name, status, reason)

    def state(self, voice: Voice) -> SampleState:
        """What the page shows for ``voice``; nothing is synthesized here."""
        try:
            _speech, _spoken, clip_key = self._engine_and_key(voice)
        except Exception as err:  # the engine cannot even be built: no key, a bad setting
            return SampleState(voice.name, FAILED, describe(err))
        if clip_key in self.pipeline.cache:
            return SampleState(voice.name, READY)
        try:
            record = json.loads(self.pipeline.storage.read_bytes(self._record_key(voice)))
        except (OSError, ValueError):
            return SampleState(voice.name, NONE)
        if not isinstance(record, dict) or record.get("clip") != clip_key or record.get("status") not in (WAITING,
                                                                                                         FAILED):
            return SampleState(voice.name, NONE)  # about another sentence or other settings of the voice
        reason = record.get("reason")
        return SampleState(voice.name, record["status"], reason if isinstance(reason, str) else None)

    def request(self, voice: Voice) -> SampleState:
        """Note that a worker was asked for the sample (the page shows it waiting)."""
        try:
            _speech, _spoken, clip_key = self._engine_and_key(voice)
        except Exception as err:
            return SampleState(voice.name, FAILED, describe(err))
        return self._record(voice, clip_key, WAITING)

    def make(self, voice: Voice) -> SampleState:
        """Synthesize the sample (a worker's job): through the engine's circuit, into the clip cache.
        A failure of the engine is recorded with its reason, never raised."""
        try:
            speech, spoken, clip_key = self._engine_and_key(voice)
        except Exception as err:
            return SampleState(voice.name, FAILED, describe(err))
        try:
            self.pipeline.clip(voice.spec, speech, spoken)
        except EngineFailed as failure:
            log.warning("sample of voice %s: %s", voice.name, failure)
            return self._record(voice, clip_key, FAILED, failure.reason)
        return self._record(voice, clip_key, READY)

    def clip(self, voice: Voice) -> Clip | None:
        """The sample's audio when it is ready."""
        try:
            _speech, _spoken, clip_key = self._engine_and_key(voice)
        except Exception:
            return None
        return self.pipeline.cache.get(clip_key)
