// Mint — the little behaviour htmx doesn't cover. Loaded with `defer` on every page; no inline
// scripts anywhere (the CSP is script-src 'self'). Everything here is progressive enhancement:
// pages and forms work without it.
(() => {
  "use strict";

  const TOAST_LIFETIME_MS = 5000;

  // --- time zone -------------------------------------------------------------------------------
  // The server greets by the user's local hour; tell it the browser's zone for next time.
  try {
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (tz && !document.cookie.split("; ").includes(`mint_tz=${encodeURIComponent(tz)}`)) {
      document.cookie = `mint_tz=${encodeURIComponent(tz)}; Path=/; Max-Age=31536000; SameSite=Lax`;
    }
  } catch {
    /* no Intl time zone support: the server falls back to UTC */
  }

  // --- sidebar (slide-over on small screens) ---------------------------------------------------
  const root = document.documentElement;
  const setSidebar = (open) => {
    root.classList.toggle("sidebar-open", open);
    for (const btn of document.querySelectorAll("[data-sidebar-open]")) btn.setAttribute("aria-expanded", String(open));
    if (open) document.querySelector(".sidebar .nav-link")?.focus();
  };

  // --- toasts ----------------------------------------------------------------------------------
  const dismissToast = (toast) => {
    if (!toast.isConnected || toast.classList.contains("is-leaving")) return;
    toast.classList.add("is-leaving");
    setTimeout(() => toast.remove(), 200);
  };
  const armToast = (toast) => {
    if (toast.dataset.armed) return;
    toast.dataset.armed = "1";
    let timer = setTimeout(() => dismissToast(toast), TOAST_LIFETIME_MS);
    // Keep it while the pointer or focus is on it, so it can be read.
    toast.addEventListener("mouseenter", () => clearTimeout(timer));
    toast.addEventListener("mouseleave", () => (timer = setTimeout(() => dismissToast(toast), TOAST_LIFETIME_MS / 2)));
  };
  const armToasts = (scope) => {
    for (const toast of scope.querySelectorAll("[data-toast]")) armToast(toast);
  };

  /** Adds a toast built from text only (never HTML). */
  const showToast = (kind, message) => {
    const region = document.getElementById("toasts");
    if (!region) return;
    const toast = document.createElement("div");
    toast.className = `toast toast-${kind}`;
    toast.setAttribute("role", kind === "error" ? "alert" : "status");
    toast.dataset.toast = "";
    const text = document.createElement("p");
    text.className = "toast-text";
    text.textContent = message;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "icon-btn toast-close";
    close.setAttribute("aria-label", "Close");
    close.dataset.toastClose = "";
    close.textContent = "×";
    toast.append(text, close);
    region.append(toast);
    armToast(toast);
  };

  // --- password confirmation --------------------------------------------------------------------
  // <input data-must-match="password">: tell the user as they type, before the round trip.
  const checkMatch = (input) => {
    const other = input.form?.elements.namedItem(input.dataset.mustMatch);
    if (!other || !("value" in other)) return;
    const mismatch = input.value !== "" && input.value !== other.value;
    input.setCustomValidity(mismatch ? "Passwords don't match." : "");
    input.classList.toggle("is-mismatch", mismatch);
  };

  // --- dialogs ----------------------------------------------------------------------------------
  // <button data-dialog-open="id"> opens <dialog id="id">; [data-dialog-close] inside closes it.
  const openDialog = (id) => {
    const dialog = document.getElementById(id);
    if (dialog instanceof HTMLDialogElement && !dialog.open) dialog.showModal();
  };

  // --- one delegated listener per event type ----------------------------------------------------
  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    if (target.closest("[data-sidebar-open]")) return setSidebar(true);
    if (target.closest("[data-sidebar-close]")) return setSidebar(false);
    if (target.closest(".sidebar .nav-link")) setSidebar(false);
    const toastClose = target.closest("[data-toast-close]");
    if (toastClose) return dismissToast(toastClose.closest("[data-toast]"));
    const opener = target.closest("[data-dialog-open]");
    if (opener) {
      event.preventDefault();
      return openDialog(opener.getAttribute("data-dialog-open"));
    }
    const closer = target.closest("[data-dialog-close]");
    if (closer) return closer.closest("dialog")?.close();
    // A click on a modal dialog's backdrop lands on the dialog element itself.
    if (target instanceof HTMLDialogElement && target.open) target.close();
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && root.classList.contains("sidebar-open")) setSidebar(false);
    // A link that acts as a button (a dialog opener) answers Space as a button does, not only Enter.
    const target = event.target instanceof Element ? event.target : null;
    if (event.key === " " && target instanceof HTMLAnchorElement && target.getAttribute("role") === "button") {
      event.preventDefault();
      target.click();
    }
  });

  document.addEventListener("input", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.form) return;
    if (input.dataset.mustMatch) checkMatch(input);
    for (const confirm of input.form.querySelectorAll(`[data-must-match="${CSS.escape(input.name)}"]`)) checkMatch(confirm);
    // The server's message no longer applies once the user edits the field.
    if (input.getAttribute("aria-invalid") === "true") {
      input.removeAttribute("aria-invalid");
      input.closest(".field")?.classList.add("is-edited");
    }
  });

  // --- htmx integration --------------------------------------------------------------------------
  document.addEventListener("htmx:after:swap", (event) => {
    armToasts(document);
    // After a form comes back with errors, put the cursor on the first field that needs attention.
    const ctx = event.detail && event.detail.ctx;
    const target = ctx && ctx.target && ctx.target.isConnected ? ctx.target : null;
    const scope = target || document;
    const invalid = scope.querySelector && scope.querySelector('[aria-invalid="true"]');
    if (invalid instanceof HTMLElement) invalid.focus();
  });

  // Network failures never reach the server, so there is no fragment to swap: say so here.
  document.addEventListener("htmx:error", (event) => {
    const ctx = event.detail && event.detail.ctx;
    if (ctx && ctx.response) return; // the server answered; its response was swapped
    showToast("error", navigator.onLine ? "We couldn't reach Mint. Please try again." : "You're offline. Check your connection and try again.");
  });

  armToasts(document);
})();
