"""The staff pages (Vietnamese): sign-in, the article list and page, the pronunciation lexicon."""
from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import func, select

from articles.db import ArticleRow, EpisodeRow
from articles.model import Episode, SentenceTiming
from articles.store import ArticleState, Store
from loa.storage import Storage, atomic_write_bytes
from vntext.lexicon import LexiconError, apply_lexicon, parse_lexicon
from web import auth
from web.api import NOT_QUEUED, services
from web.users import users_for

log = logging.getLogger("loa.web.pages")

router = APIRouter()
HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
STATIC_FILES = {"loa.css": "text/css; charset=utf-8", "loa.js": "text/javascript; charset=utf-8"}

STATUS_LABELS = {
    "new": "Mới nhận",
    "queued": "Đang chờ đọc",
    "rendering": "Đang đọc",
    "published": "Đã phát hành",
    "failed": "Lỗi",
    "retracted": "Đã gỡ",
}
BUSY_STATUSES = ("new", "queued", "rendering")
ROLE_LABELS = {
    "headline": "Tiêu đề", "dateline": "Thời gian, địa điểm", "lead": "Sa-pô", "body": "Thân bài",
    "caption": "Chú thích ảnh", "byline": "Tác giả",
}
LIST_LIMIT = 200
# The broadcast master and transcripts written beside an episode's MP3, as the staff calls them.
BESIDE_EPISODE = {".wav": "Bản phát sóng (WAV)", ".vtt": "Phụ đề WebVTT", ".srt": "Phụ đề SRT"}
LEXICON_KEY = "lexicon.txt"


# Shared -------------------------------------------------------------------------------------

def _store(request: Request) -> Store:
    return services(request.app).store


def _storage(request: Request) -> Storage:
    return Storage(request.app.state.settings.data_dir)


def _zone(request: Request) -> ZoneInfo:
    return ZoneInfo(request.app.state.settings.timezone)


def _throttle(request: Request) -> auth.Throttle:
    state = request.app.state
    throttle = getattr(state, "sign_in_throttle", None)
    if throttle is None:
        throttle = state.sign_in_throttle = auth.Throttle()
    return throttle


