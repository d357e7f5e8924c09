"""Every page of Candour and the browser test that opens it and scans it with axe-core.

``tests/test_page_registry.py`` fails when the app has a GET rule that is in neither ``PAGES``
nor ``NOT_PAGES``, so a new page cannot ship without a browser test. Each browser test ends with
``axe.assert_done()``, which fails unless the test really scanned every rule (and error status)
registered to it here, so the registry cannot drift from what the tests do.

Keys of ``PAGES`` and ``POST_PAGES`` are URL rules exactly as Flask spells them; keys of
``ERROR_PAGES`` are statuses, recorded as "error NNN" by the scanner.
"""

from __future__ import annotations

from dataclasses import dataclass

REPORTER = "test_reporter_browser.py::test_a_reporter_sends_a_report_and_returns_with_the_receipt"
STATUS = "test_reporter_browser.py::test_a_reporter_works_with_the_team_from_the_status_page"
PROOF = "test_reporter_browser.py::test_a_proof_of_reporting_is_downloaded_and_checked"
EXIT = "test_reporter_browser.py::test_exit_this_page_leaves_nothing_for_back_to_show"
HELD = "test_reporter_browser.py::test_a_held_report_tells_the_truth_and_its_reporter_releases_it"
SENT = "test_reporter_browser.py::test_a_sent_report_survives_back_reload_and_sending_again"
WITHDRAW = "test_reporter_browser.py::test_a_reporter_reads_back_sees_news_and_withdraws"
LIMITED = (
    "test_reporter_browser.py::test_a_send_over_the_limit_is_a_page_reload_and_back_show_again"
)
ERRORS = "test_error_pages_browser.py::test_error_pages_are_plain_and_accessible"
TOO_LARGE = "test_error_pages_browser.py::test_an_upload_over_the_request_limit_is_refused"
SIGN_IN = "test_team_browser.py::test_a_caseworker_signs_in_and_out_through_the_error_states"
INVITED = "test_team_browser.py::test_an_invited_member_sets_a_password_and_enrols_an_authenticator"
OVERSIGHT = "test_team_browser.py::test_an_oversight_member_is_refused_case_pages"
QUEUE = "test_team_browser.py::test_the_queue_filters_and_finds_cases"
CASE = "test_team_browser.py::test_a_lead_works_a_case_through_every_form"
ADMIN = "test_team_browser.py::test_a_lead_manages_members_keys_account_and_audit_log"
CASEWORK = (
    "test_casework_browser.py::"
    "test_a_lead_confirms_the_same_person_side_by_side_and_splits_them_again"
)
PROPOSE = "test_propose_browser.py::test_a_member_proposes_two_people_triage_never_offered_as_one"
ABOUT = "test_about_browser.py::test_a_reporter_reads_what_candour_keeps_before_starting"
CROSSFORCE = (
    "test_crossforce_browser.py::test_a_lead_asks_another_force_to_share_and_its_lead_accepts"
)
FIND_FORCE = "test_crossforce_browser.py::test_a_reporter_at_another_forces_address_finds_their_own"


@dataclass(frozen=True)
class Visit:
    test: str  # "module.py::test_function" that opens the page and scans it
    how: str  # how the test reaches it, and the states it scans


