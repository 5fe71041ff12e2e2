"""One article's page: status, voice, player, clickable transcript, written and spoken text side by
side, downloads, "render again" and "read in another voice"."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse, Response

from articles.categories import Categories
from articles.model import Episode, SentenceTiming
from audio.clip import Clip
from audio.ffmpeg import decode_file
from loa.storage import Storage
from web import auth
from web.pages.base import GET, not_found, page, refused, see_other, svc
from web.pages.listens import article_chart
from web.pages.reasons import explain

log = logging.getLogger("loa.web.pages")

router = APIRouter()
# The broadcast master and transcripts written beside an episode's MP3, as the staff calls them.
BESIDE_EPISODE = {".wav": "Bản phát sóng (WAV)", ".vtt": "Phụ đề WebVTT", ".srt": "Phụ đề SRT"}
QUEUE_FAILED = "Không gửi được yêu cầu tới hàng đợi đọc. Hãy thử lại sau hoặc báo bộ phận kỹ thuật."
CALLBACK_QUEUE_FAILED = "Không gửi được yêu cầu báo cho CMS tới hàng đợi. Hãy thử lại sau hoặc báo bộ phận kỹ thuật."


@dataclass(frozen=True)
class Paragraph:
    number: int  # as staff count them: the first is 1
    role: str
    sentences: tuple[SentenceTiming, ...]

    @property
    def preview(self) -> str:
        words = " ".join(t.text for t in self.sentences).split()
        return " ".join(words[:8]) + (" …" if len(words) > 8 else "")


def paragraphs(timeline: tuple[SentenceTiming, ...]) -> list[Paragraph]:
    """The episode's paragraphs in reading order, numbered from 1."""
    groups: dict[int, list[SentenceTiming]] = {}
    for timing in timeline:
        groups.setdefault(timing.paragraph, []).append(timing)
    return [Paragraph(number, ts[0].role, tuple(ts)) for number, ts in enumerate(groups.values(), start=1)]


def episode_files(storage: Storage, episode: Episode) -> list[tuple[str, str]]:
    """(label, public path) of the files beside the episode MP3 (same name) that exist."""
    stem = episode.audio_key.removesuffix(".mp3")
    return [(label, "/" + stem + ext) for ext, label in BESIDE_EPISODE.items() if storage.exists(stem + ext)]


@router.api_route("/bai-viet/{article_id}", methods=GET)
def article_page(request: Request, article_id: str, user: str = Depends(auth.require_user)) -> Response:
    services = svc(request)
    state = services.store.state(article_id)
    article = services.store.get_article(article_id)
    if state is None or article is None:
        return not_found(request, "Không có bài viết này.")
    storage = services.pipeline.storage
    episode = state.episode if state.episode is not None and storage.exists(state.episode.audio_key) else None
    voices = services.pipeline.voices
    categories = Categories(article.section, article.tags)
    voice_show = services.pipeline.shows.voice_show(categories)
    return page(request, "bai_viet_chi_tiet.html", {
        "article": article, "state": state, "episode": episode,
        "voices": list(voices), "voice_label": voices.display_name(state.voice),
        "default_voice": voices.default,
        "shows": services.pipeline.shows.of(categories),
        "voice_show": voice_show,
        "show_voice_label": voices.display_name(voice_show.voice) if voice_show else None,
        "episode_voice": voices.display_name(episode.voice_name) if episode else None,
        "paragraphs": paragraphs(episode.timeline) if episode else [],
        "listens": article_chart(request, article_id) if episode else None,
        "files": episode_files(storage, episode) if episode else [],
        "queued": request.query_params.get("da-xep") == "1",
        # Fixed messages only: a crafted link must not put words of its own on the page.
        "queue_error": QUEUE_FAILED if request.query_params.get("loi-xep") == "1" else None,
        "added": request.query_params.get("da-them") == "1",
        "retracted_now": request.query_params.get("da-go") == "1" and state.status == "retracted",
        "failure": explain(state.error) if state.status == "failed" and state.error else None,
        "scheduled": state.status == "published" and article.published > datetime.now(UTC),
        "callback": services.store.callbacks.latest(article_id),
        "callback_enabled": bool(services.settings.callback_url),
        "callback_queued": request.query_params.get("da-bao") == "1",
        "callback_queue_error": CALLBACK_QUEUE_FAILED if request.query_params.get("loi-bao") == "1" else None,
    })


def queue_render(request: Request, article_id: str) -> str | None:
    """Hand the article to the workers; the staff's error message when the queue cannot be reached."""
    try:
        svc(request).queue_render(article_id)
    except Exception:
        log.exception("cannot queue %s", article_id)
        return QUEUE_FAILED
    return None


