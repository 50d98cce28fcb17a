/* The course progress view on the home page: the lessons table (.cd-course) gains a
   "Done" column, a summary ("5 of 17 lessons completed") with a progress bar, and a
   "Start again" button. It only reads and resets what convdims-progress.js keeps
   (window.convdimsProgress); it draws, it decides nothing. */
(function () {
  "use strict";

  function draw() {
    var api = window.convdimsProgress;
    var course = document.querySelector(".cd-course");
    if (!api || !course) return;
    var table = course.querySelector("table");
    if (!table) return;
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var head = table.querySelector("thead tr");
    if (head && !head.querySelector(".cd-course__done")) {
      var th = document.createElement("th");
      th.className = "cd-course__done";
      th.textContent = "Done";
      head.appendChild(th);
    }
    var done = 0;
    rows.forEach(function (tr) {
      var link = tr.querySelector("a[href]");
      var cell = tr.querySelector(".cd-course__done");
      if (!cell) { cell = document.createElement("td"); cell.className = "cd-course__done"; tr.appendChild(cell); }
      var complete = !!(link && api.isComplete(link.href));
      if (complete) done += 1;
      cell.textContent = complete ? "✓" : "";
      cell.setAttribute("aria-label", complete ? "completed" : "not yet");
    });
    var summary = course.querySelector(".cd-course__summary");
    if (!summary) {
      summary = document.createElement("div");
      summary.className = "cd-course__summary";
      summary.innerHTML = '<p role="status"></p><progress max="1" value="0"></progress> ' +
        '<button type="button" class="md-button">Start again</button>';
      summary.querySelector("button").addEventListener("click", function () {
        if (window.confirm("Forget which lessons you have completed in this browser?")) { api.reset(); draw(); }
      });
      course.insertBefore(summary, course.firstChild);
    }
    var bar = summary.querySelector("progress");
    bar.max = rows.length;
    bar.value = done;
    bar.setAttribute("aria-label", "lessons completed");
    summary.querySelector("p").textContent = done + " of " + rows.length + " lessons completed" +
      (done === rows.length && rows.length ? ": the whole course." : ".");
    summary.querySelector("button").hidden = done === 0;
  }

  document.addEventListener("convdims:lesson-complete", draw);
  function hook() {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(draw);
    else draw();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", hook, { once: true });
  else hook();
})();
