"""The team's pages in a real browser with JavaScript off, each state scanned by axe-core:
signing in and out, setting up from an invitation, the queue, a case worked through every form
(mistakes first), members, keys, account and audit log, and what oversight may not open.

One lead signs in once for the module (a real password and TOTP code); the tests that sign in
other members use their own browser contexts, each member signing in once (a code works once).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyotp
import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from intake.submission import submit
from tests.browser.conftest import AxeScanner, button_link
from tests.helpers import DEFAULT_REPORT, PASSWORD, add_member, make_team
from triage.models import AuditEntry, Member, PossibleMatch
from triage.team import invitations

pytestmark = pytest.mark.browser
ERRORS = ".govuk-error-summary"


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    email: str
    secret: str


@dataclass(frozen=True)
class World:
    base: str
    lead: Person
    caseworker: Person
    oversight: Person
    invitation: str  # a one-time invitation token for a new caseworker
    case: str  # reference of the case the lead works
    other_case: str  # reference of the case the lead steps away from
    case_text: str  # what the reporter of the worked case wrote


def person(member: Member) -> Person:
    assert member.totp_secret
    return Person(member.id, member.name, member.email, member.totp_secret)


@pytest.fixture(scope="module")
def world(live_app: tuple[Flask, str]) -> World:
    app, base = live_app
    with app.app_context():
        team = make_team()
        lead, caseworker, oversight = (
            person(team.lead),
            person(add_member("caseworker", team)),
            person(add_member("oversight", team)),
        )
        _new, token = invitations.invite(
            "new@candour.test", "Nia New", "caseworker", team.keys, team.lead
        )
        db.session.commit()
        texts = [str(DEFAULT_REPORT["description"]), "He followed me to my car."]
        case, _ = submit({**DEFAULT_REPORT, "description": texts[0]})
        other, _ = submit({**DEFAULT_REPORT, "description": texts[1]})
        # Only a surname and a rank: a possible match for the case, for the lead to judge.
        submit(
            {
                **DEFAULT_REPORT,
                "people": [{"name": "PC Smyth"}],
                "description": "He shouted at me in the yard.",
            }
        )
        # The possible match names one of the two linked reports (report ids are random, so
        # which one varies): that one is the case the lead works, with its judgement form.
        matched = db.session.scalars(select(PossibleMatch.other_report_id)).one()
        if matched != case.id:
            case, other = other, case
            texts.reverse()
        # Set as triage would flag it, so the IOPC panel and its form are on the case page.
        case.iopc_flags = "serious_sexual_offence"
        db.session.commit()
        world = World(
            base, lead, caseworker, oversight, token, case.reference, other.reference, texts[0]
        )
        db.session.remove()
    return world


def sign_in(page: Page, base: str, who: Person) -> None:
    page.goto(base + "/team/sign-in")
    page.get_by_label("Email address").fill(who.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(who.secret).now())
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)


@pytest.fixture(scope="module")
def lead_page(browser: Browser, scanner: AxeScanner, world: World) -> Iterator[Page]:
    """The lead, signed in once for every test of the module that works as the lead."""
    context = browser.new_context(java_script_enabled=False)
    page = scanner.new_page(context)
    sign_in(page, world.base, world.lead)
    yield page
    context.close()


def open_details(page: Page, summary: str) -> None:
    """Open a <details> (no JavaScript needed) unless the server rendered it open already."""
    details = page.locator("details").filter(has=page.locator("summary", has_text=summary))
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    expect(details).to_have_attribute("open", "")


def flashed(page: Page, text: str) -> None:
    expect(page.get_by_text(text).first).to_be_visible()


def reloaded_without_resubmitting(page: Page, address: str, error: str) -> None:
    """A refused form is shown by a GET of the address its refusal redirected to
    (post/redirect/get): a reload shows the error again and never asks "Confirm form
    resubmission" (ERR_CACHE_MISS in Chromium) or sends the form again."""
    expect(page).to_have_url(re.compile(re.escape(address) + r"\?refused=\w+$"))
    page.reload()
    expect(page.locator(ERRORS)).to_contain_text(error)
    expect(page).to_have_url(re.compile(re.escape(address) + r"\?refused=\w+$"))
    assert "ERR_CACHE_MISS" not in page.content()


