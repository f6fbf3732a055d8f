"""Interface strings of the account pages (merged into i18n.STRINGS)."""

STRINGS: dict[str, dict[str, str]] = {
    "sign_in": {"en": "Sign in", "pl": "Zaloguj się"},
    "sign_up": {"en": "Create an account", "pl": "Załóż konto"},
    "sign_out": {"en": "Sign out", "pl": "Wyloguj"},
    "sign_out_everywhere": {
        "en": "Sign out on all devices",
        "pl": "Wyloguj na wszystkich urządzeniach",
    },
    "my_account": {"en": "My account", "pl": "Moje konto"},
    "email": {"en": "E-mail address", "pl": "Adres e-mail"},
    "password": {"en": "Password", "pl": "Hasło"},
    "new_password": {"en": "New password", "pl": "Nowe hasło"},
    "password_again": {"en": "New password again", "pl": "Powtórz nowe hasło"},
    "current_password": {"en": "Current password", "pl": "Obecne hasło"},
    "password_hint": {
        "en": "At least 10 characters; a short sentence is easy to remember and hard to guess.",
        "pl": "Co najmniej 10 znaków; krótkie zdanie łatwo zapamiętać, trudno odgadnąć.",
    },
    "full_name": {"en": "Name on your credentials", "pl": "Imię i nazwisko na poświadczeniach"},
    "name_hint": {
        "en": "Exactly as it should appear on the certificates you earn.",
        "pl": "Dokładnie tak, jak ma widnieć na zdobytych poświadczeniach.",
    },
    "forgot_password": {"en": "Forgot your password?", "pl": "Nie pamiętasz hasła?"},
    "send_reset_link": {"en": "Send me a reset link", "pl": "Wyślij link do zmiany hasła"},
    "reset_title": {"en": "Choose a new password", "pl": "Ustaw nowe hasło"},
    "save_password": {"en": "Save the new password", "pl": "Zapisz nowe hasło"},
    "no_account": {"en": "New here?", "pl": "Pierwszy raz tutaj?"},
    "have_account": {"en": "Already have an account?", "pl": "Masz już konto?"},
    "or_sso": {"en": "Or sign in with", "pl": "Lub zaloguj się przez"},
    "profile": {"en": "Profile", "pl": "Profil"},
    "preferred_language": {"en": "Language of e-mails and pages", "pl": "Język e-maili i stron"},
    "time_zone": {"en": "Time zone", "pl": "Strefa czasowa"},
    "save": {"en": "Save", "pl": "Zapisz"},
    "saved": {"en": "Saved.", "pl": "Zapisano."},
    "change_email": {"en": "Change e-mail address", "pl": "Zmień adres e-mail"},
    "new_email": {"en": "New e-mail address", "pl": "Nowy adres e-mail"},
    "send_confirmation": {"en": "Send confirmation link", "pl": "Wyślij link potwierdzający"},
    "change_password": {"en": "Change password", "pl": "Zmień hasło"},
    "sessions": {"en": "Sessions", "pl": "Sesje"},
    "privacy": {"en": "Your data", "pl": "Twoje dane"},
    "download_data": {"en": "Download my data (JSON)", "pl": "Pobierz moje dane (JSON)"},
    "delete_account": {"en": "Delete my account", "pl": "Usuń moje konto"},
    "delete_explainer": {
        "en": "We remove your name, e-mail address, password, sessions and sign-in links. "
        "Credentials already issued to you stay verifiable: we keep the minimum record they "
        "point to (an anonymous id) so employers can still check them and universities can "
        "revoke them. This cannot be undone.",
        "pl": "Usuniemy imię i nazwisko, adres e-mail, hasło, sesje i linki logowania. "
        "Wydane już poświadczenia nadal będzie można zweryfikować: zachowujemy minimalny "
        "zapis, do którego się odwołują (anonimowy identyfikator), aby pracodawcy mogli je "
        "sprawdzić, a uczelnie unieważnić. Tej operacji nie można cofnąć.",
    },
    "type_delete": {"en": "Type DELETE to confirm", "pl": "Wpisz DELETE, aby potwierdzić"},
    "invitation_title": {"en": "Join a university team", "pl": "Dołącz do zespołu uczelni"},
    "invitation_text": {
        "en": "You were invited to help run a university on microcred. Accept to get your role.",
        "pl": "Zaproszono Cię do zespołu uczelni w microcred. Przyjmij, aby otrzymać rolę.",
    },
    "accept_invitation": {"en": "Accept the invitation", "pl": "Przyjmij zaproszenie"},
    "staff_title": {"en": "Team", "pl": "Zespół"},
    "invite_staff": {"en": "Invite a colleague", "pl": "Zaproś współpracownika"},
    "role": {"en": "Role", "pl": "Rola"},
    "role_owner": {"en": "Owner", "pl": "Właściciel"},
    "role_editor": {"en": "Editor", "pl": "Redaktor"},
    "role_assessor": {"en": "Assessor", "pl": "Oceniający"},
    "send_invitation": {"en": "Send invitation", "pl": "Wyślij zaproszenie"},
    "not_allowed": {
        "en": "You do not have access to this page.",
        "pl": "Nie masz dostępu do tej strony.",
    },
    "outbox_title": {"en": "Outbox", "pl": "Skrzynka nadawcza"},
    "outbox_text": {
        "en": "Every message the platform sends, with its delivery state.",
        "pl": "Każda wiadomość wysyłana przez platformę i stan jej dostarczenia.",
    },
    "to": {"en": "To", "pl": "Do"},
    "subject": {"en": "Subject", "pl": "Temat"},
    "created": {"en": "Created", "pl": "Utworzono"},
    "delivered": {"en": "Delivered", "pl": "Dostarczono"},
    "pending": {"en": "Pending", "pl": "Oczekuje"},
    "signed_in_as": {"en": "Signed in as", "pl": "Zalogowano jako"},
}

