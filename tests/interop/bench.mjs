// Sign and verify throughput of Digital Bazaar's Data Integrity stack, offline.
//
//   node bench.mjs < {"credential": unsigned credential, "documents": {url: document},
//                     "seed_multibase": "z3u2...", "verification_method": "did:...#...",
//                     "n": 100}
//     -> {"n": 100, "rdfc": {"sign_per_s": x, "verify_per_s": y},
//         "jcs": {"sign_per_s": x, "verify_per_s": y}}
//
// For each suite it signs the credential n times (vc.issue), then verifies the signed
// copy n times (vc.verifyCredential with both suites offered and the plain
// assertionMethod purpose, as verify.mjs with "check_issuer": false), after one
// untimed warm-up of each. Documents come only from `documents` (and did:key); nothing
// is fetched. A verification that fails makes the run fail (exit 1): a benchmark of a
// verifier that says no would measure nothing.

import * as vc from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';
import {
  errorMessages, keyPairFromSeed, makeDocumentLoader, readStdin, signSuite, verifySuites
} from './lib.mjs';

const {AssertionProofPurpose} = jsigs.purposes;

async function benchSuite(name, {credential, documentLoader, keyPair, n}) {
  const sign = () => vc.issue({
    credential: structuredClone(credential),
    suite: signSuite(name, keyPair.signer()),
    documentLoader
  });
  const verify = async signed => {
    const result = await vc.verifyCredential({
      credential: signed,
      suite: verifySuites(),
      purpose: new AssertionProofPurpose(),
      documentLoader,
      checkStatus: async () => ({verified: true})
    });
    if(!result.verified) {
      throw new Error(`${name}: our own signature did not verify: ` +
        errorMessages(result).join('; '));
    }
  };

  const signed = await sign(); // warm-up, and the copy the verify loop checks
  await verify(signed);

  let start = process.hrtime.bigint();
  for(let i = 0; i < n; i++) {
    await sign();
  }
  const signSeconds = Number(process.hrtime.bigint() - start) / 1e9;

  start = process.hrtime.bigint();
  for(let i = 0; i < n; i++) {
    await verify(signed);
  }
  const verifySeconds = Number(process.hrtime.bigint() - start) / 1e9;

  return {
    sign_per_s: Math.round(n / signSeconds * 10) / 10,
    verify_per_s: Math.round(n / verifySeconds * 10) / 10
  };
}

async function main() {
  let input;
  try {
    input = JSON.parse(await readStdin());
  } catch(error) {
    process.stderr.write(`bench.mjs: stdin is not JSON: ${error.message}\n`);
    process.exit(2);
  }
  const {credential, documents = {}, seed_multibase: seed, verification_method: vm} = input;
  const n = Number.isInteger(input.n) && input.n > 0 ? input.n : 100;
  if(!credential || typeof vm !== 'string' || typeof seed !== 'string') {
    process.stderr.write(
      'bench.mjs: needs "credential", "seed_multibase" and "verification_method"\n');
    process.exit(2);
  }
  const keyPair = await keyPairFromSeed(seed, {id: vm, controller: vm.split('#')[0]});
  const unsigned = {...credential};
  delete unsigned.proof;
  const options = {credential: unsigned, documentLoader: makeDocumentLoader(documents),
    keyPair, n};
  const output = {n};
  for(const name of ['rdfc', 'jcs']) {
    output[name] = await benchSuite(name, options);
  }
  process.stdout.write(JSON.stringify(output) + '\n');
}

try {
  await main();
} catch(error) {
  process.stderr.write(`bench.mjs: ${error.stack || error}\n`);
  process.exit(1);
}