def test_a_caseworker_signs_in_and_out_through_the_error_states(
    live_app: tuple[Flask, str], world: World, no_js_page: Page, axe: AxeScanner
) -> None:
    page, who, (app, _) = no_js_page, world.caseworker, live_app
    page.goto(world.base + "/team/")  # deny by default: sent to sign in
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sign in")
    axe.check("team-sign-in", page)
    page.get_by_label("Email address").fill(who.email)
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(ERRORS)).to_be_visible()
    failed = audited(app, "sign_in_failed")
    wrong = "Enter a correct email address and password"
    reloaded_without_resubmitting(page, "/team/sign-in", wrong)
    assert audited(app, "sign_in_failed") == failed  # no password sent again, none counted
    expect(page.get_by_label("Email address")).to_have_value(who.email)  # given back, sealed
    expect(page.get_by_label("Password", exact=True)).to_have_value("")  # never kept
    axe.check("team-sign-in-errors", page)
    page.go_back()  # the sign-in page as first opened: blank
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sign in")
    expect(page.locator(ERRORS)).to_have_count(0)
    page.go_forward()  # onto the refusal again: shown, never "Confirm form resubmission"
    expect(page.locator(ERRORS)).to_contain_text(wrong)
    assert "ERR_CACHE_MISS" not in page.content()

    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    axe.check("team-sign-in-code", page)
    current = pyotp.TOTP(who.secret).now()
    page.get_by_label("Code from your authenticator app").fill(
        "000000" if current != "000000" else "111111"
    )
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(ERRORS)).to_be_visible()
    failed = audited(app, "sign_in_failed")
    reloaded_without_resubmitting(
        page, "/team/sign-in/code", "Enter the current code from your authenticator app"
    )
    assert audited(app, "sign_in_failed") == failed  # no code sent again, none counted
    expect(page.get_by_label("Code from your authenticator app")).to_have_value("")
    axe.check("team-sign-in-code-errors", page)
    page.get_by_label("Code from your authenticator app").fill(current)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Queue")
    axe.check("team-queue-caseworker", page)
    page.get_by_role("link", name=world.case).click()
    expect(page.get_by_text("A lead must confirm or reject this referral.")).to_be_visible()
    axe.check("team-case-caseworker", page)

    page.goto(world.base + "/team/account")
    page.get_by_role("banner").get_by_role("button", name="Sign out", exact=True).click()
    flashed(page, "You have signed out.")
    axe.check("team-signed-out", page)
    axe.assert_done()


def test_an_invited_member_sets_a_password_and_enrols_an_authenticator(
    world: World, no_js_page: Page, axe: AxeScanner
) -> None:
    page = no_js_page
    page.goto(world.base + "/team/invitation/not-a-real-token")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    assert axe.check("team-invitation-unknown", page) == 404

    page.goto(f"{world.base}/team/invitation/{world.invitation}")
    axe.check("team-invitation", page)
    page.get_by_label("Create a password").fill("a long enough passphrase")
    page.get_by_label("Confirm the new password", exact=True).fill("a different passphrase")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(ERRORS)).to_contain_text("The passwords do not match")
    reloaded_without_resubmitting(
        page, f"/team/invitation/{world.invitation}", "The passwords do not match"
    )
    expect(page.get_by_label("Create a password")).to_have_value("")  # never kept
    axe.check("team-invitation-errors", page)
    page.get_by_label("Create a password").fill("a long enough passphrase")
    page.get_by_label("Confirm the new password", exact=True).fill("a long enough passphrase")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    axe.check("team-enrol", page)
    shown = (page.locator("#totp-secret").text_content() or "").strip()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{4})*", shown)  # in groups of 4
    secret = shown.replace(" ", "")
    current = pyotp.TOTP(secret).now()
    page.get_by_label("Code from your authenticator app").fill(
        "000000" if current != "000000" else "111111"
    )
    page.get_by_role("button", name="Finish setting up").click()
    expect(page.locator(ERRORS)).to_be_visible()
    # Sent again, the code would have counted: "After 3 more wrong codes".
    reloaded_without_resubmitting(page, "/team/enrol", "After 4 more wrong codes")
    axe.check("team-enrol-errors", page)
    page.get_by_label("Code from your authenticator app").fill(current)
    page.get_by_role("button", name="Finish setting up").click()
    flashed(page, "Your account is set up.")
    axe.assert_done()


