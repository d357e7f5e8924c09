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

// The queue's filters are folded into a <details> so that a phone shows the first case without
// two screens of them first (templates/team/queue.html); a wider screen has room for them open.
for (const folded of document.querySelectorAll("details[data-candour-open-wide]")) {
  if (window.matchMedia("(min-width: 40.0625em)").matches) folded.open = true;
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

// A form accepted on a long page (the case page) comes back at its own place too, with a success
// banner at the top of the page. GOV.UK Frontend gives the banner the focus, but going to that
// place then takes the focus from it (to nothing) and scrolls it out of sight, so neither a
// screen reader nor a phone showed that it was done: the banner takes the focus back, and with
// it comes into view. A refused form's error summary comes first (above).
window.addEventListener("load", () => {
  const banner = document.querySelector(".govuk-notification-banner--success[role=alert]");
  if (!banner || document.querySelector(".govuk-error-summary")) return;
  if (document.activeElement !== document.body) return; // the member has moved on already
  banner.setAttribute("tabindex", "-1");
  // As GOV.UK Frontend does: focusable only until it loses the focus, so a click on it later
  // draws no focus outline.
  banner.addEventListener("blur", () => banner.removeAttribute("tabindex"), { once: true });
  banner.focus();
});

// A "Copy receipt" button beside a receipt, where the browser lets a page write to the
// clipboard. Without it one click still selects the whole receipt (CSS user-select: all), to copy
// by hand. What happened is said in a live region, so a screen reader hears "Receipt copied".
let receiptCopied = false;
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
      receiptCopied = true;
      said.textContent =
        "Receipt copied. Paste it somewhere only you can see, " +
        "such as a password manager on your own device.";
    } catch {
      said.textContent = "Your browser did not let Candour copy it. Select the receipt and copy it.";
    }
    said.className = "govuk-body govuk-!-font-weight-bold";
  });
  receipt.after(button, said);
}

// "Exit this page" (its button, or Shift pressed three times) empties the clipboard of a receipt
// copied here, or the next person on a shared device could paste it at /status. GOV.UK
// Frontend's ExitThisPage hides the page as it leaves, by a class on the body: seen here in the
// same task as the click or key press, so the browser still counts it as the person's gesture,
// as writing to the clipboard needs. Not awaited: a refusal must not hold up leaving.
if (document.querySelector("p.candour-receipt[id]")) {
  new MutationObserver((changes, observer) => {
    if (!document.body.classList.contains("govuk-exit-this-page-hide-content")) return;
    observer.disconnect();
    if (receiptCopied) navigator.clipboard.writeText("").catch(() => {});
  }).observe(document.body, { attributes: true, attributeFilter: ["class"] });
}

// A receipt typed in a receipt field (the /status lookup, which shows a refused one back, and the
// confirmation of replacing it or withdrawing) is gone when the page is come back to by Back or
// Forward, from the browser's memory or fetched again: on a shared device that is the next
// person. A reload, or the redirect showing a refusal, keeps it for the reporter to check.
window.addEventListener("pageshow", (event) => {
  const [entry] = performance.getEntriesByType("navigation");
  if (!event.persisted && entry?.type !== "back_forward") return;
  for (const field of document.querySelectorAll('input[type="text"][name="receipt"]')) {
    field.value = "";
  }
});

// The reporter's session ends on the server after a time without a request
// (intake/reporter_session.py). Where a reporter types, and where a receipt or a report is
// shown, a dialog warns before it does and offers more time (templates/reporter/timeout.html:
// GOV.UK's "warn users before a session times out").
// Typing in the page's form keeps the session too, at most once every few minutes: keystrokes
// need a person at the keyboard, so a device left unattended still closes the session in time.
const SECOND = 1000;
const warning = document.getElementById("timeout-warning");
const channel = "BroadcastChannel" in window ? new BroadcastChannel("candour-session") : null;
if (document.querySelector("[data-candour-session-used]")) channel?.postMessage("used");

