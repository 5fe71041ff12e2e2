// Listeners' pages and the embedded player: our controls over the native <audio>, the transcript
// that follows the audio, chapters, resuming where the listener stopped, copy buttons.
(function () {
  "use strict";
  var STEP = 15;
  var store = {
    get: function (key) { try { return window.localStorage.getItem(key); } catch (e) { return null; } },
    set: function (key, value) { try { window.localStorage.setItem(key, value); } catch (e) { /* private mode */ } },
    drop: function (key) { try { window.localStorage.removeItem(key); } catch (e) { /* private mode */ } }
  };

  function clock(seconds) {
    var s = Math.max(0, Math.floor(seconds || 0));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function player(root) {
    var audio = root.querySelector("audio");
    var controls = root.querySelector(".controls");
    var play = root.querySelector(".play");
    var seek = root.querySelector(".seek");
    var now = root.querySelector(".now");
    var speed = root.querySelector("select");
    var status = root.querySelector(".status");
    var total = parseFloat(root.dataset.duration) || 0;
    var place = "loa-nghe:" + root.dataset.id;
    var lastSaved = 0;
    var dragging = false;

    audio.removeAttribute("controls");
    controls.hidden = false;

    function say(text) { status.textContent = text; }
    function spoken(t) { return clock(t) + " trên " + clock(total); }
    function jump(t) {
      audio.currentTime = Math.min(Math.max(0, t), total || audio.duration || 0);
      show();
    }
    function show() {
      var t = audio.currentTime;
      now.textContent = clock(t);
      if (!dragging) seek.value = Math.floor(t);
      seek.setAttribute("aria-valuetext", spoken(t));
    }
    function save() {
      if (audio.currentTime > 0 && !audio.ended) store.set(place, String(Math.floor(audio.currentTime)));
    }

    var saved = parseFloat(store.get(place));
    if (saved > 5 && saved < total - 5) {
      audio.currentTime = saved;
      audio.addEventListener("loadedmetadata", function () { if (audio.currentTime < 1) audio.currentTime = saved; });
      now.textContent = clock(saved);
      seek.value = Math.floor(saved);
      say("Nghe tiếp từ " + clock(saved));
    }
    var rate = parseFloat(store.get("loa-nghe:toc-do"));
    if (rate >= 0.5 && rate <= 2) { speed.value = String(rate); audio.playbackRate = rate; }

    play.addEventListener("click", function () { if (audio.paused) audio.play(); else audio.pause(); });
    root.querySelector(".skip-back").addEventListener("click", function () { jump(audio.currentTime - STEP); say(spoken(audio.currentTime)); });
    root.querySelector(".skip-ahead").addEventListener("click", function () { jump(audio.currentTime + STEP); say(spoken(audio.currentTime)); });
    seek.addEventListener("input", function () { dragging = true; now.textContent = clock(seek.value); });
    seek.addEventListener("change", function () { dragging = false; jump(parseFloat(seek.value)); say(spoken(audio.currentTime)); });
    speed.addEventListener("change", function () {
      audio.playbackRate = parseFloat(speed.value);
      store.set("loa-nghe:toc-do", speed.value);
      say("Tốc độ " + speed.options[speed.selectedIndex].text);
    });
    audio.addEventListener("play", function () {
      root.classList.add("playing"); play.setAttribute("aria-label", "Tạm dừng"); say("Đang phát, " + spoken(audio.currentTime));
    });
    audio.addEventListener("pause", function () {
      root.classList.remove("playing"); play.setAttribute("aria-label", "Nghe"); save();
      if (!audio.ended) say("Đã tạm dừng ở " + spoken(audio.currentTime));
    });
    audio.addEventListener("ended", function () { store.drop(place); say("Đã nghe hết bài"); });
    audio.addEventListener("ratechange", function () { speed.value = String(audio.playbackRate); });
    audio.addEventListener("timeupdate", function () {
      show();
      if (Math.abs(audio.currentTime - lastSaved) >= 5) { lastSaved = audio.currentTime; save(); }
    });
    window.addEventListener("pagehide", save);
    root.addEventListener("keydown", function (event) {
      if (event.target === seek || event.target === speed || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
        event.preventDefault();
        jump(audio.currentTime + (event.key === "ArrowLeft" ? -5 : 5));
        say(spoken(audio.currentTime));
      }
    });
    return audio;
  }

  function inView(el) {
    var box = el.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  }

  function follow(audio, cues) {
    var current = null;
    var calm = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    function mark() {
      var t = audio.currentTime, found = null;
      for (var i = 0; i < cues.length; i++) {
        if (t >= cues[i].start && t < cues[i].end) { found = cues[i].el; break; }
      }
      if (found === current) return;
      // Scrolled along only while the listener follows: not when they have scrolled elsewhere to read.
      var following = !current || inView(current);
      if (current) { current.classList.remove("now"); current.removeAttribute("aria-current"); }
      current = found;
      if (!current) return;
      current.classList.add("now");
      current.setAttribute("aria-current", "true");
      if (following && !audio.paused && !inView(current)) current.scrollIntoView({ block: "center", behavior: calm ? "auto" : "smooth" });
    }
    audio.addEventListener("timeupdate", mark);
    audio.addEventListener("seeked", mark);
  }

  function ready() {
    var colour = document.documentElement.getAttribute("data-color");
    if (colour) document.documentElement.style.setProperty("--accent", colour);
    var root = document.querySelector("[data-player]");
    var audio = root ? player(root) : null;
    if (audio) {
      var cues = Array.prototype.map.call(document.querySelectorAll(".cue"), function (el) {
        el.addEventListener("click", function () { audio.currentTime = parseFloat(el.dataset.start); audio.play(); });
        return { el: el, start: parseFloat(el.dataset.start), end: parseFloat(el.dataset.end) };
      });
      if (cues.length) follow(audio, cues);
      document.querySelectorAll("[data-seek]").forEach(function (button) {
        button.addEventListener("click", function () { audio.currentTime = parseFloat(button.dataset.seek); audio.play(); });
      });
    }
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var field = document.getElementById(button.dataset.copy);
        var note = button.closest("section").querySelector("[data-copied]");
        field.select();
        var done = function () { if (note) note.textContent = "Đã sao chép."; };
        if (navigator.clipboard) navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
        else { document.execCommand("copy"); done(); }
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
