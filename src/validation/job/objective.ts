/** The objective each definition is tuned for. */
import { error, Finding, isKnownString, isToken, listNames } from '../core';
import { jobField, JobRule } from './rule';

/** TJ-OBJECTIVE-REQUIRED: every definition is tuned for an objective. */
export const objectiveRequired: JobRule = (_request, _context, defs) => defs
  .filter(d => d.objective === undefined)
  .map(d => error('TJ-OBJECTIVE-REQUIRED', `${jobField(d.objectivePath)} is missing for ${d.label}: it has neither the job's objective nor its own override. Set objective (TuningObjective.maximize / minimize) on the tuning job or on the definition.`));

/** TJ-OBJECTIVE-METRIC-DEFINED: the objective metric is one of the definition's metric definitions. */
export const objectiveMetricDefined: JobRule = (_request, _context, defs) => {
  const out: Finding[] = [];
  for (const d of defs) {
    const metric = d.objective?.MetricName;
    const metrics = d.def?.AlgorithmSpecification?.MetricDefinitions;
    if (!isKnownString(metric) || !Array.isArray(metrics) || isToken(metrics) || metrics.length === 0) {
      continue;
    }
    const names = metrics.map(m => m?.Name);
    if (names.some(n => !isKnownString(n))) {
      continue; // a token name could be the one
    }
    if (!names.includes(metric)) {
      out.push(error('TJ-OBJECTIVE-METRIC-DEFINED', `${jobField([...d.objectivePath, 'MetricName'])} of ${d.label} is '${metric}', but its metricDefinitions define ${listNames(names as string[])}: the objective metric must be one of them, or SageMaker finds no value to optimize.`));
    }
  }
  return out;
};
