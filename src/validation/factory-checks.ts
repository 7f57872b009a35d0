import { Token } from 'aws-cdk-lib';

// Value-local checks run by the objective and strategy factories (they throw on a problem).
// Each returns the problems found (empty when valid); tokens are never checked.

/**
 * Objective metric name: 1-255 characters (HyperParameterTuningJobObjective.MetricName).
 */
export function checkMetricName(metricName: string): string[] {
  if (Token.isUnresolved(metricName)) {
    return [];
  }
  if (metricName.length < 1 || metricName.length > 255) {
    return [`metricName (HyperParameterTuningJobObjective.MetricName) must be 1 to 255 characters, got ${metricName.length} ('${metricName.slice(0, 40)}')`];
  }
  return [];
}

/**
 * Hyperband resources: MinResource >= 1, 1 <= MaxResource <= 20,000, whole numbers,
 * MinResource <= MaxResource (HyperbandStrategyConfig).
 */
export function checkHyperbandConfig(minResource?: number, maxResource?: number): string[] {
  const problems: string[] = [];
  const whole = (n: number) => Number.isInteger(n);
  if (minResource !== undefined && !Token.isUnresolved(minResource) && (!whole(minResource) || minResource < 1)) {
    problems.push(`minResource (HyperbandStrategyConfig.MinResource) must be a whole number >= 1, got ${minResource}`);
  }
  if (maxResource !== undefined && !Token.isUnresolved(maxResource) && (!whole(maxResource) || maxResource < 1 || maxResource > 20000)) {
    problems.push(`maxResource (HyperbandStrategyConfig.MaxResource) must be a whole number from 1 to 20000, got ${maxResource}`);
  }
  if (minResource !== undefined && maxResource !== undefined && !Token.isUnresolved(minResource) && !Token.isUnresolved(maxResource)
    && problems.length === 0 && minResource > maxResource) {
    problems.push(`minResource (${minResource}) must not exceed maxResource (${maxResource}) (HyperbandStrategyConfig)`);
  }
  return problems;
}
