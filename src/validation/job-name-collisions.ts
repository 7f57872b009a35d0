/**
 * TJ-JOB-NAME-UNIQUE: fixed tuning job names across the app. SageMaker tuning job names are
 * unique per account and region regardless of case, so two `TuningJob`s with the same fixed
 * `tuningJobName` (compared case-insensitively) collide at deploy time when they deploy to the
 * same account and region.
 *
 * Where two jobs deploy is known when they are in the same stack, or when both stacks have a
 * concrete account and region. A stack whose account or region is unresolved (an
 * environment-agnostic stack) may deploy anywhere: it is compared only with jobs of its own
 * stack, so that the check never reports a collision that may not happen.
 */
import { Finding, error, isKnownString } from './core';

/** A tuning job with a fixed name, and where it deploys. */
export interface FixedNameJob {
  /** Construct path of the job. */
  readonly path: string;
  /** The fixed tuningJobName (tokens are never compared). */
  readonly name: string;
  /** Construct path of its stack. */
  readonly stackPath: string;
  /** The stack's account, when concrete. */
  readonly account?: string;
  /** The stack's region, when concrete. */
  readonly region?: string;
}

/** How two jobs are known to share an account and region, or undefined when they may not. */
function sharedPlace(a: FixedNameJob, b: FixedNameJob): string | undefined {
  if (a.stackPath === b.stackPath) {
    return `in the same stack ${a.stackPath}`;
  }
  if (isKnownString(a.account) && isKnownString(a.region) && a.account === b.account && a.region === b.region) {
    return `both deploying to account ${a.account} in ${a.region}`;
  }
  return undefined;
}

/**
 * The collisions of `self`'s fixed name with the other jobs of the app.
 *
 * @param self the job checked
 * @param others every other tuning job of the app with a fixed name
 */
export function jobNameCollisions(self: FixedNameJob, others: readonly FixedNameJob[]): Finding[] {
  if (!isKnownString(self.name)) {
    return [];
  }
  const out: Finding[] = [];
  for (const other of others) {
    if (other.path === self.path || !isKnownString(other.name) || other.name.toLowerCase() !== self.name.toLowerCase()) {
      continue;
    }
    const place = sharedPlace(self, other);
    if (place) {
      const how = other.name === self.name ? '' : ` (as '${other.name}': names are compared regardless of case)`;
      out.push(error('TJ-JOB-NAME-UNIQUE', `tuningJobName (HyperParameterTuningJobName) is '${self.name}', which the tuning job ${other.path} also uses${how}, ${place}: SageMaker tuning job names are unique per account and region regardless of case, so the second job would fail to create at deploy time. Give each job its own name, or leave tuningJobName unset.`));
    }
  }
  return out;
}
