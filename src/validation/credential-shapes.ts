/**
 * The shapes of credentials that are recognizable from the value alone, without the name of
 * the key that holds it: provider token formats with a fixed prefix, PEM private-key blocks,
 * signed JSON Web Tokens and passwords written into URLs. This module imports nothing, so
 * that both the message helpers (which mask such values) and the TJ-SECRET rule use it.
 *
 * Each shape is anchored on something a non-secret value does not contain (a vendor prefix
 * with its exact length and alphabet, a PEM header, a JWT's decoded `alg` header), so that
 * look-alikes (`ghp_` alone, `xoxb-test`, a public key or certificate block, a two-part
 * base64 string) are not reported.
 */

/** A credential found in a value: what it looks like and the matched text (to be masked). */
export interface CredentialShape {
  /** What the value looks like, e.g. `GitHub token`. */
  readonly kind: string;
  /** The matched text. */
  readonly secret: string;
}

/** An AWS access key id: long-term (AKIA) or temporary (ASIA), 20 characters. */
export const ACCESS_KEY_ID = /\b((?:AKIA|ASIA)[A-Z0-9]{16})\b/;

interface Shape {
  readonly kind: string;
  readonly pattern: RegExp;
  /** Further check of the match (group 1 when present, else the whole match). */
  readonly accept?: (secret: string) => boolean;
}

/** Upper- and lower-case letters both present (random tokens; names rarely are mixed and that long). */
const mixedCase = (s: string) => /[A-Z]/.test(s) && /[a-z]/.test(s);

const SHAPES: readonly Shape[] = [
  { kind: 'AWS access key id', pattern: ACCESS_KEY_ID },
  // GitHub: classic tokens ghp_/gho_/ghu_/ghs_/ghr_ + 36 base62; fine-grained github_pat_ + 82.
  { kind: 'GitHub token', pattern: /(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36,251})(?![A-Za-z0-9_])/ },
  { kind: 'GitHub token', pattern: /(?<![A-Za-z0-9_])(github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])/ },
  // GitLab personal access token.
  { kind: 'GitLab token', pattern: /(?<![A-Za-z0-9_-])(glpat-[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/ },
  // Slack: xoxb- (bot), xoxp- (user), xoxa-/xoxr-/xoxs-/xoxe-, then numeric ids and a secret.
  { kind: 'Slack token', pattern: /(?<![A-Za-z0-9])(xox[abeoprs]-[0-9]{6,}-[A-Za-z0-9-]{10,})/ },
  { kind: 'Slack webhook URL', pattern: /(https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,})/ },
  // PEM private keys of any algorithm (RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP ... BLOCK).
  { kind: 'private key', pattern: /(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)/ },
  // Google API key.
  { kind: 'Google API key', pattern: /(?<![A-Za-z0-9_-])(AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])/ },
  // Stripe live secret and restricted keys.
  { kind: 'Stripe secret key', pattern: /(?<![A-Za-z0-9_])((?:sk|rk)_live_[0-9A-Za-z]{24,})/ },
  // OpenAI keys carry "T3BlbkFJ" (base64 of "OpenAI").
  { kind: 'OpenAI API key', pattern: /(?<![A-Za-z0-9_-])(sk-[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,})/ },
  // npm access token.
  { kind: 'npm token', pattern: /(?<![A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/ },
  // Hugging Face user access token: hf_ + 34 letters (mixed case).
  { kind: 'Hugging Face token', pattern: /(?<![A-Za-z0-9_])(hf_[A-Za-z]{34})(?![A-Za-z0-9_])/, accept: s => mixedCase(s.slice(3)) },
  // A signed JWT: three base64url parts, the header decoding to JSON with "alg".
  { kind: 'JSON Web Token', pattern: /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})/, accept: isJwt },
  // user:password@ in a URL (scheme://user:password@host).
  { kind: 'password in a URL', pattern: /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:/@]+:([^\s:/@]{3,})@[^\s/@]+/, accept: s => !/^\$\{.*\}$|^\*+$|^<.*>$/.test(s) },
];

function isJwt(token: string): boolean {
  const header = token.split('.')[0];
  try {
    const json = JSON.parse(Buffer.from(header.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf-8'));
    return typeof json === 'object' && json !== null && typeof json.alg === 'string';
  } catch {
    return false;
  }
}

/**
 * The first credential recognizable from `value` alone (see the module comment), or
 * undefined. Secrets that need the key's name to be told apart from ordinary values (AWS
 * secret access keys, session tokens) are found by `findCredential` in `./secrets`.
 */
export function findCredentialShape(value: string): CredentialShape | undefined {
  for (const shape of SHAPES) {
    const m = shape.pattern.exec(value);
    if (!m) {
      continue;
    }
    const secret = m[1] ?? m[0];
    if (!shape.accept || shape.accept(secret)) {
      return { kind: shape.kind, secret };
    }
  }
  return undefined;
}

/** `kind` with its indefinite article: `an AWS access key id`, `a GitHub token`, `an npm token`. */
export function withArticle(kind: string): string {
  return /^(?:[AEIOaeio]|npm\b)/.test(kind) ? `an ${kind}` : `a ${kind}`;
}
