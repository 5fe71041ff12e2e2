// Staff pages: live article statuses, playing the transcript, confirmations.
"use strict";

const POLL_MS = 3000;

function cell(text, className) {
  const td = document.createElement("td");
  if (className) td.className = className;
  td.textContent = text;
  return td;
}

function articleRow(a) {
  const tr = document.createElement("tr");
  tr.dataset.id = a.id;
  const title = document.createElement("td");
  const link = document.createElement("a");
  link.href = "/bai-viet/" + encodeURIComponent(a.id);
  link.textContent = a.title;
  title.append(link);
  const status = document.createElement("td");
  const badge = document.createElement("span");
  badge.className = "status status-" + a.status;
  badge.textContent = a.status_label;
  status.append(badge);
  if (a.error) {
    const reason = document.createElement("div");
    reason.className = "reason";
    reason.textContent = a.error;
    status.append(reason);
  }
  tr.append(title, cell(a.published, "nowrap"), status, cell(a.engine), cell(a.duration, "num"));
  return tr;
}

async function fetchJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
  if (response.status === 401) {
    window.location.reload();  // the session ended: the server sends the sign-in page
    return null;
  }
  return response.ok ? response.json() : null;
}

function pollArticleList(table) {
  const body = table.tBodies[0];
  const empty = document.querySelector("p.empty");
  async function refresh() {
    try {
      const data = await fetchJson(table.dataset.poll);
      if (data) {
        body.replaceChildren(...data.articles.map(articleRow));
        if (empty) empty.hidden = data.articles.length > 0;
      }
    } catch (err) {
      // Offline for a moment: keep what is shown and try again.
    }
    setTimeout(refresh, POLL_MS);
  }
  setTimeout(refresh, POLL_MS);
}

function pollArticlePage(facts) {
  const busy = ["new", "queued", "rendering"];
  if (!busy.includes(facts.dataset.status)) return;
  async function refresh() {
    try {
      const data = await fetchJson("/bai-viet/trang-thai");
      const mine = data && data.articles.find((a) => a.id === facts.dataset.article);
      if (mine && mine.status !== facts.dataset.status && !busy.includes(mine.status)) {
        window.location.replace(window.location.pathname);
        return;
      }
    } catch (err) {
      // Try again on the next tick.
    }
    setTimeout(refresh, POLL_MS);
  }
  setTimeout(refresh, POLL_MS);
}

function playableTranscript(audio) {
  const sentences = Array.from(document.querySelectorAll(".sentence"));
  let current = null;
  function play(span) {
    audio.currentTime = parseFloat(span.dataset.start);
    audio.play();
  }
  for (const span of sentences) {
    span.addEventListener("click", () => play(span));
    span.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        play(span);
      }
    });
  }
  audio.addEventListener("timeupdate", () => {
    const t = audio.currentTime;
    const now = sentences.find((s) => t >= parseFloat(s.dataset.start) && t < parseFloat(s.dataset.end)) || null;
    if (now === current) return;
    if (current) current.classList.remove("playing");
    if (now) now.classList.add("playing");
    current = now;
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const list = document.querySelector("table.articles[data-poll]");
  if (list) pollArticleList(list);
  const facts = document.querySelector(".facts[data-article]");
  if (facts) pollArticlePage(facts);
  const audio = document.getElementById("player");
  if (audio) playableTranscript(audio);
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
});
