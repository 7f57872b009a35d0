/**
 * The objective of a definition that runs a SageMaker built-in algorithm: the metric is one
 * the algorithm emits (TJ-BUILTIN-METRIC) and is optimized in its documented direction
 * (TJ-BUILTIN-DIRECTION). Job-level rules: the objective is the job's or the definition's own.
 */
import { BuiltInImageMatch, builtInAlgorithmOfImage } from './builtin-image';
import { Finding, closest, error, isKnownString, isToken, listNames, warning } from './core';
import { JobRule, ResolvedDefinition, jobField } from './job/rule';

/** The built-in algorithm a resolved definition runs, if any. */
export function builtInOf(d: ResolvedDefinition): BuiltInImageMatch | undefined {
  const image = d.def?.AlgorithmSpecification?.TrainingImage;
  return typeof image === 'string' ? builtInAlgorithmOfImage(image) : undefined;
}

/**
 * True when the definition defines the objective metric itself (metricDefinitions): the
 * user then reads it from the logs with their own regex, and the built-in metric list (a
 * snapshot of the documentation) is not applied.
 */
function definesMetric(d: ResolvedDefinition, metric: string): boolean {
  const metrics = d.def?.AlgorithmSpecification?.MetricDefinitions;
  return Array.isArray(metrics) && !isToken(metrics) && metrics.some(m => m?.Name === metric);
}

function source(match: BuiltInImageMatch): string {
  return match.algorithm.tuningPage
    ? `SageMaker Developer Guide, https://docs.aws.amazon.com/sagemaker/latest/dg/${match.algorithm.tuningPage}.html`
    : `SageMaker Developer Guide, https://docs.aws.amazon.com/sagemaker/latest/dg/${match.algorithm.hyperParametersPage}.html`;
}

/** TJ-BUILTIN-METRIC: the objective metric is one the built-in algorithm emits. */
export const builtInMetric: JobRule = (_request, _context, defs) => {
  const out: Finding[] = [];
  for (const d of defs) {
    const match = builtInOf(d);
    const metric = d.objective?.MetricName;
    if (!match || !isKnownString(metric) || definesMetric(d, metric)) {
      continue;
    }
    const metrics = Object.keys(match.algorithm.metrics);
    if (metrics.includes(metric)) {
      continue;
    }
    const field = jobField([...d.objectivePath, 'MetricName']);
    if (metrics.length === 0) {
      out.push(error('TJ-BUILTIN-METRIC', `${field} of ${d.label} is '${metric}', but the built-in ${match.algorithm.displayName} algorithm documents no objective metric for tuning (${source(match)}): it cannot be tuned without metricDefinitions of your own.`));
      continue;
    }
    const suggestion = closest(metric, metrics);
    out.push(error('TJ-BUILTIN-METRIC', `${field} of ${d.label} is '${metric}', but the built-in ${match.algorithm.displayName} algorithm emits only ${listNames(metrics, 40)} for tuning (${source(match)}).${suggestion ? ` Did you mean '${suggestion}'?` : ''}`));
  }
  return out;
};

/** TJ-BUILTIN-DIRECTION (warning): the objective goes the way the algorithm's documentation says. */
export const builtInDirection: JobRule = (_request, _context, defs) => {
  const out: Finding[] = [];
  for (const d of defs) {
    const match = builtInOf(d);
    const metric = d.objective?.MetricName;
    const type = d.objective?.Type;
    if (!match || !isKnownString(metric) || !isKnownString(type)) {
      continue;
    }
    const documented = match.algorithm.metrics[metric];
    if (documented === undefined || documented === type) {
      continue;
    }
    const verb = (t: string) => (t === 'Maximize' ? 'maximized' : 'minimized');
    out.push(warning('TJ-BUILTIN-DIRECTION', `${jobField([...d.objectivePath, 'Type'])} of ${d.label} is '${type}', but ${metric} is ${verb(documented)} for the built-in ${match.algorithm.displayName} algorithm (${source(match)}): use TuningObjective.${documented === 'Maximize' ? 'maximize' : 'minimize'}('${metric}'), or the tuning job searches for the worst model.`));
  }
  return out;
};
