// Chorus's own enhancements. Every page works without them: a video link opens the video on
// its site, a town hall's page shows the latest questions when reloaded.
(function () {
  "use strict";

  // Phones: the navigation folds behind the Menu button (without JavaScript it stays open,
  // stacked in full width). The class is set before first paint of the menu's styles.
  document.documentElement.classList.add("js");
  function menu() {
    var button = document.querySelector(".menu-button");
    var panel = document.getElementById("site-menu");
    if (!button || !panel) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = panel.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // The "Staff tools" disclosure closes on Escape (focus back on it) and on a click outside.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var open = document.querySelector("details.nav-group[open]");
    if (!open) return;
    open.removeAttribute("open");
    var summary = open.querySelector("summary");
    if (summary) summary.focus();
  });
  document.addEventListener("click", function (e) {
    document.querySelectorAll("details.nav-group[open]").forEach(function (d) {
      if (!d.contains(e.target)) d.removeAttribute("open");
    });
  });

  // A click on a video facade swaps in the player; nothing is loaded from the video host
  // before that click.
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a.video-facade[data-embed]") : null;
    if (!a) return;
    var src = a.getAttribute("data-embed") || "";
    if (src.indexOf("https://") !== 0) return;
    e.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = src;
    frame.title = (a.textContent || "Video").trim();
    frame.className = "video-frame";
    frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    a.replaceWith(frame);
    frame.focus();
  });

  // Town halls: the server says when something changed, and the question list is fetched
  // again — unless the reader is typing in it; then it refreshes when they leave the field.
  function live() {
    var box = document.querySelector("[data-live][data-refresh]");
    if (!box || !window.EventSource) return;
    var pending = false;
    function typing() {
      var el = document.activeElement;
      return el && box.contains(el) && /^(TEXTAREA|INPUT|SELECT)$/.test(el.tagName);
    }
    function refresh() {
      if (typing()) { pending = true; return; }
      pending = false;
      fetch(box.getAttribute("data-refresh"), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html === null) return;
          box.innerHTML = html;
          if (window.htmx) window.htmx.process(box);
        })
        .catch(function () {});
    }
    box.addEventListener("focusout", function () {
      setTimeout(function () { if (pending) refresh(); }, 0);
    });
    var source = new EventSource(box.getAttribute("data-live"));
    source.addEventListener("changed", refresh);
  }
  // A table or code block wider than its box scrolls inside it; make it reachable with the
  // keyboard (a scroller without focus cannot be scrolled without a mouse).
  function scrollers() {
    document.querySelectorAll("table, pre, .table-wrap").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth + 1 && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
      }
    });
  }
  window.addEventListener("resize", scrollers);

  function start() {
    menu();
    scrollers();
    live();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
