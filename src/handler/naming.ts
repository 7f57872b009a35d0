import { createHash } from 'crypto';
import { MAX_PREFIX_LENGTH, NAME_SUFFIX_LENGTH } from '../shared/contract';

/** SageMaker's pattern for tuning job names (1-32 characters). */
export const TUNING_JOB_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}$/;

/** Prefix used when the resource gives none (or nothing usable). */
export const DEFAULT_PREFIX = 'tuning';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Whether `name` is a syntactically valid tuning job name. */
export function isValidJobName(name: string | undefined): name is string {
  return typeof name === 'string' && TUNING_JOB_NAME_PATTERN.test(name);
}

/**
 * Make a prefix safe: lower case, `[a-z0-9-]`, starting and ending with a letter or digit,
 * at most `MAX_PREFIX_LENGTH` characters. A valid prefix is kept verbatim (the construct's
 * IAM grant is `<prefix>-*`); this only guards the handler against a hand-written template.
 */
export function sanitizePrefix(prefix: string | undefined): string {
  const cleaned = (prefix ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, MAX_PREFIX_LENGTH)
    .replace(/^-+|-+$/g, '');
  return cleaned === '' ? DEFAULT_PREFIX : cleaned;
}

/**
 * A `NAME_SUFFIX_LENGTH`-character lower-case alphanumeric suffix derived from the parts
 * (a SHA-256 digest, one character per byte). Deterministic, so that a retried create of
 * the same CloudFormation request picks the same name and finds the job it already started.
 */
export function nameSuffix(...parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('|')).digest();
  let suffix = '';
  for (let i = 0; i < NAME_SUFFIX_LENGTH; i++) {
    suffix += ALPHABET[digest[i] % ALPHABET.length];
  }
  return suffix;
}

/**
 * The name of a job the handler names itself: `<prefix>-<suffix>`, at most 32 characters,
 * the suffix derived from the stack, the logical id and the CloudFormation request id.
 */
export function generateJobName(prefix: string | undefined, stackId: string, logicalResourceId: string, requestId: string): string {
  return `${sanitizePrefix(prefix)}-${nameSuffix(stackId, logicalResourceId, requestId)}`;
}
