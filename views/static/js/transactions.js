// /transactions: the detail opens as a side panel, and "Load more" keeps the keyboard in place.
// Progressive enhancement only: without this, a row is a link to the transaction's own page.
(() => {
  "use strict";

  const PANEL = "txn-detail";
  const BODY = "txn-detail-body";

  document.addEventListener("htmx:after:swap", () => {
    // A row's detail was loaded into the panel: show it (focus moves into it, and back on close).
    const panel = document.getElementById(PANEL);
    const body = document.getElementById(BODY);
    if (panel instanceof HTMLDialogElement && body && !panel.open && body.querySelector(".txn-detail")) panel.showModal();

    // After "Load more", continue from the first new row rather than from the top of the page.
    const start = document.querySelector("[data-txn-page-start]");
    if (start) {
      start.removeAttribute("data-txn-page-start");
      start.querySelector("a.txn-link")?.focus();
    }
  });

  // Choosing from a list applies the filters at once (text, amounts and dates wait for "Apply
  // filters" or Enter, so a half-typed value never replaces what the user is typing).
  document.addEventListener("change", (event) => {
    const select = event.target;
    if (select instanceof HTMLSelectElement && select.form?.id === "txn-filters") select.form.requestSubmit();
  });

  // On a phone the filters fold behind their heading, so the list comes first: the heading becomes
  // a button that shows and hides them. Left open while a filter is set or a field has a message,
  // so what shapes the list is always in view. Without JavaScript the form simply stays open.
  const PHONE = window.matchMedia("(max-width: 640px)");
  const foldFilters = () => {
    const form = document.getElementById("txn-filters");
    const heading = document.getElementById("txn-filters-title");
    if (!(form instanceof HTMLFormElement) || !heading || heading.querySelector("button") || !PHONE.matches) return;
    const inUse = [...form.elements].some((el) => (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) && el.value !== "") || form.querySelector("[aria-invalid='true']");
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "txn-filters-toggle";
    toggle.setAttribute("aria-controls", form.id);
    toggle.textContent = heading.textContent.trim();
    const show = (open) => {
      toggle.setAttribute("aria-expanded", String(open));
      form.hidden = !open;
    };
    toggle.addEventListener("click", () => show(form.hidden));
    heading.replaceChildren(toggle);
    show(Boolean(inUse));
  };
  foldFilters();
  document.addEventListener("htmx:after:swap", foldFilters);

  // A closed panel is emptied, so it no longer refreshes itself in the background.
  document.addEventListener(
    "close",
    (event) => {
      const panel = event.target;
      if (!(panel instanceof HTMLDialogElement) || panel.id !== PANEL) return;
      const body = document.getElementById(BODY);
      if (!body) return;
      const heading = document.createElement("h2");
      heading.id = "txn-detail-title";
      heading.className = "txn-visually-hidden";
      heading.textContent = "Transaction details";
      body.replaceChildren(heading);
    },
    true,
  );
})();