PAGES: dict[str, Visit] = {
    "/team/crossforce/requests": Visit(CROSSFORCE, "another force's open request to share"),
    "/team/crossforce/requests/<random_id:referral_id>": Visit(
        CROSSFORCE, "a request to share, blank and answered without a choice"
    ),
    "/": Visit(
        REPORTER, "start page; after leaving the status page; 'not ready' warning in " + ERRORS
    ),
    "/report/what": Visit(REPORTER, "blank, with errors, and with an expired session"),
    "/report/who": Visit(REPORTER, "blank, with an error, after 'Add another person'"),
    "/report/affected": Visit(REPORTER, "blank and with an error"),
    "/report/evidence": Visit(REPORTER, "blank, with an upload error, with a file listed"),
    "/report/together": Visit(REPORTER, "blank and with an error"),
    "/report/share": Visit(CROSSFORCE, "with two forces: blank and with an error"),
    "/report/check": Visit(REPORTER, "check answers"),
    "/report/sent": Visit(SENT, "confirmation; after Back, reload and a repeated send; JS on/off"),
    "/report/not-sent": Visit(LIMITED, "a send over the limit, after a reload, Back and Forward"),
    "/status": Visit(
        STATUS, "receipt form, receipt not found, the status page, with a message waiting unsent"
    ),
    "/status/reply": Visit(STATUS, "sending a message, blank and with its error"),
    "/status/evidence": Visit(STATUS, "adding a file, blank and with its error"),
    "/status/retaliation": Visit(STATUS, "telling the team about retaliation, blank"),
    "/status/replace-receipt": Visit(STATUS, "the question before a receipt is replaced"),
    "/status/new-receipt": Visit(STATUS, "the new receipt page, and after a reload"),
    "/status/too-many-attempts": Visit(ERRORS, "the eleventh wrong receipt in a minute, reloaded"),
    "/status/too-many-receipts": Visit(
        ERRORS, "a confirmation's receipt over its limit, as its redirect names the action"
    ),
    "/status/not-added": Visit(
        ERRORS, "a message, file or word of retaliation over a limit, as its redirect names it"
    ),
    "/team/too-many-attempts": Visit(ERRORS, "the eleventh sign-in in a minute, reloaded"),
    "/team/enrol/closed": Visit(ERRORS, "where too many wrong codes end an invitation"),
    "/status/withdraw": Visit(WITHDRAW, "withdrawing, with a reason, JavaScript off and on"),
    "/status/delete": Visit(
        WITHDRAW, "deleting what was sent after withdrawing, blank and with a wrong receipt"
    ),
    "/status/no-sharing": Visit(CROSSFORCE, "asking not to share a report already shared"),
    "/status/release": Visit(HELD, "what releasing a held report means, JavaScript off and on"),
    "/status/retaliation/release": Visit(
        HELD, "telling the team about retaliation releases a held report, JavaScript off and on"
    ),
    "/proof/verify": Visit(PROOF, "blank, with an error, a changed statement, a genuine one"),
    "/proof/keys": Visit(PROOF, "the published signing keys"),
    "/forces": Visit(FIND_FORCE, "the forces taking reports, from 'Not your force?'"),
    "/privacy": Visit(ABOUT, "the privacy notice, from the footer"),
    "/cookies": Visit(ABOUT, "the cookies page, from the privacy notice"),
    "/accessibility": Visit(ABOUT, "the accessibility statement, from the footer"),
    "/team/sign-in": Visit(
        SIGN_IN, "blank, a wrong password by redirect, reloaded, Back and Forward; signed out"
    ),
    "/team/sign-in/code": Visit(SIGN_IN, "blank, and a wrong code by redirect, reloaded"),
    "/team/invitation/<token>": Visit(
        INVITED, "unknown token (404), mismatched passwords by redirect, reloaded"
    ),
    "/team/enrol": Visit(INVITED, "QR code and secret, then a wrong code by redirect, reloaded"),
    "/team/": Visit(QUEUE, "queue, filtered, and a lookup error"),
    "/team/cases/<reference>": Visit(
        CASE, "decrypted case with every section, and each of its forms refused"
    ),
    "/team/members": Visit(ADMIN, "list, and invitation form errors"),
    "/team/members/<int:member_id>": Visit(
        ADMIN, "a member's page, and a new link shown once after an invitation and a restore"
    ),
    "/team/members/<int:member_id>/remove": Visit(ADMIN, "the confirmation before removing"),
    "/team/members/<int:member_id>/role/<role>": Visit(
        ADMIN, "the confirmation before a role change that takes cases away"
    ),
    "/team/keys": Visit(
        ADMIN, "key holdings, a wrong password by redirect, reloaded, a rotation's result once"
    ),
    "/team/account": Visit(ADMIN, "account, and password change errors by redirect, reloaded"),
    "/team/oversight": Visit(OVERSIGHT, "oversight's home, and a period with errors (400)"),
    "/team/subjects/<cluster_id>": Visit(CASE, "timeline of the reports naming a person"),
    "/team/subjects": Visit(CASE, "everyone named in more than one report"),
    "/team/cases/<reference>/close": Visit(CASE, "confirmation before closing, and its error"),
    "/team/cases/<reference>/protection/<int:protection_id>/end": Visit(
        CASE, "confirmation before ending protective measures, and its error"
    ),
    "/team/cases/<reference>/possible/<random_id:match_id>/confirm": Visit(
        CASE, "both reports side by side before a judgement, and its missing-reason error, reloaded"
    ),
    "/team/cases/<reference>/possible/<random_id:match_id>/split": Visit(
        CASEWORK, "a lead's split of a person judged the same, blank and with its error"
    ),
    "/team/cases/<reference>/possible/<random_id:match_id>/reopen": Visit(
        CASEWORK, "a lead's reopening of a judgement of different people, blank and with its error"
    ),
    "/team/cases/<reference>/people/<int:subject_no>/same-as": Visit(
        PROPOSE, "a proposal that a person is someone in another case, blank and with its error"
    ),
    "/team/audit": Visit(ADMIN, "newest entries, and the chain verified, shown once by redirect"),
}

