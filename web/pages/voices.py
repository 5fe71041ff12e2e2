"""The voices page (``/giong-doc``): the station's voices by name, each with its engine, a sample
sentence to listen to (made by a worker, ``worker.samples``), and what each engine was sent today
and on the days before, against its daily budget."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from articles.store import EngineUsage
from audio.voices import Voice
from web import auth
from web.pages.base import GET, not_found, page, refused, see_other, svc
from worker.samples import SAMPLE_SENTENCE, Samples, SampleState

log = logging.getLogger("loa.web.pages")

router = APIRouter()
USAGE_DAYS = 7
QUEUE_FAILED = "Không gửi được yêu cầu tới hàng đợi. Hãy thử lại sau hoặc báo bộ phận kỹ thuật."


@dataclass(frozen=True)
class VoiceRow:
    voice: Voice
    sample: SampleState
    default: bool
    in_bulletins: bool


@dataclass(frozen=True)
class EngineCost:
    engine: str
    today: int
    budget: int | None
    days: tuple[EngineUsage, ...]

    @property
    def left(self) -> int | None:
        return None if self.budget is None else max(0, self.budget - self.today)


def engine_costs(request: Request) -> list[EngineCost]:
    """Each engine that was sent anything in the last days or has a budget, with today's count."""
    pipeline = svc(request).pipeline
    today = pipeline.meter.today()
    usage = pipeline.store.usage.since(today - timedelta(days=USAGE_DAYS - 1))
    engines = sorted({u.engine for u in usage} | set(pipeline.meter.budgets))
    return [EngineCost(engine, sum(u.chars for u in usage if u.engine == engine and u.day == today),
                       pipeline.meter.budget_of(engine), tuple(u for u in usage if u.engine == engine))
            for engine in engines]


@router.api_route("/giong-doc", methods=GET)
def voices_page(request: Request, user: str = Depends(auth.require_user)) -> Response:
    pipeline = svc(request).pipeline
    samples = Samples(pipeline)
    pair = pipeline.voices.bulletin_pair or ()
    default = pipeline.voices.default
    rows = [VoiceRow(v, samples.state(v), default is not None and v.name == default.name,
                     any(v.name == p.name for p in pair)) for v in pipeline.voices]
    return page(request, "giong_doc.html", {
        "rows": rows, "sentence": SAMPLE_SENTENCE, "costs": engine_costs(request),
        "asked": request.query_params.get("da-xep"), "queue_error": request.query_params.get("loi-xep"),
        "chain": ", ".join(pipeline.settings.engine_specs),
    })


@router.post("/giong-doc/{name}/nghe-thu")
async def ask_for_sample(request: Request, name: str, user: str = Depends(auth.require_user)) -> Response:
    """Ask a worker for the voice's sample sentence; the page shows it once it is made."""
    if not await auth.csrf_ok(request):
        return refused(request)
    services = svc(request)
    if name not in services.pipeline.voices:
        return not_found(request, "Không có giọng đọc này.")
    voice = services.pipeline.voices.get(name)
    state = Samples(services.pipeline).request(voice)
    if state.status == "failed":  # the engine cannot be built: the page says why, nothing to queue
        return see_other("/giong-doc")
    try:
        services.queue.voice_sample(name)
    except Exception:
        log.exception("cannot queue the sample of %s", name)
        return see_other("/giong-doc?" + urlencode({"loi-xep": QUEUE_FAILED}))
    log.info("%s asked for the sample of voice %s", user, name)
    return see_other("/giong-doc?" + urlencode({"da-xep": name}))


@router.api_route("/giong-doc/{name}/mau.wav", methods=GET)
def sample_audio(request: Request, name: str, user: str = Depends(auth.require_user)) -> Response:
    pipeline = svc(request).pipeline
    if name not in pipeline.voices:
        return not_found(request, "Không có giọng đọc này.")
    clip = Samples(pipeline).clip(pipeline.voices.get(name))
    if clip is None:
        return not_found(request, "Giọng này chưa có câu mẫu.")
    return Response(clip.to_wav(), media_type="audio/wav", headers={"Cache-Control": "no-store"})
