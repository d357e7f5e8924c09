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

// On the case page, a form sent while another form's text box holds text not yet sent carries
// that text along, as hidden fields named "unsent-<box>", so the page it comes back to shows it
// in its own box again (triage.views.redisplay.carry). Without JavaScript a browser sends only
// the form whose button was pressed: the page says so instead.
for (const area of document.querySelectorAll("[data-candour-unsent]")) {
  const forms = [...area.querySelectorAll("form")];
  for (const form of forms) {
    form.addEventListener("submit", () => {
      // Sent again (after Back, say): only what the other boxes hold now.
      for (const old of form.querySelectorAll("[data-candour-carried]")) old.remove();
      for (const other of forms) {
        if (other === form) continue;
        for (const box of other.querySelectorAll("textarea[name]")) {
          if (!box.value.trim()) continue;
          // A hidden text box, not a hidden input, so line breaks are sent as typed.
          const carried = document.createElement("textarea");
          carried.hidden = true;
          carried.name = `unsent-${box.name}`;
          carried.value = box.value;
          carried.dataset.candourCarried = "";
          form.append(carried);
        }
      }
    });
  }
}

// A refused form on a long page (the case page) comes back at its own place, "#<its section>".
// Going to that place takes the focus from the error summary GOV.UK Frontend gave it, so a
// screen reader would hear nothing: the first field in error there takes the focus instead,
// read out with its label and its error; with none there, the error summary takes it back.
window.addEventListener("load", () => {
  const summary = document.querySelector(".govuk-error-summary");
  const id = decodeURIComponent(location.hash.slice(1));
  const place = id && document.getElementById(id);
  if (!summary || !place || document.activeElement !== document.body) return;
  const field = place.querySelector(
    ".govuk-form-group--error :is(input, textarea, select):not([type=hidden])",
  );
  if (field) field.focus();
  else {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
});

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