def page(request: Request, name: str, context: dict, status_code: int = 200) -> Response:
    session = auth.session_for(request)
    context = {"csrf": session.csrf, "user": session.username, "zone": _zone(request), **context}
    response = templates.TemplateResponse(request, name, context, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    return auth.save_session(request, response)


def refused(request: Request) -> Response:
    return page(request, "loi.html", {
        "title": "Yêu cầu bị từ chối",
        "message": "Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang rồi thử lại.",
    }, status_code=403)


def not_found(request: Request, what: str) -> Response:
    return page(request, "loi.html", {"title": "Không tìm thấy", "message": what}, status_code=404)


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    total = int(seconds)  # whole seconds shown, as audio players show them
    return f"{total // 60}:{total % 60:02d}"


def format_time(value: datetime | None, zone: ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%d/%m/%Y %H:%M") if value else ""


templates.env.filters["duration"] = format_duration
templates.env.filters["local"] = format_time
templates.env.globals["STATUS_LABELS"] = STATUS_LABELS
templates.env.globals["ROLE_LABELS"] = ROLE_LABELS


@router.get("/static/{name}", include_in_schema=False)
def static_file(name: str) -> Response:
    if name not in STATIC_FILES:
        return PlainTextResponse("Không tìm thấy", status_code=404)
    return FileResponse(HERE / "static" / name, media_type=STATIC_FILES[name],
                        headers={"Cache-Control": "no-cache"})


# Sign-in ------------------------------------------------------------------------------------

@router.get("/dang-nhap")
def sign_in_form(request: Request, next: str = "/") -> Response:
    return page(request, "dang_nhap.html", {"next": auth.safe_next(next), "username": "", "error": None})


@router.post("/dang-nhap")
async def sign_in(request: Request) -> Response:
    if not await auth.csrf_ok(request):
        return refused(request)
    form = await request.form()
    username, password = str(form.get("username", "")).strip(), str(form.get("password", ""))
    target = auth.safe_next(str(form.get("next", "/")))
    keys = (f"user:{username.casefold()}", f"ip:{request.client.host if request.client else '-'}")
    throttle = _throttle(request)
    wait = throttle.wait_seconds(*keys)
    if wait:
        error = f"Đăng nhập sai quá nhiều lần. Hãy thử lại sau {max(1, round(wait / 60))} phút."
        return page(request, "dang_nhap.html", {"next": target, "username": username, "error": error},
                    status_code=429)
    user = users_for(request.app).authenticate(username, password) if username and password else None
    if user is None:
        throttle.fail(*keys)
        return page(request, "dang_nhap.html", {
            "next": target, "username": username, "error": "Tên đăng nhập hoặc mật khẩu không đúng.",
        }, status_code=401)
    throttle.clear(keys[0])
    auth.start_session(request, user.username)
    log.info("%s signed in", user.username)
    return auth.save_session(request, see_other(target))


@router.post("/dang-xuat")
async def sign_out(request: Request) -> Response:
    if not await auth.csrf_ok(request):
        return refused(request)
    return auth.end_session(see_other(auth.SIGN_IN_PATH))


# Article list -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ListFilter:
    query: str
    day_from: date | None
    day_to: date | None

    @classmethod
    def from_request(cls, request: Request) -> "ListFilter":
        params = request.query_params
        return cls(params.get("q", "").strip(), _parse_day(params.get("tu")), _parse_day(params.get("den")))

    def as_query(self) -> str:
        pairs = {"q": self.query, "tu": self.day_from and self.day_from.isoformat(),
                 "den": self.day_to and self.day_to.isoformat()}
        return urlencode({k: v for k, v in pairs.items() if v})


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def fold(text: str) -> str:
    """Lower case without diacritics, so "duong" finds "Đường"."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def list_articles(store: Store, wanted: ListFilter, zone: ZoneInfo, limit: int = LIST_LIMIT) -> list[dict]:
    """Articles newest first, with the duration of the episode of their current content."""
    latest = (
        select(EpisodeRow.article_id, func.max(EpisodeRow.id).label("episode_id"))
        .join(ArticleRow, (EpisodeRow.article_id == ArticleRow.id)
              & (EpisodeRow.content_hash == ArticleRow.content_hash))
        .group_by(EpisodeRow.article_id)
        .subquery()
    )
    query = (
        select(ArticleRow.id, ArticleRow.title, ArticleRow.published, ArticleRow.status, ArticleRow.error,
               ArticleRow.engine, EpisodeRow.duration)
        .outerjoin(latest, latest.c.article_id == ArticleRow.id)
        .outerjoin(EpisodeRow, EpisodeRow.id == latest.c.episode_id)
        .order_by(ArticleRow.published.desc(), ArticleRow.id)
    )
    if wanted.day_from:
        query = query.where(ArticleRow.published >= datetime.combine(wanted.day_from, time(), zone))
    if wanted.day_to:
        query = query.where(ArticleRow.published < datetime.combine(wanted.day_to + timedelta(days=1), time(), zone))
    needle = fold(wanted.query)
    rows = []
    with store.session() as s:
        for row in s.execute(query):
            if needle and needle not in fold(row.title):
                continue
            rows.append({
                "id": row.id, "title": row.title, "published": format_time(row.published, zone),
                "status": row.status, "status_label": STATUS_LABELS.get(row.status, row.status),
                "error": row.error if row.status == "failed" else None, "engine": row.engine or "",
                "duration": format_duration(row.duration),
            })
            if len(rows) >= limit:
                break
    return rows


@router.get("/")
def home(user: str = Depends(auth.require_user)) -> Response:
    return see_other("/bai-viet")


@router.get("/bai-viet")
def article_list(request: Request, user: str = Depends(auth.require_user)) -> Response:
    wanted = ListFilter.from_request(request)
    return page(request, "bai_viet.html", {
        "wanted": wanted, "articles": list_articles(_store(request), wanted, _zone(request)), "limit": LIST_LIMIT,
    })


@router.get("/bai-viet/trang-thai")
def article_list_json(request: Request) -> Response:
    """The list as JSON for the page's polling; 401 (not a redirect) when the session is gone."""
    try:
        auth.require_user(request)
    except Exception:
        return JSONResponse({"error": "Phiên đăng nhập đã hết."}, status_code=401)
    articles = list_articles(_store(request), ListFilter.from_request(request), _zone(request))
    return JSONResponse({"articles": articles}, headers={"Cache-Control": "no-store"})


# Article page -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Paragraph:
    number: int
    role: str
    sentences: tuple[SentenceTiming, ...]

    @property
    def preview(self) -> str:
        words = " ".join(t.text for t in self.sentences).split()
        return " ".join(words[:8]) + (" …" if len(words) > 8 else "")


def paragraphs(timeline: tuple[SentenceTiming, ...]) -> list[Paragraph]:
    groups: dict[int, list[SentenceTiming]] = {}
    for timing in timeline:
        groups.setdefault(timing.paragraph, []).append(timing)
    return [Paragraph(n, ts[0].role, tuple(ts)) for n, ts in groups.items()]


def episode_files(storage: Storage, episode: Episode) -> list[tuple[str, str]]:
    """(label, public path) of the files beside the episode MP3 (same name) that exist."""
    stem = episode.audio_key.removesuffix(".mp3")
    return [(label, "/" + stem + ext) for ext, label in BESIDE_EPISODE.items() if storage.exists(stem + ext)]


def _article_state(request: Request, article_id: str) -> ArticleState | None:
    return _store(request).state(article_id)


@router.get("/bai-viet/{article_id}")
def article_page(request: Request, article_id: str, user: str = Depends(auth.require_user)) -> Response:
    store = _store(request)
    state = store.state(article_id)
    article = store.get_article(article_id)
    if state is None or article is None:
        return not_found(request, "Không có bài viết này.")
    episode = state.episode
    storage = _storage(request)
    has_audio = episode is not None and storage.exists(episode.audio_key)
    return page(request, "bai_viet_chi_tiet.html", {
        "article": article, "state": state, "episode": episode if has_audio else None,
        "paragraphs": paragraphs(episode.timeline) if has_audio else [],
        "files": episode_files(storage, episode) if has_audio else [],
        "queued": request.query_params.get("da-xep") == "1",
        "queue_error": request.query_params.get("loi-xep"),
    })


@router.post("/bai-viet/{article_id}/doc-lai")
async def render_again(request: Request, article_id: str, user: str = Depends(auth.require_user)) -> Response:
    if not await auth.csrf_ok(request):
        return refused(request)
    state = _article_state(request, article_id)
    if state is None:
        return not_found(request, "Không có bài viết này.")
    if state.status == "retracted":
        return see_other(f"/bai-viet/{article_id}")
    error = queue_render(request, article_id)
    log.info("%s queued a new render of %s", user, article_id)
    return see_other(f"/bai-viet/{article_id}?" + (urlencode({"loi-xep": error}) if error else "da-xep=1"))


def queue_render(request: Request, article_id: str) -> str | None:
    """Mark the article queued and hand it to the workers; the error when the queue cannot be reached."""
    svc = services(request.app)
    # Marked before sending: a fast worker may start before this returns.
    svc.store.set_status(article_id, "queued")
    try:
        svc.queue_render(article_id)
    except Exception as err:
        log.exception("cannot queue %s", article_id)
        svc.store.set_status(article_id, "failed", error=f"{NOT_QUEUED}: {type(err).__name__}: {err}")
        return "Không gửi được yêu cầu tới hàng đợi đọc. Hãy thử lại sau hoặc báo bộ phận kỹ thuật."
    return None


@router.get("/bai-viet/{article_id}/ban-ghi.txt")
def plain_transcript(request: Request, article_id: str, user: str = Depends(auth.require_user)) -> Response:
    state = _article_state(request, article_id)
    if state is None or state.episode is None:
        return not_found(request, "Bài viết này chưa có bản đọc.")
    text = "\n\n".join(" ".join(t.text for t in p.sentences) for p in paragraphs(state.episode.timeline))
    return PlainTextResponse(text + "\n", headers={
        "Content-Disposition": f'attachment; filename="{article_id}.txt"'})


@router.get("/bai-viet/{article_id}/doan-{number}.wav")
def paragraph_audio(request: Request, article_id: str, number: int,
                    user: str = Depends(auth.require_user)) -> Response:
    from audio.clip import Clip
    from audio.encode import decode_file

    state = _article_state(request, article_id)
    episode = state.episode if state else None
    storage = _storage(request)
    if episode is None or not storage.exists(episode.audio_key):
        return not_found(request, "Bài viết này chưa có bản đọc.")
    timings = [t for t in episode.timeline if t.paragraph == number]
    if not timings:
        return not_found(request, "Bài viết không có đoạn này.")
    channels = request.app.state.settings.channels
    audio = decode_file(storage.path(episode.audio_key), "mp3", episode.sample_rate, channels)
    frame = 2 * channels
    start, end = timings[0].start, min(timings[-1].end, audio.frames)
    clip = Clip(audio.pcm[start * frame:end * frame], audio.sample_rate, channels)
    return Response(clip.to_wav(), media_type="audio/wav", headers={
        "Content-Disposition": f'attachment; filename="{article_id}-doan-{number}.wav"'})


# Pronunciation lexicon ----------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    term: str
    spoken: str
    line: int  # 1-based line in the file


def split_entry(line: str) -> tuple[str, str] | None:
    """(term, spoken) of an entry line as ``parse_lexicon`` reads it; None for comments and blanks."""
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return None
    separator = "\t" if "\t" in stripped else "="
    term, found, spoken = stripped.partition(separator)
    if not found:
        return None
    return " ".join(term.split()), " ".join(spoken.split())


def lexicon_entries(lines: list[str]) -> list[Entry]:
    found = []
    for number, line in enumerate(lines, start=1):
        pair = split_entry(line)
        if pair:
            found.append(Entry(pair[0], pair[1], number))
    return sorted(found, key=lambda e: (fold(e.term), e.term))


def lexicon_lines(storage: Storage) -> list[str]:
    path = storage.path(LEXICON_KEY)
    return path.read_text(encoding="utf-8").lstrip("\ufeff").splitlines() if path.is_file() else []


def line_of(lines: list[str], term: str) -> int | None:
    """0-based index of the line defining ``term``."""
    for index, line in enumerate(lines):
        pair = split_entry(line)
        if pair and pair[0] == term:
            return index
    return None


def lexicon_error_vi(err: LexiconError) -> str:
    """``parse_lexicon``'s message, in Vietnamese."""
    reason = err.reason
    if reason.startswith("expected"):
        text = "thiếu dấu “=” giữa từ và cách đọc"
    elif reason == "the term is empty":
        text = "thiếu từ cần đọc"
    elif reason == "the spoken form is empty":
        text = "thiếu cách đọc"
    elif "already defined on line" in reason:
        text = f"từ này đã có ở dòng {reason.rsplit(' ', 1)[-1]}"
    elif reason.startswith("the spoken form contains the term"):
        term = reason.split("'")[1] if "'" in reason else ""
        text = f"cách đọc chứa từ “{term}” có trong từ điển, sẽ bị thay thêm một lần nữa"
    else:
        text = reason
    return f"Dòng {err.line_number}: {text}."


def check_fields(term: str, spoken: str) -> str | None:
    if not term:
        return "Hãy nhập từ cần đọc."
    if not spoken:
        return "Hãy nhập cách đọc."
    if "=" in term:
        return "Từ cần đọc không được chứa dấu “=”."
    if term.startswith("#"):
        return "Từ cần đọc không được bắt đầu bằng “#”."
    return None


def save_lexicon(storage: Storage, lines: list[str]) -> str | None:
    """Validate and write the lexicon atomically; the Vietnamese error, with nothing written, if invalid."""
    text = "\n".join(lines) + "\n" if lines else ""
    try:
        parse_lexicon(text)
    except LexiconError as err:
        return lexicon_error_vi(err)
    atomic_write_bytes(storage.path(LEXICON_KEY), text.encode("utf-8"))
    return None


def articles_with_terms(store: Store, terms: list[str]) -> list[dict]:
    """Articles (not retracted) whose text contains one of ``terms`` as a whole word, newest first."""
    probe = {term: "\0" for term in terms if term}
    if not probe:
        return []
    found = []
    query = (select(ArticleRow.id, ArticleRow.title, ArticleRow.blocks, ArticleRow.status, ArticleRow.published)
             .where(ArticleRow.status != "retracted").order_by(ArticleRow.published.desc()))
    with store.session() as s:
        for row in s.execute(query):
            text = "\n".join([row.title, *(block[1] for block in row.blocks)])
            if apply_lexicon(text, probe) != text:
                found.append({"id": row.id, "title": row.title, "status": row.status,
                              "status_label": STATUS_LABELS.get(row.status, row.status)})
    return found


def lexicon_page(request: Request, status_code: int = 200, **context) -> Response:
    storage = _storage(request)
    lines = lexicon_lines(storage)
    file_error = None
    try:
        parse_lexicon("\n".join(lines))
    except LexiconError as err:
        file_error = lexicon_error_vi(err)
    saved = [t for t in request.query_params.getlist("luu") if t]
    params = request.query_params
    return page(request, "tu_dien.html", {
        "entries": lexicon_entries(lines), "file_error": file_error, "saved": saved,
        "removed": params.get("da-xoa"),
        "affected": articles_with_terms(_store(request), saved + [params.get("da-xoa", "")]),
        "queued": params.get("da-xep"), "error": None, "form": {}, **context,
    }, status_code=status_code)


@router.get("/tu-dien")
def lexicon(request: Request, user: str = Depends(auth.require_user)) -> Response:
    return lexicon_page(request)


async def _lexicon_form(request: Request) -> tuple[str, str, str]:
    form = await request.form()
    return (" ".join(str(form.get("term", "")).split()), " ".join(str(form.get("spoken", "")).split()),
            " ".join(str(form.get("original", "")).split()))


@router.post("/tu-dien/them")
async def lexicon_add(request: Request, user: str = Depends(auth.require_user)) -> Response:
    if not await auth.csrf_ok(request):
        return refused(request)
    term, spoken, _ = await _lexicon_form(request)
    storage = _storage(request)
    lines = lexicon_lines(storage)
    error = check_fields(term, spoken)
    if error is None and line_of(lines, term) is not None:
        error = f"“{term}” đã có trong từ điển. Hãy sửa mục đó."
    error = error or save_lexicon(storage, [*lines, f"{term} = {spoken}"])
    if error:
        return lexicon_page(request, 422, error=error, form={"term": term, "spoken": spoken})
    log.info("%s added %r to the lexicon", user, term)
    return see_other("/tu-dien?" + urlencode({"luu": term}))


@router.post("/tu-dien/sua")
async def lexicon_edit(request: Request, user: str = Depends(auth.require_user)) -> Response:
    if not await auth.csrf_ok(request):
        return refused(request)
    term, spoken, original = await _lexicon_form(request)
    storage = _storage(request)
    lines = lexicon_lines(storage)
    index = line_of(lines, original)
    error = check_fields(term, spoken)
    if error is None and index is None:
        error = f"“{original}” không còn trong từ điển."
    if error is None and term != original and line_of(lines, term) is not None:
        error = f"“{term}” đã có trong từ điển."
    if error is None:
        lines[index] = f"{term} = {spoken}"
        error = save_lexicon(storage, lines)
    if error:
        return lexicon_page(request, 422, error=error, form={"term": term, "spoken": spoken, "original": original})
    log.info("%s changed %r in the lexicon", user, original)
    terms = [term] if term == original else [term, original]
    return see_other("/tu-dien?" + urlencode([("luu", t) for t in terms]))


@router.post("/tu-dien/xoa")
async def lexicon_remove(request: Request, user: str = Depends(auth.require_user)) -> Response:
    if not await auth.csrf_ok(request):
        return refused(request)
    _, _, original = await _lexicon_form(request)
    storage = _storage(request)
    lines = lexicon_lines(storage)
    index = line_of(lines, original)
    if index is None:
        return lexicon_page(request, 422, error=f"“{original}” không còn trong từ điển.")
    error = save_lexicon(storage, lines[:index] + lines[index + 1:])
    if error:
        return lexicon_page(request, 422, error=error)
    log.info("%s removed %r from the lexicon", user, original)
    return see_other("/tu-dien?" + urlencode({"da-xoa": original}))


@router.post("/tu-dien/doc-lai")
async def lexicon_render_again(request: Request, user: str = Depends(auth.require_user)) -> Response:
    if not await auth.csrf_ok(request):
        return refused(request)
    form = await request.form()
    store = _store(request)
    queued = 0
    for article_id in dict.fromkeys(str(v) for v in form.getlist("article")):
        state = store.state(article_id)
        if state is None or state.status == "retracted":
            continue
        if queue_render(request, article_id) is None:
            queued += 1
    log.info("%s queued %d renders after a lexicon change", user, queued)
    return see_other("/tu-dien?" + urlencode({"da-xep": queued}))
