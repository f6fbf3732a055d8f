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
class OutcomeFacts:
    """How this learner earned it, from the assessment they passed (not the offering's blurb).

    `scale` "percent": the overall result is a weighted percentage and `required` the pass
    mark of the version they were assessed by (None when it sets none); "pass_fail": only
    decisions and rubric levels were assessed. `assessment_types` are the EU words
    (`catalogue.vocab.ASSESSMENT_TYPES`) of the components that counted; `supervision`
    the weakest among them; `prior_learning` the assessment alone, without the course.
    """

    scale: str
    required: Decimal | None
    assessment_types: tuple[str, ...]
    supervision: str
    prior_learning: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "scale": self.scale,
            "required": None if self.required is None else str(self.required),
            "assessment_types": list(self.assessment_types),
            "supervision": self.supervision,
            "prior_learning": self.prior_learning,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OutcomeFacts:
        required = data.get("required")
        return cls(
            scale=str(data.get("scale") or "percent"),
            required=None if required in (None, "") else Decimal(str(required)),
            assessment_types=tuple(str(t) for t in data.get("assessment_types") or ()),
            supervision=str(data.get("supervision") or ""),
            prior_learning=bool(data.get("prior_learning")),
        )


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


# A percentage result runs from 0 to 100; a credential without an assessment behind it
# (passes recorded before assessments existed) declares the old fixed pass mark of 50.
# Issuers check a grade against the declared scale before they sign (`credentials.issuing`).
RESULT_MIN = 0
RESULT_MAX = 100
RESULT_REQUIRED = 50
PASSED_LEVEL = "passed"
PASSED_WORD = "Passed"


def result_description(a: AchievementFacts, outcome: OutcomeFacts | None) -> dict[str, Any]:
    """The scale the grade is stated in: a percentage, or a pass/fail rubric level.

    OB 3.0 `resultType` "Percent" with the pass mark as `requiredValue`; for decisions
    alone "RubricCriterionLevel" with a "Passed" level as the `requiredLevel`.
    """
    if outcome is not None and outcome.scale == "pass_fail":
        return {
            "id": f"{a.url}#result",
            "type": ["ResultDescription"],
            "name": "Assessor's decision",
            "resultType": "RubricCriterionLevel",
            "rubricCriterionLevel": [
                {
                    "id": f"{a.url}#result-{PASSED_LEVEL}",
                    "type": ["RubricCriterionLevel"],
                    "name": PASSED_WORD,
                    "description": "Every learning outcome was judged achieved.",
                }
            ],
            "requiredLevel": f"{a.url}#result-{PASSED_LEVEL}",
        }
    declared: dict[str, Any] = {
        "id": f"{a.url}#result",
        "type": ["ResultDescription"],
        "name": "Final assessment score",
        "resultType": "Percent",
        "valueMin": str(RESULT_MIN),
        "valueMax": str(RESULT_MAX),
    }
    required = RESULT_REQUIRED if outcome is None else outcome.required
    if required is not None:
        declared["requiredValue"] = format(Decimal(required).normalize(), "f")
    return declared


def achievement(a: AchievementFacts, outcome: OutcomeFacts | None = None) -> dict[str, Any]:
    outcomes = "\n".join(f"- {o}" for o in a.learning_outcomes)
    assessment_type: str | list[str] = a.assessment_type
    supervision = a.supervision
    if outcome is not None:
        types = list(dict.fromkeys(outcome.assessment_types)) or [a.assessment_type]
        assessment_type = types[0] if len(types) == 1 else types
        supervision = outcome.supervision or a.supervision
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
        "resultDescription": [result_description(a, outcome)],
        "assessmentType": assessment_type,
        "participationForm": a.participation_form,
        "qualityAssurance": a.quality_assurance,
    }
    if a.prerequisites:
        body["prerequisites"] = a.prerequisites
    if supervision:
        body["supervision"] = supervision
    if a.part_of:
        body["isPartOf"] = list(a.part_of)
    if outcome is not None and outcome.prior_learning:
        body["recognitionOfPriorLearning"] = True  # a term of microcred-v2
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
    outcome: OutcomeFacts | None = None,
) -> dict[str, Any]:
    """The unsigned credential; `proofs.sign` adds the proof.

    `outcome` (how this learner's pass was earned) needs our context v2 at `context_url`.
    """
    body = achievement(achievement_facts, outcome)
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
    declared = body["resultDescription"][0]
    if declared["resultType"] == "RubricCriterionLevel":
        subject["result"] = [
            {
                "type": ["Result"],
                "resultDescription": declared["id"],
                "achievedLevel": declared["requiredLevel"],
                "value": PASSED_WORD,
            }
        ]
    elif grade:
        subject["result"] = [
            {"type": ["Result"], "resultDescription": declared["id"], "value": grade}
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
