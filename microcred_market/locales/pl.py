"""The Polish catalogue: every key in every language (a test checks).

Keys are grouped by prefix: `ui.` pages, `mail.` messages, `error.` errors, `vocab.` labels.
"""

MESSAGES: dict[str, str | dict[str, str]] = {
    "ui.brand": "microcred",
    "ui.tagline": "Krótkie kursy uczelni zakończone poświadczeniem, które każdy może sprawdzić.",
    "ui.nav_catalogue": "Katalog",
    "ui.nav_universities": "Uczelnie",
    "ui.nav_qualifications": "Kwalifikacje",
    "ui.skip_to_content": "Przejdź do treści",
    "ui.language": "Język",
    "ui.search_label": "Szukaj kursów",
    "ui.search_placeholder": "Umiejętność, temat lub uczelnia, np. analiza danych",
    "ui.search_button": "Szukaj",
    "ui.featured": "Polecane kursy",
    "ui.universities": "Uczelnie",
    "ui.qualifications": "Kwalifikacje do zbudowania",
    "ui.courses_count": "kursów",
    "ui.see_all": "Zobacz wszystkie kursy",
    "ui.results": "wyników",
    "ui.no_results": "Brak pasujących kursów. Spróbuj mniej słów lub usuń filtr.",
    "ui.filters": "Filtry",
    "ui.clear_filters": "Wyczyść filtry",
    "ui.apply": "Zastosuj",
    "ui.f_university": "Uczelnia",
    "ui.f_country": "Kraj",
    "ui.f_eqf": "Poziom ERK",
    "ui.f_language": "Język kursu",
    "ui.f_form": "Forma udziału",
    "ui.f_assessment": "Forma oceny",
    "ui.f_currency": "Waluta",
    "ui.f_self_paced": "Harmonogram",
    "ui.f_qualification": "Zalicza się do",
    "ui.f_ects": "Nakład pracy ECTS",
    "ui.f_price": "Cena",
    "ui.f_start": "Początek między",
    "ui.min": "Min",
    "ui.max": "Maks",
    "ui.from": "Od",
    "ui.to": "Do",
    "ui.sort": "Sortuj",
    "ui.sort_relevance": "Trafność",
    "ui.sort_price_asc": "Cena: rosnąco",
    "ui.sort_price_desc": "Cena: malejąco",
    "ui.sort_start": "Data rozpoczęcia",
    "ui.sort_ects_asc": "ECTS: rosnąco",
    "ui.sort_ects_desc": "ECTS: malejąco",
    "ui.previous": "Poprzednia",
    "ui.next": "Następna",
    "ui.page_of": "Strona {page} z {pages}",
    "ui.self_paced": "We własnym tempie",
    "ui.starts": "Początek",
    "ui.ects": "ECTS",
    "ui.seats_left": "wolnych miejsc",
    "ui.sold_out": "Brak miejsc",
    "ui.unlimited_seats": "Bez limitu miejsc",
    "ui.taught_in": "Prowadzony w języku",
    "ui.content_language": "Treść kursu w języku",
    "ui.about": "O kursie",
    "ui.outcomes": "Efekty uczenia się",
    "ui.skills": "Umiejętności ESCO",
    "ui.facts": "Najważniejsze informacje",
    "ui.awarding_body": "Instytucja wydająca",
    "ui.country": "Kraj",
    "ui.workload": "Nakład pracy",
    "ui.level": "Poziom",
    "ui.national_level": "Rama krajowa",
    "ui.field": "Dziedzina (ISCED-F)",
    "ui.participation": "Forma udziału",
    "ui.assessment": "Rodzaj oceny",
    "ui.supervision": "Nadzór i weryfikacja tożsamości",
    "ui.prerequisites": "Wymagania wstępne",
    "ui.none": "Brak",
    "ui.quality_assurance": "Zapewnianie jakości",
    "ui.price": "Cena",
    "ui.dates": "Terminy",
    "ui.seats": "Miejsca",
    "ui.counts_toward": "Zalicza się do",
    "ui.counts_toward_none": "Ten kurs jest samodzielny; nie należy jeszcze do żadnej "
    "kwalifikacji.",
    "ui.credential_note": "Po zaliczeniu uczelnia wystawia podpisane mikropoświadczenie (Open "
    "Badges 3.0, standard UE), które każdy może zweryfikować.",
    "ui.website": "Strona internetowa",
    "ui.courses_at": "Kursy",
    "ui.awarded_by": "Przyznawana przez",
    "ui.ects_required": "Wymagane ECTS",
    "ui.what_counts": "Kursy, które się do niej zaliczają",
    "ui.not_found_title": "Nie znaleźliśmy tej strony",
    "ui.not_found_text": "Link może być nieaktualny lub błędny. W katalogu są wszystkie nasze "
    "kursy.",
    "ui.back_to_catalogue": "Przejdź do katalogu",
    "ui.loading": "Ładowanie…",
    "ui.footer": "Mikropoświadczenia zgodne z Zaleceniem Rady UE 2022/C 243/02 i Open Badges 3.0.",
    "ui.scheduled": "Z terminami",
    "ui.eqf": "ERK",
    "ui.sign_in": "Zaloguj się",
    "ui.sign_up": "Załóż konto",
    "ui.sign_out": "Wyloguj",
    "ui.sign_out_everywhere": "Wyloguj na wszystkich urządzeniach",
    "ui.my_account": "Moje konto",
    "ui.email": "Adres e-mail",
    "ui.password": "Hasło",
    "ui.new_password": "Nowe hasło",
    "ui.password_again": "Powtórz nowe hasło",
    "ui.current_password": "Obecne hasło",
    "ui.password_hint": "Co najmniej 10 znaków; krótkie zdanie łatwo zapamiętać, trudno odgadnąć.",
    "ui.full_name": "Imię i nazwisko na poświadczeniach",
    "ui.name_hint": "Dokładnie tak, jak ma widnieć na zdobytych poświadczeniach.",
    "ui.forgot_password": "Nie pamiętasz hasła?",
    "ui.send_reset_link": "Wyślij link do zmiany hasła",
    "ui.reset_title": "Ustaw nowe hasło",
    "ui.save_password": "Zapisz nowe hasło",
    "ui.no_account": "Pierwszy raz tutaj?",
    "ui.have_account": "Masz już konto?",
    "ui.or_sso": "Lub zaloguj się przez",
    "ui.profile": "Profil",
    "ui.preferred_language": "Język e-maili i stron",
    "ui.time_zone": "Strefa czasowa",
    "ui.save": "Zapisz",
    "ui.saved": "Zapisano.",
    "ui.change_email": "Zmień adres e-mail",
    "ui.new_email": "Nowy adres e-mail",
    "ui.send_confirmation": "Wyślij link potwierdzający",
    "ui.change_password": "Zmień hasło",
    "ui.sessions": "Sesje",
    "ui.privacy": "Twoje dane",
    "ui.download_data": "Pobierz moje dane (JSON)",
    "ui.delete_account": "Usuń moje konto",
    "ui.delete_explainer": "Usuniemy imię i nazwisko, adres e-mail, hasło, sesje i linki "
    "logowania. Wydane już poświadczenia nadal będzie można zweryfikować: "
    "zachowujemy minimalny zapis, do którego się odwołują (anonimowy "
    "identyfikator), aby pracodawcy mogli je sprawdzić, a uczelnie "
    "unieważnić. Tej operacji nie można cofnąć.",
    "ui.type_delete": "Wpisz DELETE, aby potwierdzić",
    "ui.invitation_title": "Dołącz do zespołu uczelni",
    "ui.invitation_text": "Zaproszono Cię do zespołu uczelni w microcred. Przyjmij, aby otrzymać "
    "rolę.",
    "ui.accept_invitation": "Przyjmij zaproszenie",
    "ui.staff_title": "Zespół",
    "ui.invite_staff": "Zaproś współpracownika",
    "ui.role": "Rola",
    "ui.role_owner": "Właściciel",
    "ui.role_editor": "Redaktor",
    "ui.role_assessor": "Oceniający",
    "ui.send_invitation": "Wyślij zaproszenie",
    "ui.not_allowed": "Nie masz dostępu do tej strony.",
    "ui.outbox_title": "Skrzynka nadawcza",
    "ui.outbox_text": "Każda wiadomość wysyłana przez platformę i stan jej dostarczenia.",
    "ui.subject": "Temat",
    "ui.created": "Utworzono",
    "ui.delivered": "Dostarczono",
    "ui.pending": "Oczekuje",
    "ui.signed_in_as": "Zalogowano jako",
    "ui.enrol": "Zapisz się i zapłać",
    "ui.enrol_free": "Zapisz się",
    "ui.voucher": "Kod rabatowy (opcjonalnie)",
    "ui.buy_seats": "Kup miejsca dla zespołu",
    "ui.seats_title": "Miejsca dla zespołu",
    "ui.seats_text": "Zapłać raz i otrzymaj jednorazowy kod na każde miejsce. Każdy kod zapisuje "
    "jedną osobę bez dodatkowych opłat.",
    "ui.quantity": "Liczba miejsc",
    "ui.checkout_title": "Płatność",
    "ui.simulated_note": "To symulowany operator płatności: wybierz odpowiedź banku.",
    "ui.pay_success": "Zapłać",
    "ui.pay_decline": "Karta odrzucona",
    "ui.pay_cancel": "Anuluj",
    "ui.order_paid": "Płatność przyjęta. Jesteś zapisany na kurs.",
    "ui.order_seats_paid": "Płatność przyjęta. Kody miejsc są w e-mailu i w zakładce Moja nauka.",
    "ui.order_pending": "Czekamy na potwierdzenie płatności…",
    "ui.order_failed": "Płatność nie powiodła się. Nic nie pobrano, a miejsce zostało zwolnione.",
    "ui.order_refunded": "To zamówienie zostało zwrócone.",
    "ui.order_refund_requested": "Zwrot w toku.",
    "ui.my_learning": "Moja nauka",
    "ui.enrolments": "Kursy",
    "ui.orders": "Zamówienia i potwierdzenia",
    "ui.receipt": "Potwierdzenie (PDF)",
    "ui.request_refund": "Odstąp i zwróć",
    "ui.refund_note": "Możesz odstąpić w ciągu 14 dni od zapłaty, jeśli nie rozpocząłeś oceny.",
    "ui.no_enrolments": "Nie jesteś jeszcze zapisany na żaden kurs.",
    "ui.seat_codes": "Kody miejsc",
    "ui.status": "Status",
    "ui.total": "Razem",
    "ui.nav_verify": "Sprawdź poświadczenie",
    "ui.my_credentials": "Moje poświadczenia",
    "ui.verify_title": "Zweryfikuj mikropoświadczenie",
    "ui.verify_intro": "Wklej poświadczenie, prześlij jego plik lub otwórz link. Konto nie jest "
    "potrzebne: sprawdzamy, kto je podpisał, czy nic nie zmieniono, daty i "
    "czy wystawca go nie unieważnił.",
    "ui.verify_paste_label": "Wklej poświadczenie (JSON)",
    "ui.verify_paste_hint": 'Tekst, który zaczyna się od { i zawiera "proof".',
    "ui.verify_button": "Sprawdź",
    "ui.verify_upload_label": "Prześlij plik",
    "ui.verify_upload_hint": "Plik .json albo obraz odznaki (.png lub .svg) z poświadczeniem w "
    "środku. Najwyżej 2 MB.",
    "ui.verify_choose_file": "Wybierz plik",
    "ui.verify_drop": "albo upuść go tutaj",
    "ui.verify_link_label": "Link do poświadczenia",
    "ui.verify_link_hint": "Adres z kodu QR, e-maila lub CV.",
    "ui.verify_link_button": "Sprawdź link",
    "ui.verifying": "Sprawdzamy poświadczenie…",
    "ui.verify_empty_paste": "Najpierw wklej JSON poświadczenia.",
    "ui.verify_empty_link": "Najpierw wpisz link do poświadczenia.",
    "ui.verify_too_large": "Ten plik ma ponad 2 MB, więc go nie czytaliśmy. Poświadczenie to "
    "kilka kilobajtów: prześlij otrzymany plik .json lub obraz odznaki.",
    "ui.verify_wrong_type": "Prześlij plik .json lub obraz odznaki (.png lub .svg).",
    "ui.verify_one_file": "Przesyłaj jeden plik naraz.",
    "ui.verify_failed": "Coś poszło nie tak podczas sprawdzania. Spróbuj ponownie za chwilę.",
    "ui.verify_result": "Wynik",
    "ui.v_valid": "Ważne",
    "ui.v_valid_text": "Podpisane przez wystawcę, niezmienione, w terminie ważności i "
    "nieunieważnione.",
    "ui.v_invalid": "Nieważne",
    "ui.v_invalid_text": "Co najmniej jedno sprawdzenie się nie powiodło. Nie polegaj na tym "
    "poświadczeniu.",
    "ui.v_revoked": "Unieważnione przez wystawcę",
    "ui.v_revoked_text": "Wystawca wycofał to poświadczenie. Nie jest już ważne.",
    "ui.v_suspended": "Zawieszone",
    "ui.v_suspended_text": "Wystawca tymczasowo zawiesił to poświadczenie. Do czasu przywrócenia "
    "nie jest ważne.",
    "ui.v_status_unknown": "Status nieznany — nie można potwierdzić, że nie jest unieważnione",
    "ui.v_status_unknown_text": "Podpis jest poprawny, ale nie udało się odczytać listy "
    "unieważnień wystawcy. Spróbuj później.",
    "ui.v_unreadable": "Nie można tego odczytać",
    "ui.who_what": "Co poświadcza",
    "ui.issued_sentence": "Wydane przez: {issuer}, dla: {learner}, dnia {date}.",
    "ui.cf_issuer": "Wystawca",
    "ui.cf_learner": "Otrzymuje",
    "ui.cf_description": "Opis",
    "ui.cf_issued": "Data wydania",
    "ui.cf_valid_until": "Ważne do",
    "ui.cf_no_expiry": "Bezterminowo",
    "ui.cf_eqf": "Poziom ERK (EQF)",
    "ui.cf_nqf": "Rama krajowa",
    "ui.cf_ects": "Nakład pracy",
    "ui.cf_assessment": "Forma oceny",
    "ui.cf_participation": "Forma udziału",
    "ui.cf_qa": "Zapewnienie jakości",
    "ui.cf_supervision": "Nadzór i weryfikacja tożsamości",
    "ui.cf_grade": "Ocena",
    "ui.cf_prerequisites": "Wymagania wstępne",
    "ui.cf_language": "Język",
    "ui.cf_issuer_id": "Identyfikator wystawcy",
    "ui.cf_credential_id": "Identyfikator poświadczenia",
    "ui.cf_outcomes": "Efekty uczenia się",
    "ui.cf_skills": "Umiejętności (ESCO)",
    "ui.cf_part_of": "Wlicza się do",
    "ui.not_stated": "Nie podano",
    "ui.no_grade": "Zaliczone (bez oceny)",
    "ui.checks": "Sprawdzenia",
    "ui.c_format": "Format",
    "ui.c_schema": "Schemat Open Badges 3.0",
    "ui.c_issuer": "Wystawca",
    "ui.c_signature": "Podpis",
    "ui.c_dates": "Daty",
    "ui.c_status": "Status unieważnienia",
    "ui.s_pass": "zaliczone",
    "ui.s_fail": "niezaliczone",
    "ui.s_unknown": "nieznane",
    "ui.s_skipped": "nie dotyczy",
    "ui.open_verify": "Sprawdź je samodzielnie na stronie weryfikacji",
    "ui.wallet_intro": "Wszystkie zdobyte poświadczenia, podpisane przez uczelnie. Udostępnij "
    "link, pobierz certyfikat lub dodaj je do profilu LinkedIn.",
    "ui.wallet_empty": "Nie masz jeszcze poświadczeń. Zalicz kurs, a uczelnia wystawi je tutaj.",
    "ui.issued_on": "Wydane",
    "ui.state_active": "Ważne",
    "ui.state_revoked": "Unieważnione",
    "ui.state_suspended": "Zawieszone",
    "ui.state_pending": "W trakcie wystawiania",
    "ui.state_reason": "Powód",
    "ui.w_verify": "Zweryfikuj",
    "ui.w_json": "Pobierz JSON",
    "ui.w_pdf": "Certyfikat PDF",
    "ui.w_badge": "Obraz odznaki (PNG)",
    "ui.w_linkedin": "Dodaj do LinkedIn",
    "ui.public_page": "Strona publiczna",
    "ui.public_on_text": "Włączona. Każdy, kto ma ten link, zobaczy poświadczenie:",
    "ui.public_off_text": "Wyłączona. Włącz ją, aby udostępnić stronę z poświadczeniem i jego "
    "bieżącą weryfikacją.",
    "ui.make_public": "Włącz stronę publiczną",
    "ui.make_private": "Wyłącz stronę publiczną",
    "ui.shared_kicker": "Udostępnione mikropoświadczenie",
    "ui.live_check": "Sprawdzone przed chwilą z kluczami i listą unieważnień wystawcy.",
    "ui.not_shared_title": "To poświadczenie nie jest udostępnione publicznie",
    "ui.not_shared_text": "Właściciel nie udostępnił go publicznie albo link jest błędny. Jeśli "
    "masz plik lub link poświadczenia, nadal możesz je sprawdzić na "
    "stronie weryfikacji.",
    "ui.learners_title": "Uczestnicy i poświadczenia",
    "ui.learners_intro": "Oznacz zaliczenie, a poświadczenie zostanie podpisane i wysłane. "
    "Zawieś lub unieważnij wystawione poświadczenie z podaniem powodu; "
    "uczestnik go otrzyma.",
    "ui.learners_empty": "Nikt nie jest jeszcze zapisany na Wasze kursy.",
    "ui.not_passed": "Jeszcze nie zaliczone",
    "ui.passed_on": "Zaliczone",
    "ui.grade_optional": "Ocena (opcjonalnie)",
    "ui.results_title": "Zalicz całą grupę",
    "ui.results_hint": "Prześlij plik CSV z kolumnami email, ocena (opcjonalnie) i kurs (tylko "
    "gdy uczestnik ma tu kilka kursów). Nikt nie zostanie oznaczony, jeśli "
    "któryś wiersz jest błędny.",
    "ui.results_button": "Prześlij wyniki",
    "ui.mark_passed": "Oznacz jako zaliczone",
    "ui.cannot_assess": "Zaliczenie mogą oznaczyć tylko właściciele i oceniający uczelni.",
    "ui.reason_required": "Powód (uczestnik go otrzyma)",
    "ui.reason_optional": "Uwaga (opcjonalnie)",
    "ui.suspend": "Zawieś",
    "ui.revoke": "Unieważnij",
    "ui.reinstate": "Przywróć",
    "ui.revoked_final": "Unieważnione na stałe; nie można go przywrócić.",
    "ui.view_credential": "Sprawdź je",
    "ui.learner": "Uczestnik",
    "ui.course": "Kurs",
    "mail.verify_email.subject": "Potwierdź swój adres e-mail",
    "mail.verify_email.body": "Dzień dobry {name},\n"
    "\n"
    "potwierdź adres e-mail w microcred, otwierając ten link (ważny 48 "
    "godzin):\n"
    "\n"
    "{link}\n"
    "\n"
    "Jeśli to nie Ty zakładałeś konto, zignoruj tę wiadomość.",
    "mail.already_registered.subject": "Masz już konto",
    "mail.already_registered.body": "Dzień dobry,\n"
    "\n"
    "ktoś (zapewne Ty) próbował założyć konto na ten adres, ale "
    "konto w microcred już istnieje. Zaloguj się tutaj:\n"
    "\n"
    "{link}\n"
    "\n"
    "Nie pamiętasz hasła? Zresetuj je na stronie logowania.",
    "mail.reset_password.subject": "Ustaw nowe hasło",
    "mail.reset_password.body": "Dzień dobry {name},\n"
    "\n"
    "otwórz ten link, aby ustawić nowe hasło. Działa raz i wygasa po "
    "1 godzinie:\n"
    "\n"
    "{link}\n"
    "\n"
    "Jeśli to nie Ty, zignoruj tę wiadomość; hasło pozostaje bez "
    "zmian.",
    "mail.change_email.subject": "Potwierdź nowy adres e-mail",
    "mail.change_email.body": "Dzień dobry {name},\n"
    "\n"
    "otwórz ten link, aby ustawić ten adres w microcred (ważny 48 "
    "godzin):\n"
    "\n"
    "{link}",
    "mail.email_changed.subject": "Adres e-mail został zmieniony",
    "mail.email_changed.body": "Dzień dobry {name},\n"
    "\n"
    "adres e-mail konta w microcred zmieniono na {new_email}. Jeśli "
    "to nie Ty, odpowiedz na tę wiadomość natychmiast.",
    "mail.staff_invitation.subject": "Zaproszenie do {university} w microcred",
    "mail.staff_invitation.body": "Dzień dobry,\n"
    "\n"
    "{inviter} zaprasza Cię do zespołu {university} w microcred w "
    "roli: {role}. Przyjmij zaproszenie w ciągu 7 dni:\n"
    "\n"
    "{link}",
    "mail.account_deleted.subject": "Twoje konto zostało usunięte",
    "mail.account_deleted.body": "Dzień dobry,\n"
    "\n"
    "Twoje konto w microcred i dane osobowe zostały usunięte. "
    "Wydane już poświadczenia nadal można zweryfikować.",
    "mail.credential_issued.subject": "Twoje mikropoświadczenie: {title}",
    "mail.credential_issued.body": "Dzień dobry {name},\n"
    "\n"
    "gratulujemy: {university} wydał Twoje mikropoświadczenie "
    '"{title}".\n'
    "\n"
    "Twoje poświadczenia: {link}\n"
    "Każdy może je sprawdzić tutaj: {verify}",
    "mail.credential_revoked.subject": "Twoje poświadczenie zostało unieważnione: {title}",
    "mail.credential_revoked.body": "Dzień dobry {name},\n"
    "\n"
    '{university} unieważnił poświadczenie "{title}".\n'
    "Powód: {reason}\n"
    "\n"
    "Nie przejdzie już weryfikacji. Jeśli to pomyłka, skontaktuj "
    "się z uczelnią.",
    "mail.credential_suspended.subject": "Twoje poświadczenie jest zawieszone: {title}",
    "mail.credential_suspended.body": "Dzień dobry {name},\n"
    "\n"
    "{university} tymczasowo zawiesił poświadczenie "
    '"{title}".\n'
    "Powód: {reason}\n"
    "\n"
    "Przez ten czas nie przejdzie weryfikacji.",
    "mail.credential_reinstated.subject": "Twoje poświadczenie znów jest ważne: {title}",
    "mail.credential_reinstated.body": "Dzień dobry {name},\n"
    "\n"
    '{university} zniósł zawieszenie "{title}". Poświadczenie '
    "znów przechodzi weryfikację.",
    # ---- errors raised by services: error.<capability>.<name> ----
    #
    #
    # ---- vocabularies (participation forms, assessment types, ...): vocab.<kind>.<code> ----
    #
    #
    # ---- answers of the JSON API and the form posts: api.<name> ----
    #
    "api.other_site": "Formularz przyszedł z innej strony, więc go pominęliśmy. Spróbuj tutaj.",
    "api.bad_json": "Treść żądania nie jest poprawnym JSON-em.",
    "api.bad_parameter": "Parametr {name} musi być liczbą całkowitą.",
    "api.please_sign_in": "Zaloguj się.",
    "api.not_signed_in": "Zaloguj się.",
    "api.signup_check_inbox": "Sprawdź skrzynkę: wysłaliśmy link do potwierdzenia adresu.",
    "api.email_confirmed": "Adres e-mail potwierdzony. Możesz się zalogować.",
    "api.signed_out": "Wylogowano.",
    "api.signed_out_everywhere": "Wylogowano z {n} sesji na wszystkich urządzeniach.",
    "api.reset_link_sent": "Jeśli ten adres ma konto, wysłaliśmy na niego link do zmiany hasła.",
    "api.passwords_differ": "Hasła się różnią.",
    "api.password_reset_done": "Hasło zmienione. Zaloguj się nowym hasłem.",
    "api.password_changed": "Hasło zmienione. Inne urządzenia zostały wylogowane.",
    "api.email_change_sent": "Wysłaliśmy link na nowy adres. Adres zmieni się po jego otwarciu.",
    "api.new_email_confirmed": "Nowy adres e-mail potwierdzony.",
    "api.sign_in_to_accept_invitation": "Zaloguj się (lub załóż konto), aby przyjąć zaproszenie.",
    "api.welcome_to_team": "Witamy w zespole.",
    "api.type_delete": "Wpisz DELETE, aby potwierdzić.",
    "api.account_deleted": "Konto i dane osobowe zostały usunięte.",
    "api.no_such_university": "Taka uczelnia nie istnieje.",
    "api.invitation_sent": "Zaproszenie wysłane.",
    "api.sign_in_to_enrol": "Zaloguj się, aby się zapisać.",
    "api.payment_service_down": "Serwis płatności nie odpowiada. Nic nie pobrano; spróbuj za chwilę.",
    "api.choose_outcome": "Wybierz: zapłać, odrzuć lub anuluj.",
    "api.order_not_found": "Nie znaleźliśmy tego zamówienia.",
    "api.refund_requested": "Zlecono zwrot. Napiszemy, gdy pieniądze będą w drodze.",
    "api.no_receipt_yet": "Potwierdzenie będzie dostępne po opłaceniu zamówienia.",
    "api.no_such_issuer": "Nie ma takiego wystawcy.",
    "api.no_such_status_list": "Nie ma takiej listy statusów.",
    "api.credential_not_found": "Nie znaleźliśmy tego poświadczenia.",
    "api.credential_too_large": "Poświadczenie ma kilka kilobajtów; ten plik ma ponad 2 MB.",
    "api.send_a_file": "Wyślij poświadczenie jako plik o nazwie 'file'.",
    "api.unreadable_upload": "Nie udało się odczytać przesłanego pliku.",
    "api.passed_and_issuing": "Zaliczone. Poświadczenie jest wystawiane, a uczestnik dostanie e-mail.",
    "api.credential_now_revoked": "Unieważniono. Uczestnik został powiadomiony.",
    "api.credential_now_suspended": "Zawieszono. Uczestnik został powiadomiony.",
    "api.credential_now_active": "Znów ważne. Uczestnik został powiadomiony.",
    "api.public_page_on": "Publiczna strona jest włączona.",
    "api.public_page_off": "Publiczna strona jest wyłączona.",
    "api.try_again_here": "Spróbuj tutaj.",
    "api.file_over_1mb": "Plik ma ponad 1 MB.",
    "api.file_unreadable": "Nie udało się odczytać pliku.",
    "api.choose_csv": "Wybierz plik CSV.",
    "api.results_line": "wiersz {line}: {problem}",
    "api.results_more": " (i {n} więcej)",
    "api.results_not_marked": "Nikogo jeszcze nie oznaczono. Popraw wiersze i prześlij ponownie: {lines}{extra}",
    "api.results_marked": "Zaliczono: {n}. Poświadczenia są wystawiane.",
    "api.sso_not_configured": "Ten dostawca logowania nie jest skonfigurowany.",
    "api.sso_unreachable": "{name} jest teraz nieosiągalny. Spróbuj później.",
    "api.sso_failed": "Logowanie przez SSO nie powiodło się. Spróbuj ponownie.",
    "api.webhook_too_large": "Treść webhooka ma ponad 1 MB.",
    "api.webhook_not_configured": "Webhooki Stripe nie są tu skonfigurowane.",
    "api.webhook_bad_signature": "Podpis się nie zgadza.",
    "api.webhook_not_an_event": "Treść webhooka nie jest zdarzeniem Stripe.",
    "api.webhook_no_id": "Zdarzenie nie ma identyfikatora.",
    "api.webhook_no_type": "Zdarzenie nie ma typu ani obiektu.",
    "api.webhook_stripe_unreachable": "Nie udało się połączyć ze Stripe; spróbuj później.",
    "api.form_unreadable": "Nie udało się odczytać formularza. Spróbuj ponownie.",
    "api.webhook_busy": "Spróbuj później.",
    #
    # ---- page texts added since the move: ui.<page>.<name> ----
    # the order and enrolment states shown on My learning and the sales tables
    "ui.orders.state.pending": "oczekuje na płatność",
    "ui.orders.state.paid": "opłacone",
    "ui.orders.state.failed": "nieudane",
    "ui.orders.state.expired": "wygasło",
    "ui.orders.state.cancelled": "anulowane",
    "ui.orders.state.refund_requested": "zwrot w toku",
    "ui.orders.state.refunded": "zwrócone",
    "ui.orders.state.active": "aktywny",
    # the verifier's check messages (its own words in English; {params} are its variable parts)
    "ui.check.known_contexts": "poświadczenie W3C ze znanymi kontekstami",
    "ui.check.no_type": "to nie jest poświadczenie W3C (brak typu)",
    "ui.check.no_context": "poświadczenie nie ma listy @context",
    "ui.check.no_subject": "poświadczenie nie wskazuje, kogo dotyczy",
    "ui.check.no_issuer": "poświadczenie nie wskazuje wystawcy",
    "ui.check.not_open_badges": "to nie jest poświadczenie Open Badges; nie ma schematu do sprawdzenia",
    "ui.check.schema_ok": "zgodne ze schematem 1EdTech Open Badges 3.0 AchievementCredential",
    "ui.check.no_valid_from": "poświadczenie nie ma poprawnej daty wydania (validFrom)",
    "ui.check.bad_valid_until": "data ważności (validUntil) nie jest datą",
    "ui.check.signature_ok": "podpisane przez wystawcę; nic nie zmieniono",
    "ui.check.signature_bad": "podpis nie pasuje do treści: poświadczenie zostało zmienione",
    "ui.check.no_issuer_keys": "nie da się sprawdzić bez kluczy wystawcy",
    "ui.check.no_issuer_found": "nie da się sprawdzić bez wystawcy",
    "ui.check.key_not_listed": "wystawca nie uznaje tego klucza do wystawiania poświadczeń",
    "ui.check.key_not_issuers": "klucz podpisu nie należy do wystawcy",
    "ui.check.no_proof": "poświadczenie nie ma podpisu",
    "ui.check.not_revoked": "nie unieważnione",
    "ui.check.not_suspended": "nie zawieszone",
    "ui.check.revoked": "unieważnione przez wystawcę",
    "ui.check.suspended": "zawieszone przez wystawcę",
    "ui.check.no_status": "wystawca nie publikuje statusu (nie można go unieważnić)",
    "ui.check.valid_forever": "ważne od {start}, bezterminowo",
    "ui.check.valid_between": "ważne od {start} do {end}",
    "ui.check.not_yet_valid": "jeszcze nieważne: ważne od {start}",
    "ui.check.expired": "wygasło {end}",
    "ui.check.resolved": "odnaleziono {issuer}",
    "ui.check.unknown_context": "nieznany kontekst {context}: przetwarzamy tylko konteksty, których kopię mamy",
    "ui.check.status_unknown": "status nieznany: {detail}",
    "ui.check.issuer_unresolved": "nie udało się odnaleźć wystawcy: {detail}",
    "ui.check.schema_mismatch": "niezgodne ze schematem Open Badges 3.0 w {where}: {detail}",
    "ui.check.jsonld_failed": "błąd przetwarzania JSON-LD: {detail}",
    "ui.verify.nqf_prk": "Polska Rama Kwalifikacji (PRK), poziom {level}",
    # the language named in itself (the switch and the profile form list every language so)
    "ui.language.endonym": "Polski",
    #
    #
    # ---- end ----
}
