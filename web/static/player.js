// Loa's embedded player: <script src="https://.../nhung/player.js" data-episode="ID" data-color="#c0392b" async></script>
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !me.getAttribute("data-episode")) return;
  var base = me.src.replace(/nhung\/player\.js(?:[?#].*)?$/, "");
  var colour = (me.getAttribute("data-color") || "").replace(/^#/, "");
  var frame = document.createElement("iframe");
  frame.src = base + "nhung/" + encodeURIComponent(me.getAttribute("data-episode")) +
    (/^([0-9a-f]{3}){1,2}$/i.test(colour) ? "?mau=" + colour : "");
  frame.title = me.getAttribute("data-title") || "Nghe bài này";
  frame.width = "100%";
  var height = me.getAttribute("data-height") || "";
  frame.height = /^[0-9]{2,4}$/.test(height) ? height : "150";
  frame.loading = "lazy";
  frame.style.border = "0";
  frame.style.maxWidth = "100%";
  me.parentNode.insertBefore(frame, me.nextSibling);
})();
