// Admin console: the parts that refresh themselves ([data-poll]: the dashboard's figures, the
// review queues, the pending approvals) skip a refresh while it would get in the way or cost for
// nothing: a dialog is open (a refresh would close a dialog inside the part), the person is
// typing in the part, or the tab is not visible. The next tick catches up.
(() => {
  "use strict";

  const busy = (part) => {
    if (document.hidden) return true;
    if (document.querySelector("dialog[open]")) return true;
    const active = document.activeElement;
    return !!active && part.contains(active) && active.matches("input, textarea, select");
  };

  document.addEventListener("htmx:config:request", (event) => {
    // The event fires on the element that asks: the part itself for its refresh (a form inside it
    // asks for itself and is never held back).
    const part = event.target;
    if (!(part instanceof Element) || !part.hasAttribute("data-poll")) return;
    if (busy(part)) event.preventDefault();
  });
})();
