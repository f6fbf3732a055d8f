"""Build the Open Badges 3.0 AchievementCredential for a passed micro-credential.

Field by field this follows `eu-microcredential.md`: every mandatory EU element, and the
optional ones the offering has. Takes plain data (no database rows) so the builder can
be tested and benchmarked alone.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from microcred_market.vc.contexts import OB_SCHEMA_URL, OB_V3, VC_V2

EQF_URL = "http://data.europa.eu/snb/eqf/{level}"
# No official URI per PRK level is published; the Integrated Qualifications Register
# (the national portal) with the level in the fragment, the code in targetCode.
PRK_URL = "https://kwalifikacje.gov.pl/#prk-poziom-{level}"
SCHEMA_TYPE = "1EdTechJsonSchemaValidator2019"


@dataclass(frozen=True)
class IssuerFacts:
    did: str
    name: str
    url: str
    country_code: str
    country_name: str
    city: str = ""


@dataclass(frozen=True)
class AchievementFacts:
    url: str  # public page of the offering: achievement.id
    title: str
    description: str
    learning_outcomes: list[str]
    ects: Decimal
    eqf_level: int
    language: str
    assessment_type: str
    participation_form: str
    quality_assurance: str
    esco_skills: list[dict[str, Any]] = field(default_factory=list)
    nqf_level: int | None = None
    nqf_framework: str | None = None
    prerequisites: str = ""
    supervision: str = ""
    part_of: list[str] = field(default_factory=list)  # qualification page URLs


@dataclass(frozen=True)
class LearnerFacts:
    subject_id: str  # urn:uuid:...
    full_name: str
    email: str | None


@dataclass(frozen=True)
class StatusFacts:
    list_url: str
    index: int
    purpose: str = "revocation"


def hashed_email(email: str, salt: str) -> str:
    """OB 3.0 identity hash: `sha256$` + hex of SHA-256 over the address and salt."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


def _alignments(a: AchievementFacts) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for skill in a.esco_skills:
        if skill.get("uri"):
            found.append(
                {
                    "type": ["Alignment"],
                    "targetName": skill.get("label") or skill["uri"],
                    "targetUrl": skill["uri"],
                    "targetFramework": "ESCO",
                    "targetType": "ext:ESCOSkill",
                }
            )
    found.append(
        {
            "type": ["Alignment"],
            "targetName": f"EQF level {a.eqf_level}",
            "targetCode": str(a.eqf_level),
            "targetUrl": EQF_URL.format(level=a.eqf_level),
            "targetFramework": "European Qualifications Framework",
            "targetType": "ext:EQFLevel",
        }
    )
    if a.nqf_framework and a.nqf_level:
        polish = a.nqf_framework.upper() in {"PRK", "PQF"}
        found.append(
            {
                "type": ["Alignment"],
                "targetName": (
                    f"Polish Qualifications Framework (PRK) level {a.nqf_level}"
                    if polish
                    else f"{a.nqf_framework} level {a.nqf_level}"
                ),
                "targetCode": str(a.nqf_level),
                "targetUrl": (
                    PRK_URL.format(level=a.nqf_level)
                    if polish
                    else f"{EQF_URL.format(level=a.eqf_level)}#{a.nqf_framework}"
                ),
                "targetFramework": (
                    "Polish Qualifications Framework" if polish else a.nqf_framework
                ),
                "targetType": "ext:NQFLevel",
            }
        )
    return found


# What every credential declares about its result: a percentage, and the least that
# passes. Issuers check a grade against these before they sign (`credentials.issuing`).
RESULT_MIN = 0
RESULT_MAX = 100
RESULT_REQUIRED = 50


def achievement(a: AchievementFacts) -> dict[str, Any]:
    outcomes = "\n".join(f"- {o}" for o in a.learning_outcomes)
    result_description = {
        "id": f"{a.url}#result",
        "type": ["ResultDescription"],
        "name": "Final assessment score",
        "resultType": "Percent",
        "valueMin": str(RESULT_MIN),
        "valueMax": str(RESULT_MAX),
        "requiredValue": str(RESULT_REQUIRED),
    }
    body: dict[str, Any] = {
        "id": a.url,
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": a.title,
        "description": a.description or a.title,
        "criteria": {"narrative": f"Learning outcomes:\n{outcomes}" if outcomes else a.title},
        "alignment": _alignments(a),
        "creditsAvailable": _number(a.ects),
        "inLanguage": a.language,
        "resultDescription": [result_description],
        "assessmentType": a.assessment_type,
        "participationForm": a.participation_form,
        "qualityAssurance": a.quality_assurance,
    }
    if a.prerequisites:
        body["prerequisites"] = a.prerequisites
    if a.supervision:
        body["supervision"] = a.supervision
    if a.part_of:
        body["isPartOf"] = list(a.part_of)
    return body


def build_credential(
    *,
    credential_id: str,
    issuer: IssuerFacts,
    achievement_facts: AchievementFacts,
    learner: LearnerFacts,
    issued_at: datetime,
    context_url: str,
    status: StatusFacts | None = None,
    grade: str | None = None,
    salt: str | None = None,
) -> dict[str, Any]:
    """The unsigned credential; `proofs.sign` adds the proof."""
    body = achievement(achievement_facts)
    identifiers: list[dict[str, Any]] = []
    if learner.email:
        salt = salt or secrets.token_hex(8)
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityHash": hashed_email(learner.email, salt),
                "identityType": "emailAddress",
                "hashed": True,
                "salt": salt,
            }
        )
    identifiers.append(
        {
            "type": "IdentityObject",
            "identityHash": learner.full_name,
            "identityType": "name",
            "hashed": False,
        }
    )
    subject: dict[str, Any] = {
        "id": learner.subject_id,
        "type": ["AchievementSubject"],
        "identifier": identifiers,
        "achievement": body,
        "creditsEarned": _number(achievement_facts.ects),
    }
    if grade:
        subject["result"] = [
            {
                "type": ["Result"],
                "resultDescription": body["resultDescription"][0]["id"],
                "value": grade,
            }
        ]
    address = {
        "type": ["Address"],
        "addressCountry": issuer.country_name,
        "addressCountryCode": issuer.country_code.upper(),
    }
    if issuer.city:
        address["addressLocality"] = issuer.city
    credential: dict[str, Any] = {
        "@context": [VC_V2, OB_V3, context_url],
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential", "AchievementCredential"],
        "name": achievement_facts.title,
        "issuer": {
            "id": issuer.did,
            "type": ["Profile"],
            "name": issuer.name,
            "url": issuer.url,
            "address": address,
        },
        "validFrom": iso(issued_at),
        "awardedDate": iso(issued_at),
        "credentialSubject": subject,
        "credentialSchema": [{"id": OB_SCHEMA_URL, "type": SCHEMA_TYPE}],
    }
    if status is not None:
        credential["credentialStatus"] = status_entry(status)
    return credential


def status_entry(status: StatusFacts) -> dict[str, Any]:
    return {
        "id": f"{status.list_url}#{status.index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": status.purpose,
        "statusListIndex": str(status.index),
        "statusListCredential": status.list_url,
    }
