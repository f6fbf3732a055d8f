// Sign credentials as the Digital Credentials Consortium's issuers do: Digital Bazaar's
// @digitalbazaar/vc `issue` with an Ed25519Signature2020 suite and a did:key issuer.
// Our verifier must accept what this produces (someone else's signer, in reverse of
// verify.mjs). Offline: contexts come only from `documents`.
//
//   node sign2020.mjs < {"seed": "z...ed25519-priv multibase", "items": [credential, ...],
//                        "documents": {url: document, ...}}
//     -> {"did": "did:key:z6Mk...", "signed": [credential with proof, ...]}
//
// Each item is signed as given (its `issuer` is left alone, so a test can name another
// issuer than the key's); `"created"` in an item's place of `proof` is not read.

import * as vc from '@digitalbazaar/vc';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {Ed25519VerificationKey2020} from '@digitalbazaar/ed25519-verification-key-2020';
import {makeDocumentLoader, readStdin} from './lib.mjs';

const input = JSON.parse(await readStdin());
const seedText = input.seed;
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
let value = 0n;
for(const char of seedText.slice(1)) {
  value = value * 58n + BigInt(BASE58.indexOf(char));
}
const bytes = [];
while(value > 0n) {
  bytes.unshift(Number(value % 256n));
  value /= 256n;
}
const seed = Uint8Array.from(bytes).slice(2); // drop the ed25519-priv multicodec tag
const key = await Ed25519VerificationKey2020.generate({seed});
const fingerprint = key.fingerprint();
const did = `did:key:${fingerprint}`;
key.id = `${did}#${fingerprint}`;
key.controller = did;
const documentLoader = makeDocumentLoader(input.documents || {});
const signed = [];
for(const credential of input.items) {
  const suite = new Ed25519Signature2020({key});
  signed.push(await vc.issue({credential, suite, documentLoader}));
}
process.stdout.write(JSON.stringify({did, signed}));
