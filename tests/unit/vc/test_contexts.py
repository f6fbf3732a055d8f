"""Our JSON-LD context: one content everywhere it is served, and only pinned contexts load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyld import jsonld

from microcred_market.vc import contexts

pytestmark = pytest.mark.credentials
ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("version", sorted(contexts.MICROCRED_CONTEXT_PATHS))
def test_the_front_end_copy_is_the_packaged_context(version: int) -> None:
    # `make run` serves assets/ on the front-end port (PUBLIC_BASE_URL); the backend
    # serves the packaged file. A published context never changes, so they must agree.
    name = contexts.MICROCRED_CONTEXT_PATHS[version].rsplit("/", 1)[-1]
    served = json.loads((ROOT / "assets/contexts" / name).read_text())
    assert served == contexts.microcred_context(version)


V1_TERMS = (
    "assessmentType",
    "participationForm",
    "qualityAssurance",
    "prerequisites",
    "supervision",
    "isPartOf",
)
V2_TERMS = ("recognitionOfPriorLearning", "partIssuer", "partAchievement", "partCredits")


@pytest.mark.parametrize("version", sorted(contexts.MICROCRED_CONTEXT_PATHS))
def test_every_term_of_ours_is_protected_and_defined(version: int) -> None:
    body = contexts.microcred_context(version)["@context"]
    assert body["@protected"] is True
    for term in V1_TERMS + (V2_TERMS if version >= 2 else ()):
        assert body[term]["@id"].startswith("mc:")
    if version >= 2:
        # Parts of a stacked qualification, in the European Learning Model's own term.
        assert body["hasPart"]["@id"] == "http://data.europa.eu/snb/model/elm/hasPart"


def test_version_1_is_as_published_and_version_2_only_adds() -> None:
    """A term keeps its meaning (IRI) across versions; v1 itself is never edited."""
    v1 = contexts.microcred_context(1)["@context"]
    v2 = contexts.microcred_context(2)["@context"]
    assert set(v1) == {"@version", "@protected", "mc", "1EdTechJsonSchemaValidator2019", *V1_TERMS}
    assert {k: v for k, v in v2.items() if k in v1} == v1
    assert set(v2) - set(v1) == {*V2_TERMS, "hasPart"}


def test_unknown_contexts_are_never_fetched() -> None:
    with pytest.raises(jsonld.JsonLdError):
        contexts.document_loader("https://example.org/evil-context.jsonld")
    with pytest.raises(jsonld.JsonLdError):
        contexts.document_loader("http://169.254.169.254/latest")
    assert contexts.document_loader(contexts.VC_V2)["document"]["@context"]


def test_an_undefined_type_is_refused_not_signed_as_a_relative_iri() -> None:
    from microcred_market.vc import proofs

    document = {
        "@context": [contexts.VC_V2],
        "type": ["VerifiableCredential"],
        "credentialSchema": {"id": "https://example.org/s.json", "type": "NoSuchValidator"},
    }
    with pytest.raises(proofs.ProofError, match="NoSuchValidator"):
        proofs.canonical_rdf(document)


def test_our_context_is_known_only_at_the_address_it_is_published(monkeypatch) -> None:
    """The library learns our address from the process start, never from settings."""
    monkeypatch.setattr(contexts, "_local_base", lambda: "https://market.example")
    assert contexts.known_context("https://market.example/contexts/microcred-v1.json")
    assert contexts.known_context("https://market.example/contexts/microcred-v2.json")
    assert not contexts.known_context("https://market.example/contexts/microcred-v3.json")
    assert not contexts.known_context("https://other.example/contexts/microcred-v1.json")
    assert "https://market.example/contexts/microcred-v1.json" in contexts.all_contexts()
    monkeypatch.setattr(contexts, "_local_base", lambda: None)
    assert not contexts.known_context("https://market.example/contexts/microcred-v1.json")
    assert contexts.microcred_context_url("https://x.example/") == (
        "https://x.example/contexts/microcred-v2.json"
    )
