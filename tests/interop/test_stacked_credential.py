"""A stacked qualification credential in our verifier, Digital Bazaar's and the schema.

Parts are passed through the real path (decision, outbox, check, award); the qualification
credential is then verified by @digitalbazaar/vc in safe mode, which fails on any term no
context defines: so its acceptance proves `hasPart` and the part fields of `evidence` are
defined by our context v2 and covered by the signature. A changed part digest is refused.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest
from sqlmodel import col, select

from microcred_market.accounts import authz
from microcred_market.assessments import decisions
from microcred_market.credentials import issuing
from microcred_market.credentials.models import IssuedCredential
from microcred_market.credentials.sources import verify_document
from microcred_market.platform import urls
from microcred_market.platform.db import session_scope
from microcred_market.platform.outbox import process_outbox
from microcred_market.vc import contexts, status_list
from microcred_market.vc import qualification as vcq
from tests.support.js_verifier import documents_for_did, js_verify_batch, verify_item
from tests.support.stacking_world import make_stack_world

pytestmark = [pytest.mark.credentials, pytest.mark.interop, pytest.mark.stacking]


@pytest.fixture(scope="module")
def stacked(module_app_env: str) -> tuple[dict[str, Any], dict[str, Any]]:
    url = module_app_env
    world = make_stack_world(url, learners=1)
    for slug in ("stack-a", "stack-b", "stack-d"):
        with session_scope(url) as session:
            assessor = world.other_assessor_id if slug == "stack-d" else world.assessor_id
            decisions.decide(
                session,
                principal=authz.principal_for(session, assessor),
                enrolment_uuid=world.enrolments[(0, slug)],
            )
        for _ in range(6):
            process_outbox(url)
    documents = dict(contexts.all_contexts())
    with session_scope(url) as session:
        row = session.exec(
            select(IssuedCredential).where(col(IssuedCredential.qualification_id).is_not(None))
        ).one()
        for slug in ("stack-uni",):
            did_document = issuing.did_document(session, slug)
            assert did_document is not None
            documents |= documents_for_did(did_document)
            for purpose in status_list.PURPOSES:
                listing = issuing.status_list_credential(session, slug, purpose, 1)
                assert listing is not None
                documents[urls.status_list(slug, purpose, 1)] = listing
        return json.loads(row.document), documents


def test_the_qualification_credential_is_read_alike_by_both_verifiers_and_the_schema(
    stacked: tuple[dict[str, Any], dict[str, Any]], module_app_env: str
) -> None:
    document, documents = stacked
    validator = jsonschema.Draft201909Validator(contexts.ob_schema())
    assert [e.message for e in validator.iter_errors(document)] == []
    assert document["@context"][-1].endswith("/contexts/microcred-v2.json")
    assert len(vcq.parts_of(document)) == 3

    tampered = copy.deepcopy(document)
    tampered["evidence"][0]["digestMultibase"] = vcq.digest_multibase("another part")
    moved = copy.deepcopy(document)
    moved["credentialSubject"]["achievement"]["hasPart"].pop()
    with session_scope(module_app_env) as session:
        assert verify_document(session, document).verdict == "valid"
        assert verify_document(session, tampered).verdict == "invalid"
        assert verify_document(session, moved).verdict == "invalid"
    results = js_verify_batch(
        [
            verify_item(document, check_status=True),
            verify_item(tampered),
            verify_item(moved),
        ],
        documents=documents,
    )
    assert results[0]["verified"] is True, results[0]["errors"]
    assert results[1]["verified"] is False
    assert results[2]["verified"] is False
