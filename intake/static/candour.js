// Progressive enhancement only: every page works without this file.
import { initAll } from "./vendor/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
// A link styled as a button is a plain link in the HTML (intake.templating.plain_links): here
// GOV.UK Frontend's Button module makes Space activate it, so it is announced as a button.
for (const link of document.querySelectorAll('a.govuk-button[data-module="govuk-button"]')) {
  link.setAttribute("role", "button");
}
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