// "Exit this page" (its button, or Shift three times) or "Sign out" in one tab ended the session,
// but another tab of the same browser still showed the report until it was reloaded: on a shared
// device, to whoever picked it up next. Every other Candour tab now leaves too, at once, for
// where "Exit this page" goes (its /exit ends what is left of the session, then leads to an
// everyday site). Said by a BroadcastChannel, which stores nothing on the device. Only pages
// with "Exit this page" (the reporter's) leave. Without JavaScript the other tab's next request
// finds no session.
const exitLink = document.querySelector("a.govuk-exit-this-page__button[href]");
// Takes away everything the page shows but "Exit this page", which is inside <main>: the page
// that replaces this one may take a while to come on a slow connection, and a reporter must be
// able to leave meanwhile.
const clearMain = () => {
  const main = document.getElementById("main-content");
  main?.replaceChildren(...main.querySelectorAll(":scope > .govuk-exit-this-page"));
};
let leaving = false;
const leaveAtOnce = () => {
  if (leaving || !exitLink) return;
  leaving = true;
  document.body.classList.add("govuk-exit-this-page-hide-content");
  clearMain();
  location.replace(exitLink.href); // replaced, so Back does not lead to this page either
};
const tellOtherTabs = () => {
  if (leaving) return;
  leaving = true; // this tab is on its way already
  channel?.postMessage("ended");
};
channel?.addEventListener("message", (event) => {
  if (event.data === "ended") leaveAtOnce();
});
if (exitLink) {
  // GOV.UK Frontend's ExitThisPage hides the page by a class on the body as it leaves, whether by
  // its button or by Shift pressed three times; a click is heard too, where it did not start.
  new MutationObserver(() => {
    if (document.body.classList.contains("govuk-exit-this-page-hide-content")) tellOtherTabs();
  }).observe(document.body, { attributes: true, attributeFilter: ["class"] });
  exitLink.addEventListener("click", tellOtherTabs);
}
// Signed out: said by the page that says so (once), when the session has surely ended. Sent
// as the form was, another tab's /exit could empty the cookie holding that page's message.
if (document.querySelector("[data-candour-session-ended]")) channel?.postMessage("ended");
if (warning && typeof warning.showModal === "function") initTimeout(warning);

