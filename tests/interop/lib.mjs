// Shared by verify.mjs and bench.mjs: an offline document loader, the two Data
// Integrity suites of Digital Bazaar's @digitalbazaar/vc stack, and error flattening.
//
// Nothing here may reach the network. The document loader answers only from the
// `documents` the caller hands in (plus did:key documents, which are derived from the
// key itself), and every TCP connection and fetch() is refused outright, so a missing
// document is a verification error, never a download.

import net from 'node:net';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {
  createSignCryptosuite as createJcsSignCryptosuite,
  createVerifyCryptosuite as createJcsVerifyCryptosuite
} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';

export const DID_V1 = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';

// ------------------------------------------------------------ no network, ever

function refuseNetwork() {
  throw new Error('network access is disabled in the interop verifier');
}
net.Socket.prototype.connect = refuseNetwork;
globalThis.fetch = async () => refuseNetwork();

// ------------------------------------------------------------ did:key

// A did:key DID document for an Ed25519 Multikey (did:key:z6Mk...), as the did:key
// method specification derives it. Throws for anything that is not an Ed25519 key.
async function didKeyDocument(did) {
  const fingerprint = did.slice('did:key:'.length);
  if(!fingerprint.startsWith('z6Mk')) {
    throw new Error(`unsupported did:key "${did}" (only Ed25519 keys)`);
  }
  const id = `${did}#${fingerprint}`;
  // Decodes and checks the key: a malformed one throws here.
  const key = await Ed25519Multikey.from({
    '@context': MULTIKEY_V1, type: 'Multikey', id, controller: did,
    publicKeyMultibase: fingerprint
  });
  const method = {
    id, type: 'Multikey', controller: did,
    publicKeyMultibase: key.publicKeyMultibase
  };
  return {
    method,
    document: {
      '@context': [DID_V1, MULTIKEY_V1],
      id: did,
      verificationMethod: [method],
      authentication: [id],
      assertionMethod: [id],
      capabilityDelegation: [id],
      capabilityInvocation: [id]
    }
  };
}

// ------------------------------------------------------------ document loader

export function makeDocumentLoader(documents = {}) {
  const given = new Map(Object.entries(documents || {}));
  return async function documentLoader(url) {
    if(given.has(url)) {
      // a copy: the verifier must not be able to change what the next item sees
      return {contextUrl: null, documentUrl: url, document: structuredClone(given.get(url))};
    }
    if(typeof url === 'string' && url.startsWith('did:key:')) {
      const [did, fragment] = url.split('#');
      const {method, document} = await didKeyDocument(did);
      if(fragment === undefined) {
        return {contextUrl: null, documentUrl: url, document};
      }
      if(method.id === url) {
        return {contextUrl: null, documentUrl: url, document: {'@context': MULTIKEY_V1, ...method}};
      }
      throw new Error(`Document loader: "${url}" is not a key of ${did}`);
    }
    throw new Error(
      `Document loader unable to load URL "${url}": not among the documents given ` +
      '(this verifier never fetches)');
  };
}

// ------------------------------------------------------------ suites

// Fresh instances per credential (a DataIntegrityProof caches the last document hash).
export function verifySuites() {
  return [
    new DataIntegrityProof({cryptosuite: eddsaRdfc2022}),
    new DataIntegrityProof({cryptosuite: createJcsVerifyCryptosuite()})
  ];
}

export function signSuite(name, signer) {
  if(name === 'rdfc') {
    return new DataIntegrityProof({signer, cryptosuite: eddsaRdfc2022});
  }
  if(name === 'jcs') {
    return new DataIntegrityProof({signer, cryptosuite: createJcsSignCryptosuite()});
  }
  throw new Error(`unknown suite ${name}`);
}

// A key pair from a multibase Ed25519 private key (multicodec ed25519-priv + 32 bytes).
export async function keyPairFromSeed(seedMultibase, {id, controller} = {}) {
  if(typeof seedMultibase !== 'string' || seedMultibase[0] !== 'z') {
    throw new Error('seed_multibase must be a base58btc multibase string');
  }
  const bytes = base58Decode(seedMultibase.slice(1));
  if(bytes.length !== 34 || bytes[0] !== 0x80 || bytes[1] !== 0x26) {
    throw new Error('seed_multibase is not an Ed25519 private key (ed25519-priv)');
  }
  return Ed25519Multikey.generate({id, controller, seed: bytes.slice(2)});
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58Decode(text) {
  let value = 0n;
  for(const char of text) {
    const digit = BASE58.indexOf(char);
    if(digit < 0) {
      throw new Error('not base58btc');
    }
    value = value * 58n + BigInt(digit);
  }
  const bytes = [];
  while(value > 0n) {
    bytes.unshift(Number(value % 256n));
    value /= 256n;
  }
  for(const char of text) {
    if(char !== '1') {
      break;
    }
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

// ------------------------------------------------------------ results

// Short messages for every error in a verification result, nested ones included.
export function errorMessages(result) {
  const found = [];
  const seen = new Set();
  const walk = error => {
    if(!error || seen.has(error)) {
      return;
    }
    seen.add(error);
    if(Array.isArray(error)) {
      error.forEach(walk);
      return;
    }
    if(Array.isArray(error.errors) && error.errors.length) {
      error.errors.forEach(walk);
      if(error.name === 'VerificationError') {
        return; // its message only says "Verification error(s)."
      }
    }
    let message = typeof error === 'string' ? error : (error.message || String(error));
    const details = error.details || {};
    if(typeof details.code === 'string' && details.url) {
      // jsonld's own message is a long generic paragraph: say what failed, and why
      message = `${details.code}: ${details.url}`;
    }
    if(details.event && details.event.code) {
      // jsonld safe mode: name the offending term or value, not just "Safe mode..."
      const what = details.event.details || {};
      const subject = what.type ?? what.property ?? what.id ?? what.term ?? what.value ?? '';
      message += ` (${details.event.code}${subject ? `: ${JSON.stringify(subject)}` : ''})`;
    }
    const cause = details.cause || error.cause;
    if(cause && cause.message && !message.includes(cause.message)) {
      message += ` (${cause.message})`;
    }
    message = message.split('\n')[0].slice(0, 300);
    if(!found.includes(message)) {
      found.push(message);
    }
  };
  walk(result?.error);
  walk(result?.statusResult?.error);
  for(const item of result?.results || []) {
    walk(item.error);
    walk(item.purposeResult?.error);
  }
  if(result && result.verified === false && found.length === 0) {
    found.push('not verified (no reason given)');
  }
  return found;
}

export async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
