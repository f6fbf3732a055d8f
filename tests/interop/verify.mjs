// Verify W3C Data Integrity credentials with Digital Bazaar's verifier, offline.
//
//   node verify.mjs < {"credential": {...}, "documents": {url: document, ...}}
//     -> {"verified": bool, "errors": ["short reason", ...]}
//   node verify.mjs < {"batch": [{"credential": ..., "documents": ...}, ...],
//                      "documents": {url: document, ...}}
//     -> {"results": [{"verified": ..., "errors": [...]}, ...]}
//
// In a batch, the top-level "documents" (optional) are shared by every item; an item's
// own "documents" are added to them (and win on the same URL). A shared map is sent
// once instead of once per item.
//
// Optional per credential: "now" (an ISO date to judge validFrom/validUntil against,
// instead of the clock) and "check_issuer": false, which checks the proof under the
// plain assertionMethod purpose (the key is one its controller lists for assertions)
// without vc's further rule that the credential's issuer IS that controller (the W3C
// test vectors name an issuer unrelated to their did:key).
//
// `documents` holds every JSON-LD context, DID document and verification method the
// verifier may need, keyed by URL (a did:web key `did:web:x#key-1` must be there under
// its full URL, as a Multikey with an @context, and its DID document under the DID).
// did:key documents are derived from the key. Any other URL fails: nothing is fetched
// (jsonld-signatures also answers the old security v1/v2 contexts from its own
// embedded copies; that is not a fetch either).
//
// Both eddsa-rdfc-2022 and eddsa-jcs-2022 DataIntegrityProof suites are offered.
//
// Credential status (W3C Bitstring Status List), with "check_status": true: every
// BitstringStatusListEntry of the credential is checked with Digital Bazaar's
// @digitalbazaar/vc-bitstring-status-list. Its status list credential is loaded from
// `documents` under its URL (never fetched: an unknown URL is an error), verified with
// the same suites and the issuer rule (signed by the key of its issuer, the same issuer
// as the credential's), and the bit at the entry's index is read. The answer carries
//   "status": [{"purpose": ..., "index": n, "list": url, "set": bool}, ...]
// and a set bit makes the credential fail ("revoked" / "suspended" in the error): the
// library itself only reports the bit (since 2.0 its `verified` says the list could be
// checked, not that the credential is in good standing), so that judgement is made
// here. The status list credential's own dates are judged by the clock, not by "now".
// Without "check_status" a credential with `credentialStatus` verifies without looking
// at it and reports `"status": "not checked"`.
//
// Status check of one given entry:
//   {"status_check": {"credential": {...}, "entry": {BitstringStatusListEntry}},
//    "documents": {...}}
//     -> {"verified": bool, "errors": [...], "status": [{"purpose", "index", "list", "set"}]}
// runs the same library check for `entry` as if it were the credential's
// `credentialStatus` (the credential supplies only its @context and issuer; its proof is
// NOT verified here: verify it as a credential item). Our credentials carry ONE status
// entry, for revocation (the OB 3.0 JSON Schema allows a single `credentialStatus`
// object); the suspension list at the same index rides beside it, and an entry cannot be
// swapped into the signed credential without breaking its signature. So a suspension is
// shown in JS by this mode: the suspension list credential verifies, is the issuer's,
// and has the bit set at the credential's index. "verified" here means exactly that the
// list could be loaded, verified and read; the answer is in "set".
//
// Exits 0 whenever it could run (a credential that fails is still a result); 2 when
// the input is not the JSON described above.

import * as vc from '@digitalbazaar/vc';
import {checkStatus as bitstringCheckStatus} from '@digitalbazaar/vc-bitstring-status-list';
import jsigs from 'jsonld-signatures';
import {errorMessages, makeDocumentLoader, readStdin, verifySuites} from './lib.mjs';

const STATE = {revocation: 'revoked', suspension: 'suspended'};

