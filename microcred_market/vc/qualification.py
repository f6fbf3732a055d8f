"""The Open Badges 3.0 credential of a qualification earned by stacking micro-credentials.

An `AchievementCredential` like a micro-credential's, but its achievement is the
qualification (`achievementType` Certificate, Diploma, ... or "ext:Name"), aligned to its
EQF level and, where it has one, its PRK level; `creditsEarned` is the ECTS the parts add
up to. Each part credential is listed in `evidence` with its id, issuer, name, ECTS and a
digest of the part exactly as it was signed (`digestMultibase`, the VC 2.0 term: a
multibase base58btc multihash of SHA-256 over the signed JSON text), so anyone holding a
part can show it is the one counted, and the status of each part can be asked live.

Parts and whole are related in EU ELM's terms (`elm:hasPart`, the property the European
Learning Model uses from a qualification to its components): the qualification's
achievement `hasPart` the parts' achievement ids, and every micro-credential already says
`isPartOf` the qualification. 1EdTech CLR 2.0's `association` would need a ClrCredential
wrapping the parts, which OB 3.0 wallets do not read as one achievement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from multiformats import multibase, multihash

from microcred_market.vc import ob3

# OB 3.0's achievementType values a qualification can take; "ext:Name" for any other.
ACHIEVEMENT_TYPES = (
    "Certificate",
    "Diploma",
    "MicroCredential",
    "ProfessionalDoctorate",
    "Competency",
    "CertificateOfCompletion",
)
PART_GENRE = "Part credential"


def digest_multibase(signed_text: str) -> str:
    """The part as issued, fingerprinted: `z` + base58btc(multihash(sha2-256, bytes))."""
    return str(
        multibase.encode(multihash.digest(signed_text.encode("utf-8"), "sha2-256"), "base58btc")
    )


@dataclass(frozen=True)
class PartFacts:
    """One part credential counted toward the qualification."""

    credential_id: str  # urn:uuid:... (the part's own id)
    achievement_id: str  # the part's achievement id (its offering page)
    name: str
    issuer_id: str  # the part's issuer DID
    issuer_name: str
    ects: Decimal
    digest: str  # digest_multibase of the part as signed


@dataclass(frozen=True)
class QualificationFacts:
    url: str  # the qualification page: achievement.id
    title: str
    description: str
    criteria: str  # the rule in words
    achievement_type: str
    eqf_level: int
    ects_required: Decimal
    language: str
    prk_level: int | None = None
    zsk_code: str | None = None
    partial: bool = False


def achievement(q: QualificationFacts, parts: list[PartFacts]) -> dict[str, Any]:
    aligned = ob3.AchievementFacts(
        url=q.url,
        title=q.title,
        description=q.description,
        learning_outcomes=[],
        ects=q.ects_required,
        eqf_level=q.eqf_level,
        language=q.language,
        assessment_type="",
        participation_form="",
        quality_assurance="",
        nqf_level=q.prk_level,
        nqf_framework="PRK" if q.prk_level else None,
    )
    alignment = ob3._alignments(aligned)
    if q.zsk_code:
        for entry in alignment:
            if entry.get("targetType") == "ext:NQFLevel":
                entry["targetDescription"] = f"ZSK {q.zsk_code}"
    body: dict[str, Any] = {
        "id": q.url,
        "type": ["Achievement"],
        "achievementType": q.achievement_type,
        "name": q.title,
        "description": q.description or q.title,
        "criteria": {"narrative": q.criteria or q.title},
        "alignment": alignment,
        "creditsAvailable": ob3._number(q.ects_required),
        "inLanguage": q.language,
        "hasPart": list(dict.fromkeys(p.achievement_id for p in parts)),
    }
    if q.zsk_code:
        body["humanCode"] = q.zsk_code
    if q.partial:
        body["tag"] = ["partial qualification"]
    return body


def evidence(parts: list[PartFacts]) -> list[dict[str, Any]]:
    return [
        {
            "id": p.credential_id,
            "type": ["Evidence"],
            "name": p.name,
            "description": f"{p.name}, {ob3._number(p.ects)} ECTS, issued by {p.issuer_name}",
            "genre": PART_GENRE,
            "digestMultibase": p.digest,
            "partIssuer": p.issuer_id,
            "partAchievement": p.achievement_id,
            "partCredits": ob3._number(p.ects),
        }
        for p in parts
    ]


def build_credential(
    *,
    credential_id: str,
    issuer: ob3.IssuerFacts,
    qualification: QualificationFacts,
    parts: list[PartFacts],
    learner: ob3.LearnerFacts,
    issued_at: datetime,
    context_url: str,
    status: ob3.StatusFacts | None = None,
) -> dict[str, Any]:
    """The unsigned qualification credential; `proofs.sign` adds the proof."""
    placeholder = ob3.AchievementFacts(
        url=qualification.url,
        title=qualification.title,
        description=qualification.description,
        learning_outcomes=[],
        ects=qualification.ects_required,
        eqf_level=qualification.eqf_level,
        language=qualification.language,
        assessment_type="",
        participation_form="",
        quality_assurance="",
    )
    credential = ob3.build_credential(
        credential_id=credential_id,
        issuer=issuer,
        achievement_facts=placeholder,
        learner=learner,
        issued_at=issued_at,
        context_url=context_url,
        status=status,
    )
    subject = credential["credentialSubject"]
    subject["achievement"] = achievement(qualification, parts)
    subject["creditsEarned"] = ob3._number(sum((p.ects for p in parts), Decimal(0)))
    credential["evidence"] = evidence(parts)
    return credential


def parts_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The part entries of a qualification credential (empty for any other credential)."""
    found = document.get("evidence") or []
    if isinstance(found, dict):
        found = [found]
    return [e for e in found if isinstance(e, dict) and e.get("genre") == PART_GENRE]
