// A real OpenID Connect provider (panva/oidc-provider) on loopback, for the SSO tests.
//
//   node tests/oidc/provider.mjs [PORT]
//
// Port from argv[2] or OIDC_PORT; 0 (the default) lets the OS choose a free one, so
// parallel runs never race for a port. When listening it prints one line on stdout:
//
//   READY http://127.0.0.1:PORT
//
// and that URL is the issuer (unless OIDC_ISSUER overrides it, see below).
//
// Environment:
//   OIDC_CLIENT_ID        the one client (default "microcred")
//   OIDC_CLIENT_SECRET    its secret (default "microcred-secret"; client_secret_basic)
//   OIDC_REDIRECT_URIS    its redirect URIs, comma or space separated
//                         (default http://testserver/api/auth/oidc/uni/callback)
//   OIDC_EXTRA_CLIENTS    optional JSON array of more client metadata objects
//   OIDC_EMAIL_DOMAIN     domain for logins without '@' (default "uni.example")
//   OIDC_ID_TOKEN_CLAIMS  "1": put e-mail and name in the ID token too; by default they
//                         are only at the userinfo endpoint (oidc-provider's conform mode)
//   OIDC_KEY_ID           the signing key's kid (default random; the key is always new)
//   OIDC_ISSUER           pretend to be another issuer (for forged-token tests only)
//   OIDC_FORGE_FILE       forged-token tests only: a JSON file, read at every token
//                         request if it exists, e.g. {"claims": {"aud": "x"}},
//                         {"drop": ["exp"]} or {"alg": "none"}; the ID token in the
//                         token response is then altered and signed again with this
//                         provider's key (or left unsigned)
//
// Sign-in uses oidc-provider's built-in development pages: a login form that accepts
// any login and any password, then a consent form with one "Continue" button. Both are
// plain HTML forms, so httpx and a real browser can drive them alike. Accounts:
//   sub            stable, derived from the lower-cased login
//   email          the login if it contains '@', else <login>@OIDC_EMAIL_DOMAIN
//   email_verified true, unless the login starts with "unverified"
//   name           made from the login ("anna.nowak" -> "Anna Nowak")

import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const env = (name, fallback) => {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? fallback : value.trim();
};

const port = Number(process.argv[2] ?? env('OIDC_PORT', '0'));
const host = '127.0.0.1';
const emailDomain = env('OIDC_EMAIL_DOMAIN', 'uni.example');

const clients = [
  {
    client_id: env('OIDC_CLIENT_ID', 'microcred'),
    client_secret: env('OIDC_CLIENT_SECRET', 'microcred-secret'),
    redirect_uris: env('OIDC_REDIRECT_URIS', 'http://testserver/api/auth/oidc/uni/callback')
      .split(/[\s,]+/)
      .filter(Boolean),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  },
  ...JSON.parse(env('OIDC_EXTRA_CLIENTS', '[]')),
];

function displayName(login) {
  const local = login.split('@')[0];
  return local
    .split(/[._\-\s]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1).toLowerCase())
    .join(' ');
}

async function findAccount(_ctx, id) {
  const login = String(id).trim().toLowerCase();
  if (!login) return undefined;
  const sub = `u-${createHash('sha256').update(login).digest('hex').slice(0, 24)}`;
  return {
    accountId: id,
    async claims() {
      return {
        sub,
        email: login.includes('@') ? login : `${login}@${emailDomain}`,
        email_verified: !login.startsWith('unverified'),
        name: displayName(login),
      };
    },
  };
}

// A fresh signing key per run: nothing secret is ever committed.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = {
  ...privateKey.export({ format: 'jwk' }),
  kid: env('OIDC_KEY_ID', randomBytes(8).toString('hex')),
  alg: 'RS256',
  use: 'sig',
};

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const unb64 = (part) => JSON.parse(Buffer.from(part, 'base64url').toString());

function forge(idToken, { claims = {}, drop = [], alg }) {
  const [header, original] = idToken.split('.').map((part, i) => (i < 2 ? unb64(part) : part));
  const payload = { ...original, ...claims };
  for (const name of drop) delete payload[name];
  if (alg === 'none') {
    return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
  }
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

async function forgeIdTokens(ctx, next) {
  await next();
  const file = env('OIDC_FORGE_FILE');
  if (file && ctx.path === '/token' && ctx.body?.id_token && existsSync(file)) {
    ctx.body = { ...ctx.body, id_token: forge(ctx.body.id_token, JSON.parse(readFileSync(file, 'utf8'))) };
  }
}

const server = createServer();
server.listen(port, host, () => {
  const issuer = env('OIDC_ISSUER', `http://${host}:${server.address().port}`);
  const provider = new Provider(issuer, {
    clients,
    findAccount,
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    conformIdTokenClaims: env('OIDC_ID_TOKEN_CLAIMS', '0') !== '1',
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
  });
  provider.on('server_error', (_ctx, error) => console.error('server_error', error));
  provider.use(forgeIdTokens);
  server.on('request', provider.callback());
  console.log(`READY http://${host}:${server.address().port}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