// The library's check of every BitstringStatusListEntry of `credential`, flattened:
// {verified, error?, status: [{purpose, index, list, set}]}.
async function readStatus({credential, documentLoader}) {
  const result = await bitstringCheckStatus({
    credential,
    documentLoader,
    // fresh suite instances for the list credential (they cache the last hash)
    suite: verifySuites(),
    verifyBitstringStatusListCredential: true,
    verifyMatchingIssuers: true
  });
  const status = (result.results || []).map(({credentialStatus, status: set}) => ({
    purpose: credentialStatus.statusPurpose,
    index: parseInt(credentialStatus.statusListIndex, 10),
    list: credentialStatus.statusListCredential,
    set: set === true
  }));
  return {verified: result.verified === true, error: result.error, status};
}

async function verifyOne(item) {
  if(!item || typeof item !== 'object' || typeof item.credential !== 'object' ||
    item.credential === null) {
    return {verified: false, errors: ['no "credential" object given']};
  }
  const {
    credential, documents = {}, now, check_issuer: checkIssuer = true,
    check_status: checkStatus = false
  } = item;
  const output = {};
  let status;
  const statusChecker = async ({credential, documentLoader}) => {
    const found = await readStatus({credential, documentLoader});
    status = found.status;
    if(!found.verified) {
      return {verified: false, error: found.error};
    }
    const set = found.status.filter(entry => entry.set);
    if(set.length) {
      const [{purpose, index, list}] = set;
      return {
        verified: false,
        error: new Error(
          `credential ${STATE[purpose] || `has a ${purpose} status`}: the ${purpose} ` +
          `bit is set at index ${index} of ${list}`)
      };
    }
    return {verified: true, status};
  };
  try {
    const result = await vc.verifyCredential({
      credential,
      suite: verifySuites(),
      documentLoader: makeDocumentLoader(documents),
      // default: vc's CredentialIssuancePurpose (assertionMethod + issuer is controller)
      ...(checkIssuer ? {} : {purpose: new jsigs.purposes.AssertionProofPurpose()}),
      checkStatus: checkStatus ? statusChecker : async () => ({verified: true}),
      ...(now ? {now} : {})
    });
    output.verified = result.verified === true;
    output.errors = output.verified ? [] : errorMessages(result);
  } catch(error) {
    output.verified = false;
    output.errors = errorMessages({error});
  }
  if(credential.credentialStatus !== undefined) {
    // undefined when vc stopped before the status (an invalid proof, a bad date)
    output.status = checkStatus ? (status ?? 'not reached') : 'not checked';
  }
  return output;
}

async function statusCheckOne(item) {
  const {status_check: request, documents = {}} = item;
  const {credential, entry} = request || {};
  if(!credential || typeof credential !== 'object' || !entry || typeof entry !== 'object') {
    return {verified: false, errors: ['"status_check" needs a "credential" and an "entry"']};
  }
  try {
    const found = await readStatus({
      credential: {...credential, credentialStatus: entry},
      documentLoader: makeDocumentLoader(documents)
    });
    return {
      verified: found.verified,
      errors: found.verified ? [] : errorMessages({error: found.error}),
      status: found.status
    };
  } catch(error) {
    return {verified: false, errors: errorMessages({error}), status: []};
  }
}

function withShared(item, shared) {
  if(!shared || !item || typeof item !== 'object') {
    return item;
  }
  return {...item, documents: {...shared, ...(item.documents || {})}};
}

async function runOne(item) {
  if(item && typeof item === 'object' && 'status_check' in item) {
    return statusCheckOne(item);
  }
  return verifyOne(item);
}

async function main() {
  let input;
  try {
    input = JSON.parse(await readStdin());
  } catch(error) {
    process.stderr.write(`verify.mjs: stdin is not JSON: ${error.message}\n`);
    process.exit(2);
  }
  if(input && Array.isArray(input.batch)) {
    const shared = input.documents && typeof input.documents === 'object' ?
      input.documents : null;
    const results = [];
    for(const item of input.batch) {
      results.push(await runOne(withShared(item, shared)));
    }
    process.stdout.write(JSON.stringify({results}) + '\n');
  } else {
    process.stdout.write(JSON.stringify(await runOne(input)) + '\n');
  }
}

await main();
