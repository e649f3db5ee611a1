// /social — progressive enhancement only: every link and form here works without this file.
(() => {
  "use strict";

  // --- dialogs whose content is loaded when opened ------------------------------------------------
  // <a href="/social/contacts/X/send" data-dialog-load="id">: without JavaScript a page with the
  // form; with it, the same form is fetched into <dialog id> and the dialog opens.
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[data-dialog-load]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const dialog = document.getElementById(link.getAttribute("data-dialog-load"));
    const slot = dialog && dialog.querySelector("[data-dialog-slot]");
    if (!(dialog instanceof HTMLDialogElement) || !slot || typeof htmx === "undefined") return;
    event.preventDefault();
    htmx
      .ajax("GET", link.getAttribute("href"), { target: slot, swap: "innerHTML" })
      .then(() => {
        if (!dialog.open) dialog.showModal();
        const first = dialog.querySelector("[autofocus]");
        if (first instanceof HTMLElement) first.focus();
      })
      .catch(() => {
        window.location.href = link.getAttribute("href");
      });
  });

  // --- a dialog whose work is done closes --------------------------------------------------------
  // The server answers a finished panel (data-dialog-done); focus returns to what opened the dialog.
  document.addEventListener("htmx:after:process", (event) => {
    const root = event.target;
    if (!(root instanceof Element)) return;
    const finished = root.matches("[data-dialog-done]") ? root : root.querySelector("[data-dialog-done]");
    const dialog = finished && finished.closest("dialog");
    if (!(dialog instanceof HTMLDialogElement) || !dialog.open) return;
    dialog.close();
    // Focus went back to the opener; when that was removed with its row, stay in its section.
    if (document.activeElement === document.body) focusSection(document.getElementById("contacts-part") || dialog);
  });

  // --- sections --------------------------------------------------------------------------------------
  // After htmx swaps a section in, focus its link (the one clicked was replaced with the section).
  document.addEventListener("htmx:after:process", (event) => {
    const root = event.target;
    if (!(root instanceof Element) || root.id !== "social" || document.activeElement !== document.body) return;
    const current = root.querySelector('[data-social-tab][aria-current="page"]');
    if (current instanceof HTMLElement) current.focus();
  });

  // A list swapped while the reader was in it (a contact removed, a request answered), or a
  // dialog closed whose opener is gone: keep the reader in the section rather than at the top.
  const focusSection = (element) => {
    const heading = element && element.closest("section") && element.closest("section").querySelector(".card-title");
    if (!(heading instanceof HTMLElement)) return;
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  };
  let focusWasInList = false;
  document.addEventListener("htmx:before:swap", () => {
    const active = document.activeElement;
    focusWasInList = !!(active && active.closest && active.closest(".social-part"));
  });
  document.addEventListener("htmx:after:process", (event) => {
    const root = event.target;
    if (!(root instanceof Element) || !root.classList.contains("social-part")) return;
    if (!focusWasInList || (document.activeElement && document.activeElement !== document.body)) return;
    focusWasInList = false;
    focusSection(root);
  });

  // --- Enter in a form's fields creates; in its search box it searches -------------------------------
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.isComposing) return;
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type === "radio" || input.type === "checkbox") return;
    const form = input.form;
    if (!form || form.dataset.enterSubmits !== "create" || input.dataset.peopleSearch) return;
    const create = form.querySelector("[data-create]");
    if (!(create instanceof HTMLButtonElement)) return;
    event.preventDefault();
    form.requestSubmit(create);
  });

  // --- the split's "Allocated $A of $T", live ------------------------------------------------------
  // Amounts are read as text (as the server reads them), never through a float.
  const DOLLARS = /^(\d{1,3}(,\d{3})+|\d+)(\.(\d{1,2}))?$/;
  const toCents = (text) => {
    const match = DOLLARS.exec(String(text).trim().replace(/^\$\s*/, ""));
    if (!match) return null;
    const whole = match[1].replace(/,/g, "");
    if (whole.length > 10) return null;
    const cents = Number(whole) * 100 + Number((match[4] || "").padEnd(2, "0"));
    return cents > 0 ? cents : null;
  };
  const money = (cents) => {
    const whole = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return `$${whole}.${String(cents % 100).padStart(2, "0")}`;
  };
  const readAllocation = (form) => {
    const totalInput = form.querySelector("[data-split-total]");
    const shares = [...form.querySelectorAll("[data-split-share]")].map((i) => toCents(i.value));
    const allocated = shares.reduce((sum, s) => sum + (s || 0), 0);
    const total = totalInput ? toCents(totalInput.value) : null;
    return { shares, allocated, total, allRead: shares.length > 0 && shares.every((s) => s !== null) };
  };
  const allocationText = ({ allocated, total }) => {
    let text = `Allocated ${money(allocated)}`;
    if (total === null) return `${text} (enter the total)`;
    text += ` of ${money(total)}`;
    if (allocated < total) text += `: ${money(total - allocated)} left to allocate`;
    else if (allocated > total) text += `: ${money(allocated - total)} too much`;
    return text;
  };
  const updateAllocation = (form) => {
    const out = form.querySelector("[data-split-allocation]");
    if (!out) return;
    const { shares, allocated, total } = readAllocation(form);
    const text = allocationText({ allocated, total });
    const balanced = total !== null && shares.length > 0 && shares.every((s) => s !== null) && allocated === total;
    if (out.textContent !== text) out.textContent = text;
    out.classList.toggle("is-balanced", balanced);
  };
  document.addEventListener("input", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.form || !input.form.hasAttribute("data-split-form")) return;
    if (input.hasAttribute("data-split-share") || input.hasAttribute("data-split-total")) updateAllocation(input.form);
  });

  // Shares that don't add up to the total are not sent: the page says so where the sum is shown
  // (the server refuses them too, with the same words, for a page without this script).
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-split-form")) return;
      if (!(event.submitter instanceof HTMLElement) || !event.submitter.hasAttribute("data-create")) return;
      const a = readAllocation(form);
      if (a.total === null || !a.allRead || a.allocated === a.total) return;
      event.preventDefault();
      event.stopPropagation();
      let message = form.querySelector("#split-shares-error");
      if (!message) {
        message = document.createElement("p");
        message.id = "split-shares-error";
        message.className = "field-error";
        message.setAttribute("role", "alert");
        form.querySelector(".split-allocation-row")?.after(message);
      }
      message.textContent = `The shares must add up to the total to the cent. ${allocationText(a)}.`;
    },
    true,
  );

  // --- an expanded split stays expanded when the list refreshes ----------------------------------------
  // Which splits the reader has open, kept as they toggle them (not read at swap time: another swap,
  // a live notification's, can run between the list's removal and its replacement being processed).
  const openSplits = new Set();
  document.addEventListener(
    "toggle",
    (event) => {
      const details = event.target;
      if (!(details instanceof HTMLDetailsElement) || !details.id || !details.closest("#splits-part")) return;
      if (details.open) openSplits.add(details.id);
      else openSplits.delete(details.id);
    },
    true,
  );
  document.addEventListener("htmx:after:process", (event) => {
    const root = event.target;
    if (!(root instanceof Element) || root.id !== "splits-part") return;
    for (const id of openSplits) {
      const details = document.getElementById(id);
      // Opening fires "toggle", which loads the split's shares afresh.
      if (details instanceof HTMLDetailsElement && !details.open) details.open = true;
    }
  });
})();
