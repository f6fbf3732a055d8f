"""A verification turned into what a page shows: flat strings in the reader's language.

Pure: the verifier's answer (and the titles of our qualifications it names, read
beforehand) go in, display data comes out; no database, no Reflex. Everything in a
credential is a stranger's input, so every value is cut to size and links are only
http(s).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from microcred_market.catalogue import vocab
from microcred_market.platform import i18n, urls
from microcred_market.ui.check_words import check_message
from microcred_market.ui.i18n import table
from microcred_market.ui.view import fmt_date

VERDICTS = ("valid", "invalid", "revoked", "suspended", "status_unknown", "unreadable")
CHECK_ORDER = ("format", "schema", "issuer", "signature", "dates", "status")
MARKS = {"pass": "✓", "fail": "✗", "unknown": "?", "skipped": "–"}
MARK_COLOURS = {"pass": "green", "fail": "red", "unknown": "amber", "skipped": "gray"}
_PRK = re.compile(r"Polish Qualifications Framework \(PRK\) level (\d+)")


def _text(value: Any, limit: int = 2000) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def _safe_href(url: Any) -> str:
    """Links from a stranger's credential: only http(s), never `javascript:`."""
    url = _text(url, 500)
    return url if url.lower().startswith(("https://", "http://")) else ""


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _date(value: Any, lang: str) -> str:
    text = _text(value, 40)
    try:
        return fmt_date(text, lang) if text else ""
    except ValueError:
        return text


def _ects(value: Any, lang: str) -> str:
    text = _text(str(value) if isinstance(value, int | float) else value, 20)
    if not text:
        return ""
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return f"{text} ECTS"
    if not amount.is_finite():
        return f"{text} ECTS"
    return f"{i18n.fmt_number(amount, lang)} ECTS"


def _nqf(text: str, lang: str) -> str:
    """The Polish framework's level, which our credentials state in English, in words."""
    match = _PRK.fullmatch(text)
    return i18n.t("ui.verify.nqf_prk", lang, level=match.group(1)) if match else text


def _label(vocabulary: vocab.Vocabulary, code: Any, lang: str) -> str:
    code = _text(code, 80)
    return vocab.label(vocabulary, code, lang) if code else ""


def _issuer(facts: dict[str, Any], lang: str) -> str:
    name = _text(facts.get("issuer_name"), 300)
    code = _text(facts.get("issuer_country_code"), 4).upper()
    country = vocab.label(vocab.COUNTRIES, code, lang) if code in vocab.COUNTRIES else ""
    country = country or _text(facts.get("issuer_country"), 100)
    if name and country:
        return f"{name} ({country})"
    return name or country


def _our_qualification(url: str) -> str | None:
    """The slug of one of our qualifications that `url` names, else None."""
    ours = urls.qualification_prefix()
    return url[len(ours) :].strip("/") if url.startswith(ours) else None


def _facts(result: dict[str, Any]) -> dict[str, Any]:
    """The verifier's facts: a stranger's credential may carry anything there, and
    anything but an object reads as no facts."""
    facts = result.get("facts")
    return facts if isinstance(facts, dict) else {}


def _part_of(result: dict[str, Any]) -> list[str]:
    facts = _facts(result)
    part_of = facts.get("part_of")
    urls = part_of[:20] if isinstance(part_of, list) else []
    return [url for url in (_text(u, 500) for u in urls) if url]


def qualification_slugs(result: dict[str, Any]) -> list[str]:
    """Our qualifications the credential says it counts toward, to look their titles up."""
    return [slug for url in _part_of(result) if (slug := _our_qualification(url))]


def _qualifications(urls: list[str], titles: Mapping[str, str]) -> list[dict[str, str]]:
    """Ours become titles with a local link; anyone else's stay addresses."""
    found = []
    for url in urls:
        title, href = url, _safe_href(url)
        slug = _our_qualification(url)
        if slug is not None and slug in titles:
            title, href = titles[slug], f"/qualifications/{slug}"
        found.append({"title": title, "href": href})
    return found


