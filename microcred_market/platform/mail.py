"""Mail is written to the outbox in the caller's transaction, in the reader's language.

Sending happens after the commit (see `outbox.py`): a rolled-back sign-up never mails
anybody, and a mail server that is down delays a message but never loses it.
"""

from __future__ import annotations

from sqlmodel import Session

from microcred_market.platform.models import OutboxMessage

TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "verify_email": {
        "en": (
            "Confirm your e-mail address",
            "Hello {name},\n\nplease confirm your e-mail address for microcred by opening "
            "this link (valid for 48 hours):\n\n{link}\n\nIf you did not sign up, ignore "
            "this message.",
        ),
        "pl": (
            "Potwierdź swój adres e-mail",
            "Dzień dobry {name},\n\npotwierdź adres e-mail w microcred, otwierając ten link "
            "(ważny 48 godzin):\n\n{link}\n\nJeśli to nie Ty zakładałeś konto, zignoruj tę "
            "wiadomość.",
        ),
    },
    "already_registered": {
        "en": (
            "You already have an account",
            "Hello,\n\nsomeone (probably you) tried to sign up with this address, but it "
            "already has a microcred account. Sign in here:\n\n{link}\n\nForgot your "
            "password? Reset it from the sign-in page.",
        ),
        "pl": (
            "Masz już konto",
            "Dzień dobry,\n\nktoś (zapewne Ty) próbował założyć konto na ten adres, ale "
            "konto w microcred już istnieje. Zaloguj się tutaj:\n\n{link}\n\nNie pamiętasz "
            "hasła? Zresetuj je na stronie logowania.",
        ),
    },
    "reset_password": {
        "en": (
            "Reset your password",
            "Hello {name},\n\nopen this link to choose a new password. It works once and "
            "expires in 1 hour:\n\n{link}\n\nIf you did not ask for this, ignore this "
            "message; your password stays as it is.",
        ),
        "pl": (
            "Ustaw nowe hasło",
            "Dzień dobry {name},\n\notwórz ten link, aby ustawić nowe hasło. Działa raz i "
            "wygasa po 1 godzinie:\n\n{link}\n\nJeśli to nie Ty, zignoruj tę wiadomość; "
            "hasło pozostaje bez zmian.",
        ),
    },
    "change_email": {
        "en": (
            "Confirm your new e-mail address",
            "Hello {name},\n\nopen this link to make this your microcred address (valid for "
            "48 hours):\n\n{link}",
        ),
        "pl": (
            "Potwierdź nowy adres e-mail",
            "Dzień dobry {name},\n\notwórz ten link, aby ustawić ten adres w microcred "
            "(ważny 48 godzin):\n\n{link}",
        ),
    },
    "email_changed": {
        "en": (
            "Your e-mail address was changed",
            "Hello {name},\n\nthe e-mail address of your microcred account was changed to "
            "{new_email}. If this was not you, reply to this message at once.",
        ),
        "pl": (
            "Adres e-mail został zmieniony",
            "Dzień dobry {name},\n\nadres e-mail konta w microcred zmieniono na {new_email}. "
            "Jeśli to nie Ty, odpowiedz na tę wiadomość natychmiast.",
        ),
    },
    "staff_invitation": {
        "en": (
            "Invitation to {university} on microcred",
            "Hello,\n\n{inviter} invites you to join {university} on microcred as "
            "{role}. Accept within 7 days:\n\n{link}",
        ),
        "pl": (
            "Zaproszenie do {university} w microcred",
            "Dzień dobry,\n\n{inviter} zaprasza Cię do zespołu {university} w microcred "
            "w roli: {role}. Przyjmij zaproszenie w ciągu 7 dni:\n\n{link}",
        ),
    },
    "account_deleted": {
        "en": (
            "Your account was deleted",
            "Hello,\n\nyour microcred account and its personal data were deleted. "
            "Credentials already issued to you stay verifiable.",
        ),
        "pl": (
            "Twoje konto zostało usunięte",
            "Dzień dobry,\n\nTwoje konto w microcred i dane osobowe zostały usunięte. "
            "Wydane już poświadczenia nadal można zweryfikować.",
        ),
    },
}

TEMPLATES.update(
    {
        "credential_issued": {
            "en": (
                "Your micro-credential: {title}",
                "Hello {name},\n\ncongratulations: {university} has issued your "
                'micro-credential "{title}".\n\nYour credentials: {link}\n'
                "Anyone can check it here: {verify}",
            ),
            "pl": (
                "Twoje mikropoświadczenie: {title}",
                "Dzień dobry {name},\n\ngratulujemy: {university} wydał Twoje "
                'mikropoświadczenie "{title}".\n\nTwoje poświadczenia: {link}\n'
                "Każdy może je sprawdzić tutaj: {verify}",
            ),
        },
        "credential_revoked": {
            "en": (
                "Your credential was revoked: {title}",
                'Hello {name},\n\n{university} revoked your credential "{title}".\n'
                "Reason: {reason}\n\nIt no longer verifies. Reply to your university if "
                "you think this is a mistake.",
            ),
            "pl": (
                "Twoje poświadczenie zostało unieważnione: {title}",
                'Dzień dobry {name},\n\n{university} unieważnił poświadczenie "{title}".\n'
                "Powód: {reason}\n\nNie przejdzie już weryfikacji. Jeśli to pomyłka, "
                "skontaktuj się z uczelnią.",
            ),
        },
        "credential_suspended": {
            "en": (
                "Your credential is suspended: {title}",
                'Hello {name},\n\n{university} suspended your credential "{title}" for '
                "now.\nReason: {reason}\n\nWhile suspended it does not verify.",
            ),
            "pl": (
                "Twoje poświadczenie jest zawieszone: {title}",
                "Dzień dobry {name},\n\n{university} tymczasowo zawiesił poświadczenie "
                '"{title}".\nPowód: {reason}\n\nPrzez ten czas nie przejdzie weryfikacji.',
            ),
        },
        "credential_reinstated": {
            "en": (
                "Your credential is valid again: {title}",
                'Hello {name},\n\n{university} lifted the suspension of "{title}". It '
                "verifies again.",
            ),
            "pl": (
                "Twoje poświadczenie znów jest ważne: {title}",
                'Dzień dobry {name},\n\n{university} zniósł zawieszenie "{title}". '
                "Poświadczenie znów przechodzi weryfikację.",
            ),
        },
    }
)


def render(template: str, lang: str, **context: str) -> tuple[str, str]:
    variants = TEMPLATES[template]
    subject, body = variants.get(lang) or variants["en"]
    return subject.format(**context), body.format(**context)


def queue_mail(session: Session, *, to: str, template: str, lang: str, **context: str) -> None:
    subject, body = render(template, lang, **context)
    session.add(
        OutboxMessage(
            kind="mail",
            payload={"to": to, "subject": subject, "body": body, "lang": lang},
        )
    )
