// Verification page: a document over the size limit is refused as soon as it is chosen, before
// 10 MB travel anywhere. Progressive enhancement only: the server checks the size (and the API
// reads the type from the file's bytes) whether or not this runs.
(() => {
  "use strict";

  const MB = 1024 * 1024;

  const fieldError = (input) => input.closest(".field")?.querySelector("[data-file-error]");

  /** Shows or clears the size message of a file input; true when the chosen file is too large. */
  const checkSize = (input) => {
    const max = Number(input.dataset.maxBytes);
    const file = input.files && input.files[0];
    const tooLarge = !!file && Number.isFinite(max) && file.size > max;
    const message = tooLarge ? `That file is larger than ${Math.round(max / MB)} MB. Choose a smaller photo or scan (JPEG, PNG or PDF).` : "";
    input.setCustomValidity(message);
    const error = fieldError(input);
    if (error) {
      error.textContent = message;
      error.hidden = !tooLarge;
    }
    if (tooLarge) {
      input.setAttribute("aria-invalid", "true");
      if (error?.id && !(input.getAttribute("aria-describedby") || "").includes(error.id)) {
        input.setAttribute("aria-describedby", `${input.getAttribute("aria-describedby") || ""} ${error.id}`.trim());
      }
    } else {
      input.removeAttribute("aria-invalid");
    }
    return tooLarge;
  };

  document.addEventListener("change", (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.type === "file" && input.dataset.maxBytes) checkSize(input);
  });

  // Captured on the document, so neither the browser nor htmx sends a form whose file is too large.
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement)) return;
      const input = form.querySelector("input[type=file][data-max-bytes]");
      if (input instanceof HTMLInputElement && checkSize(input)) {
        event.preventDefault();
        event.stopImmediatePropagation();
        input.focus();
      }
    },
    true,
  );
})();