# POST-only rules whose response is a page of its own (not a redirect).
POST_PAGES: dict[str, Visit] = {
    # /report/send shows check answers again only when its token expired (the same template as
    # /report/check, scanned there); before the team has set up its key no report is begun
    # (``intake.views.journey.readiness``), so Send never says "not ready" to a browser.
    # A refused message, file or retaliation redirects to its own page, which shows it with its
    # errors (STATUS scans those); one sent after the session ended redirects to the receipt page
    # (test_a_reply_sent_after_the_session_ended_comes_back_to_send scans it and what follows).
}

ERROR_PAGES: dict[int, Visit] = {
    400: Visit(REPORTER, "download the receipt with its receipt altered in the page"),
    403: Visit(OVERSIGHT, "oversight opening the queue; a recused lead in " + CASE),
    404: Visit(ERRORS, "an unknown address; an unknown case in " + CASE),
    405: Visit(ERRORS, "GET on the POST-only /report/send"),
    413: Visit(TOO_LARGE, "an upload over the request size limit"),
    429: Visit(SENT, "too many receipt downloads, JavaScript on"),
    # 500 has the same template and cannot be reached without breaking the app on purpose; 401
    # is never shown, because the team blueprint sends signed-out visitors to sign in first.
}

# GET rules that serve no HTML page: downloads and machine endpoints.
NOT_PAGES: dict[str, str] = {
    "/static/<path:filename>": "stylesheets, fonts and images",
    "/team/cases/<reference>/attachments/<uid>": "evidence file download",
    "/team/cases/<reference>/bundle.zip": "case bundle download (PDF and evidence, with hashes)",
    "/team/oversight/<slug>.csv": "CSV download of one oversight table",
    "/team/audit.csv": "CSV download of the audit log, as filtered",
    "/proof/keys.json": "the published proof-signing keys as JSON",
    "/healthz": "plain-text health check for the load balancer",
    "/exit": "'Exit this page' ends the session and redirects to the BBC (" + EXIT + ")",
}


def registered_for(test: str) -> set[str]:
    """Rules and "error NNN" entries ``test`` must scan."""
    rules = {rule for rule, visit in {**PAGES, **POST_PAGES}.items() if visit.test == test}
    return rules | {f"error {code}" for code, visit in ERROR_PAGES.items() if visit.test == test}
