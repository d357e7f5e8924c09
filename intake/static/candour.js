// Progressive enhancement only: every page works without this file.
import { initAll } from "./vendor/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
// A second click on any button within a second is ignored, so a form is not sent twice.
initAll({ button: { preventDoubleClick: true } });

// Forms that take seconds (setting a password) cannot be sent twice and say they are working.
for (const form of document.querySelectorAll("form[data-candour-wait]")) {
  form.addEventListener("submit", () => {
    const button = form.querySelector("[type=submit]");
    if (!button) return;
    if (button.tagName === "INPUT") button.value = form.dataset.candourWait;
    else button.textContent = form.dataset.candourWait;
    button.setAttribute("aria-disabled", "true");
    button.disabled = true;
  });
}

// A "Copy receipt" button beside a receipt, where the browser lets a page write to the
// clipboard. Without it one click still selects the whole receipt (CSS user-select: all), to copy
// by hand. What happened is said in a live region, so a screen reader hears "Receipt copied".
for (const receipt of document.querySelectorAll("p.candour-receipt[id]")) {
  if (!navigator.clipboard || !window.isSecureContext) continue;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "govuk-button govuk-button--secondary govuk-!-margin-bottom-2";
  button.textContent = "Copy receipt";
  const said = document.createElement("p");
  said.setAttribute("role", "status");
  said.id = receipt.id + "-copied";
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(receipt.textContent.trim());
      said.textContent = "Receipt copied";
    } catch {
      said.textContent = "Your browser did not let Candour copy it. Select the receipt and copy it.";
    }
    said.className = "govuk-body govuk-!-font-weight-bold";
  });
  receipt.after(button, said);
}
