// Money forms (deposit, send): a dialog whose form came back fresh after a completed payment
// closes itself, and focus returns to the button that opened it. Without JavaScript the forms
// are pages of their own and none of this is needed.
(() => {
  "use strict";

  document.addEventListener("htmx:after:swap", () => {
    for (const panel of document.querySelectorAll("[data-dialog-done]")) {
      panel.removeAttribute("data-dialog-done");
      const dialog = panel.closest("dialog");
      if (dialog instanceof HTMLDialogElement && dialog.open) dialog.close();
    }
  });
})();
