// ConvDims progress. A lesson with a quiz is complete when its quiz is passed (the page
// dispatches `convdims:quiz-passed`); any other lesson when the learner presses "Mark as
// read" at its end (pressed again, it un-marks). Scrolling never marks a lesson: a jump to
// the last heading or a quick scroll looks exactly like reading, and a timer would reward
// an idle tab and penalise a fast reader; an explicit button is honest, works with the
// keyboard and can be undone.
// Stored in localStorage (per site, by page path relative to the site root); completed
// lessons get a ✓ in the navigation. Nothing leaves the browser.
(function () {
  "use strict";
  if (window.convdimsProgress) return;

  const KEY = "convdims:progress:v1";
  const LESSON = /(^|\/)lessons\//;

  function ownUrl() {
    const cur = document.currentScript && document.currentScript.src;
    if (cur) return cur;
    const s = Array.from(document.scripts).find((el) => /convdims-progress\.js(\?|#|$)/.test(el.src));
    return s ? s.src : null;
  }
  const ROOT = (() => {
    const own = ownUrl();
    if (own) return new URL("../", own);
    const cfg = document.getElementById("__config");
    try { return new URL(JSON.parse(cfg.textContent).base + "/", location.href); } catch (_) { return new URL("/", location.href); }
  })();

  // "lessons/12-stride-and-padding/" for any URL of that page (index.html, hash, query dropped).
  function slugOf(href) {
    let u;
    try { u = new URL(href, location.href); } catch (_) { return null; }
    if (u.origin !== ROOT.origin || !u.pathname.startsWith(ROOT.pathname)) return null;
    let path = u.pathname.slice(ROOT.pathname.length).replace(/index\.html$/, "");
    path = path.replace(/\.html$/, "/");
    return path;
  }

  // {slug: {at, how}}; entries of another shape are dropped (convdims-storage.js).
  const SHAPE = window.convdimsStorage.shapes.records((r) => typeof r.how === "string");
  function load() { return window.convdimsStorage.read(KEY, SHAPE, "lesson progress"); }
  function save(data) { window.convdimsStorage.write(KEY, data); /* private mode: not kept */ }

  function isComplete(slug) { return !!load()[slug]; }

  function complete(slug, how) {
    if (!slug) return;
    const data = load();
    if (data[slug]) return;
    data[slug] = { at: new Date().toISOString(), how };
    save(data);
    markNav();
    document.dispatchEvent(new CustomEvent("convdims:lesson-complete", { detail: { slug, how } }));
  }

  function uncomplete(slug) {
    const data = load();
    if (!slug || !data[slug]) return;
    delete data[slug];
    save(data);
    markNav();
  }

  function reset() { save({}); markNav(); }

  function markNav() {
    const data = load();
    document.querySelectorAll(".md-nav__link[href], .md-nav__link a[href]").forEach((a) => {
      const href = a.getAttribute("href");
      const slug = slugOf(href);
      // Section links (#anchor) of a lesson's table of contents are not lessons.
      const done = !!(slug && data[slug]) && !href.includes("#");
      let tick = a.querySelector(":scope > .cd-done");
      if (done && !tick) {
        tick = document.createElement("span");
        tick.className = "cd-done";
        tick.textContent = "✓";
        tick.title = "completed";
        const sr = document.createElement("span");
        sr.className = "cd-sr-only";
        sr.textContent = " (completed)";
        tick.append(sr);
        a.append(tick);
      } else if (!done && tick) tick.remove();
    });
  }

  function showButton(button, done) {
    button.setAttribute("aria-pressed", done ? "true" : "false");
    button.textContent = done ? "Read ✓ (press to un-mark)" : "Mark as read";
  }

  // The end of a lesson: a "Mark as read" toggle, or, on a quiz lesson, how it completes.
  function addEndOfLesson() {
    const slug = slugOf(location.href);
    const article = document.querySelector(".md-content__inner") || document.querySelector("article");
    if (!slug || !LESSON.test(slug) || !article || article.querySelector(".cd-lesson-end")) return;
    const end = document.createElement("div");
    end.className = "cd-lesson-end";
    if (article.querySelector("[data-quiz]")) {
      const note = document.createElement("p");
      note.textContent = isComplete(slug) ? "Lesson complete: you passed its quiz." :
        "This lesson is marked complete when you pass its quiz.";
      end.append(note);
    } else {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button cd-mark-read";
      showButton(button, isComplete(slug));
      button.addEventListener("click", () => {
        if (isComplete(slug)) uncomplete(slug); else complete(slug, "read");
        showButton(button, isComplete(slug));
      });
      end.append(button);
    }
    article.append(end);
  }

  window.addEventListener("convdims:quiz-passed", () => complete(slugOf(location.href), "quiz"), true);

  function onPage() { markNav(); addEndOfLesson(); }

  window.convdimsProgress = { complete: (how) => complete(slugOf(location.href), how || "manual"), isComplete: (href) => isComplete(slugOf(href || location.href)), reset, slugOf, markNav };

  function hook() {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(onPage);
    else onPage();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", hook, { once: true });
  else hook();
})();
