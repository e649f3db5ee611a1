// The user app shell's live parts: the tab's SSE connection (htmx's SSE extension does the
// connecting, reconnecting and swapping; this only keeps the lists tidy and says what state the
// connection is in) and the menu links that open the sidebar without JavaScript.
(() => {
  "use strict";

  const PANEL_LIMIT = 20;
  const root = document.documentElement;

  // --- connection state ---------------------------------------------------------------------------
  // <html data-live="connecting|connected|reconnecting|closed">: for styles and for tests.
  const setLive = (state) => {
    root.dataset.live = state;
  };
  if (document.querySelector(".live-connection")) setLive("connecting");
  document.addEventListener("live-connected", () => setLive("connected"));
  document.addEventListener("htmx:sse:error", () => setLive("reconnecting"));
  document.addEventListener("htmx:sse:close", () => setLive("closed"));
  document.addEventListener("live-unavailable", () => setLive("reconnecting"));

  // The session ended while the page was open: say so once, in words (never HTML).
  document.addEventListener("session-ended", () => {
    const region = document.getElementById("toasts");
    if (!region) return;
    const toast = document.createElement("div");
    toast.className = "toast toast-info";
    toast.setAttribute("role", "status");
    const text = document.createElement("p");
    text.className = "toast-text";
    text.textContent = "You've been signed out. Reload the page to sign in again.";
    toast.append(text);
    region.append(toast);
  });

  // --- lists fed by the stream --------------------------------------------------------------------
  // A notification may arrive twice (the stream starts a little before the page was built, and a
  // cut connection replays): before an item is added to a list, drop it if the list shows it.
  // Swaps that replace a list's content (a fresh load) are left alone.
  const ADDS = new Set(["afterbegin", "beforeend"]);
  document.addEventListener("htmx:before:swap", (event) => {
    for (const task of (event.detail && event.detail.tasks) || []) {
      const list = task.target;
      if (!(list instanceof Element) || !list.classList.contains("notif-list") || !task.fragment) continue;
      if (!ADDS.has(task.swapSpec && task.swapSpec.style)) continue;
      // Ids are UUIDv7 (time-ordered as text). On top of a list goes only what is newer than its
      // newest item: an older one is either shown already or belongs to a later page of the feed
      // (a replay of the stream's first seconds can bring notifications the page left for Load more).
      const newest = task.swapSpec.style === "afterbegin" ? list.querySelector(":scope > [data-notification-id]") : null;
      const newestId = newest ? newest.getAttribute("data-notification-id") : null;
      for (const item of task.fragment.querySelectorAll("[data-notification-id]")) {
        const id = item.getAttribute("data-notification-id");
        if (newestId !== null && id <= newestId) item.remove();
        else if (list.querySelector(`:scope > [data-notification-id="${CSS.escape(id)}"]`)) item.remove();
      }
    }
  });
  // The slide-over keeps the latest few.
  document.addEventListener("htmx:after:swap", () => {
    const panel = document.getElementById("notifications-panel-list");
    if (!panel) return;
    const items = panel.querySelectorAll(":scope > [data-notification-id]");
    for (let i = PANEL_LIMIT; i < items.length; i++) items[i].remove();
  });

  // --- menu without the hash ------------------------------------------------------------------------
  // The menu buttons are links to #sidebar / #content so the menu works without JavaScript; with
  // it, app.js opens and closes the sheet and the URL keeps no #sidebar behind.
  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest("a[data-sidebar-open], a[data-sidebar-close]")) event.preventDefault();
  });
})();
