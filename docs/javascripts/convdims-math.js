// ConvDims math: renders pymdownx.arithmatex (generic mode) output with self-hosted KaTeX.
//
// The lessons' math is rendered at build time (site_glue/prerender_math.py): those elements
// carry data-math-rendered and are skipped here. This script renders only math that Python
// produces live in the page (widget results, quiz feedback).
//
// Arithmatex writes  <span class="arithmatex">\( ... \)</span>  and
//                    <div class="arithmatex">\[ ... \]</div>
// Widget HTML from Python may also use $...$ / $$...$$ inside .arithmatex elements.
//
// KaTeX runs in a Web Worker (this same file, started as a classic worker): parsing
// katex.min.js and laying out formulas never blocks the page; the page only receives HTML
// strings and puts them in place, in short slices, formulas near the viewport first. If a
// worker cannot start, KaTeX is loaded in the page instead. Math never needs Python.
//
// Every page load (Material's document$) renders all math; widgets call
//   await window.convdimsMath.renderDetached(element)  before inserting new output, or
//   await window.convdimsMath.render(element)          for what is already in the page.
(function () {
  "use strict";
  const OPTIONS = { throwOnError: false, output: "htmlAndMathml", strict: "ignore" };

  // ------------------------------------------------------------------ worker side
  if (typeof window === "undefined" && typeof importScripts === "function") {
    let loaded = false;
    self.onmessage = (ev) => {
      const { id, katexUrl, items } = ev.data || {};
      if (!loaded) {
        try { importScripts(katexUrl); loaded = !!self.katex; } catch (err) { /* reported below */ }
        if (!loaded) { self.postMessage({ id, error: "KaTeX did not load" }); return; }
      }
      const html = items.map(([tex, displayMode]) => {
        try { return self.katex.renderToString(tex, Object.assign({ displayMode }, OPTIONS)); } catch (_) { return null; }
      });
      self.postMessage({ id, html });
    };
    return;
  }

  // ------------------------------------------------------------------ page side
  if (window.convdimsMath) return;

  function ownUrl() {
    const cur = document.currentScript && document.currentScript.src;
    if (cur) return cur;
    const s = Array.from(document.scripts).find((el) => /convdims-math\.js(\?|#|$)/.test(el.src));
    return s ? s.src : new URL("javascripts/convdims-math.js", document.baseURI).href;
  }
  const SELF = ownUrl();
  const KATEX = new URL("../assets/convdims/katex/", SELF);
  const KATEX_JS = new URL("katex.min.js", KATEX).href;

  function ensureCss() {
    const has = Array.from(document.querySelectorAll("link[rel=stylesheet]")).some((l) => /katex(\.min)?\.css/.test(l.href));
    if (has) return;
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = new URL("katex.min.css", KATEX).href;
    document.head.append(link);
  }

  // --- engines: a worker (preferred) or KaTeX in the page (fallback)
  let worker = null;
  let workerBroken = false;
  let nextId = 1;
  const waiting = new Map();

  function startWorker() {
    if (worker || workerBroken) return worker;
    try {
      worker = new Worker(SELF, { name: "convdims-math" });
    } catch (_) {
      workerBroken = true;
      return null;
    }
    worker.onmessage = (ev) => {
      const { id, html, error } = ev.data || {};
      const w = waiting.get(id);
      if (!w) return;
      waiting.delete(id);
      if (error) w.reject(new Error(error));
      else w.resolve(html);
    };
    worker.onerror = (ev) => {
      if (ev && ev.preventDefault) ev.preventDefault();
      failWorker();
    };
    return worker;
  }

  function failWorker() {
    workerBroken = true;
    if (worker) { try { worker.terminate(); } catch (_) { /* ignore */ } }
    worker = null;
    for (const [, w] of waiting) w.reject(new Error("math worker stopped"));
    waiting.clear();
  }

  let katexPromise = null;
  function loadKatexInPage() {
    if (window.katex) return Promise.resolve(window.katex);
    if (katexPromise) return katexPromise;
    katexPromise = new Promise((resolve, reject) => {
      const existing = Array.from(document.scripts).find((el) => /katex(\.min)?\.js(\?|#|$)/.test(el.src));
      if (existing && window.katex) { resolve(window.katex); return; }
      const script = existing || document.createElement("script");
      script.addEventListener("load", () => (window.katex ? resolve(window.katex) : reject(new Error("KaTeX did not load"))), { once: true });
      script.addEventListener("error", () => reject(new Error("KaTeX did not load")), { once: true });
      if (!existing) {
        script.src = KATEX_JS;
        script.async = true;
        document.head.append(script);
      }
    });
    katexPromise.catch(() => { katexPromise = null; });
    return katexPromise;
  }

  // HTML for [[tex, displayMode], ...]; null entries mean "could not render".
  async function typeset(items) {
    if (!items.length) return [];
    const w = startWorker();
    if (w) {
      try {
        return await new Promise((resolve, reject) => {
          const id = nextId++;
          waiting.set(id, { resolve, reject });
          w.postMessage({ id, katexUrl: KATEX_JS, items });
        });
      } catch (_) {
        failWorker();
      }
    }
    const katex = await loadKatexInPage();
    return items.map(([tex, displayMode]) => {
      try { return katex.renderToString(tex, Object.assign({ displayMode }, OPTIONS)); } catch (_) { return null; }
    });
  }

  // Strip one pair of delimiters; returns [tex, displayMode] or null when there are none.
  function split(text, isBlock) {
    const t = text.trim();
    const pairs = [["\\[", "\\]", true], ["$$", "$$", true], ["\\(", "\\)", false], ["$", "$", false]];
    for (const [open, close, display] of pairs) {
      if (t.length >= open.length + close.length && t.startsWith(open) && t.endsWith(close)) {
        return [t.slice(open.length, t.length - close.length), display];
      }
    }
    if (/^\\begin\{/.test(t)) return [t, true];
    return t ? [t, isBlock] : null;
  }

  function pending(root) {
    const scope = root || document;
    const list = [];
    if (scope.nodeType === 1 && scope.matches(".arithmatex") && !scope.hasAttribute("data-math-rendered")) list.push(scope);
    scope.querySelectorAll(".arithmatex:not([data-math-rendered]):not([data-math-pending])").forEach((el) => list.push(el));
    return list;
  }

  // KaTeX output by (mode, TeX): derivations repeat the same general formulas.
  const cache = new Map();
  const CACHE_MAX = 800;
  const keyOf = (tex, display) => (display ? "D" : "I") + tex;

  // Let the page render between slices: the style and layout work that new KaTeX nodes
  // cause is paid in the next frame, so each slice also holds only a few formulas.
  const nextFrame = () => new Promise((r) => {
    if (document.hidden || typeof requestAnimationFrame !== "function") setTimeout(r, 0);
    else requestAnimationFrame(() => setTimeout(r, 0));
  });
  const SLICE_MS = 6;
  const SLICE_COUNT = 8;
  const BATCH = 40;

  // Typeset a list of elements: one worker message per batch, then innerHTML in slices.
  async function renderElements(list, sliced) {
    const jobs = [];
    for (const el of list) {
      const parts = split(el.textContent, el.tagName !== "SPAN");
      if (!parts) { el.setAttribute("data-math-rendered", ""); continue; }
      el.setAttribute("data-math-pending", "");
      jobs.push({ el, tex: parts[0], display: parts[1] });
    }
    let count = 0;
    for (let i = 0; i < jobs.length; i += BATCH) {
      const batch = jobs.slice(i, i + BATCH);
      const todo = batch.filter((j) => !cache.has(keyOf(j.tex, j.display)));
      const uniq = [...new Map(todo.map((j) => [keyOf(j.tex, j.display), [j.tex, j.display]])).values()];
      let html = [];
      try { html = await typeset(uniq); } catch (_) { html = uniq.map(() => null); }
      uniq.forEach(([tex, display], k) => {
        if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value);
        cache.set(keyOf(tex, display), html[k]);
      });
      let t0 = performance.now();
      let inSlice = 0;
      for (const j of batch) {
        const out = cache.get(keyOf(j.tex, j.display));
        j.el.removeAttribute("data-math-pending");
        j.el.setAttribute("data-math-rendered", "");
        if (out == null) j.el.textContent = j.tex; // unrenderable: show the TeX, never a broken element
        else j.el.innerHTML = out;
        count += 1;
        inSlice += 1;
        if (sliced && (inSlice >= SLICE_COUNT || performance.now() - t0 > SLICE_MS)) {
          await nextFrame();
          t0 = performance.now();
          inSlice = 0;
        }
      }
    }
    return count;
  }

  function nearViewport(el) {
    const r = el.getBoundingClientRect();
    const h = window.innerHeight || 800;
    return r.bottom > -h && r.top < 2 * h;
  }

  // Render every pending formula under `root` (formulas near the viewport first).
  async function render(root) {
    ensureCss();
    const list = pending(root || document.body);
    if (!list.length) return 0;
    const detached = root && root.nodeType === 1 && !root.isConnected;
    let ordered = list;
    if (!detached && list.length > BATCH) {
      const near = [];
      const far = [];
      for (const el of list) (nearViewport(el) ? near : far).push(el);
      ordered = near.concat(far);
    }
    const n = await renderElements(ordered, !detached);
    document.dispatchEvent(new CustomEvent("convdims:math-rendered", { detail: { root: root || document, count: n } }));
    return n;
  }

  // For an element not yet in the page (a widget's new output): typeset it, no slicing,
  // so that the caller swaps it in with its math already rendered. Resolves true.
  async function renderDetached(el) {
    ensureCss();
    await renderElements(pending(el), false);
    return true;
  }

  // Boxes that scroll sideways (wide formulas, tables, drawings) must be reachable by
  // keyboard to be scrolled: one that holds nothing focusable gets tabindex=0.
  const SCROLL_BOXES = ".md-typeset div.arithmatex, .md-typeset .katex-display, .md-typeset .cd-scroll, " +
    ".md-typeset table, .md-typeset .md-typeset__scrollwrap, .md-typeset .cd-widget__output, .md-typeset pre > code";
  const FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";
  function markScrollBoxes(root) {
    (root || document).querySelectorAll(SCROLL_BOXES).forEach((el) => {
      const wide = el.scrollWidth > el.clientWidth + 1;
      if (wide && !el.hasAttribute("tabindex") && !el.querySelector(FOCUSABLE)) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-cd-scroll-focus", "");
      } else if (!wide && el.hasAttribute("data-cd-scroll-focus")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-cd-scroll-focus");
      }
    });
  }
  // Again after a resize and after new content (a widget's live result) comes in.
  let markTimer = 0;
  const markSoon = () => {
    clearTimeout(markTimer);
    markTimer = setTimeout(() => markScrollBoxes(document), 200);
  };
  window.addEventListener("resize", markSoon);
  document.addEventListener("convdims:math-rendered", markSoon);
  if ("MutationObserver" in window) {
    const watchContent = () => new MutationObserver(markSoon).observe(document.body, { childList: true, subtree: true });
    if (document.body) watchContent(); else document.addEventListener("DOMContentLoaded", watchContent, { once: true });
  }

  window.convdimsMath = {
    markScrollBoxes,
    render,
    renderDetached,
    renderAll: (root) => render(root || document.body),
    load: () => Promise.resolve(true),
    get engine() { return worker ? "worker" : workerBroken ? "page" : "idle"; },
  };

  function onPage() {
    // A task of its own, after Material's own page set-up.
    setTimeout(() => { markScrollBoxes(document); render(document.body); }, 0);
  }
  function hook() {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(onPage);
    else onPage();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", hook, { once: true });
  else hook();
})();
