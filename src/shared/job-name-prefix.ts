/**
 * Generated tuning-job names: `<stack part>-<construct part>-<suffix>` (at most 32 characters).
 *
 * Every generated name of a stack starts with `<stack part>-`, so one IAM pattern
 * (`hyper-parameter-tuning-job/<stack part>-*`) covers all of them; the construct part keeps
 * the names readable. The stack part is short, so different stacks can share it: the
 * `STACK_TAG` condition, not the name, keeps their jobs apart.
 */

import { MAX_LENGTH } from './max-length';

/** Suffix the handler appends: `-` + 10 characters. */
export const NAME_SUFFIX_LENGTH = 10;
/** The name's API maximum (32) - 1 (hyphen) - suffix. */
export const MAX_PREFIX_LENGTH = MAX_LENGTH.TUNING_JOB_NAME - 1 - NAME_SUFFIX_LENGTH;
/** Longest stack part; the construct part gets the rest of `MAX_PREFIX_LENGTH` (at least 10). */
export const MAX_STACK_PREFIX_LENGTH = 10;
/** Stack part when the stack name is unknown at synth time (or has no usable character). */
export const DEFAULT_STACK_PREFIX = 'tuning';

function clean(raw: string, max: number): string {
  return raw.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+/, '').slice(0, max).replace(/-+$/, '');
}

/** The stack part of generated names: the stack name, lower case, `[a-z0-9-]`, at most 10 characters. */
export function stackNamePrefix(stackName: string | undefined): string {
  return clean(stackName ?? '', MAX_STACK_PREFIX_LENGTH) || DEFAULT_STACK_PREFIX;
}

/**
 * The prefix of one job's generated names: `<stack part>-<construct part>`, at most
 * `MAX_PREFIX_LENGTH` characters, lower case, starting and ending with a letter or digit.
 */
export function jobNamePrefix(stackPrefix: string, constructId: string): string {
  const own = clean(constructId, MAX_PREFIX_LENGTH - stackPrefix.length - 1);
  return own === '' ? stackPrefix : `${stackPrefix}-${own}`;
}

/** The name pattern (lower case, as SageMaker ARNs are) that covers every generated name of a stack. */
export function stackJobNamePattern(stackPrefix: string): string {
  return `${stackPrefix}-*`;
}