def test_an_oversight_member_is_refused_case_pages(
    world: World, no_js_page: Page, axe: AxeScanner
) -> None:
    page = no_js_page
    sign_in(page, world.base, world.oversight)  # oversight's home is the figures
    expect(page.get_by_role("heading", level=1)).to_have_text("Oversight")
    axe.check("team-oversight", page)
    page.goto(world.base + "/team/oversight?period=2025-11")  # a month is not a period
    expect(page.locator(ERRORS)).to_be_visible()
    assert axe.check("team-oversight-errors", page) == 400
    page.goto(world.base + "/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
    assert axe.check("error-403", page) == 403
    page.goto(f"{world.base}/team/cases/{world.case}")
    assert axe.status(page) == 403
    axe.assert_done()


def test_the_queue_filters_and_finds_cases(world: World, lead_page: Page, axe: AxeScanner) -> None:
    page = lead_page
    page.goto(world.base + "/team/")
    expect(page.get_by_role("link", name=world.case)).to_be_visible()
    axe.check("team-queue", page)

    page.get_by_role("link", name="Closed cases").click()
    expect(page.get_by_role("link", name=world.case)).to_have_count(0)
    expect(page.get_by_role("link", name="Clear filters")).to_be_visible()
    axe.check("team-queue-filtered", page)
    page.get_by_role("link", name="Clear filters").click()

    page.get_by_label("Case reference").fill("C-ZZZZZZZZ")
    page.get_by_role("button", name="Find case").click()
    expect(page.locator(ERRORS)).to_contain_text("No case you can see has that reference")
    axe.check("team-queue-lookup-errors", page)
    page.get_by_label("Case reference").fill(world.case.lower())
    page.get_by_role("button", name="Find case").click()
    expect(page).to_have_url(f"{world.base}/team/cases/{world.case}")
    axe.assert_done()


def test_a_lead_works_a_case_through_every_form(
    live_app: tuple[Flask, str], world: World, lead_page: Page, axe: AxeScanner
) -> None:
    page = lead_page
    page.goto(f"{world.base}/team/cases/{world.case}")
    expect(page.get_by_text(world.case_text)).to_be_visible()
    axe.check("team-case", page)

    def mistake(button: str, name: str, summary: str | None = None) -> None:
        """Send a form empty: the case comes back with the error shown."""
        if summary:
            open_details(page, summary)
        page.get_by_role("button", name=button, exact=True).click()
        expect(page.locator(ERRORS)).to_be_visible()
        axe.check(name, page)

    related = page.get_by_role("link", name=re.compile("See every report naming person"))
    related.first.click()
    expect(page.get_by_role("link", name=world.other_case)).to_be_visible()
    axe.check("team-subject", page)
    page.get_by_role("link", name="Named again").click()  # everyone named in several reports
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "People named in more than one report"
    )
    expect(page.locator("table tbody tr").first).to_be_visible()
    axe.check("team-subjects", page)
    page.goto(f"{world.base}/team/cases/{world.case}")

    mistake("Record the decision", "team-case-iopc-errors")
    mistake("Save judgement", "team-case-possible-errors")
    page.get_by_label("No, different people").check()
    page.get_by_role("button", name="Save judgement").click()
    expect(page.get_by_role("heading", name="Are these different people?")).to_be_visible()
    axe.check("team-case-possible-different-confirm", page)
    page.get_by_role("button", name="Yes, different people: keep them apart").click()
    expect(page.locator(ERRORS)).to_contain_text("Give the reason they are different people")
    # Shown by a GET of its own address (post/redirect/get): a reload asks nothing and shows
    # the error again.
    expect(page).to_have_url(re.compile(r"/possible/\d+/confirm\?judgement=different&refused=\w+$"))
    page.reload()
    expect(page.locator(ERRORS)).to_contain_text("Give the reason they are different people")
    axe.check("team-case-possible-different-errors", page)
    page.get_by_label("Why are they different people?").fill("Different stations and numbers.")
    page.get_by_role("button", name="Yes, different people: keep them apart").click()
    flashed(page, "Recorded: not the same person.")
    mistake("Send message", "team-case-message-errors")
    page.get_by_label("Message to the reporter").fill("Thank you. Can you tell us the date?")
    page.get_by_role("button", name="Send message").click()
    flashed(page, "Message sent.")

    mistake("Add note", "team-case-note-errors")
    # Refused again, with text: kept and shown by a GET of the address the refusal redirected
    # to, so a reload re-sends nothing, and Back onto it after the fix is the case page, never
    # "Confirm form resubmission".
    too_long = "Spoke to the duty inspector. " + "x" * 10_000
    page.get_by_label("Internal note").fill(too_long)
    with page.expect_navigation():  # the same page again: wait for it before reloading
        page.get_by_role("button", name="Add note").click()
    expect(page).to_have_url(re.compile(rf"/team/cases/{world.case}\?refused=\w+#note-form$"))
    page.reload()
    expect(page.locator(ERRORS)).to_contain_text("Internal note must be 10,000 characters or fewer")
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_label("Internal note")).to_have_value(too_long)
    page.get_by_label("Internal note").fill("Spoke to the duty inspector.")
    page.get_by_role("button", name="Add note").click()
    flashed(page, "Note added.")
    for _ in range(2):  # onto the refused note, then the empty one before it
        page.go_back()
        expect(page.get_by_label("Internal note")).to_be_visible()
        assert "ERR_CACHE_MISS" not in page.content()
        too_long_said = page.get_by_text("Internal note must be 10,000 characters or fewer")
        expect(too_long_said).to_have_count(0)
        expect(page.get_by_text("Write the note")).to_have_count(0)
    page.goto(f"{world.base}/team/cases/{world.case}")

    # Not acknowledged yet, the case can move only to "Being assessed" ("Acknowledged" is the
    # Acknowledge form's to reach): one button naming it, no lone radio to get wrong.
    open_details(page, "Move the case to another stage")
    only_move = page.get_by_role("button", name="Move the case to “Being assessed”", exact=True)
    expect(only_move).to_be_visible()
    expect(page.locator("#stage-section input[type=radio]")).to_have_count(0)
    axe.check("team-case-stage", page)
    mistake("Save assessment", "team-case-assessment-errors", "Record or change the assessment")
    mistake(
        "Record risk and measures", "team-case-protection-errors", "Record the risk of retaliation"
    )
    page.get_by_label("Why you assessed the risk this way").fill("Same team, same shifts.")
    page.locator("input[name=level]").first.check()
    page.get_by_role("button", name="Record risk and measures").click()
    flashed(page, "Retaliation risk recorded.")  # no protective measures were entered
    button_link(page, "End these protective measures").click()  # a link
    expect(page.get_by_role("heading", name="End these protective measures?")).to_be_visible()
    axe.check("team-case-protection-end", page)
    mistake("End these protective measures", "team-case-protection-end-errors")
    page.get_by_label("Why are these protective measures ending?").fill("Moved at their request.")
    button_link(page, "End these protective measures").click()
    flashed(page, "Protective measures ended.")

    page.get_by_role("button", name="Acknowledge and send the message").click()
    flashed(page, "Report acknowledged.")
    page.get_by_label("Assign to").select_option(label=world.lead.name)
    page.get_by_role("button", name="Assign", exact=True).click()
    flashed(page, "Case assigned.")

    # A case flagged for a mandatory IOPC referral takes an outcome only once a lead decided.
    expect(page.get_by_text("A lead must first decide whether it is referred")).to_be_visible()
    page.get_by_label("Referral to the IOPC not needed").check()
    page.get_by_label("Reason for your decision").fill("No ground applies once read in full.")
    page.get_by_role("button", name="Record the decision").click()
    mistake("Record outcome", "team-case-outcome-errors", "Record an outcome")
    page.get_by_label("Outcome", exact=True).select_option(index=1)
    page.get_by_label("Reason for the outcome").fill("Hearing found the allegation proven.")
    page.get_by_label("What to tell the reporter").fill("A hearing found the allegation proven.")
    page.get_by_role("button", name="Record outcome").click()
    flashed(page, "Outcome recorded.")

    button_link(page, "Close the case").click()  # a link to the confirmation
    expect(page.get_by_role("heading", name="Close this case?")).to_be_visible()
    axe.check("team-case-close", page)
    mistake("Close the case", "team-case-close-errors")
    page.get_by_label("Why are you closing the case?").fill("Outcome given to the reporter.")
    button_link(page, "Close the case").click()
    flashed(page, "Case closed.")
    axe.check("team-case-closed", page)
    mistake("Reopen the case", "team-case-reopen-errors")
    page.get_by_label("Reason for reopening").fill("New evidence from a witness.")
    page.get_by_role("button", name="Reopen the case").click()
    flashed(page, "Case reopened.")

    page.goto(world.base + "/team/cases/C-ZZZZZZZZ")
    assert axe.status(page) == 404

    page.goto(f"{world.base}/team/cases/{world.other_case}")
    page.get_by_label("I have a conflict of interest in this case").check()
    page.get_by_role("button", name="Declare a conflict and step away").click()
    flashed(page, "You declared a conflict of interest")
    page.goto(f"{world.base}/team/cases/{world.other_case}")
    assert axe.status(page) == 403

    app, _ = live_app
    with app.app_context():
        stored = db.session.scalars(select(Report).where(Report.reference == world.case)).one()
        assert stored.outcome and stored.closed_on is None and stored.acknowledged_on
        # Ours, the standard acknowledgement and the outcome told.
        assert [m.from_reporter for m in stored.messages] == [False, False, False]
        db.session.remove()
    axe.assert_done()