STRINGS.update(
    {
        "enrol": {"en": "Enrol and pay", "pl": "Zapisz się i zapłać"},
        "enrol_free": {"en": "Enrol", "pl": "Zapisz się"},
        "voucher": {"en": "Voucher code (optional)", "pl": "Kod rabatowy (opcjonalnie)"},
        "buy_seats": {"en": "Buy seats for your team", "pl": "Kup miejsca dla zespołu"},
        "seats_title": {"en": "Seats for your team", "pl": "Miejsca dla zespołu"},
        "seats_text": {
            "en": "Pay once and receive one single-use code per seat to hand out. Each code "
            "enrols one person at no further cost.",
            "pl": "Zapłać raz i otrzymaj jednorazowy kod na każde miejsce. Każdy kod zapisuje "
            "jedną osobę bez dodatkowych opłat.",
        },
        "quantity": {"en": "Number of seats", "pl": "Liczba miejsc"},
        "checkout_title": {"en": "Payment", "pl": "Płatność"},
        "simulated_note": {
            "en": "This is the simulated payment provider: choose what the bank says.",
            "pl": "To symulowany operator płatności: wybierz odpowiedź banku.",
        },
        "pay_success": {"en": "Pay", "pl": "Zapłać"},
        "pay_decline": {"en": "Card declined", "pl": "Karta odrzucona"},
        "pay_cancel": {"en": "Cancel", "pl": "Anuluj"},
        "order_paid": {
            "en": "Payment received. You are enrolled.",
            "pl": "Płatność przyjęta. Jesteś zapisany na kurs.",
        },
        "order_seats_paid": {
            "en": "Payment received. Your seat codes are in your e-mail and in My learning.",
            "pl": "Płatność przyjęta. Kody miejsc są w e-mailu i w zakładce Moja nauka.",
        },
        "order_pending": {
            "en": "We are waiting for the payment to be confirmed…",
            "pl": "Czekamy na potwierdzenie płatności…",
        },
        "order_failed": {
            "en": "The payment did not go through. Nothing was charged and your seat was released.",
            "pl": "Płatność nie powiodła się. Nic nie pobrano, a miejsce zostało zwolnione.",
        },
        "order_refunded": {
            "en": "This order was refunded.",
            "pl": "To zamówienie zostało zwrócone.",
        },
        "order_refund_requested": {"en": "Refund in progress.", "pl": "Zwrot w toku."},
        "my_learning": {"en": "My learning", "pl": "Moja nauka"},
        "enrolments": {"en": "Courses", "pl": "Kursy"},
        "orders": {"en": "Orders and receipts", "pl": "Zamówienia i potwierdzenia"},
        "receipt": {"en": "Receipt (PDF)", "pl": "Potwierdzenie (PDF)"},
        "request_refund": {"en": "Withdraw and refund", "pl": "Odstąp i zwróć"},
        "refund_note": {
            "en": "You may withdraw within 14 days of paying if you have not started the assessment.",
            "pl": "Możesz odstąpić w ciągu 14 dni od zapłaty, jeśli nie rozpocząłeś oceny.",
        },
        "no_enrolments": {
            "en": "You are not enrolled in any course yet.",
            "pl": "Nie jesteś jeszcze zapisany na żaden kurs.",
        },
        "seat_codes": {"en": "Seat codes", "pl": "Kody miejsc"},
        "status": {"en": "Status", "pl": "Status"},
        "total": {"en": "Total", "pl": "Razem"},
    }
)