function initTimeout(dialog) {
  const idle = Number(dialog.dataset.idleSeconds) * SECOND;
  const lead = Number(dialog.dataset.warningSeconds) * SECOND;
  const keepGroup = dialog.querySelector("#timeout-keep");
  const left = dialog.querySelector("[data-timeout-left]");
  const endedTemplate = document.getElementById("timeout-ended-template");
  const typingEvery = Math.min(5 * 60 * SECOND, idle / 6);
  // The server stamped its last use while this page was being fetched, in whole seconds: count
  // from the start of that fetch, a second early, so this page never says more time than is left.
  // The time left is the whole idle time, but less on a page fetched as it closed itself
  // while another tab had kept the session (that fetch was not a use of it).
  const leftAtFetch = Number(dialog.dataset.leftSeconds) * SECOND;
  let deadline = Date.now() - performance.now() - SECOND + leftAtFetch;
  let keptAt = Date.now();
  let timers = [];
  let ticker = null;
  let returnFocus = null;
  let over = false;

  const wait = (ms, then) => timers.push(setTimeout(then, Math.max(0, ms)));
  const schedule = () => {
    timers.forEach(clearTimeout);
    timers = [];
    wait(deadline - lead - Date.now(), open);
    // Said only once the server has surely ended it: a little after the cautious deadline.
    wait(deadline - Date.now() + 3 * SECOND, end);
  };
  const words = (ms) => {
    const seconds = Math.max(0, Math.ceil(ms / SECOND));
    if (seconds >= 120) return `${Math.ceil(seconds / 60)} minutes`;
    return seconds === 1 ? "1 second" : `${seconds} seconds`;
  };
  const showLeft = () => {
    left.textContent = words(deadline - Date.now());
  };
  function open() {
    if (over || dialog.open) return;
    returnFocus = document.activeElement;
    showLeft();
    // Counted down on screen only: the dialog's description is read once when it opens.
    ticker = setInterval(showLeft, SECOND);
    dialog.showModal(); // focus moves to "Keep my answers"; the page behind is inert
  }
  function close() {
    clearInterval(ticker);
    if (dialog.open) dialog.close();
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
  }
  function end() {
    if (over) return;
    over = true;
    close();
    if (dialog.dataset.closesTo) {
      // A page showing a receipt or a report keeps nothing on screen but "Exit this page": its
      // content goes at once, and fetched again it is the session-ended page (or itself, if
      // another tab kept the session). Replaced, so Back does not lead to it either.
      clearMain();
      location.replace(dialog.dataset.closesTo);
      return;
    }
    const ended = endedTemplate.content.firstElementChild.cloneNode(true);
    endedTemplate.replaceWith(ended);
    ended.focus();
  }
  function renewed() {
    deadline = Date.now() + idle;
    keptAt = Date.now();
    schedule();
  }
  async function keep() {
    keptAt = Date.now(); // not again for a while, even if this request fails
    try {
      const body = new FormData();
      body.append("csrf_token", keepGroup.dataset.csrfToken);
      const response = await fetch(keepGroup.dataset.url, {
        method: "POST",
        body,
        credentials: "same-origin",
      });
      if (response.status === 204) {
        renewed();
        channel?.postMessage("used");
        return true;
      }
      if (response.status === 410) end();
    } catch {
      // Offline: the timers stand, and the page says so when the time is up.
    }
    return false;
  }

  keepGroup.querySelector("button").addEventListener("click", async () => {
    await keep();
    close();
  });
  // Escape closes the warning as "Keep my answers" does: a person pressed it.
  dialog.addEventListener("cancel", async (event) => {
    event.preventDefault();
    await keep();
    close();
  });
  // The time-limit notice says typing does not count, true without this script: here it does.
  for (const said of document.querySelectorAll("[data-typing-ignored]")) said.hidden = true;
  for (const said of document.querySelectorAll("[data-typing-counts]")) said.hidden = false;
  // Typing in the page's form (not in the warning), as it reaches the page: keystrokes, pasting.
  document.addEventListener("input", (event) => {
    if (dialog.contains(event.target) || !event.target.closest?.("main form")) return;
    if (!over && Date.now() - keptAt >= typingEvery) keep();
  });
  // Another tab of this browser used the session: it lasts from then.
  channel?.addEventListener("message", (event) => {
    if (event.data === "used" && !over) renewed();
  });
  schedule();
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

// A file larger than the server takes (intake/views/uploads.py), chosen on an evidence page, is
// said at its field as soon as it is chosen, in the server's own words (data-candour-too-large,
// from intake.attachments.too_large), and taken out of the field, so that no button sends it: a
// phone sent the whole of a large video over mobile data before hearing it was too large.
// Its name is sent in its place (file_too_large, intake/views/uploads.py), so that a button
// pressed next has the page refuse it in the same words, not ask for a file to be chosen.
// Without JavaScript the server refuses it, as before.
const shownName = (name) => {
  // As the server names it (intake.attachments.shown_name): its last part, without control or
  // direction characters, spaces run together, at most 100 characters.
  const cleaned = name
    .split(/[/\\]/)
    .pop()
    .replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu, "")
    .split(/\s+/u)
    .filter(Boolean)
    .join(" ");
  const chars = Array.from(cleaned);
  const shown = chars.length > 100 ? chars.slice(0, 99).join("") + "…" : cleaned;
  return shown || "your file";
};
for (const input of document.querySelectorAll("input[type=file][data-candour-max-bytes]")) {
  const group = input.closest(".govuk-form-group");
  if (!group) continue;
  const limit = Number(input.dataset.candourMaxBytes);
  const errorId = `${input.id}-error`;
  const describedBy = () => (input.getAttribute("aria-describedby") || "").split(" ");
  const clear = () => {
    group.querySelector("input[type=hidden][name=file_too_large]")?.remove();
    const said = group.querySelector(".govuk-error-message[data-candour-too-large]");
    if (!said) return;
    said.remove();
    group.classList.remove("govuk-form-group--error");
    input.classList.remove("govuk-file-upload--error");
    const rest = describedBy().filter((id) => id && id !== errorId);
    if (rest.length) input.setAttribute("aria-describedby", rest.join(" "));
    else input.removeAttribute("aria-describedby");
  };
  input.addEventListener("change", () => {
    const file = [...input.files].find((chosen) => chosen.size > limit);
    clear();
    if (!file) return;
    input.value = "";
    const takenOut = document.createElement("input");
    takenOut.type = "hidden";
    takenOut.name = "file_too_large";
    takenOut.value = shownName(file.name);
    input.after(takenOut);
    // The page's own message at the field (a refusal by the server) gives way to this one.
    let said = group.querySelector(".govuk-error-message");
    if (!said) {
      said = document.createElement("p");
      said.className = "govuk-error-message";
      said.id = errorId;
      input.before(said);
    }
    said.dataset.candourTooLarge = "";
    said.setAttribute("role", "alert"); // said as it appears: the field keeps the focus
    const hidden = document.createElement("span");
    hidden.className = "govuk-visually-hidden";
    hidden.textContent = "Error:";
    said.replaceChildren(
      hidden,
      " " + input.dataset.candourTooLarge.replace("{name}", shownName(file.name)),
    );
    group.classList.add("govuk-form-group--error");
    input.classList.add("govuk-file-upload--error");
    if (!describedBy().includes(said.id)) {
      input.setAttribute("aria-describedby", [...describedBy(), said.id].join(" ").trim());
    }
  });
}
