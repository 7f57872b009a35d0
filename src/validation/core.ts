import { Token } from 'aws-cdk-lib';
import { findCredentialShape } from './credential-shapes';
import { LIST_TOKEN_MARKER, NUMBER_TOKEN_TEXT, STRING_TOKEN_MARKER } from './token-literals';

export { ACCESS_KEY_ID } from './credential-shapes';

/** How bad a finding is: an error fails synthesis, a warning is reported and synthesis goes on. */
export type Severity = 'error' | 'warning';

/** One problem found in a tuning job's configuration. */
export interface Finding {
  /** `error` fails `cdk synth`; `warning` is legal but doubtful. */
  readonly severity: Severity;
  /** Stable id of the rule that produced the finding (see docs/RULES.md), e.g. `TJ-PARALLEL-LE-TOTAL`. */
  readonly rule: string;
  /** What is wrong: the field (user-facing name and API path), the value received and what is allowed. */
  readonly message: string;
}

/** Builds an error finding. */
export function error(rule: string, message: string): Finding {
  return { severity: 'error', rule, message };
}

/** Builds a warning finding. */
export function warning(rule: string, message: string): Finding {
  return { severity: 'warning', rule, message };
}

/**
 * True when `value` is, or contains, an unresolved CDK token: a string with `${Token[`, an
 * encoded number or list, or an `IResolvable`. Such values are known only at deploy time and
 * are never validated.
 */
export function isToken(value: unknown): boolean {
  if (value === undefined || value === null) {
    return false;
  }
  // Cheap exits, same answers: an encoded number token is a double of about -1.9e289 (its
  // marker bits), and a string holds a token only as `${Token[...]}` or a stringified number
  // token (`-1.xxxe+289`).
  if (typeof value === 'number') {
    return value < -1e288 && Token.isUnresolved(value);
  }
  if (typeof value === 'string') {
    return (value.includes(STRING_TOKEN_MARKER) || value.includes(NUMBER_TOKEN_TEXT)) && Token.isUnresolved(value);
  }
  if (typeof value !== 'object') {
    return false; // booleans, functions: never tokens
  }
  if (Array.isArray(value)) {
    // An encoded list is one string holding `#{Token[...]}`.
    return value.length === 1 && typeof value[0] === 'string' && value[0].includes(LIST_TOKEN_MARKER) && Token.isUnresolved(value);
  }
  // Any other object is a token when it is an IResolvable.
  return typeof (value as { resolve?: unknown }).resolve === 'function';
}

/** True when `value` is a number that is known at synth time. */
export function isKnownNumber(value: unknown): value is number {
  return typeof value === 'number' && !isToken(value);
}

/** True when `value` is a string that is known at synth time. */
export function isKnownString(value: unknown): value is string {
  return typeof value === 'string' && !isToken(value);
}

/**
 * The number a range bound string holds, or undefined when the string is a token, an
 * encoded number token or not a number at all.
 */
export function parseKnownNumber(value: unknown): number | undefined {
  if (isKnownNumber(value)) {
    return value;
  }
  if (!isKnownString(value) || value.trim() === '') {
    return undefined;
  }
  const n = Number(value);
  if (!Number.isFinite(n) || isToken(n)) {
    return undefined;
  }
  return n;
}

/** A JSON path inside the request: member names and list indices. */
export type WirePath = ReadonlyArray<string | number>;

/** Renders a path as `A.B[0].C` (long map keys shortened with `shortKey`). */
export function formatPath(path: WirePath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') {
      out += `[${seg}]`;
    } else {
      out += out === '' ? seg : `.${shortKey(seg)}`;
    }
  }
  return out;
}

/** Longest string shown in full in a message; longer ones are cut and their length told once. */
export const MAX_SHOWN_VALUE = 80;
/** Longest map key (hyperparameter or variable name) shown in full inside a field name. */
export const MAX_SHOWN_KEY = 40;

/**
 * A map key as field names show it: in full up to MAX_SHOWN_KEY characters, else its start
 * and `...` (the value itself, with its length, is shown once by `show`).
 */
export function shortKey(key: string): string {
  return key.length > MAX_SHOWN_KEY ? `${key.slice(0, MAX_SHOWN_KEY - 3)}...` : key;
}

/**
 * Masks a secret for display: keeps the first 4 characters and tells the length, so the
 * user can find the value without the message (or the CDK output) repeating it.
 */
export function mask(secret: string): string {
  const head = secret.slice(0, 4);
  return `${head}${'*'.repeat(Math.max(0, Math.min(secret.length, 16) - head.length))} (${secret.length} characters, masked)`;
}

/**
 * Renders a value received for a message: strings quoted and shortened (a shortened string
 * tells its length, once), numbers as they are, anything that looks like a credential masked.
 */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    if (findCredentialShape(value)) {
      return mask(value);
    }
    return value.length > MAX_SHOWN_VALUE
      ? `'${value.slice(0, MAX_SHOWN_VALUE - 3)}...' (${value.length} characters)`
      : `'${value}'`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (Array.isArray(value)) {
    return `a list of ${value.length}`;
  }
  if (value === undefined) {
    return 'not set';
  }
  if (value === null) {
    return 'null';
  }
  return 'an object';
}

/**
 * Like `show`, but always tells a string's length, exactly once: `'abc' (3 characters)`,
 * `'abc...' (513 characters)`. For messages about lengths.
 */
export function showWithLength(value: string): string {
  const shown = show(value);
  return / \(\d+ characters(?:, masked)?\)$/.test(shown) ? shown : `${shown} (${value.length} characters)`;
}

/** Renders a number of seconds as e.g. `90000 s (25 h)` for messages about durations. */
export function showSeconds(seconds: number): string {
  const units: Array<[number, string]> = [[86400, 'days'], [3600, 'h'], [60, 'min']];
  for (const [size, unit] of units) {
    if (seconds >= size && seconds % size === 0) {
      return `${seconds} s (${seconds / size} ${unit})`;
    }
  }
  return `${seconds} s`;
}

/** Joins names for a message: `'a', 'b' and 'c'`. */
export function listNames(names: readonly string[], max = 12): string {
  const quoted = names.slice(0, max).map(n => `'${shortKey(n)}'`);
  const rest = names.length > max ? ` and ${names.length - max} more` : '';
  if (quoted.length <= 1) {
    return quoted.join('') + rest;
  }
  if (rest) {
    return quoted.join(', ') + rest;
  }
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** The closest candidate to `value` by edit distance, when it is close enough to be a typo. */
export function closest(value: string, candidates: readonly string[]): string | undefined {
  const lower = value.toLowerCase();
  const prefixed = candidates.filter(c => lower.length >= 3 && c.toLowerCase().startsWith(lower));
  if (prefixed.length === 1) {
    return prefixed[0];
  }
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(value.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(value.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) {
    prev[j] = j;
  }
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}
