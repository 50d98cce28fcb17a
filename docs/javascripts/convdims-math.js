// ConvDims math: renders pymdownx.arithmatex (generic mode) output with self-hosted KaTeX.
//
// Arithmatex writes  <span class="arithmatex">\( ... \)</span>  and
//                    <div class="arithmatex">\[ ... \]</div>
// Widget HTML from Python may also use $...$ / $$...$$ inside .arithmatex elements.
// Every page load (Material's document$) renders all math; widgets call
// window.convdimsMath.render(element) for what they changed. Math never needs Python.
(function () {
  "use strict";
  if (window.convdimsMath) return;

  function ownUrl() {
    const cur = document.currentScript && document.currentScript.src;
    if (cur) return cur;
    const s = Array.from(document.scripts).find((el) => /convdims-math\.js(\?|#|$)/.test(el.src));
    return s ? s.src : new URL("javascripts/convdims-math.js", document.baseURI).href;
  }
  const KATEX = new URL("../assets/convdims/katex/", ownUrl());

  let katexPromise = null;
  function loadKatex() {
    if (window.katex) return Promise.resolve(window.katex);
    if (katexPromise) return katexPromise;
    const hasCss = Array.from(document.querySelectorAll("link[rel=stylesheet]")).some((l) => /katex(\.min)?\.css/.test(l.href));
    if (!hasCss) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = new URL("katex.min.css", KATEX).href;
      document.head.append(link);
    }
    katexPromise = new Promise((resolve, reject) => {
      const existing = Array.from(document.scripts).find((el) => /katex(\.min)?\.js(\?|#|$)/.test(el.src));
      const script = existing || document.createElement("script");
      const done = () => (window.katex ? resolve(window.katex) : reject(new Error("KaTeX did not load")));
      script.addEventListener("load", done, { once: true });
      script.addEventListener("error", () => reject(new Error("KaTeX did not load")), { once: true });
      if (!existing) {
        script.src = new URL("katex.min.js", KATEX).href;
        script.async = true;
        document.head.append(script);
      }
    });
    katexPromise.catch(() => { katexPromise = null; });
    return katexPromise;
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
    scope.querySelectorAll(".arithmatex:not([data-math-rendered])").forEach((el) => list.push(el));
    return list;
  }

  function renderOne(katex, el) {
    const parts = split(el.textContent, el.tagName !== "SPAN");
    el.setAttribute("data-math-rendered", "");
    if (!parts) return;
    const [tex, displayMode] = parts;
    try {
      katex.render(tex, el, { displayMode, throwOnError: false, output: "htmlAndMathml", strict: "ignore" });
    } catch (_) {
      el.textContent = tex; // unreachable with throwOnError false; never leave a broken element
    }
  }

  const yieldToPage = () => new Promise((r) => setTimeout(r, 0));

  // Render in slices of ~25 ms so that a page with much math never blocks input.
  async function render(root) {
    const list = pending(root);
    if (!list.length) return 0;
    let katex;
    try { katex = await loadKatex(); } catch (_) { return 0; }
    let t0 = performance.now();
    let n = 0;
    for (const el of list) {
      if (!el.isConnected || el.hasAttribute("data-math-rendered")) continue;
      renderOne(katex, el);
      n += 1;
      if (performance.now() - t0 > 25) { await yieldToPage(); t0 = performance.now(); }
    }
    document.dispatchEvent(new CustomEvent("convdims:math-rendered", { detail: { root: root || document, count: n } }));
    return n;
  }

  window.convdimsMath = { render, load: loadKatex };

  function onPage() { render(document.body); }
  function hook() {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(onPage);
    else onPage();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", hook, { once: true });
  else hook();
})();
