// ConvDims quizzes and practice mode. Python grades and renders (ops quiz.grade and
// quiz.practice in calculator/quiz/api.py); this script carries the answer to the worker and
// puts the returned HTML in place. Choices can be made before the runtime is ready; checking
// then waits behind a visible note. Score and streak of practice mode live in localStorage.
(function () {
  "use strict";
  if (window.convdimsQuiz) return;

  const SCORE_KEY = "convdims:practice:v1";
  const WAITING = "Waiting for the Python runtime to check your answer…";
  const FAILED = "The Python runtime failed to load: use Retry at the top of the page; your answer is checked as soon as it is back.";

  function runtime() {
    if (window.convdims && window.convdims.call) return Promise.resolve(window.convdims);
    return new Promise((resolve) => {
      window.addEventListener("convdims:runtime", () => resolve(window.convdims), { once: true });
    });
  }

  function renderMath(el) {
    return window.convdimsMath ? window.convdimsMath.render(el) : Promise.resolve(0);
  }

  // Waiting on the runtime: the feedback says so; if loading failed it says that, and the
  // check goes ahead by itself once Retry has brought Python up.
  async function call(request, feedback) {
    const rt = await runtime();
    if (rt.state !== "ready") {
      if (feedback) feedback.textContent = WAITING;
      if (!(await rt.settled())) {
        if (feedback) feedback.textContent = FAILED;
        await new Promise((resolve) => {
          const off = rt.onState((state) => { if (state === "ready") { off(); resolve(); } });
        });
        if (feedback) feedback.textContent = WAITING;
      }
    }
    return rt.call(request);
  }

  function answerOf(fieldset) {
    const checked = fieldset.querySelector('input[type="radio"]:checked');
    if (checked) return checked.value;
    const typed = fieldset.querySelector(".cd-answer-input");
    return typed ? typed.value.trim() : "";
  }

  const SCORE_SHAPE = window.convdimsStorage.shapes.counts(["answered", "correct", "streak", "best"]);
  function loadScore() { return window.convdimsStorage.read(SCORE_KEY, SCORE_SHAPE, "practice score"); }

  function showScore(panel, score) {
    const el = panel.querySelector("[data-practice-score]");
    if (el) el.textContent = `Score ${score.correct} of ${score.answered} · streak ${score.streak} · best streak ${score.best}`;
  }

  async function check(fieldset) {
    const feedback = fieldset.querySelector("[data-feedback]");
    const answer = answerOf(fieldset);
    if (!answer) {
      feedback.textContent = fieldset.querySelector('input[type="radio"]') ? "Choose an answer first." : "Type an answer first.";
      return;
    }
    const question = JSON.parse(fieldset.getAttribute("data-question"));
    const response = await call({ op: "quiz.grade", question, answer }, feedback);
    if (!response || !response.ok) {
      feedback.textContent = (response && response.error && response.error.message) || "The answer could not be checked.";
      return;
    }
    feedback.innerHTML = response.html;
    if (response.counted === false) {  // not an answer (abc, 1e3, a shape for a count): try again
      delete fieldset.dataset.result;
      return;
    }
    fieldset.dataset.result = response.correct ? "correct" : "wrong";
    await renderMath(feedback);
    const panel = fieldset.closest("[data-practice]");
    if (panel && !fieldset.dataset.counted) {
      fieldset.dataset.counted = "1";
      const s = loadScore();
      s.answered += 1;
      if (response.correct) { s.correct += 1; s.streak += 1; s.best = Math.max(s.best, s.streak); } else { s.streak = 0; }
      window.convdimsStorage.write(SCORE_KEY, s);
      showScore(panel, s);
    }
    const quiz = fieldset.closest("[data-quiz]");
    if (quiz) {
      const all = quiz.querySelectorAll(".cd-question");
      const right = quiz.querySelectorAll('.cd-question[data-result="correct"]');
      const status = quiz.querySelector("[data-quiz-status]");
      if (all.length && right.length === all.length) {
        if (status) status.textContent = `All ${all.length} answers correct — this lesson is marked complete.`;
        window.dispatchEvent(new CustomEvent("convdims:quiz-passed", { detail: { quiz: quiz.dataset.quiz } }));
      } else if (status) {
        status.textContent = `${right.length} of ${all.length} answered correctly.`;
      }
    }
  }

  function bindQuestion(fieldset) {
    if (fieldset.dataset.bound) return;
    fieldset.dataset.bound = "1";
    fieldset.querySelector(".cd-check").addEventListener("click", () => check(fieldset));
    // A new choice makes the old feedback stale; Enter on a choice checks it.
    fieldset.addEventListener("change", (e) => {
      if (e.target.type !== "radio") return;  // a typed answer keeps its feedback when focus leaves
      fieldset.querySelector("[data-feedback]").textContent = "";
      delete fieldset.dataset.result;
    });
    fieldset.querySelectorAll('input[type="radio"]').forEach((radio) => radio.addEventListener("keydown", (e) => {
      if (e.key === "Enter") { e.preventDefault(); radio.checked = true; check(fieldset); }
    }));
    const typed = fieldset.querySelector(".cd-answer-input");
    if (typed) typed.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); check(fieldset); } });
  }

  function params() {
    return new URLSearchParams(location.search);
  }

  async function loadPractice(panel, values, focus) {
    const slot = panel.querySelector("[data-practice-question]");
    // While a link's question loads, its placeholder keeps saying which question is coming.
    const loading = slot.querySelector("[data-practice-loading]");
    const response = await call({ op: "quiz.practice", ...values }, loading ? null : slot.querySelector("[data-feedback]"));
    if (!response || !response.ok) {
      const fb = loading || slot.querySelector("[data-feedback]");
      if (fb) fb.textContent = (response && response.error && response.error.message) || "No question could be made.";
      return;
    }
    // Python matched what was asked (?level=EASY) to an option: show it, and keep it in the address.
    const form = panel.querySelector(".cd-practice__controls");
    const url = new URL(location.href);
    for (const k of Object.keys(values)) {
      const v = String(response[k] !== undefined ? response[k] : values[k]);
      if (form && form[k]) form[k].value = v;
      url.searchParams.set(k, v);
    }
    history.replaceState(history.state, "", url);
    slot.innerHTML = response.html;
    slot.querySelectorAll(".cd-question").forEach(bindQuestion);
    await renderMath(slot);
    if (focus) {
      const first = slot.querySelector("input");
      if (first) first.focus();
    }
  }

  function bindPractice(panel) {
    if (panel.dataset.bound) return;
    panel.dataset.bound = "1";
    const form = panel.querySelector(".cd-practice__controls");
    const values = () => ({ seed: form.seed.value.trim() || "1", level: form.level.value, topic: form.topic.value });
    const p = params();
    const asked = {};  // the address's values as typed: Python matches them to the options
    for (const name of ["seed", "level", "topic"]) {
      if (p.get(name) && form[name]) { form[name].value = p.get(name); asked[name] = p.get(name); }
    }
    const fromUrl = Object.keys(asked).length > 0;
    showScore(panel, loadScore());
    form.addEventListener("submit", (ev) => ev.preventDefault()); // no inline handler: the CSP forbids them
    form.seed.addEventListener("change", () => loadPractice(panel, values(), false));
    form.level.addEventListener("change", () => loadPractice(panel, values(), false));
    form.topic.addEventListener("change", () => loadPractice(panel, values(), false));
    panel.querySelector(".cd-practice__new").addEventListener("click", () => {
      form.seed.value = String(Math.floor(Math.random() * 1e6));
      loadPractice(panel, values(), true);
    });
    const shown = panel.dataset;
    const wanted = { ...values(), ...asked };
    if (fromUrl && (wanted.seed !== shown.seed || wanted.level !== shown.level || wanted.topic !== shown.topic)) {
      // The prerendered question is another one: never show it for the link's question.
      const slot = panel.querySelector("[data-practice-question]");
      const clean = (v) => String(v).replace(/[<>&"']/g, "");
      slot.innerHTML = '<p class="cd-practice__loading" role="status" data-practice-loading>' +
        `Loading the question of this link (seed ${clean(wanted.seed)}, level ` +
        `${clean(wanted.level)}, topic ${clean(wanted.topic)})…</p>`;
      loadPractice(panel, wanted, false);
    }
  }

  function init() {
    document.querySelectorAll(".cd-question").forEach(bindQuestion);
    document.querySelectorAll("[data-practice]").forEach(bindPractice);
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  window.convdimsQuiz = { check, init };
})();