def _checks(checks: list[Any], tr: dict[str, str], lang: str) -> list[dict[str, str]]:
    rows = []
    for check in checks:
        if not isinstance(check, dict):
            continue
        name = _text(check.get("name"), 40)
        status = _text(check.get("status"), 20)
        status = status if status in MARKS else "unknown"
        original = _text(check.get("message"), 400)
        words = check_message(original, lang)
        rows.append(
            {
                "name": name,
                "label": tr.get(f"c_{name}", name),
                "status": status,
                "mark": MARKS[status],
                "word": tr[f"s_{status}"],
                "colour": MARK_COLOURS[status],
                "message": _sentence(words),
                # Polish where we have the words; otherwise the verifier's English, so tagged.
                "lang": lang if words != original else "en",
            }
        )
    order = {name: i for i, name in enumerate(CHECK_ORDER)}
    return sorted(rows, key=lambda r: order.get(r["name"], len(order)))


PART_COLOURS = {"active": "green", "suspended": "amber", "revoked": "red"}


def part_ids(result: dict[str, Any]) -> list[str]:
    """The ids of the parts a qualification credential lists, to look their states up."""
    parts = _facts(result).get("parts")
    return [_text(p.get("id"), 300) for p in (parts or [])[:100] if isinstance(p, dict)]


def _parts(result: dict[str, Any], states: Mapping[str, str], lang: str) -> list[dict[str, str]]:
    """Each part with its state now: ours from our records, anyone else's unknown here."""
    tr = table(lang)
    parts = _facts(result).get("parts")
    found = []
    for part in (parts or [])[:100] if isinstance(parts, list) else []:
        if not isinstance(part, dict):
            continue
        state = states.get(_text(part.get("id"), 300), "")
        found.append(
            {
                "name": _text(part.get("name"), 300) or _text(part.get("id"), 300),
                "issuer": _text(part.get("issuer_id"), 300),
                "ects": _ects(part.get("ects"), lang),
                "state": state or "unknown",
                "word": i18n.t(f"vocab.credential_state.{state}", lang)
                if state
                else tr["part_state_unknown"],
                "colour": PART_COLOURS.get(state, "gray"),
            }
        )
    return found


