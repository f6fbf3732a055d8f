"""A credential on paper and as a picture: the certificate PDF and the baked badge.

The `vc` library draws them from the credential's own facts; the words for the coded
facts come from the catalogue's vocabularies, looked up here so that `vc` stays a
library that knows no capability.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from microcred_market.catalogue import vocab
from microcred_market.platform.i18n import fmt_number, t, table
from microcred_market.vc import bake
from microcred_market.vc.certificate import certificate_pdf as render_certificate
from microcred_market.vc.verify import describe

_PRK = re.compile(r"Polish Qualifications Framework \(PRK\) level (\d+)")


def _ects(value: Any, lang: str) -> str:
    try:
        return fmt_number(Decimal(str(value)).normalize(), lang) if value else ""
    except InvalidOperation:
        return str(value)


def _nqf(value: Any, lang: str) -> str:
    nqf = str(value or "").strip()
    match = _PRK.fullmatch(nqf)
    return t("certificate.nqf_prk", lang, level=match.group(1)) if match else nqf


def certificate_words(facts: dict[str, Any], lang: str) -> dict[str, str]:
    """The reader's words for the coded facts that the certificate prints."""
    country_code = str(facts.get("issuer_country_code") or "").upper()
    return {
        "ects": _ects(facts.get("ects"), lang),
        "nqf": _nqf(facts.get("nqf"), lang),
        "assessment_type": vocab.label(
            vocab.ASSESSMENT_TYPES, str(facts.get("assessment_type") or ""), lang
        ),
        "participation_form": vocab.label(
            vocab.PARTICIPATION_FORMS, str(facts.get("participation_form") or ""), lang
        ),
        "supervision": vocab.label(vocab.SUPERVISION, str(facts.get("supervision") or ""), lang),
        "language": vocab.label(vocab.LANGUAGES, str(facts.get("language") or ""), lang),
        "issuer_country": (
            vocab.label(vocab.COUNTRIES, country_code, lang)
            if country_code in vocab.COUNTRIES
            else str(facts.get("issuer_country") or "")
        ),
    }


def certificate_from_facts(
    facts: dict[str, Any], verify_url: str, lang: str = "en", *, compress: bool = True
) -> bytes:
    """The one-page certificate for `verify.describe` facts, in `lang`."""
    return render_certificate(
        facts,
        verify_url,
        lang,
        words=certificate_words(facts, lang),
        labels=table(lang, "certificate."),
        compress=compress,
    )


def certificate_pdf(document: dict[str, Any], verify_url: str, lang: str = "en") -> bytes:
    """The certificate for a signed credential document."""
    return certificate_from_facts(describe(document), verify_url, lang)


def badge_png(document: dict[str, Any]) -> bytes:
    """The badge picture with the signed credential baked into it."""
    return bake.bake_png(bake.badge_image(describe(document)), document)
