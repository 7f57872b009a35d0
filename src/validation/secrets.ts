import { isKnownString } from './core';
import { findCredentialShape } from './credential-shapes';

/**
 * What kind of credential a value looks like: `AWS access key id`, `AWS secret access key`,
 * `AWS session token`, or one of the shapes of `./credential-shapes` (`GitHub token`,
 * `Slack token`, `private key`, `JSON Web Token`, ...).
 */
export type CredentialKind = string;

/** A credential found in a value; `secret` is the matched text, to be masked before display. */
export interface CredentialHit {
  readonly kind: CredentialKind;
  readonly secret: string;
}

/** 40 characters of base64 alphabet standing alone: the shape of a secret access key. */
const SECRET_ACCESS_KEY = /(?<![A-Za-z0-9/+=])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/;
/** `aws_secret_access_key = ...` written inline, whatever the surrounding key is called. */
const INLINE_SECRET = /aws_?secret_?access_?key\s*[=:]\s*["']?([A-Za-z0-9/+]{40})/i;
/** Keys whose values are secrets by name. */
const SECRET_KEY_NAME = /secret/i;
const SESSION_TOKEN_KEY_NAME = /(session|security)[_-]?token/i;
/** The base64 prefixes STS session tokens start with. */
const SESSION_TOKEN_VALUE = /(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE)[A-Za-z0-9/+=]{40,}/;

/**
 * The shortest value any check below can match: a password in a URL (`a://b:ccc@d`, 11
 * characters); every other shape is 16 characters or more. Shorter values (most
 * hyperparameters: numbers, names) skip the patterns.
 */
export const MIN_CREDENTIAL_LENGTH = 11;

/**
 * Finds a credential in a hyperparameter or environment value: any shape recognizable from
 * the value alone (`findCredentialShape`: an AWS access key id, GitHub / GitLab / Slack /
 * npm / Hugging Face tokens, a Slack webhook, a PEM private key, a signed JWT, Google,
 * Stripe and OpenAI keys, a password in a URL) anywhere in the value; a 40-character secret access key
 * when the key is named like a secret (or the value writes `aws_secret_access_key=`); a
 * session token by its STS prefix, or any 16+ character value of a key named like a session
 * token.
 *
 * @param key the map key (hyperparameter or variable name), when the value has one
 * @param value the value (unresolved tokens are never inspected)
 */
export function findCredential(key: string | undefined, value: unknown): CredentialHit | undefined {
  if (!isKnownString(value) || value.length < MIN_CREDENTIAL_LENGTH) {
    return undefined;
  }
  const shape = findCredentialShape(value);
  if (shape) {
    return shape;
  }
  const inline = INLINE_SECRET.exec(value);
  if (inline) {
    return { kind: 'AWS secret access key', secret: inline[1] };
  }
  const keyName = isKnownString(key) ? key : '';
  if (SECRET_KEY_NAME.test(keyName)) {
    const secret = SECRET_ACCESS_KEY.exec(value);
    if (secret) {
      return { kind: 'AWS secret access key', secret: secret[1] };
    }
  }
  const token = SESSION_TOKEN_VALUE.exec(value);
  if (token) {
    return { kind: 'AWS session token', secret: token[0] };
  }
  if (SESSION_TOKEN_KEY_NAME.test(keyName) && /^\S{16,}$/.test(value.trim())) {
    return { kind: 'AWS session token', secret: value.trim() };
  }
  return undefined;
}