def audited(app: Flask, action: str) -> int:
    with app.app_context():
        count = len(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all())
        db.session.remove()
    return count


def test_a_lead_manages_members_keys_account_and_audit_log(
    live_app: tuple[Flask, str], world: World, lead_page: Page, axe: AxeScanner
) -> None:
    page, (app, _) = lead_page, live_app
    page.goto(world.base + "/team/members")
    axe.check("team-members", page)
    page.get_by_role("button", name="Create invitation").click()
    expect(page.locator(ERRORS)).to_be_visible()
    axe.check("team-members-errors", page)
    page.get_by_label("Full name").fill("Ola Other")
    page.get_by_label("Email address").fill("ola@candour.test")
    page.get_by_role("radio", name="Caseworker").check()
    page.get_by_role("button", name="Create invitation").click()
    expect(page.locator("#invitation-link")).to_contain_text("/team/invitation/")
    axe.check("team-member-invited", page)
    page.reload()  # the link is shown once: a reload neither shows it again nor makes another
    expect(page.get_by_role("heading", level=1)).to_have_text("Ola Other")
    expect(page.locator("#invitation-link")).to_have_count(0)

    page.goto(world.base + "/team/members")
    page.get_by_role("link", name=world.caseworker.name).click()
    axe.check("team-member", page)
    page.get_by_role("button", name="Restore access").click()
    expect(page.locator("#invitation-link")).to_contain_text("/team/invitation/")
    axe.check("team-member-restored", page)

    page.goto(world.base + "/team/members")
    page.get_by_role("link", name="Ola Other").click()
    # A change that takes case work away is confirmed first, saying what happens to their cases.
    page.get_by_role("radio", name="Oversight").check()
    page.get_by_role("button", name="Change role").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Change Ola Other’s role to oversight?"
    )
    expect(page.locator("#cases-to-reassign")).to_have_text(
        "Ola Other holds no open cases, so none will need reassigning."
    )
    axe.check("team-member-role", page)
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ola Other")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Caseworker")
    page.get_by_role("link", name="Remove Ola Other").click()
    expect(page.locator("#cases-to-reassign")).to_have_text(
        "Ola Other holds no open cases, so none will need reassigning."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove Ola Other from the team?")
    axe.check("team-member-remove", page)
    page.get_by_role("button", name="Remove member").click()
    flashed(page, "Ola Other has been removed.")

    page.goto(world.base + "/team/keys")
    axe.check("team-keys", page)
    page.get_by_label("Your password").fill("not the password")
    page.get_by_role("button", name="Rotate the team key").click()
    expect(page.locator(ERRORS)).to_contain_text("Enter the correct password")
    # Refused by post/redirect/get: the error is shown by a GET of a marked address, the
    # password field empty, so a reload re-sends nothing and counts no other attempt.
    expect(page).to_have_url(re.compile(r"/team/keys\?refused=\w+$"))
    expect(page.get_by_label("Your password")).to_have_value("")
    refusals = audited(app, "key_rotation_refused")
    page.reload()
    expect(page.locator(ERRORS)).to_contain_text("Enter the correct password")
    assert audited(app, "key_rotation_refused") == refusals == 1
    axe.check("team-keys-errors", page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Rotate the team key").click()
    expect(page.locator(ERRORS)).to_have_count(0)
    expect(page).to_have_url(f"{world.base}/team/keys")
    flashed(page, "New reports are now locked with team key")
    axe.check("team-keys-rotated", page)
    page.reload()  # shown once: a reload neither rotates again nor repeats the result
    expect(page.get_by_text("New reports are now locked with team key")).to_have_count(0)
    assert audited(app, "key_rotated") == 1

    page.goto(world.base + "/team/account")
    axe.check("team-account", page)
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(ERRORS)).to_be_visible()
    axe.check("team-account-errors", page)
    page.get_by_label("Current password").fill("not the password")
    page.get_by_label("New password", exact=True).fill("a new passphrase for the lead")
    page.get_by_label("Confirm the new password", exact=True).fill("a new passphrase for the lead")
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(ERRORS)).to_contain_text("Enter the correct current password")
    expect(page).to_have_url(re.compile(r"/team/account\?refused=\w+$"))
    failures = audited(app, "sign_in_failed")
    page.reload()  # nothing is sent again: no other failed attempt is counted
    expect(page.locator(ERRORS)).to_contain_text("Enter the correct current password")
    for label in ("Current password", "New password", "Confirm the new password"):
        expect(page.get_by_label(label, exact=True)).to_have_value("")
    expect(page.get_by_label("Code from your authenticator app")).to_have_value("")
    assert audited(app, "sign_in_failed") == failures

    page.goto(world.base + "/team/audit")
    expect(page.locator("#audit-entries").get_by_text("Rotated the team key").first).to_be_visible()
    axe.check("team-audit", page)
    page.get_by_role("button", name="Verify the chain").click()
    expect(page).to_have_url(f"{world.base}/team/audit")
    flashed(page, "The audit log is intact")
    axe.check("team-audit-verified", page)
    page.reload()  # shown once: a reload neither verifies again nor adds another entry
    expect(page.get_by_text("The audit log is intact")).to_have_count(0)
    assert audited(app, "audit_verified") == 1
    axe.assert_done()
