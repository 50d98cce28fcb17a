// ConvDims widgets: generic hydration of every [data-widget] (DEVELOPING.md, contract 4).
//
// Python decides and renders; this script only carries values to the worker and puts the
// returned HTML in place:
//   {op: "widget", widget, values: {name: "raw string"}, options} → {ok, html, errors}
// Live widgets (data-live="true") re-render on input: the first edit is sent at once (a
// worker round trip is ~1 ms, so results follow the keyboard), edits made while a request
// is in flight are coalesced into one follow-up request with the latest values, and errors
// that appear while the reader is still typing are shown after a short pause (no flicker
// of "invalid" for a half-typed "(128, 12"). The others re-render on their button (form
// submit) or Ctrl/⌘+Enter in a code field. Fields with data-url-param sync
// with the page URL's query. Errors show next to their field ([data-error-for=field]).
//
// A widget with a `code` field runs the learner's code: it goes to the runtime's sandbox
// worker (never the widget worker), with a Stop button and a stated time limit, and what
// comes back is untrusted: the playground is drawn from data with textContent, any other
// code widget's HTML passes an allow-list (no scripts, handlers, links, styles or ids).
// While Python loads, a widget says it is waiting; if loading failed, it says so and
// updates by itself once Retry has brought Python up.
(function () {
  "use strict";
  if (window.convdimsWidgets) return;

  const ERROR_PAUSE_MS = 500; // errors wait until typing pauses this long
  const URL_PAUSE_MS = 250;   // the address is written once edits pause this long
  const WAITING_TEXT = "waiting for Python…";
  const FAILED_TEXT = "Python failed to load: use Retry at the top of the page.";
  const SANDBOX_STARTING = "starting a separate Python for your code…";
  let uid = 0;

  function runtime() {
    if (window.convdims && window.convdims.call) return Promise.resolve(window.convdims);
    return new Promise((resolve) => {
      window.addEventListener("convdims:runtime", () => resolve(window.convdims), { once: true });
    });
  }

  function renderMath(el) {
    if (window.convdimsMath) return window.convdimsMath.render(el);
    return Promise.resolve(0);
  }

  function parseOptions(el) {
    const raw = el.getAttribute("data-options");
    if (!raw) return {};
    try { const v = JSON.parse(raw); return v && typeof v === "object" ? v : {}; } catch (_) { return {}; }
  }

  function fieldsOf(form) {
    return Array.from(form.elements).filter((el) => el.name && !el.disabled && el.type !== "submit" && el.type !== "button" && el.type !== "reset");
  }

  // Raw strings, as the Python widget's render(values) expects them.
  function gather(form) {
    const values = {};
    const groups = new Map();
    for (const el of fieldsOf(form)) {
      if (!groups.has(el.name)) groups.set(el.name, []);
      groups.get(el.name).push(el);
    }
    for (const [name, els] of groups) {
      const first = els[0];
      if (first.type === "radio") {
        const on = els.find((e) => e.checked);
        values[name] = on ? on.value : "";
      } else if (first.type === "checkbox") {
        if (els.length === 1) {
          const v = first.value;
          values[name] = first.checked ? (v && v !== "on" ? v : "true") : (v && v !== "on" ? "" : "false");
        } else {
          values[name] = els.filter((e) => e.checked).map((e) => e.value).join(",");
        }
      } else if (first.tagName === "SELECT" && first.multiple) {
        values[name] = Array.from(first.selectedOptions).map((o) => o.value).join(",");
      } else {
        values[name] = first.value;
      }
    }
    return values;
  }

  function setValue(form, name, value) {
    const els = fieldsOf(form).filter((e) => e.name === name);
    if (!els.length) return false;
    const first = els[0];
    if (first.type === "radio") els.forEach((e) => { e.checked = e.value === value; });
    else if (first.type === "checkbox") {
      const wanted = new Set(String(value).split(","));
      if (els.length === 1) first.checked = value === "true" || (first.value !== "on" && wanted.has(first.value));
      else els.forEach((e) => { e.checked = wanted.has(e.value); });
    } else first.value = value;
    return true;
  }

  function isDefault(form) {
    return fieldsOf(form).every((el) => {
      if (el.type === "radio" || el.type === "checkbox") return el.checked === el.defaultChecked;
      if (el.tagName === "SELECT") {
        const opts = Array.from(el.options);
        if (el.multiple) return opts.every((o) => o.selected === o.defaultSelected);
        const def = opts.find((o) => o.defaultSelected) || opts[0];
        return !def || el.value === def.value;
      }
      return el.value === el.defaultValue;
    });
  }

  function urlParamName(el) {
    if (!el.hasAttribute("data-url-param")) return null;
    return el.getAttribute("data-url-param") || el.name;
  }

  class Widget {
    constructor(root) {
      this.root = root;
      this.name = root.getAttribute("data-widget");
      this.form = root.querySelector("form") || root;
      this.output = root.querySelector("[data-widget-output]");
      this.live = root.getAttribute("data-live") !== "false";
      this.options = parseOptions(root);
      this.seq = 0;
      this.applied = 0;
      this.inFlight = false;
      this.pending = false;
      this.lastTyped = 0;
      this.errorTimer = null;
      this.id = root.id || `cd-widget-${++uid}`;
      this.note = null;
      this.message = null;
      this.retryHook = null;
      this.sandboxed = fieldsOf(this.form).some((el) => el.name === "code");
      if (this.sandboxed) this.addStopControls();
      root.setAttribute("data-hydrated", "");
      this.bind();
      this.fromUrl();
    }

    bind() {
      const form = this.form;
      form.addEventListener("submit", (ev) => { ev.preventDefault(); this.update(true); });
      form.addEventListener("input", (ev) => this.onEdit(ev));
      form.addEventListener("change", (ev) => this.onEdit(ev));
      form.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
          ev.preventDefault();
          this.update(true);
        } else if (ev.key === "Enter" && this.live && ev.target.tagName === "INPUT") {
          ev.preventDefault(); // live widgets have nothing to submit
        }
      });
      // Buttons outside the <form> but inside the widget (type=button) also run it.
      this.root.querySelectorAll("button[data-widget-run], .cd-widget__run").forEach((b) => {
        if (b.form === this.form && b.type === "submit") return;
        b.addEventListener("click", (ev) => { ev.preventDefault(); this.update(true); });
      });
    }

    onEdit(ev) {
      const t = ev.target;
      if (!t || !t.name) return;
      const texty = t.tagName === "TEXTAREA" || (t.tagName === "INPUT" && !["radio", "checkbox", "range"].includes(t.type));
      // Text fields report on "input"; their "change" (blur) adds nothing new.
      if (ev.type === "change" && texty) return;
      this.lastTyped = texty ? performance.now() : 0;
      this.toUrlSoon();
      if (!this.live) { this.markStale(); return; }
      if (!window.convdims || window.convdims.state !== "ready") this.showWaiting(true);
      this.request();
    }

    // Leading edge + coalescing: never more than one request in flight per widget.
    request() {
      if (this.inFlight) { this.pending = true; return; }
      this.update(false);
    }

    fromUrl() {
      let changed = false;
      const params = new URLSearchParams(location.search);
      for (const el of fieldsOf(this.form)) {
        const p = urlParamName(el);
        if (p && params.has(p)) {
          const cur = gather(this.form)[el.name];
          const val = params.get(p);
          if (cur === val) continue;
          setValue(this.form, el.name, val);
          // Not an option as typed (?model=ResNet50): Python decides which option it means.
          if (gather(this.form)[el.name] !== val) (this.urlValues = this.urlValues || {})[el.name] = val;
          changed = true;
        }
      }
      // Values that differ from the prerendered defaults (URL, or restored by the browser).
      if (changed || !isDefault(this.form)) this.update(true);
    }

    // The address follows the form once the edits pause: history.replaceState costs ~8 ms in
    // Chromium (measured with the architecture explorer), more than a result.
    toUrlSoon() {
      clearTimeout(this.urlTimer);
      this.urlTimer = setTimeout(() => this.toUrl(), URL_PAUSE_MS);
    }

    toUrl() {
      const params = new URLSearchParams(location.search);
      const values = gather(this.form);
      let touched = false;
      for (const el of fieldsOf(this.form)) {
        const p = urlParamName(el);
        if (!p) continue;
        const v = values[el.name];
        if (params.get(p) !== v) { params.set(p, v); touched = true; }
      }
      if (touched) {
        const q = params.toString();
        history.replaceState(history.state, "", `${location.pathname}${q ? `?${q}` : ""}${location.hash}`);
      }
    }

    showWaiting(on, text = WAITING_TEXT) {
      if (on && !this.note) {
        this.note = document.createElement("p");
        this.note.className = "cd-widget__waiting";
        (this.output || this.root).before(this.note);
      }
      if (this.note) {
        if (on) this.note.textContent = text;
        this.note.hidden = !on;
      }
      if (this.output) {
        if (on) this.output.setAttribute("aria-busy", "true");
        else this.output.removeAttribute("aria-busy");
      }
    }

    markStale() {
      if (this.output) this.output.classList.add("is-stale");
    }

    async update(immediate) {
      if (this.inFlight) { this.pending = true; return; }
      this.inFlight = true;
      this.pending = false;
      const seq = ++this.seq;
      this.root.setAttribute("data-busy", "");
      let response;
      const rt = await runtime();
      if (this.sandboxed) {
        try { await this.runSandboxed(rt, seq); } finally { this.inFlight = false; this.root.removeAttribute("data-busy"); }
        return;
      }
      if (rt.state !== "ready") {
        this.showWaiting(true);
        if (!(await rt.settled())) {
          this.inFlight = false;
          this.root.removeAttribute("data-busy");
          this.waitForRetry(rt);
          return;
        }
      }
      const values = { ...gather(this.form), ...this.urlValues }; // the latest, also after waiting
      this.urlValues = null;
      const request = { op: "widget", widget: this.name, values, options: this.options };
      const t0 = performance.now();
      try {
        response = await rt.call(request);
      } finally {
        this.inFlight = false;
      }
      if (this.pending) { this.update(false); return; } // newer values are waiting: skip this answer
      this.root.removeAttribute("data-busy");
      this.showWaiting(false);
      await this.apply(response || {}, seq);
      this.root.dataset.lastMs = String(Math.round((performance.now() - t0) * 10) / 10);
      this.root.dispatchEvent(new CustomEvent("convdims:widget-updated", { bubbles: true, detail: { widget: this.name, ok: !!(response && response.ok), seq, immediate, ms: performance.now() - t0 } }));
    }

    // Loading failed: say so, and update once Retry has brought Python up.
    waitForRetry(rt) {
      this.showWaiting(false);
      this.showMessage(FAILED_TEXT);
      if (this.retryHook) return;
      this.retryHook = rt.onState((state) => {
        if (state !== "ready") return;
        this.retryHook();
        this.retryHook = null;
        this.update(true);
      });
    }

    // ------------------------------------------------------------ learner code (sandbox)

    addStopControls() {
      const run = this.root.querySelector(".cd-widget__run, button[data-widget-run]");
      const limit = (window.convdims && window.convdims.sandbox && window.convdims.sandbox.limit) || 5;
      this.stopButton = document.createElement("button");
      this.stopButton.type = "button";
      this.stopButton.className = "md-button cd-widget__stop";
      this.stopButton.textContent = "Stop";
      this.showStop(false);
      this.stopButton.addEventListener("click", () => { if (window.convdims) window.convdims.sandbox.stop(); });
      const note = document.createElement("span");
      note.className = "cd-widget__limit";
      note.textContent = `Runs stop after ${limit} s.`;
      if (run) run.after(this.stopButton, note);
      else this.form.append(this.stopButton, note);
    }

    // (`hidden` alone loses to .md-button's display rule)
    showStop(on) {
      // Hiding the focused Stop would send keyboard focus back to the page's start: hand it
      // to Run, next to where it was.
      if (!on && document.activeElement === this.stopButton) {
        const run = this.root.querySelector(".cd-widget__run, button[data-widget-run]");
        if (run) run.focus();
      }
      this.stopButton.hidden = !on;
      this.stopButton.style.display = on ? "" : "none";
    }

    async runSandboxed(rt, seq) {
      const values = gather(this.form);
      const playground = this.name === "playground" || this.name === "keras-model";
      const request = playground
        ? { op: "run", code: values.code || "", style: values.style || this.options.style || "keras3",
            width: values.width || this.options.width || null, page: true }
        : { op: "widget", widget: this.name, values, options: this.options };
      if (rt.sandbox.state !== "ready") this.showWaiting(true, SANDBOX_STARTING);
      this.showStop(true);
      this.root.dataset.running = "";
      let res;
      try {
        res = (await rt.sandbox.run(request)) || {};
      } finally {
        this.showStop(false);
        delete this.root.dataset.running;
      }
      this.showWaiting(false);
      if (seq !== this.seq) return;
      if (playground) this.applyPlayground(res);
      else await this.apply({ ...res, html: typeof res.html === "string" ? res.html : "" }, seq, true);
      this.root.dispatchEvent(new CustomEvent("convdims:widget-updated", { bubbles: true, detail: { widget: this.name, ok: !!res.ok, seq, sandbox: true } }));
    }

    // The playground's result from the `run` op's data: what the script printed, the
    // per-layer table when the block asks for it, the error with its line. Text only.
    applyPlayground(res) {
      const box = make("div", "cd-playground__result");
      const stdout = typeof res.stdout === "string" ? res.stdout.replace(/\s+$/, "") : "";
      if (stdout) box.append(make("pre", "cd-playground__output", [make("code", "", stdout)]));
      if (this.options.table && Array.isArray(res.models)) box.append(...res.models.map(layersTable));
      const err = res.error || {};
      let fieldMessage = "";
      if (res.ok && !box.childNodes.length) {
        box.append(make("p", "cd-note", "The code ran and printed nothing. Add model.summary() to see the layers."));
      } else if (!res.ok) {
        const type = String(err.type || "Error");
        const message = String(err.message || "");
        const line = Number.isInteger(err.line) ? err.line : null;
        const stopped = type === "TimeoutError";
        const title = stopped ? "Stopped" : `${type}${line ? ` on line ${line}` : ""}`;
        const note = make("div", "cd-note cd-note--error cd-playground__error", [
          make("p", "cd-note__title", title),
          make("pre", "", [make("code", "", stopped ? message.charAt(0).toUpperCase() + message.slice(1) : `${type}: ${message}`)]),
        ]);
        note.setAttribute("role", "status");
        box.append(note);
        fieldMessage = stopped ? message : `${line ? `line ${line}: ` : ""}${type}: ${message}`;
      }
      const shown = new Set();
      if (fieldMessage && this.showFieldError("code", fieldMessage)) shown.add("code");
      this.clearFieldErrors(shown);
      this.showMessage("");
      this.root.classList.toggle("has-errors", !res.ok);
      if (this.output) {
        this.output.replaceChildren(box);
        this.output.classList.remove("is-stale");
      }
    }

    async apply(res, seq, untrusted = false) {
      clearTimeout(this.errorTimer);
      const typing = this.lastTyped ? performance.now() - this.lastTyped : Infinity;
      if (!res.ok && typing < ERROR_PAUSE_MS) {
        // Still typing: dim the last good result; show the error if the pause lasts.
        if (this.output) this.output.classList.add("is-stale");
        this.errorTimer = setTimeout(() => { if (seq === this.seq) this.apply(res, seq); }, ERROR_PAUSE_MS - typing + 10);
        this.lastTyped = 0;
        return;
      }
      if (res && res.values && typeof res.values === "object") {
        // The options Python matched to what the address said: select them, fix the address.
        for (const [name, value] of Object.entries(res.values)) setValue(this.form, name, String(value));
        this.toUrlSoon();
      }
      const errors = (res && typeof res.errors === "object" && res.errors) || {};
      const general = [];
      // Field errors from the widget, and an API-level error that names a field.
      if (res.error && res.error.message) {
        if (res.error.field && !errors[res.error.field]) errors[res.error.field] = res.error.message;
        else if (!res.error.field) general.push(res.error.message);
      }
      const shown = new Set();
      for (const [field, message] of Object.entries(errors)) {
        if (!message) continue;
        if (this.showFieldError(field, String(message))) shown.add(field);
        else general.push(String(message));
      }
      this.clearFieldErrors(shown);
      this.showMessage(general.join(" "));
      this.root.classList.toggle("has-errors", !res.ok);
      if (typeof res.html === "string" && res.html !== "" && this.output) {
        // Build the new output off-page, render its math there, then swap it in at once:
        // one layout per update instead of one per formula.
        const next = document.createElement("div");
        if (untrusted) next.append(safeFragment(res.html));
        else next.innerHTML = res.html;
        const math = window.convdimsMath;
        let rendered = false;
        if (math && next.querySelector(".arithmatex")) {
          try { rendered = await math.renderDetached(next); } catch (_) { /* rendered in place below */ }
        }
        if (seq !== this.seq) return; // a newer answer is on its way
        this.output.replaceChildren(...next.childNodes);
        this.output.classList.remove("is-stale");
        this.applied = seq;
        if (!rendered) renderMath(this.output);
      } else if (!res.ok && this.output) {
        this.output.classList.add("is-stale");
      }
    }

    errorSlot(field) {
      const esc = (window.CSS && CSS.escape) ? CSS.escape(field) : field.replace(/["\\]/g, "\\$&");
      return this.root.querySelector(`[data-error-for="${esc}"]`);
    }

    inputsFor(field) {
      return fieldsOf(this.form).filter((e) => e.name === field);
    }

    showFieldError(field, message) {
      const slot = this.errorSlot(field);
      if (!slot) return false;
      if (!slot.id) slot.id = `${this.id}-${field}-err`;
      slot.textContent = message;
      slot.hidden = false;
      for (const input of this.inputsFor(field)) {
        input.setAttribute("aria-invalid", "true");
        const ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
        if (!ids.includes(slot.id)) ids.push(slot.id);
        input.setAttribute("aria-describedby", ids.join(" "));
      }
      return true;
    }

    clearFieldErrors(keep) {
      this.root.querySelectorAll("[data-error-for]").forEach((slot) => {
        const field = slot.getAttribute("data-error-for");
        if (keep.has(field)) return;
        slot.textContent = "";
        for (const input of this.inputsFor(field)) {
          input.removeAttribute("aria-invalid");
        }
      });
    }

    showMessage(text) {
      if (!text) { if (this.message) { this.message.textContent = ""; this.message.hidden = true; } return; }
      if (!this.message) {
        this.message = document.createElement("p");
        this.message.className = "cd-widget__message";
        this.message.setAttribute("role", "alert");
        (this.output || this.root).before(this.message);
      }
      this.message.textContent = text;
      this.message.hidden = false;
    }
  }

  function make(tag, className, content) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (typeof content === "string") el.textContent = content;
    else if (content) el.append(...content);
    return el;
  }

  function layersTable(model) {
    const fmt = (v) => (Number.isInteger(v) ? v.toLocaleString("en-US") : String(v == null ? "" : v));
    const head = make("tr", "", ["Layer (type)", "Output shape", "Param #", "MACs", "Activation bytes"].map((t) => make("th", "", t)));
    const rows = (Array.isArray(model && model.layers) ? model.layers : []).map((r) => make("tr", "", [
      make("td", "", [make("code", "", String(r.name)), document.createTextNode(` (${r.class_name})`)]),
      make("td", "", [make("code", "", String(r.output_shape_text))]),
      make("td", "", fmt(r.params)), make("td", "", fmt(r.macs)), make("td", "", fmt(r.activation_bytes)),
    ]));
    return make("table", "cd-layer-table", [make("thead", "", [head]), make("tbody", "", rows)]);
  }

  // Markup from a worker that ran learner code, reduced to inert elements and attributes.
  const SAFE_TAGS = new Set(("p div span pre code strong em b i u s small sub sup br hr ul ol li dl dt dd " +
    "table caption thead tbody tfoot tr th td h3 h4 h5 h6 details summary figure figcaption abbr kbd " +
    "svg g rect line path text tspan polygon polyline circle ellipse title desc").split(" "));
  const SAFE_ATTRS = new Set(("class role colspan rowspan scope title open viewBox x y x1 y1 x2 y2 dx dy " +
    "width height d points cx cy r rx ry transform fill stroke stroke-width stroke-dasharray " +
    "text-anchor dominant-baseline font-size font-weight opacity fill-opacity " +
    // inert markers the tests and styles read (no page script acts on them inside a result)
    "data-target data-result").split(" "));
  const NS = new Set(["http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg"]);

  function safeFragment(html) {
    const doc = new DOMParser().parseFromString(`<body>${html}`, "text/html"); // inert: nothing runs
    const out = document.createDocumentFragment();
    (function copy(from, to) {
      for (const node of Array.from(from.childNodes)) {
        if (node.nodeType === Node.TEXT_NODE) { to.append(node.data); continue; }
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        if (!SAFE_TAGS.has(node.localName) || !NS.has(node.namespaceURI)) { copy(node, to); continue; }
        const el = document.createElementNS(node.namespaceURI, node.localName);
        for (const a of Array.from(node.attributes)) {
          if (SAFE_ATTRS.has(a.name) || a.name.startsWith("aria-")) el.setAttribute(a.name, a.value);
        }
        copy(node, el);
        to.append(el);
      }
    })(doc.body, out);
    return out;
  }

  function hydrate(root) {
    const scope = root || document;
    const found = [];
    scope.querySelectorAll("[data-widget]:not([data-hydrated])").forEach((el) => {
      try { found.push(new Widget(el)); } catch (err) { /* one broken widget must not stop the others */ }
    });
    return found;
  }

  window.convdimsWidgets = { hydrate, gather, safeFragment };

  function hook() {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(() => setTimeout(() => hydrate(document), 0));
    else hydrate(document);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", hook, { once: true });
  else hook();
})();
