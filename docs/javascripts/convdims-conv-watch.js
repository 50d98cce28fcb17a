/* The watchable convolution (calculator/widgets/conv_watch.py): Python renders the grids and
   lists, per step, the input cells its window reads and the sum it computes
   (data-watch-steps). This script only moves the highlight: Play / Pause, the step slider,
   and hovering or focusing an output cell. It binds every .cd-watch it finds, including the
   ones the widget script re-renders and those Material's instant navigation brings in. */
(function () {
  "use strict";
  var DELAY_MS = 800;

  function bind(root) {
    if (root.dataset.watchBound) return;
    root.dataset.watchBound = "1";
    var steps;
    try { steps = JSON.parse(root.dataset.watchSteps || "[]"); } catch (e) { return; }
    if (!steps.length) return;
    var play = root.querySelector('[data-watch="play"]');
    var scrub = root.querySelector('[data-watch="scrub"]');
    var where = root.querySelector('[data-watch="where"]');
    var text = root.querySelector('[data-watch="text"]');
    var cells = {};
    root.querySelectorAll("td[data-cell]").forEach(function (td) { cells[td.dataset.cell] = td; });
    var current = 0, timer = null;

    function show(k) {
      current = k;
      root.querySelectorAll(".cd-grid--input td.cd-grid__on, .cd-grid--output td.cd-grid__current")
        .forEach(function (td) { td.classList.remove("cd-grid__on", "cd-grid__current"); });
      var step = steps[k];
      step.cells.forEach(function (id) { if (cells[id]) cells[id].classList.add("cd-grid__on"); });
      if (cells[step.out]) cells[step.out].classList.add("cd-grid__current");
      var label = "window " + (k + 1) + " of " + steps.length;
      if (scrub) { scrub.value = String(k + 1); scrub.setAttribute("aria-valuetext", label); }
      if (where) where.textContent = label;
      if (text) text.textContent = step.text;
    }
    function stop() {
      if (timer) { clearInterval(timer); timer = null; }
      if (play) { play.textContent = "Play"; play.setAttribute("aria-pressed", "false"); }
    }
    function start() {
      if (current >= steps.length - 1) show(0);
      timer = setInterval(function () {
        if (!root.isConnected) { stop(); return; }
        if (current >= steps.length - 1) { stop(); return; }
        show(current + 1);
      }, DELAY_MS);
      play.textContent = "Pause";
      play.setAttribute("aria-pressed", "true");
    }
    if (play) play.addEventListener("click", function () { if (timer) stop(); else start(); });
    if (scrub) scrub.addEventListener("input", function () { stop(); show(Number(scrub.value) - 1); });
    root.querySelectorAll(".cd-grid--output td[data-step]").forEach(function (td) {
      var k = Number(td.dataset.step);
      td.addEventListener("mouseenter", function () { stop(); show(k); });
      td.addEventListener("focus", function () { stop(); show(k); });
    });
    show(0);
  }

  function scan() { document.querySelectorAll(".cd-watch").forEach(bind); }
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; scan(); });
  }).observe(document.documentElement, { childList: true, subtree: true });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scan);
  else scan();
})();
