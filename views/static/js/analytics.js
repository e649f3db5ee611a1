// Analytics page: the little the base script doesn't do for its dialogs. Progressive enhancement
// only: without JavaScript the openers and Cancel are plain links to the add and change pages.
(() => {
  "use strict";

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    // Cancel inside a dialog only closes it (the base script does that); as a link it would leave the page.
    const cancel = target.closest("a[data-dialog-close]");
    if (cancel && cancel.closest("dialog")) {
      event.preventDefault();
      return;
    }
    // An opener whose dialog is not on the page (the budgets list came back after the service was
    // down when the page was drawn) goes to the page the dialog stands for.
    const opener = target.closest("#budgets a[data-dialog-open]");
    if (opener instanceof HTMLAnchorElement && !document.getElementById(opener.getAttribute("data-dialog-open") || "")) {
      window.location.assign(opener.href);
    }
  });
})();
