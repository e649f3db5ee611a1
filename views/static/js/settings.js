// Settings: copy a webhook secret shown once, and take the one-time key out of the address bar.
// Progressive enhancement only: without JavaScript the secret's field can be selected and copied.
(() => {
  "use strict";

  const say = (button, text) => {
    const status = button.closest(".wh-secret")?.querySelector("[data-copy-status]");
    if (status) status.textContent = text;
    const label = button.querySelector(".btn-label");
    if (label) {
      label.textContent = text === "Copied" ? "Copied" : "Copy";
      setTimeout(() => (label.textContent = "Copy"), 2500);
    }
  };

  const copy = async (button) => {
    const field = document.getElementById(button.getAttribute("data-copy") || "");
    if (!(field instanceof HTMLInputElement)) return;
    try {
      await navigator.clipboard.writeText(field.value);
      say(button, "Copied");
    } catch {
      // No clipboard permission: select the text so the user can copy it themselves.
      field.focus();
      field.select();
      say(button, "Selected: press Ctrl+C or ⌘C to copy");
    }
  };

  const enhance = (scope) => {
    for (const button of scope.querySelectorAll("button[data-copy][hidden]")) button.hidden = false;
  };

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const button = target?.closest("button[data-copy]");
    if (button) return void copy(button);
    // Cancel in the delete dialog only closes it; as a link (without JavaScript) it goes back.
    const cancel = target?.closest("#wh-delete-dialog a[data-dialog-close]");
    if (cancel) event.preventDefault();
  });

  // The key in ?reveal= opens the secret once; nothing is gained by keeping it in the history.
  const url = new URL(window.location.href);
  if (url.searchParams.has("reveal")) {
    url.searchParams.delete("reveal");
    history.replaceState(history.state, "", url.pathname + url.search + url.hash);
  }

  enhance(document);
  document.addEventListener("htmx:after:swap", () => enhance(document));
})();
