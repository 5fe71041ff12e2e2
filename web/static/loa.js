// Staff pages: live article statuses, playing the transcript, confirmations.
"use strict";

const POLL_MS = 3000;

function cell(text, className) {
  const td = document.createElement("td");
  if (className) td.className = className;
  td.textContent = text;
  return td;
}

function failureNote(a) {
  // The newsroom's explanation, what to do, and the recorded reason folded away.
  const reason = document.createElement("div");
  reason.className = "reason";
  const problem = document.createElement("p");
  problem.textContent = a.problem;
  const advice = document.createElement("p");
  advice.className = "advice";
  advice.textContent = a.advice;
  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = "Chi tiết kỹ thuật";
  const code = document.createElement("code");
  code.className = "detail";
  code.textContent = a.error;
  details.append(summary, code);
  reason.append(problem, advice, details);
  return reason;
}

function articleRow(a, checked) {
  const tr = document.createElement("tr");
  tr.dataset.id = a.id;
  const pick = cell("", "pick");
  if (a.status === "failed") {
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = "bai";
    box.value = a.id;
    box.checked = checked.has(a.id);
    box.setAttribute("aria-label", "Chọn “" + a.title + "” để đọc lại");
    pick.append(box);
  }
  const title = document.createElement("td");
  const link = document.createElement("a");
  link.href = "/bai-viet/" + encodeURIComponent(a.id);
  link.textContent = a.title;
  title.append(link);
  const status = document.createElement("td");
  status.dataset.label = "Trạng thái";
  const badge = document.createElement("span");
  badge.className = "status status-" + a.status + (a.scheduled ? " status-scheduled" : "");
  badge.textContent = a.status_label;
  status.append(badge);
  if (a.callback_failed) {
    const marker = document.createElement("span");
    marker.className = "callback-failed";
    marker.textContent = "Chưa báo được CMS";
    status.append(marker);
  }
  if (a.problem) status.append(failureNote(a));
  const published = cell(a.published, "nowrap");
  published.dataset.label = "Đăng lúc";
  const engine = cell(a.engine);
  engine.dataset.label = "Giọng đọc";
  const duration = cell(a.duration, "num");
  duration.dataset.label = "Thời lượng";
  tr.append(pick, title, published, status, engine, duration);
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
        // Keep what the editor ticked, and the explanations they opened, across refreshes.
        const checked = new Set(Array.from(body.querySelectorAll("input[name=bai]:checked"), (box) => box.value));
        const opened = new Set(Array.from(body.querySelectorAll("tr:has(details[open])"), (tr) => tr.dataset.id));
        body.replaceChildren(...data.articles.map((a) => articleRow(a, checked)));
        for (const tr of body.rows) {
          if (opened.has(tr.dataset.id)) tr.querySelector("details").open = true;
        }
        if (empty) empty.hidden = data.articles.length > 0;
        const retryBar = document.querySelector(".retry-bar");
        if (retryBar) retryBar.hidden = !data.articles.some((a) => a.status === "failed");
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

// Bulletins: pick and order articles, the estimated total against the slot; chapters that seek.
function slotSeconds(text) {
  // The same lengths as parse_slot on the server: "15m", "90s", "1h30m" or plain seconds.
  const t = text.trim().toLowerCase();
  if (!t) return null;
  if (/^\d+(\.\d+)?$/.test(t)) return parseFloat(t);
  const m = t.match(/^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/);
  if (!m || !(m[1] || m[2] || m[3])) return NaN;
  return (parseInt(m[1] || 0, 10) * 3600) + (parseInt(m[2] || 0, 10) * 60) + parseInt(m[3] || 0, 10);
}

function clock(seconds) {
  const total = Math.floor(seconds);
  return Math.floor(total / 60) + ":" + String(total % 60).padStart(2, "0");
}

function bulletinBuilder(form) {
  const body = form.querySelector("table.picks tbody");
  const fixed = parseFloat(form.dataset.fixed || "0");
  const gap = parseFloat(form.dataset.gap || "0");
  const totalBox = form.querySelector(".total");
  const totalText = form.querySelector("#tong-thoi-luong");
  const slotText = form.querySelector("#so-voi-khung");
  const orderList = form.querySelector("#thu-tu-phat");
  const slotInput = form.querySelector("input[name=khung]");
  if (!body) return;
  const rows = () => Array.from(body.rows);

  function renumber() {
    rows().forEach((row, i) => {
      row.querySelector("input.order").value = i + 1;
      row.querySelector("[data-move='-1']").disabled = i === 0;
      row.querySelector("[data-move='1']").disabled = i === body.rows.length - 1;
    });
  }

  function update() {
    const picked = rows().filter((row) => row.querySelector("input[type=checkbox]").checked);
    rows().forEach((row) => row.classList.toggle("picked", picked.includes(row)));
    const seconds = picked.length
      ? fixed + gap * (picked.length - 1) + picked.reduce((sum, row) => sum + parseFloat(row.dataset.seconds), 0)
      : 0;
    totalText.textContent = clock(seconds);
    const slot = slotSeconds(slotInput.value);
    let over = false;
    if (slot === null) {
      slotText.textContent = "không giới hạn khung";
    } else if (Number.isNaN(slot)) {
      slotText.textContent = "khung không hợp lệ (ví dụ 15m, 90s, 1h30m)";
    } else {
      over = seconds > slot;
      slotText.textContent = "/ khung " + clock(slot) +
        (over ? " — vượt " + Math.ceil(seconds - slot) + " giây" : " — còn " + clock(slot - seconds));
    }
    totalBox.classList.toggle("over", over);
    orderList.replaceChildren(...picked.map((row) => {
      const li = document.createElement("li");
      li.textContent = row.querySelector(".pick-title").textContent;
      return li;
    }));
  }

  body.addEventListener("click", (event) => {
    const button = event.target.closest("[data-move]");
    if (!button) return;
    const row = button.closest("tr");
    if (button.dataset.move === "-1" && row.previousElementSibling) {
      body.insertBefore(row, row.previousElementSibling);
    } else if (button.dataset.move === "1" && row.nextElementSibling) {
      body.insertBefore(row.nextElementSibling, row);
    }
    renumber();
    update();
    button.focus();
  });
  body.addEventListener("change", (event) => {
    if (event.target.matches("input.order")) {
      // A typed position: sort by the numbers (ties keep their place), then number 1..n again.
      const keyed = rows().map((row, i) => [parseFloat(row.querySelector("input.order").value) || Infinity, i, row]);
      keyed.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      body.append(...keyed.map((k) => k[2]));
      renumber();
    }
    update();
  });
  slotInput.addEventListener("input", update);
  renumber();
  update();
}

function seekableChapters(audio) {
  const chapters = Array.from(document.querySelectorAll(".chapter[data-start]"));
  let current = null;
  for (const button of chapters) {
    button.addEventListener("click", () => {
      audio.currentTime = parseFloat(button.dataset.start);
      audio.play();
    });
  }
  audio.addEventListener("timeupdate", () => {
    const t = audio.currentTime;
    const now = chapters.find((c) => t >= parseFloat(c.dataset.start) && t < parseFloat(c.dataset.end)) || null;
    if (now === current) return;
    if (current) current.classList.remove("playing");
    if (now) now.classList.add("playing");
    current = now;
  });
}

function pollBulletinRequest(box) {
  async function refresh() {
    try {
      const data = await fetchJson("/ban-tin/yeu-cau/" + box.dataset.bulletinRequest + "/trang-thai");
      if (data && (data.status === "done" || data.status === "failed")) {
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

document.addEventListener("DOMContentLoaded", () => {
  const waiting = document.querySelector("[data-bulletin-request]");
  if (waiting) pollBulletinRequest(waiting);
  const builder = document.querySelector("form.bulletin-builder");
  if (builder) bulletinBuilder(builder);
  const player = document.getElementById("ban-tin-player");
  if (player) seekableChapters(player);
});
