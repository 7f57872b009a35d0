/**
 * Value-local checks run by the objective and strategy factories (they throw on a problem).
 * Each returns the problems found (empty when valid); tokens are never checked.
 *
 * They share their logic with the request validators so that each rule has one
 * implementation: the metric name and the Hyperband bounds come from the generated service
 * model (the same walker as SM-* findings), and the Hyperband order and cap are the functions
 * behind TJ-HYPERBAND-MIN-LE-MAX and TJ-HYPERBAND-MAX-RESOURCE-CAP.
 */
import { isKnownNumber } from './core';
import { walkServiceModel } from './walker';

/** Largest Hyperband MaxResource (service model docs: "The maximum value is 20,000 epochs"). */
export const HYPERBAND_MAX_RESOURCE = 20000;

/** The TJ-HYPERBAND-MAX-RESOURCE-CAP problem of a MaxResource value, if any. */
export function hyperbandCapProblem(maxResource: unknown): string | undefined {
  return isKnownNumber(maxResource) && maxResource > HYPERBAND_MAX_RESOURCE
    ? `is ${maxResource}, but Hyperband allows at most ${HYPERBAND_MAX_RESOURCE}`
    : undefined;
}

/** The TJ-HYPERBAND-MIN-LE-MAX problem of a MinResource / MaxResource pair, if any. */
export function hyperbandOrderProblem(minResource: unknown, maxResource: unknown): string | undefined {
  return isKnownNumber(minResource) && isKnownNumber(maxResource) && minResource > maxResource
    ? 'minResource must not be greater than maxResource'
    : undefined;
}

/**
 * Objective metric name: 1-255 characters, one line (HyperParameterTuningJobObjective.MetricName).
 *
 * @param metricName the metric (an unresolved token is not checked)
 * @returns the problems found; empty when valid
 */
export function checkMetricName(metricName: string): string[] {
  return walkServiceModel(metricName, {
    shape: 'MetricName',
    apiPrefix: ['HyperParameterTuningJobObjective', 'MetricName'],
    nameOf: () => 'metricName',
  }).map(f => f.message);
}

/**
 * Hyperband resources: whole numbers of at least 1 (service model), MaxResource at most
 * 20,000, MinResource not above MaxResource (HyperbandStrategyConfig).
 *
 * @param minResource the fewest resources (epochs) before a job may be stopped
 * @param maxResource the most resources (epochs) a job may use
 * @returns the problems found; empty when valid
 */
export function checkHyperbandConfig(minResource?: number, maxResource?: number): string[] {
  const problems = walkServiceModel({ MinResource: minResource, MaxResource: maxResource }, {
    shape: 'HyperbandStrategyConfig',
    apiPrefix: ['HyperbandStrategyConfig'],
    nameOf: p => (p[0] === 'MinResource' ? 'minResource' : 'maxResource'),
  }).map(f => f.message);
  const cap = hyperbandCapProblem(maxResource);
  if (cap) {
    problems.push(`maxResource (HyperbandStrategyConfig.MaxResource) ${cap}`);
  }
  const order = problems.length === 0 ? hyperbandOrderProblem(minResource, maxResource) : undefined;
  if (order) {
    problems.push(`minResource (HyperbandStrategyConfig.MinResource) is ${minResource} and maxResource (HyperbandStrategyConfig.MaxResource) is ${maxResource}: ${order}`);
  }
  return problems;
}
