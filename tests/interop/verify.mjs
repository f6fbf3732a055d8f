// Verify W3C Data Integrity credentials with Digital Bazaar's verifier, offline.
//
//   node verify.mjs < {"credential": {...}, "documents": {url: document, ...}}
//     -> {"verified": bool, "errors": ["short reason", ...]}
//   node verify.mjs < {"batch": [{"credential": ..., "documents": ...}, ...]}
//     -> {"results": [{"verified": ..., "errors": [...]}, ...]}
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
// Both eddsa-rdfc-2022 and eddsa-jcs-2022 DataIntegrityProof suites are offered. The
// credential status (revocation list) is NOT checked here: that is our own verifier's
// job, and a credential with `credentialStatus` reports `"status": "not checked"`.
//
// Exits 0 whenever it could run (a credential that fails is still a result); 2 when
// the input is not the JSON described above.

import * as vc from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';
import {errorMessages, makeDocumentLoader, readStdin, verifySuites} from './lib.mjs';

async function verifyOne(item) {
  if(!item || typeof item !== 'object' || typeof item.credential !== 'object' ||
    item.credential === null) {
    return {verified: false, errors: ['no "credential" object given']};
  }
  const {credential, documents = {}, now, check_issuer: checkIssuer = true} = item;
  const output = {};
  try {
    const result = await vc.verifyCredential({
      credential,
      suite: verifySuites(),
      documentLoader: makeDocumentLoader(documents),
      // default: vc's CredentialIssuancePurpose (assertionMethod + issuer is controller)
      ...(checkIssuer ? {} : {purpose: new jsigs.purposes.AssertionProofPurpose()}),
      // status is our own verifier's job: this one only says it did not look
      checkStatus: async () => ({verified: true}),
      ...(now ? {now} : {})
    });
    output.verified = result.verified === true;
    output.errors = output.verified ? [] : errorMessages(result);
  } catch(error) {
    output.verified = false;
    output.errors = errorMessages({error});
  }
  if(credential.credentialStatus !== undefined) {
    output.status = 'not checked';
  }
  return output;
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
    const results = [];
    for(const item of input.batch) {
      results.push(await verifyOne(item));
    }
    process.stdout.write(JSON.stringify({results}) + '\n');
  } else {
    process.stdout.write(JSON.stringify(await verifyOne(input)) + '\n');
  }
}

await main();