@router.post("/bai-viet/{article_id}/doc-lai")
async def render_again(request: Request, article_id: str, user: str = Depends(auth.require_user)) -> Response:
    if not await auth.csrf_ok(request):
        return refused(request)
    state = svc(request).store.state(article_id)
    if state is None:
        return not_found(request, "Không có bài viết này.")
    if state.status == "retracted":
        return see_other(f"/bai-viet/{article_id}")
    error = queue_render(request, article_id)
    log.info("%s queued a new render of %s", user, article_id)
    return see_other(f"/bai-viet/{article_id}?" + ("loi-xep=1" if error else "da-xep=1"))


@router.post("/bai-viet/{article_id}/bao-cms")
async def send_callback_again(request: Request, article_id: str, user: str = Depends(auth.require_user)) -> Response:
    """Tell the CMS again that the article's audio is ready (``LOA_CALLBACK_URL``)."""
    if not await auth.csrf_ok(request):
        return refused(request)
    services = svc(request)
    state = services.store.state(article_id)
    if state is None:
        return not_found(request, "Không có bài viết này.")
    if not services.settings.callback_url or state.status != "published":
        return see_other(f"/bai-viet/{article_id}")
    try:
        services.queue.send_callback(article_id)
    except Exception:
        log.exception("cannot queue the callback of %s", article_id)
        return see_other(f"/bai-viet/{article_id}?loi-bao=1")
    log.info("%s asked to tell the CMS again about %s", user, article_id)
    return see_other(f"/bai-viet/{article_id}?da-bao=1")


@router.post("/bai-viet/{article_id}/giong-doc")
async def change_voice(request: Request, article_id: str, user: str = Depends(auth.require_user)) -> Response:
    """Read the article in the chosen voice (an empty choice: the default) and render it again."""
    if not await auth.csrf_ok(request):
        return refused(request)
    services = svc(request)
    state = services.store.state(article_id)
    if state is None:
        return not_found(request, "Không có bài viết này.")
    chosen = (await request.form()).get("voice")
    if not isinstance(chosen, str) or (chosen and chosen not in services.pipeline.voices):
        return page(request, "loi.html", {
            "title": "Không có giọng đọc này",
            "message": "Giọng đọc đã chọn không có trong danh sách giọng của đài. Hãy tải lại trang rồi chọn lại.",
        }, status_code=400)
    if state.status == "retracted":
        return see_other(f"/bai-viet/{article_id}")
    services.store.set_voice(article_id, chosen or None)
    log.info("%s chose voice %s for %s", user, chosen or "(default)", article_id)
    error = queue_render(request, article_id)
    return see_other(f"/bai-viet/{article_id}?" + ("loi-xep=1" if error else "da-xep=1"))


@router.api_route("/bai-viet/{article_id}/ban-ghi.txt", methods=GET)
def plain_transcript(request: Request, article_id: str, user: str = Depends(auth.require_user)) -> Response:
    state = svc(request).store.state(article_id)
    if state is None or state.episode is None:
        return not_found(request, "Bài viết này chưa có bản đọc.")
    text = "\n\n".join(" ".join(t.text for t in p.sentences) for p in paragraphs(state.episode.timeline))
    return PlainTextResponse(text + "\n", headers={
        "Content-Disposition": f'attachment; filename="{article_id}.txt"'})


@router.api_route("/bai-viet/{article_id}/doan-{number}.wav", methods=GET)
def paragraph_audio(request: Request, article_id: str, number: int,
                    user: str = Depends(auth.require_user)) -> Response:
    services = svc(request)
    state = services.store.state(article_id)
    episode = state.episode if state else None
    storage = services.pipeline.storage
    if episode is None or not storage.exists(episode.audio_key):
        return not_found(request, "Bài viết này chưa có bản đọc.")
    found = [p for p in paragraphs(episode.timeline) if p.number == number]
    timings = list(found[0].sentences) if found else []
    if not timings:
        return not_found(request, "Bài viết không có đoạn này.")
    channels = services.settings.channels
    with storage.local_copy(episode.audio_key) as mp3:
        audio = decode_file(mp3, "mp3", episode.sample_rate, channels)
    frame = 2 * channels
    start, end = timings[0].start, min(timings[-1].end, audio.frames)
    clip = Clip(audio.pcm[start * frame:end * frame], audio.sample_rate, channels)
    return Response(clip.to_wav(), media_type="audio/wav", headers={
        "Content-Disposition": f'attachment; filename="{article_id}-doan-{number}.wav"'})
