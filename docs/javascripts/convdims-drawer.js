// Material's navigation drawer (screens under 1220 px) stays in the tab order while it is
// closed and off-screen, so the keyboard walks through every navigation link without
// seeing where it is. The drawer opens while keyboard focus is inside it and closes when
// focus moves on to another element outside it (a click elsewhere goes through Material's
// overlay, which closes it as before).
(function () {
  "use strict";
  if (window.convdimsDrawer) return;
  window.convdimsDrawer = true;

  const NARROW = window.matchMedia("(max-width: 76.234375em)");
  const inDrawer = (el) => el instanceof Element && !!el.closest(".md-sidebar--primary");

  function setOpen(open) {
    const toggle = document.getElementById("__drawer");
    if (!toggle || toggle.checked === open) return;
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change", { bubbles: true }));
  }

  document.addEventListener("focusin", (e) => {
    if (NARROW.matches && inDrawer(e.target) && e.target.matches(":focus-visible")) setOpen(true);
  });
  document.addEventListener("focusout", (e) => {
    if (NARROW.matches && inDrawer(e.target) && e.relatedTarget && !inDrawer(e.relatedTarget)) setOpen(false);
  });
})();
