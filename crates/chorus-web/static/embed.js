/*! Chorus community widget. One tag on a page of another site:
 *    <script src="https://HUB/embed.js" data-product="mobile" async></script>
 *  shows that product's top questions with their answers, a search box that suggests answers
 *  while the visitor types, and an "Ask the community" button that opens the hub in a pop-up
 *  (the visitor's hub session signs them in there). It is a custom element with a shadow root,
 *  so the host page's styles cannot reach in and its own cannot leak out; theme it with the
 *  custom properties --chorus-accent, --chorus-text, --chorus-muted, --chorus-bg,
 *  --chorus-border, --chorus-radius and --chorus-font on the <chorus-community> element.
 *  It talks only to the hub it was loaded from, and writes in the language of the page it is
 *  on (its `lang` attribute, else the page's <html lang>): the hub sends the words with the
 *  topics, so the widget carries no catalogue of its own. Licence: Apache-2.0. */
(function () {
  "use strict";
  var script = document.currentScript;
  var scriptHub = script && script.src ? new URL(script.src, location.href).origin : "";

  var CSS =
    ":host{display:block;font-family:var(--chorus-font,system-ui,sans-serif);color:var(--chorus-text,#1b1f24);" +
    "background:var(--chorus-bg,#fff);border:1px solid var(--chorus-border,#c9cfd8);border-radius:var(--chorus-radius,6px);" +
    "padding:1rem;max-width:40rem;line-height:1.45;box-sizing:border-box}" +
    "*{box-sizing:border-box}h2{font-size:1.15rem;margin:0 0 .75rem}h3{font-size:1rem;margin:1rem 0 .5rem}" +
    "a{color:var(--chorus-accent,#1e40af)}a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid var(--chorus-accent,#1e40af);outline-offset:2px}" +
    "ol,ul{list-style:none;margin:0;padding:0}li{padding:.5rem 0;border-top:1px solid var(--chorus-border,#c9cfd8)}li:first-child{border-top:0}" +
    ".answer{margin:.25rem 0 0 .75rem;padding-left:.5rem;border-left:3px solid var(--chorus-accent,#1e40af);color:var(--chorus-muted,#4b5563);font-size:.95rem}" +
    ".badge{font-weight:600;color:var(--chorus-text,#1b1f24)}.muted{color:var(--chorus-muted,#4b5563);font-size:.9rem}" +
    "label{display:block;font-weight:600;margin:1rem 0 .25rem}input{width:100%;padding:.5rem;font:inherit;border:1px solid var(--chorus-border,#8a94a3);border-radius:var(--chorus-radius,6px)}" +
    "button{font:inherit;cursor:pointer;border-radius:var(--chorus-radius,6px);padding:.45rem .9rem;border:1px solid var(--chorus-accent,#1e40af);background:#fff;color:var(--chorus-accent,#1e40af)}" +
    "button.primary{background:var(--chorus-accent,#1e40af);color:#fff;margin-top:1rem}button.small{padding:.15rem .5rem;font-size:.85rem;margin-left:.5rem}" +
    "mark{background:#fde68a;color:inherit}.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}";

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "class") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }

  // A snippet is escaped text with <mark> around matches: keep those two, nothing else.
  function snippet(html) {
    var out = document.createDocumentFragment();
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    doc.body.firstChild.childNodes.forEach(function (n) {
      if (n.nodeName === "MARK") out.appendChild(el("mark", { text: n.textContent }));
      else out.appendChild(document.createTextNode(n.textContent));
    });
    return out;
  }

  function token() {
    var a = new Uint8Array(16);
    crypto.getRandomValues(a);
    return "w_" + Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  var seq = 0;

  // The hub sends the widget's words with the topics. These are for when it cannot (it is
  // unreachable, or refuses the list), so search and asking still work, in English.
  var UNREACHABLE = "The community could not be reached. Try again later.";
  var FALLBACK = {
    lang: "en", heading: "Questions from the community", search_region: "Search the community",
    search: "Search for an answer", suggestions: "Suggested answers", ask: "Ask the community",
    answers_from: "Answers from", our_community: "our community", solved: "This solved it",
    thanks: "Thanks for telling us.",
  };

  class ChorusCommunity extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      this.hub = (this.getAttribute("hub") || scriptHub).replace(/\/$/, "");
      this.product = this.getAttribute("product") || "";
      this.session = token();
      this.id_ = "chorus-" + ++seq;
      this.lang_ = this.getAttribute("lang") || document.documentElement.lang || "";
      var root = this.attachShadow({ mode: "open" });
      var style = el("style");
      style.textContent = CSS;
      root.appendChild(style);
      this.root_ = root;
      this.load();
    }

    langParam() {
      return this.lang_ ? "&lang=" + encodeURIComponent(this.lang_) : "";
    }

    api(path, init) {
      return fetch(this.hub + path, Object.assign({ mode: "cors", credentials: "omit" }, init || {})).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.status === 204 ? null : r.json();
      });
    }

    build(root, words) {
      var id = this.id_;
      this.words = words;
      var title = this.getAttribute("heading") || words.heading;
      var section = el("section", { "aria-labelledby": id + "-h", lang: words.lang });
      section.appendChild(el("h2", { id: id + "-h", text: title }));
      this.topics = el("ol", { "aria-live": "polite" });
      section.appendChild(this.topics);

      var form = el("form", { role: "search", "aria-label": words.search_region });
      var input = el("input", { id: id + "-q", type: "search", autocomplete: "off", "aria-describedby": id + "-s" });
      form.appendChild(el("label", { for: id + "-q", text: words.search }));
      form.appendChild(input);
      this.status = el("p", { id: id + "-s", class: "sr", role: "status" });
      form.appendChild(this.status);
      this.suggestions = el("ul", { "aria-label": words.suggestions });
      form.appendChild(this.suggestions);
      var ask = el("button", { type: "submit", class: "primary", text: words.ask });
      form.appendChild(ask);
      section.appendChild(form);
      section.appendChild(el("p", { class: "muted" }, [
        words.answers_from + " ",
        el("a", { href: this.hub + "/", target: "_blank", rel: "noopener", text: words.our_community }),
      ]));
      root.appendChild(section);

      var self = this;
      var timer = null;
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { self.suggest(input.value); }, 250);
      });
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        self.ask(input.value);
      });
    }

    // The topics come with the widget's words: build once they are here.
    load() {
      var self = this;
      var q = "/api/v1/embed/topics?limit=5" + (this.product ? "&product=" + encodeURIComponent(this.product) : "") + this.langParam();
      this.api(q).then(function (data) {
        var words = data.labels;
        self.build(self.root_, words);
        if (!data.topics.length) self.topics.appendChild(el("li", { class: "muted", text: words.no_topics }));
        data.topics.forEach(function (t) {
          var li = el("li", {}, [el("a", { href: t.url, target: "_blank", rel: "noopener", text: t.title })]);
          if (t.answer) {
            var label = t.answer.accepted ? words.accepted : words.official;
            li.appendChild(el("p", { class: "answer" }, [
              el("span", { class: "badge", text: label + ": " }),
              t.answer.excerpt + " ",
              el("a", { href: t.answer.url, target: "_blank", rel: "noopener", text: words.read_answer, "aria-label": t.read_label }),
            ]));
          } else {
            li.appendChild(el("p", { class: "muted", text: t.replies_label }));
          }
          self.topics.appendChild(li);
        });
      }).catch(function () {
        if (!self.topics) self.build(self.root_, FALLBACK);
        self.topics.appendChild(el("li", { class: "muted", text: UNREACHABLE }));
      });
    }

    suggest(text) {
      var self = this;
      var q = text.trim();
      this.query = q;
      if (q.length < 3) {
        this.suggestions.textContent = "";
        this.status.textContent = "";
        return;
      }
      this.api("/api/v1/embed/suggest?q=" + encodeURIComponent(q) + "&session=" + this.session + this.langParam()).then(function (data) {
        if (self.query !== q) return;
        self.suggestions.textContent = "";
        self.status.textContent = data.status;
        data.suggestions.forEach(function (h) {
          var link = el("a", { href: h.url, target: "_blank", rel: "noopener", text: h.title });
          link.addEventListener("click", function () { self.report("opened", h, q); });
          var solved = el("button", { type: "button", class: "small", text: self.words.solved, "aria-label": h.solved_label });
          solved.addEventListener("click", function () {
            self.report("solved", h, q);
            solved.replaceWith(el("span", { class: "muted", text: " " + self.words.thanks }));
          });
          var p = el("p", { class: "muted" });
          p.appendChild(snippet(h.snippet));
          self.suggestions.appendChild(el("li", {}, [link, solved, p]));
        });
      }).catch(function () {});
    }

    report(event, hit, q) {
      this.api("/api/v1/embed/deflection", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ draft: this.session, event: event, target_type: hit.type, target_id: hit.id, query: q }),
        keepalive: true,
      }).catch(function () {});
    }

    ask(text) {
      var url = this.hub + "/new?kind=question&title=" + encodeURIComponent(text.trim()) +
        "&draft=" + this.session + (this.product ? "&tags=" + encodeURIComponent(this.product) : "");
      var w = window.open(url, "chorus-ask", "popup,width=720,height=760");
      if (!w) location.href = url;
    }
  }

  if (!customElements.get("chorus-community")) customElements.define("chorus-community", ChorusCommunity);

  // The tag itself is the placement: put a widget right after it unless the page placed one.
  if (script && !script.hasAttribute("data-no-auto")) {
    var w = document.createElement("chorus-community");
    if (script.dataset.product) w.setAttribute("product", script.dataset.product);
    if (script.dataset.heading) w.setAttribute("heading", script.dataset.heading);
    w.setAttribute("hub", scriptHub);
    script.insertAdjacentElement("afterend", w);
  }
})();
