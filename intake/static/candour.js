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

// A table's box that may scroll sideways is a Tab stop in the HTML, announced as a region that
// "scrolls sideways", so that without JavaScript it can always be scrolled from the keyboard.
// Here a box that does not scroll at its width is neither, and becomes one again when it does
// (a narrower window, a zoom).
for (const box of document.querySelectorAll(".candour-table-scroll[tabindex]")) {
  const role = box.getAttribute("role");
  const label = box.getAttribute("aria-label");
  const tabindex = box.getAttribute("tabindex");
  const mark = () => {
    if (box.scrollWidth > box.clientWidth) {
      box.setAttribute("tabindex", tabindex);
      if (role) box.setAttribute("role", role);
      if (label) box.setAttribute("aria-label", label);
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  };
  mark();
  const observer = new ResizeObserver(mark);
  observer.observe(box);
  const table = box.querySelector("table");
  if (table) observer.observe(table);
}
