"""The station's pronunciation lexicon: list, add, change and remove entries; re-read the articles
that use a changed term."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from articles.store import Store
from loa.storage import Storage
from vntext.lexicon import LexiconError, apply_lexicon, parse_lexicon
from web import auth
from web.pages.article import queue_render
from web.pages.articles import fold
from web.pages.base import GET, STATUS_LABELS, page, refused, see_other, svc
from worker.pipeline import LEXICON_KEY

log = logging.getLogger("loa.web.pages")

router = APIRouter()


@dataclass(frozen=True)
class Entry:
    term: str
    spoken: str
    line: int  # 1-based line in the file


def split_entry(line: str) -> tuple[str, str] | None:
    """(term, spoken) of an entry line as ``parse_lexicon`` reads it; None for comments and blanks.

    >>> split_entry("QTV = Quảng Trị ti vi"), split_entry("# ghi chú")
    (('QTV', 'Quảng Trị ti vi'), None)
    """
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
    if not storage.exists(LEXICON_KEY):
        return []
    return storage.read_bytes(LEXICON_KEY).decode("utf-8").lstrip("\ufeff").splitlines()


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
    storage.write_bytes(LEXICON_KEY, text.encode("utf-8"))
    return None


def articles_with_terms(store: Store, terms: list[str]) -> list[dict[str, Any]]:
    """Articles (not retracted) whose text contains one of ``terms`` as a whole word, newest first."""
    probe = {term: "\0" for term in terms if term}
    if not probe:
        return []
    return [{"id": a.article_id, "title": a.title, "status": a.status,
             "status_label": STATUS_LABELS.get(a.status, a.status)}
            for a in store.article_texts() if apply_lexicon(a.text, probe) != a.text]


def lexicon_page(request: Request, status_code: int = 200, **context: Any) -> Response:
    services = svc(request)
    lines = lexicon_lines(services.pipeline.storage)
    file_error = None
    try:
        parse_lexicon("\n".join(lines))
    except LexiconError as err:
        file_error = lexicon_error_vi(err)
    params = request.query_params
    saved = [t for t in params.getlist("luu") if t]
    return page(request, "tu_dien.html", {
        "entries": lexicon_entries(lines), "file_error": file_error, "saved": saved,
        "removed": params.get("da-xoa"),
        "affected": articles_with_terms(services.store, saved + [params.get("da-xoa", "")]),
        "queued": params.get("da-xep"), "error": None, "form": {}, **context,
    }, status_code=status_code)


@router.api_route("/tu-dien", methods=GET)
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
    storage = svc(request).pipeline.storage
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
    storage = svc(request).pipeline.storage
    lines = lexicon_lines(storage)
    index = line_of(lines, original)
    error = check_fields(term, spoken)
    if error is None and index is None:
        error = f"“{original}” không còn trong từ điển."
    if error is None and term != original and line_of(lines, term) is not None:
        error = f"“{term}” đã có trong từ điển."
    if error is None and index is not None:
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
    storage = svc(request).pipeline.storage
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
    store = svc(request).store
    queued = 0
    for article_id in dict.fromkeys(str(v) for v in form.getlist("article")):
        state = store.state(article_id)
        if state is None or state.status == "retracted":
            continue
        if queue_render(request, article_id) is None:
            queued += 1
    log.info("%s queued %d renders after a lexicon change", user, queued)
    return see_other("/tu-dien?" + urlencode({"da-xep": queued}))
