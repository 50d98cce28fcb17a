// ConvDims storage: localStorage read through a shape check. What was stored is parsed and
// checked against the shape the caller expects; valid parts are kept, the rest is reset (and
// written back, so the next save works), and the page says so in a small notice. Only the
// shape is checked here: the values' meaning stays with the code that uses them.
(function () {
  "use strict";
  if (window.convdimsStorage) return;

  const isRecord = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  const isCount = (v) => Number.isSafeInteger(v) && v >= 0;

  // Shapes: functions parsed-JSON -> {value, dropped}; `dropped` is true when anything was reset.
  const shapes = {
    // {name: count} for the given names, each a non-negative whole number (missing -> 0).
    counts(names) {
      return (v) => {
        const value = {};
        let dropped = !isRecord(v);
        for (const n of names) {
          const x = isRecord(v) ? v[n] : undefined;
          value[n] = isCount(x) ? x : 0;
          if (!isCount(x)) dropped = true;
        }
        return { value, dropped };
      };
    },
    // {key: record}: each entry kept when it is an object that `valid` accepts.
    records(valid) {
      return (v) => {
        if (!isRecord(v)) return { value: {}, dropped: true };
        const value = {};
        let dropped = false;
        for (const [k, r] of Object.entries(v)) {
          if (isRecord(r) && valid(r)) value[k] = r;
          else dropped = true;
        }
        return { value, dropped };
      };
    },
  };

  function notice(what) {
    const show = () => {
      const host = document.querySelector(".md-content__inner") || document.body;
      let el = document.getElementById("cd-storage-notice");
      if (!el) {
        el = document.createElement("p");
        el.id = "cd-storage-notice";
        el.className = "cd-note cd-storage-notice";
        el.setAttribute("role", "status");
        host.prepend(el);
      }
      el.textContent = `Part of your saved ${what} could not be read: what was valid is kept, the rest was reset.`;
    };
    if (document.body) show();
    else document.addEventListener("DOMContentLoaded", show, { once: true });
  }

  function write(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); return true; } catch (_) { return false; /* private mode */ }
  }

  // The stored value of `key` in `shape` (nothing stored: the shape's empty value).
  function read(key, shape, what) {
    let raw = null;
    try { raw = localStorage.getItem(key); } catch (_) { /* storage disabled: start empty */ }
    let parsed; // stays undefined when nothing is stored or the text is not JSON
    try { if (raw !== null) parsed = JSON.parse(raw); } catch (_) { /* reset below */ }
    const { value, dropped } = shape(parsed);
    if (raw !== null && dropped) {
      write(key, value);
      notice(what);
    }
    return value;
  }

  window.convdimsStorage = { read, write, shapes };
})();