def present(
    result: dict[str, Any],
    lang: str,
    titles: Mapping[str, str] | None = None,
    part_states: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """A verification (`credentials.sources.verify_*`) as flat strings in the reader's language.

    `titles` maps the slugs of `qualification_slugs(result)` to their titles;
    `part_states` the ids of `part_ids(result)` to their current states.
    """
    tr = table(lang)
    verdict = result.get("verdict")
    verdict = verdict if verdict in VERDICTS else "invalid"
    facts = _facts(result)
    content_lang = _text(facts.get("language"), 12) or lang
    title = _text(facts.get("title"), 300)
    issuer = _issuer(facts, lang)
    learner = _text(facts.get("learner_name"), 300)
    issued = _date(facts.get("issued"), lang)
    eqf = _text(facts.get("eqf_level"), 4)
    grade = _text(facts.get("grade"), 40)

    rows: list[tuple[str, str, str, str]] = []  # (id, label, value, lang)

    def row(key: str, label_key: str, value: str, text_lang: str = lang, always=False):
        if value or always:
            rows.append((key, tr[label_key], value or tr["not_stated"], text_lang))

    row("issuer", "cf_issuer", issuer, always=True)
    row("learner", "cf_learner", learner, always=True)
    row("issued", "cf_issued", issued, always=True)
    if facts.get("valid_until"):
        row("valid-until", "cf_valid_until", _date(facts.get("valid_until"), lang))
    row("eqf", "cf_eqf", f"{tr['eqf']} {eqf}" if eqf else "", always=True)
    row("nqf", "cf_nqf", _nqf(_text(facts.get("nqf"), 200), lang))
    row("ects", "cf_ects", _ects(facts.get("ects"), lang), always=True)
    kinds = facts.get("assessment_types")
    kinds = kinds if isinstance(kinds, list) and kinds else [facts.get("assessment_type")]
    row(
        "assessment",
        "cf_assessment",
        ", ".join(x for x in (_label(vocab.ASSESSMENT_TYPES, k, lang) for k in kinds[:6]) if x),
        always=True,
    )
    if facts.get("prior_learning") is True:
        row("prior-learning", "cf_earned", tr["verify_prior_learning"])
    row(
        "participation",
        "cf_participation",
        _label(vocab.PARTICIPATION_FORMS, facts.get("participation_form"), lang),
        always=True,
    )
    row("qa", "cf_qa", _text(facts.get("quality_assurance"), 500), content_lang, always=True)
    row("supervision", "cf_supervision", _label(vocab.SUPERVISION, facts.get("supervision"), lang))
    if verdict != "unreadable" and title:
        if facts.get("result_type") == "RubricCriterionLevel":
            grade = tr["verify_grade_passed"]
        row("grade", "cf_grade", grade or tr["no_grade"])
        mark = _text(facts.get("pass_mark"), 12)
        if facts.get("result_type") == "Percent" and mark:
            row("pass-mark", "cf_pass_mark", f"{mark}%")
    row("prerequisites", "cf_prerequisites", _text(facts.get("prerequisites"), 500), content_lang)
    row("language", "cf_language", _label(vocab.LANGUAGES, facts.get("language"), lang))
    row("issuer-id", "cf_issuer_id", _text(facts.get("issuer_id"), 300))
    row("credential-id", "cf_credential_id", _text(facts.get("credential_id"), 300))

    outcomes = facts.get("learning_outcomes")
    skills = facts.get("skills")
    part_of = facts.get("part_of")
    sentence = ""
    if issuer and learner and issued:
        sentence = tr["issued_sentence"].format(issuer=issuer, learner=learner, date=issued)
    has_facts = verdict != "unreadable" and bool(title or issuer or learner)
    checks = _checks(result.get("checks") or [], tr, lang)
    passed = {c["name"] for c in checks if c["status"] == "pass"}
    return {
        "verdict": verdict,
        "message": _sentence(_text(result.get("message"), 400)),
        "has_facts": has_facts,
        # Facts are the issuer's only when its key signed them: a tampered or forged
        # credential's facts are the forger's words and are shown as such.
        "facts_verified": has_facts and verdict != "invalid" and {"issuer", "signature"} <= passed,
        "title": title,
        "sentence": sentence,
        "description": _text(facts.get("description"), 1000),
        "content_lang": content_lang,
        "facts": [{"id": i, "k": k, "v": v, "lang": lg} for i, k, v, lg in rows]
        if has_facts
        else [],
        "outcomes": [o for o in (_text(x, 500) for x in outcomes or []) if o][:50]
        if has_facts and isinstance(outcomes, list)
        else [],
        "skills": [
            {
                "label": _text(s.get("label"), 200) or _text(s.get("url"), 200),
                "url": _safe_href(s.get("url")),
            }
            for s in (skills or [])[:50]
            if isinstance(s, dict)
        ]
        if has_facts and isinstance(skills, list)
        else [],
        "part_of": _qualifications(_part_of(result), titles or {})
        if has_facts and isinstance(part_of, list)
        else [],
        "parts": _parts(result, part_states or {}, lang) if has_facts else [],
        "checks": checks,
    }


def unreadable(message: str, lang: str) -> dict[str, Any]:
    """The answer when there is nothing to verify or verifying could not run."""
    return present({"verdict": "unreadable", "message": message}, lang)


def failure(lang: str) -> dict[str, Any]:
    return unreadable(table(lang)["verify_failed"], lang)
