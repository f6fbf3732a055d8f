"""The English catalogue: every key in every language (a test checks).

Keys are grouped by prefix: `ui.` pages, `mail.` messages, `error.` errors, `vocab.` labels.
"""

MESSAGES: dict[str, str | dict[str, str]] = {
    "ui.brand": "microcred",
    "ui.tagline": "Short university courses that end in a credential anyone can verify.",
    "ui.nav_catalogue": "Catalogue",
    "ui.nav_universities": "Universities",
    "ui.nav_qualifications": "Qualifications",
    "ui.skip_to_content": "Skip to content",
    "ui.language": "Language",
    "ui.search_label": "Search courses",
    "ui.search_placeholder": "Skill, topic or university, e.g. data analysis",
    "ui.search_button": "Search",
    "ui.featured": "Featured courses",
    "ui.universities": "Universities",
    "ui.qualifications": "Qualifications you can stack toward",
    "ui.courses_count": "courses",
    "ui.see_all": "See all courses",
    "ui.results": "results",
    "ui.no_results": "No course matches. Try fewer words or remove a filter.",
    "ui.filters": "Filters",
    "ui.clear_filters": "Clear all filters",
    "ui.apply": "Apply",
    "ui.f_university": "University",
    "ui.f_country": "Country",
    "ui.f_eqf": "EQF level",
    "ui.f_language": "Language of teaching",
    "ui.f_form": "Form of participation",
    "ui.f_assessment": "Assessment",
    "ui.f_currency": "Currency",
    "ui.f_self_paced": "Schedule",
    "ui.f_qualification": "Counts toward",
    "ui.f_ects": "ECTS workload",
    "ui.f_price": "Price",
    "ui.f_start": "Starts between",
    "ui.min": "Min",
    "ui.max": "Max",
    "ui.from": "From",
    "ui.to": "To",
    "ui.sort": "Sort by",
    "ui.sort_relevance": "Relevance",
    "ui.sort_price_asc": "Price: low to high",
    "ui.sort_price_desc": "Price: high to low",
    "ui.sort_start": "Start date",
    "ui.sort_ects_asc": "ECTS: fewest first",
    "ui.sort_ects_desc": "ECTS: most first",
    "ui.previous": "Previous",
    "ui.next": "Next",
    "ui.page_of": "Page {page} of {pages}",
    "ui.self_paced": "Self-paced",
    "ui.starts": "Starts",
    "ui.ects": "ECTS",
    "ui.seats_left": "seats left",
    "ui.sold_out": "Sold out",
    "ui.unlimited_seats": "No seat limit",
    "ui.taught_in": "Taught in",
    "ui.content_language": "Course content in",
    "ui.about": "About this course",
    "ui.outcomes": "What you will be able to do",
    "ui.skills": "ESCO skills",
    "ui.facts": "Key facts",
    "ui.awarding_body": "Awarding body",
    "ui.country": "Country",
    "ui.workload": "Workload",
    "ui.level": "Level",
    "ui.national_level": "National framework",
    "ui.field": "Field of study (ISCED-F)",
    "ui.participation": "Form of participation",
    "ui.assessment": "Type of assessment",
    "ui.supervision": "Supervision and identity check",
    "ui.prerequisites": "Prerequisites",
    "ui.none": "None",
    "ui.quality_assurance": "Quality assurance",
    "ui.price": "Price",
    "ui.dates": "Dates",
    "ui.seats": "Seats",
    "ui.counts_toward": "Counts toward",
    "ui.counts_toward_none": "This course stands alone; it is not part of a qualification yet.",
    "ui.credential_note": "Pass the assessment and the university issues a signed "
    "micro-credential (Open Badges 3.0, EU standard) that anyone can "
    "verify.",
    "ui.website": "Website",
    "ui.courses_at": "Courses",
    "ui.awarded_by": "Awarded by",
    "ui.ects_required": "ECTS required",
    "ui.what_counts": "Courses that count toward it",
    "ui.not_found_title": "We could not find that page",
    "ui.not_found_text": "The link may be old or mistyped. The catalogue has every course we "
    "offer.",
    "ui.back_to_catalogue": "Go to the catalogue",
    "ui.loading": "Loading…",
    "ui.footer": "Micro-credentials under the EU Council Recommendation 2022/C 243/02 and Open "
    "Badges 3.0.",
    "ui.scheduled": "Scheduled",
    "ui.eqf": "EQF",
    "ui.sign_in": "Sign in",
    "ui.sign_up": "Create an account",
    "ui.sign_out": "Sign out",
    "ui.sign_out_everywhere": "Sign out on all devices",
    "ui.my_account": "My account",
    "ui.email": "E-mail address",
    "ui.password": "Password",
    "ui.new_password": "New password",
    "ui.password_again": "New password again",
    "ui.current_password": "Current password",
    "ui.password_hint": "At least 10 characters; a short sentence is easy to remember and hard "
    "to guess.",
    "ui.full_name": "Name on your credentials",
    "ui.name_hint": "Exactly as it should appear on the certificates you earn.",
    "ui.forgot_password": "Forgot your password?",
    "ui.send_reset_link": "Send me a reset link",
    "ui.reset_title": "Choose a new password",
    "ui.save_password": "Save the new password",
    "ui.no_account": "New here?",
    "ui.have_account": "Already have an account?",
    "ui.or_sso": "Or sign in with",
    "ui.profile": "Profile",
    "ui.preferred_language": "Language of e-mails and pages",
    "ui.time_zone": "Time zone",
    "ui.save": "Save",
    "ui.saved": "Saved.",
    "ui.change_email": "Change e-mail address",
    "ui.new_email": "New e-mail address",
    "ui.send_confirmation": "Send confirmation link",
    "ui.change_password": "Change password",
    "ui.sessions": "Sessions",
    "ui.privacy": "Your data",
    "ui.download_data": "Download my data (JSON)",
    "ui.delete_account": "Delete my account",
    "ui.delete_explainer": "We remove your name, e-mail address, password, sessions and sign-in "
    "links. Credentials already issued to you stay verifiable: we keep "
    "the minimum record they point to (an anonymous id) so employers can "
    "still check them and universities can revoke them. This cannot be "
    "undone.",
    "ui.type_delete": "Type DELETE to confirm",
    "ui.invitation_title": "Join a university team",
    "ui.invitation_text": "You were invited to help run a university on microcred. Accept to get "
    "your role.",
    "ui.accept_invitation": "Accept the invitation",
    "ui.staff_title": "Team",
    "ui.invite_staff": "Invite a colleague",
    "ui.role": "Role",
    "ui.role_owner": "Owner",
    "ui.role_editor": "Editor",
    "ui.role_assessor": "Assessor",
    "ui.send_invitation": "Send invitation",
    "ui.not_allowed": "You do not have access to this page.",
    "ui.outbox_title": "Outbox",
    "ui.outbox_text": "Every message the platform sends, with its delivery state.",
    "ui.subject": "Subject",
    "ui.created": "Created",
    "ui.delivered": "Delivered",
    "ui.pending": "Pending",
    "ui.signed_in_as": "Signed in as",
    "ui.enrol": "Enrol and pay",
    "ui.enrol_free": "Enrol",
    "ui.voucher": "Voucher code (optional)",
    "ui.buy_seats": "Buy seats for your team",
    "ui.seats_title": "Seats for your team",
    "ui.seats_text": "Pay once and receive one single-use code per seat to hand out. Each code "
    "enrols one person at no further cost.",
    "ui.quantity": "Number of seats",
    "ui.checkout_title": "Payment",
    "ui.simulated_note": "This is the simulated payment provider: choose what the bank says.",
    "ui.pay_success": "Pay",
    "ui.pay_decline": "Card declined",
    "ui.pay_cancel": "Cancel",
    "ui.order_paid": "Payment received. You are enrolled.",
    "ui.order_seats_paid": "Payment received. Your seat codes are in your e-mail and in My "
    "learning.",
    "ui.order_pending": "We are waiting for the payment to be confirmed…",
    "ui.order_failed": "The payment did not go through. Nothing was charged and your seat was "
    "released.",
    "ui.order_refunded": "This order was refunded.",
    "ui.order_refund_requested": "Refund in progress.",
    "ui.my_learning": "My learning",
    "ui.enrolments": "Courses",
    "ui.orders": "Orders and receipts",
    "ui.receipt": "Receipt (PDF)",
    "ui.request_refund": "Withdraw and refund",
    "ui.refund_note": "You may withdraw within 14 days of paying if you have not started the "
    "assessment.",
    "ui.no_enrolments": "You are not enrolled in any course yet.",
    "ui.seat_codes": "Seat codes",
    "ui.status": "Status",
    "ui.total": "Total",
    "ui.nav_verify": "Verify a credential",
    "ui.my_credentials": "My credentials",
    "ui.verify_title": "Verify a micro-credential",
    "ui.verify_intro": "Paste the credential, upload its file or open its link. No account is "
    "needed: we check who signed it, that nothing was changed, its dates and "
    "whether the issuer has revoked it.",
    "ui.verify_paste_label": "Paste the credential (JSON)",
    "ui.verify_paste_hint": 'The text that starts with { and contains "proof".',
    "ui.verify_button": "Verify",
    "ui.verify_upload_label": "Upload a file",
    "ui.verify_upload_hint": "A .json file, or a badge image (.png or .svg) with the credential "
    "inside. At most 2 MB.",
    "ui.verify_choose_file": "Choose a file",
    "ui.verify_drop": "or drop it here",
    "ui.verify_link_label": "Credential link",
    "ui.verify_link_hint": "The address from a QR code, an e-mail or a CV.",
    "ui.verify_link_button": "Verify the link",
    "ui.verifying": "Checking the credential…",
    "ui.verify_empty_paste": "Paste the credential's JSON first.",
    "ui.verify_empty_link": "Enter the credential's link first.",
    "ui.verify_too_large": "This file is larger than 2 MB, so we did not read it. A credential "
    "is a few kilobytes: upload the .json file or the badge image you "
    "were given.",
    "ui.verify_wrong_type": "Upload a .json file or a badge image (.png or .svg).",
    "ui.verify_one_file": "Upload one file at a time.",
    "ui.verify_failed": "Something went wrong while checking. Please try again in a moment.",
    "ui.verify_result": "Result",
    "ui.v_valid": "Valid",
    "ui.v_valid_text": "Signed by the issuer, unchanged since, within its dates and not revoked.",
    "ui.v_invalid": "Not valid",
    "ui.v_invalid_text": "At least one check failed. Do not rely on this credential.",
    "ui.v_revoked": "Revoked by the issuer",
    "ui.v_revoked_text": "The issuer has withdrawn this credential. It no longer counts.",
    "ui.v_suspended": "Suspended",
    "ui.v_suspended_text": "The issuer has suspended this credential for now. It does not count "
    "while suspended.",
    "ui.v_status_unknown": "Status unknown — cannot confirm it is not revoked",
    "ui.v_status_unknown_text": "The signature is correct, but we could not read the issuer's "
    "revocation list. Try again later.",
    "ui.v_unreadable": "Cannot read this",
    "ui.who_what": "What it says",
    "ui.issued_sentence": "Issued by {issuer} to {learner} on {date}.",
    "ui.cf_issuer": "Issued by",
    "ui.cf_learner": "Awarded to",
    "ui.cf_description": "Description",
    "ui.cf_issued": "Issued on",
    "ui.cf_valid_until": "Valid until",
    "ui.cf_no_expiry": "Does not expire",
    "ui.cf_eqf": "EQF level",
    "ui.cf_nqf": "National framework",
    "ui.cf_ects": "Workload",
    "ui.cf_assessment": "Assessment",
    "ui.cf_participation": "Form of participation",
    "ui.cf_qa": "Quality assurance",
    "ui.cf_supervision": "Supervision and identity check",
    "ui.cf_grade": "Grade",
    "ui.cf_prerequisites": "Prerequisites",
    "ui.cf_language": "Language",
    "ui.cf_issuer_id": "Issuer identifier",
    "ui.cf_credential_id": "Credential ID",
    "ui.cf_outcomes": "Learning outcomes",
    "ui.cf_skills": "Skills (ESCO)",
    "ui.cf_part_of": "Counts toward",
    "ui.not_stated": "Not stated",
    "ui.no_grade": "Pass (no grade given)",
    "ui.checks": "Checks",
    "ui.c_format": "Format",
    "ui.c_schema": "Open Badges 3.0 schema",
    "ui.c_issuer": "Issuer",
    "ui.c_signature": "Signature",
    "ui.c_dates": "Dates",
    "ui.c_status": "Revocation status",
    "ui.s_pass": "passed",
    "ui.s_fail": "failed",
    "ui.s_unknown": "unknown",
    "ui.s_skipped": "not applicable",
    "ui.open_verify": "Check it yourself on the verify page",
    "ui.wallet_intro": "Every credential you have earned, signed by its university. Share a "
    "link, download the certificate or add it to your LinkedIn profile.",
    "ui.wallet_empty": "No credentials yet. Pass a course and its university issues one here.",
    "ui.issued_on": "Issued",
    "ui.state_active": "Valid",
    "ui.state_revoked": "Revoked",
    "ui.state_suspended": "Suspended",
    "ui.state_pending": "Being issued",
    "ui.state_reason": "Reason",
    "ui.w_verify": "Verify",
    "ui.w_json": "Download JSON",
    "ui.w_pdf": "PDF certificate",
    "ui.w_badge": "Badge image (PNG)",
    "ui.w_linkedin": "Add to LinkedIn",
    "ui.public_page": "Public page",
    "ui.public_on_text": "On. Anyone with this link can see the credential:",
    "ui.public_off_text": "Off. Turn it on to share a page with the credential and its live check.",
    "ui.make_public": "Turn the public page on",
    "ui.make_private": "Turn the public page off",
    "ui.shared_kicker": "Shared micro-credential",
    "ui.live_check": "Checked just now against the issuer's keys and revocation list.",
    "ui.not_shared_title": "This credential is not shared publicly",
    "ui.not_shared_text": "Its owner has not made a public page for it, or the link is mistyped. "
    "If you were given the credential's file or link, you can still check "
    "it on the verify page.",
    "ui.learners_title": "Learners and credentials",
    "ui.learners_intro": "Mark a learner passed and the credential is signed and sent. Suspend "
    "or revoke an issued credential with a reason; the learner is told it.",
    "ui.learners_empty": "No one is enrolled in your courses yet.",
    "ui.not_passed": "Not passed yet",
    "ui.passed_on": "Passed",
    "ui.grade_optional": "Grade (optional)",
    "ui.results_title": "Pass a whole cohort",
    "ui.results_hint": "Upload a CSV file with the columns email, grade (optional) and offering "
    "(only if a learner has several courses here). Nobody is marked unless "
    "every line is right.",
    "ui.results_button": "Upload results",
    "ui.mark_passed": "Mark passed",
    "ui.cannot_assess": "Only the university's owners and assessors can mark a pass.",
    "ui.reason_required": "Reason (the learner is told it)",
    "ui.reason_optional": "Note (optional)",
    "ui.suspend": "Suspend",
    "ui.revoke": "Revoke",
    "ui.reinstate": "Reinstate",
    "ui.revoked_final": "Revoked for good; it cannot be reinstated.",
    "ui.view_credential": "Check it",
    "ui.learner": "Learner",
    "ui.course": "Course",
    "mail.verify_email.subject": "Confirm your e-mail address",
    "mail.verify_email.body": "Hello {name},\n"
    "\n"
    "please confirm your e-mail address for microcred by opening this "
    "link (valid for 48 hours):\n"
    "\n"
    "{link}\n"
    "\n"
    "If you did not sign up, ignore this message.",
    "mail.already_registered.subject": "You already have an account",
    "mail.already_registered.body": "Hello,\n"
    "\n"
    "someone (probably you) tried to sign up with this address, "
    "but it already has a microcred account. Sign in here:\n"
    "\n"
    "{link}\n"
    "\n"
    "Forgot your password? Reset it from the sign-in page.",
    "mail.reset_password.subject": "Reset your password",
    "mail.reset_password.body": "Hello {name},\n"
    "\n"
    "open this link to choose a new password. It works once and "
    "expires in 1 hour:\n"
    "\n"
    "{link}\n"
    "\n"
    "If you did not ask for this, ignore this message; your password "
    "stays as it is.",
    "mail.change_email.subject": "Confirm your new e-mail address",
    "mail.change_email.body": "Hello {name},\n"
    "\n"
    "open this link to make this your microcred address (valid for 48 "
    "hours):\n"
    "\n"
    "{link}",
    "mail.email_changed.subject": "Your e-mail address was changed",
    "mail.email_changed.body": "Hello {name},\n"
    "\n"
    "the e-mail address of your microcred account was changed to "
    "{new_email}. If this was not you, reply to this message at once.",
    "mail.staff_invitation.subject": "Invitation to {university} on microcred",
    "mail.staff_invitation.body": "Hello,\n"
    "\n"
    "{inviter} invites you to join {university} on microcred as "
    "{role}. Accept within 7 days:\n"
    "\n"
    "{link}",
    "mail.account_deleted.subject": "Your account was deleted",
    "mail.account_deleted.body": "Hello,\n"
    "\n"
    "your microcred account and its personal data were deleted. "
    "Credentials already issued to you stay verifiable.",
    "mail.credential_issued.subject": "Your micro-credential: {title}",
    "mail.credential_issued.body": "Hello {name},\n"
    "\n"
    "congratulations: {university} has issued your "
    'micro-credential "{title}".\n'
    "\n"
    "Your credentials: {link}\n"
    "Anyone can check it here: {verify}",
    "mail.credential_revoked.subject": "Your credential was revoked: {title}",
    "mail.credential_revoked.body": "Hello {name},\n"
    "\n"
    '{university} revoked your credential "{title}".\n'
    "Reason: {reason}\n"
    "\n"
    "It no longer verifies. Reply to your university if you "
    "think this is a mistake.",
    "mail.credential_suspended.subject": "Your credential is suspended: {title}",
    "mail.credential_suspended.body": "Hello {name},\n"
    "\n"
    '{university} suspended your credential "{title}" for '
    "now.\n"
    "Reason: {reason}\n"
    "\n"
    "While suspended it does not verify.",
    "mail.credential_reinstated.subject": "Your credential is valid again: {title}",
    "mail.credential_reinstated.body": "Hello {name},\n"
    "\n"
    '{university} lifted the suspension of "{title}". It '
    "verifies again.",
    # ---- errors raised by services: error.<capability>.<name> ----
    #
    #
    # ---- vocabularies (participation forms, assessment types, ...): vocab.<kind>.<code> ----
    #
    #
    # ---- answers of the JSON API and the form posts: api.<name> ----
    #
    "api.other_site": "This form came from another site, so we ignored it. Please try again here.",
    "api.bad_json": "The request body is not valid JSON.",
    "api.bad_parameter": "The parameter {name} must be a whole number.",
    "api.please_sign_in": "Please sign in.",
    "api.not_signed_in": "Please sign in.",
    "api.signup_check_inbox": "Check your inbox: we sent a link to confirm your address. It may take a minute.",
    "api.email_confirmed": "Your e-mail address is confirmed. You can sign in now.",
    "api.signed_out": "You are signed out.",
    "api.signed_out_everywhere": {
        "one": "Signed out of {n} session on all devices.",
        "other": "Signed out of {n} sessions on all devices.",
    },
    "api.reset_link_sent": "If that address has an account, we sent it a link to reset the password.",
    "api.passwords_differ": "The two passwords differ.",
    "api.password_reset_done": "Your password is changed. Sign in with the new one.",
    "api.password_changed": "Password changed. Other devices were signed out.",
    "api.email_change_sent": "We sent a link to the new address. Your address changes when you open it.",
    "api.new_email_confirmed": "Your new e-mail address is confirmed.",
    "api.sign_in_to_accept_invitation": "Sign in (or sign up) to accept the invitation.",
    "api.welcome_to_team": "Welcome to the team.",
    "api.type_delete": "Type DELETE to confirm.",
    "api.account_deleted": "Your account and personal data were deleted.",
    "api.no_such_university": "That university does not exist.",
    "api.invitation_sent": "Invitation sent.",
    "api.sign_in_to_enrol": "Please sign in to enrol.",
    "api.payment_service_down": "The payment service is not answering. Nothing was charged; please try again in a moment.",
    "api.choose_outcome": "Choose pay, decline or cancel.",
    "api.order_not_found": "We could not find that order.",
    "api.refund_requested": "Refund requested. We will e-mail you when the money is on its way.",
    "api.no_receipt_yet": "There is no receipt until the order is paid.",
    "api.no_such_issuer": "No such issuer.",
    "api.no_such_status_list": "No such status list.",
    "api.credential_not_found": "We could not find that credential.",
    "api.credential_too_large": "A credential is a few kilobytes; this is over 2 MB.",
    "api.send_a_file": "Send the credential as a file named 'file'.",
    "api.unreadable_upload": "We could not read the upload.",
    "api.passed_and_issuing": "Passed. The credential is being issued and the learner will get an e-mail.",
    "api.credential_now_revoked": "Revoked. The learner was told.",
    "api.credential_now_suspended": "Suspended. The learner was told.",
    "api.credential_now_active": "Valid again. The learner was told.",
    "api.public_page_on": "Your public page is on.",
    "api.public_page_off": "Your public page is off.",
    "api.try_again_here": "Please try again here.",
    "api.file_over_1mb": "The file is over 1 MB.",
    "api.file_unreadable": "We could not read the file.",
    "api.choose_csv": "Choose a CSV file.",
    "api.results_line": "line {line}: {problem}",
    "api.results_more": " (and {n} more)",
    "api.results_not_marked": "Nobody was marked yet. Fix these lines and upload again: {lines}{extra}",
    "api.results_marked": {
        "one": "Marked {n} learner passed. Their credentials are being issued.",
        "other": "Marked {n} learners passed. Their credentials are being issued.",
    },
    "api.sso_not_configured": "That sign-in provider is not configured.",
    "api.sso_unreachable": "{name} cannot be reached right now. Please try again later.",
    "api.sso_failed": "Single sign-on did not complete. Please try again.",
    "api.webhook_too_large": "The webhook body is larger than 1 MB.",
    "api.webhook_not_configured": "Stripe webhooks are not configured here.",
    "api.webhook_bad_signature": "The signature does not match.",
    "api.webhook_not_an_event": "The webhook body is not a Stripe event.",
    "api.webhook_no_id": "The event has no id.",
    "api.webhook_no_type": "The event has no type or object.",
    "api.webhook_stripe_unreachable": "Stripe could not be reached; retry later.",
    "api.form_unreadable": "We could not read the form. Please try again.",
    "api.webhook_busy": "Please retry later.",
    #
    # ---- page texts added since the move: ui.<page>.<name> ----
    # the order and enrolment states shown on My learning and the sales tables
    "ui.orders.state.pending": "awaiting payment",
    "ui.orders.state.paid": "paid",
    "ui.orders.state.failed": "failed",
    "ui.orders.state.expired": "expired",
    "ui.orders.state.cancelled": "cancelled",
    "ui.orders.state.refund_requested": "refund in progress",
    "ui.orders.state.refunded": "refunded",
    "ui.orders.state.active": "active",
    # the verifier's check messages (its own words in English; {params} are its variable parts)
    "ui.check.known_contexts": "a W3C Verifiable Credential with known contexts",
    "ui.check.no_type": "this is not a Verifiable Credential (no type)",
    "ui.check.no_context": "the credential has no @context list",
    "ui.check.no_subject": "the credential has no subject",
    "ui.check.no_issuer": "the credential names no issuer",
    "ui.check.not_open_badges": "not an Open Badges credential; no schema to apply",
    "ui.check.schema_ok": "matches the 1EdTech Open Badges 3.0 AchievementCredential schema",
    "ui.check.no_valid_from": "the credential has no valid issue date (validFrom)",
    "ui.check.bad_valid_until": "the expiry date (validUntil) is not a date",
    "ui.check.signature_ok": "signed by the issuer; nothing was changed",
    "ui.check.signature_bad": "the signature does not match the credential",
    "ui.check.no_issuer_keys": "cannot be checked without the issuer's keys",
    "ui.check.no_issuer_found": "cannot be checked without the issuer",
    "ui.check.key_not_listed": "the issuer does not list this key for issuing credentials",
    "ui.check.key_not_issuers": "the signing key does not belong to the issuer",
    "ui.check.no_proof": "the credential has no proof",
    "ui.check.not_revoked": "not revoked",
    "ui.check.not_suspended": "not suspended",
    "ui.check.revoked": "revoked by the issuer",
    "ui.check.suspended": "suspended by the issuer",
    "ui.check.no_status": "the issuer publishes no status for it (cannot be revoked)",
    "ui.check.valid_forever": "valid from {start}, does not expire",
    "ui.check.valid_between": "valid from {start} until {end}",
    "ui.check.not_yet_valid": "not valid yet: valid from {start}",
    "ui.check.expired": "expired on {end}",
    "ui.check.resolved": "resolved {issuer}",
    "ui.check.unknown_context": "unknown context {context}: {detail}",
    "ui.check.status_unknown": "status unknown: {detail}",
    "ui.check.issuer_unresolved": "could not resolve the issuer: {detail}",
    "ui.check.schema_mismatch": "does not match the Open Badges 3.0 schema at {where}: {detail}",
    "ui.check.jsonld_failed": "JSON-LD processing failed: {detail}",
    "ui.verify.nqf_prk": "Polish Qualifications Framework (PRK) level {level}",
    # the language named in itself (the switch and the profile form list every language so)
    "ui.language.endonym": "English",
    #
    #
    # ---- end ----
}
