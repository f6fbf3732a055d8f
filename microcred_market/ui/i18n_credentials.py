"""Interface strings of the credential pages: verify, wallet, public page, staff roster
(merged into i18n.STRINGS)."""

STRINGS: dict[str, dict[str, str]] = {
    # --- navigation ---
    "nav_verify": {"en": "Verify a credential", "pl": "Sprawdź poświadczenie"},
    "my_credentials": {"en": "My credentials", "pl": "Moje poświadczenia"},
    # --- /verify ---
    "verify_title": {"en": "Verify a micro-credential", "pl": "Zweryfikuj mikropoświadczenie"},
    "verify_intro": {
        "en": "Paste the credential, upload its file or open its link. No account is needed: "
        "we check who signed it, that nothing was changed, its dates and whether the issuer "
        "has revoked it.",
        "pl": "Wklej poświadczenie, prześlij jego plik lub otwórz link. Konto nie jest "
        "potrzebne: sprawdzamy, kto je podpisał, czy nic nie zmieniono, daty i czy wystawca "
        "go nie unieważnił.",
    },
    "verify_paste_label": {
        "en": "Paste the credential (JSON)",
        "pl": "Wklej poświadczenie (JSON)",
    },
    "verify_paste_hint": {
        "en": 'The text that starts with { and contains "proof".',
        "pl": 'Tekst, który zaczyna się od { i zawiera "proof".',
    },
    "verify_button": {"en": "Verify", "pl": "Sprawdź"},
    "verify_upload_label": {"en": "Upload a file", "pl": "Prześlij plik"},
    "verify_upload_hint": {
        "en": "A .json file, or a badge image (.png or .svg) with the credential inside. "
        "At most 2 MB.",
        "pl": "Plik .json albo obraz odznaki (.png lub .svg) z poświadczeniem w środku. "
        "Najwyżej 2 MB.",
    },
    "verify_choose_file": {"en": "Choose a file", "pl": "Wybierz plik"},
    "verify_drop": {"en": "or drop it here", "pl": "albo upuść go tutaj"},
    "verify_link_label": {"en": "Credential link", "pl": "Link do poświadczenia"},
    "verify_link_hint": {
        "en": "The address from a QR code, an e-mail or a CV.",
        "pl": "Adres z kodu QR, e-maila lub CV.",
    },
    "verify_link_button": {"en": "Verify the link", "pl": "Sprawdź link"},
    "verifying": {"en": "Checking the credential…", "pl": "Sprawdzamy poświadczenie…"},
    "verify_empty_paste": {
        "en": "Paste the credential's JSON first.",
        "pl": "Najpierw wklej JSON poświadczenia.",
    },
    "verify_empty_link": {
        "en": "Enter the credential's link first.",
        "pl": "Najpierw wpisz link do poświadczenia.",
    },
    "verify_too_large": {
        "en": "This file is larger than 2 MB, so we did not read it. A credential is a few "
        "kilobytes: upload the .json file or the badge image you were given.",
        "pl": "Ten plik ma ponad 2 MB, więc go nie czytaliśmy. Poświadczenie to kilka "
        "kilobajtów: prześlij otrzymany plik .json lub obraz odznaki.",
    },
    "verify_wrong_type": {
        "en": "Upload a .json file or a badge image (.png or .svg).",
        "pl": "Prześlij plik .json lub obraz odznaki (.png lub .svg).",
    },
    "verify_one_file": {
        "en": "Upload one file at a time.",
        "pl": "Przesyłaj jeden plik naraz.",
    },
    "verify_failed": {
        "en": "Something went wrong while checking. Please try again in a moment.",
        "pl": "Coś poszło nie tak podczas sprawdzania. Spróbuj ponownie za chwilę.",
    },
    "verify_result": {"en": "Result", "pl": "Wynik"},
    # verdicts: title and one sentence
    "v_valid": {"en": "Valid", "pl": "Ważne"},
    "v_valid_text": {
        "en": "Signed by the issuer, unchanged since, within its dates and not revoked.",
        "pl": "Podpisane przez wystawcę, niezmienione, w terminie ważności i nieunieważnione.",
    },
    "v_invalid": {"en": "Not valid", "pl": "Nieważne"},
    "v_invalid_text": {
        "en": "At least one check failed. Do not rely on this credential.",
        "pl": "Co najmniej jedno sprawdzenie się nie powiodło. Nie polegaj na tym poświadczeniu.",
    },
    "v_revoked": {"en": "Revoked by the issuer", "pl": "Unieważnione przez wystawcę"},
    "v_revoked_text": {
        "en": "The issuer has withdrawn this credential. It no longer counts.",
        "pl": "Wystawca wycofał to poświadczenie. Nie jest już ważne.",
    },
    "v_suspended": {"en": "Suspended", "pl": "Zawieszone"},
    "v_suspended_text": {
        "en": "The issuer has suspended this credential for now. It does not count while "
        "suspended.",
        "pl": "Wystawca tymczasowo zawiesił to poświadczenie. Do czasu przywrócenia nie "
        "jest ważne.",
    },
    "v_status_unknown": {
        "en": "Status unknown — cannot confirm it is not revoked",
        "pl": "Status nieznany — nie można potwierdzić, że nie jest unieważnione",
    },
    "v_status_unknown_text": {
        "en": "The signature is correct, but we could not read the issuer's revocation list. "
        "Try again later.",
        "pl": "Podpis jest poprawny, ale nie udało się odczytać listy unieważnień wystawcy. "
        "Spróbuj później.",
    },
    "v_unreadable": {"en": "Cannot read this", "pl": "Nie można tego odczytać"},
    # who issued what to whom, when
    "who_what": {"en": "What it says", "pl": "Co poświadcza"},
    "issued_sentence": {
        "en": "Issued by {issuer} to {learner} on {date}.",
        "pl": "Wydane przez: {issuer}, dla: {learner}, dnia {date}.",
    },
    "cf_issuer": {"en": "Issued by", "pl": "Wystawca"},
    "cf_learner": {"en": "Awarded to", "pl": "Otrzymuje"},
    "cf_description": {"en": "Description", "pl": "Opis"},
    "cf_issued": {"en": "Issued on", "pl": "Data wydania"},
    "cf_valid_until": {"en": "Valid until", "pl": "Ważne do"},
    "cf_no_expiry": {"en": "Does not expire", "pl": "Bezterminowo"},
    "cf_eqf": {"en": "EQF level", "pl": "Poziom ERK (EQF)"},
    "cf_nqf": {"en": "National framework", "pl": "Rama krajowa"},
    "cf_ects": {"en": "Workload", "pl": "Nakład pracy"},
    "cf_assessment": {"en": "Assessment", "pl": "Forma oceny"},
    "cf_participation": {"en": "Form of participation", "pl": "Forma udziału"},
    "cf_qa": {"en": "Quality assurance", "pl": "Zapewnienie jakości"},
    "cf_supervision": {
        "en": "Supervision and identity check",
        "pl": "Nadzór i weryfikacja tożsamości",
    },
    "cf_grade": {"en": "Grade", "pl": "Ocena"},
    "cf_prerequisites": {"en": "Prerequisites", "pl": "Wymagania wstępne"},
    "cf_language": {"en": "Language", "pl": "Język"},
    "cf_issuer_id": {"en": "Issuer identifier", "pl": "Identyfikator wystawcy"},
    "cf_credential_id": {"en": "Credential ID", "pl": "Identyfikator poświadczenia"},
    "cf_outcomes": {"en": "Learning outcomes", "pl": "Efekty uczenia się"},
    "cf_skills": {"en": "Skills (ESCO)", "pl": "Umiejętności (ESCO)"},
    "cf_part_of": {"en": "Counts toward", "pl": "Wlicza się do"},
    "not_stated": {"en": "Not stated", "pl": "Nie podano"},
    "no_grade": {"en": "Pass (no grade given)", "pl": "Zaliczone (bez oceny)"},
    # checks
    "checks": {"en": "Checks", "pl": "Sprawdzenia"},
    "c_format": {"en": "Format", "pl": "Format"},
    "c_schema": {"en": "Open Badges 3.0 schema", "pl": "Schemat Open Badges 3.0"},
    "c_issuer": {"en": "Issuer", "pl": "Wystawca"},
    "c_signature": {"en": "Signature", "pl": "Podpis"},
    "c_dates": {"en": "Dates", "pl": "Daty"},
    "c_status": {"en": "Revocation status", "pl": "Status unieważnienia"},
    "s_pass": {"en": "passed", "pl": "zaliczone"},
    "s_fail": {"en": "failed", "pl": "niezaliczone"},
    "s_unknown": {"en": "unknown", "pl": "nieznane"},
    "s_skipped": {"en": "not applicable", "pl": "nie dotyczy"},
    "open_verify": {
        "en": "Check it yourself on the verify page",
        "pl": "Sprawdź je samodzielnie na stronie weryfikacji",
    },
    # --- /wallet ---
    "wallet_intro": {
        "en": "Every credential you have earned, signed by its university. Share a link, "
        "download the certificate or add it to your LinkedIn profile.",
        "pl": "Wszystkie zdobyte poświadczenia, podpisane przez uczelnie. Udostępnij link, "
        "pobierz certyfikat lub dodaj je do profilu LinkedIn.",
    },
    "wallet_empty": {
        "en": "No credentials yet. Pass a course and its university issues one here.",
        "pl": "Nie masz jeszcze poświadczeń. Zalicz kurs, a uczelnia wystawi je tutaj.",
    },
    "issued_on": {"en": "Issued", "pl": "Wydane"},
    "state_active": {"en": "Valid", "pl": "Ważne"},
    "state_revoked": {"en": "Revoked", "pl": "Unieważnione"},
    "state_suspended": {"en": "Suspended", "pl": "Zawieszone"},
    "state_pending": {"en": "Being issued", "pl": "W trakcie wystawiania"},
    "state_reason": {"en": "Reason", "pl": "Powód"},
    "w_verify": {"en": "Verify", "pl": "Zweryfikuj"},
    "w_json": {"en": "Download JSON", "pl": "Pobierz JSON"},
    "w_pdf": {"en": "PDF certificate", "pl": "Certyfikat PDF"},
    "w_badge": {"en": "Badge image (PNG)", "pl": "Obraz odznaki (PNG)"},
    "w_linkedin": {"en": "Add to LinkedIn", "pl": "Dodaj do LinkedIn"},
    "public_page": {"en": "Public page", "pl": "Strona publiczna"},
    "public_on_text": {
        "en": "On. Anyone with this link can see the credential:",
        "pl": "Włączona. Każdy, kto ma ten link, zobaczy poświadczenie:",
    },
    "public_off_text": {
        "en": "Off. Turn it on to share a page with the credential and its live check.",
        "pl": "Wyłączona. Włącz ją, aby udostępnić stronę z poświadczeniem i jego "
        "bieżącą weryfikacją.",
    },
    "make_public": {"en": "Turn the public page on", "pl": "Włącz stronę publiczną"},
    "make_private": {"en": "Turn the public page off", "pl": "Wyłącz stronę publiczną"},
    # --- /credentials/[uuid] ---
    "shared_kicker": {"en": "Shared micro-credential", "pl": "Udostępnione mikropoświadczenie"},
    "live_check": {
        "en": "Checked just now against the issuer's keys and revocation list.",
        "pl": "Sprawdzone przed chwilą z kluczami i listą unieważnień wystawcy.",
    },
    "not_shared_title": {
        "en": "This credential is not shared publicly",
        "pl": "To poświadczenie nie jest udostępnione publicznie",
    },
    "not_shared_text": {
        "en": "Its owner has not made a public page for it, or the link is mistyped. If you "
        "were given the credential's file or link, you can still check it on the verify page.",
        "pl": "Właściciel nie udostępnił go publicznie albo link jest błędny. Jeśli masz plik "
        "lub link poświadczenia, nadal możesz je sprawdzić na stronie weryfikacji.",
    },
    # --- /staff/[slug]/learners ---
    "learners_title": {"en": "Learners and credentials", "pl": "Uczestnicy i poświadczenia"},
    "learners_intro": {
        "en": "Mark a learner passed and the credential is signed and sent. Suspend or revoke "
        "an issued credential with a reason; the learner is told it.",
        "pl": "Oznacz zaliczenie, a poświadczenie zostanie podpisane i wysłane. Zawieś lub "
        "unieważnij wystawione poświadczenie z podaniem powodu; uczestnik go otrzyma.",
    },
    "learners_empty": {
        "en": "No one is enrolled in your courses yet.",
        "pl": "Nikt nie jest jeszcze zapisany na Wasze kursy.",
    },
    "not_passed": {"en": "Not passed yet", "pl": "Jeszcze nie zaliczone"},
    "passed_on": {"en": "Passed", "pl": "Zaliczone"},
    "grade_optional": {"en": "Grade (optional)", "pl": "Ocena (opcjonalnie)"},
    "results_title": {"en": "Pass a whole cohort", "pl": "Zalicz całą grupę"},
    "results_hint": {
        "en": "Upload a CSV file with the columns email, grade (optional) and offering (only "
        "if a learner has several courses here). Nobody is marked unless every line is right.",
        "pl": "Prześlij plik CSV z kolumnami email, ocena (opcjonalnie) i kurs (tylko gdy "
        "uczestnik ma tu kilka kursów). Nikt nie zostanie oznaczony, jeśli któryś wiersz "
        "jest błędny.",
    },
    "results_button": {"en": "Upload results", "pl": "Prześlij wyniki"},
    "mark_passed": {"en": "Mark passed", "pl": "Oznacz jako zaliczone"},
    "cannot_assess": {
        "en": "Only the university's owners and assessors can mark a pass.",
        "pl": "Zaliczenie mogą oznaczyć tylko właściciele i oceniający uczelni.",
    },
    "reason_required": {
        "en": "Reason (the learner is told it)",
        "pl": "Powód (uczestnik go otrzyma)",
    },
    "reason_optional": {"en": "Note (optional)", "pl": "Uwaga (opcjonalnie)"},
    "suspend": {"en": "Suspend", "pl": "Zawieś"},
    "revoke": {"en": "Revoke", "pl": "Unieważnij"},
    "reinstate": {"en": "Reinstate", "pl": "Przywróć"},
    "revoked_final": {
        "en": "Revoked for good; it cannot be reinstated.",
        "pl": "Unieważnione na stałe; nie można go przywrócić.",
    },
    "view_credential": {"en": "Check it", "pl": "Sprawdź je"},
    "learner": {"en": "Learner", "pl": "Uczestnik"},
    "course": {"en": "Course", "pl": "Kurs"},
}
