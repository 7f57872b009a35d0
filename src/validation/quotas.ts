/**
 * Default quotas of automatic model tuning (SageMaker Developer Guide, "Resource Limits for
 * Automatic Model Tuning",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/automatic-model-tuning-limits.html). An
 * account may have had them raised, so going over a default only warns, naming the quota and
 * how to raise it. Job-level rules, run by `validateTuningJobRequest`.
 */
import { isKnownNumber, isKnownString, isToken, warning } from './core';
import { combinationsOf } from './job/grid';
import { JobRule, jobField, PARALLEL, strategyOf, TOTAL } from './job/rule';

/** How to ask for more, for every quota message. */
const HOW_TO_RAISE = 'If your account has not had it raised, request an increase in the Service Quotas console (service "Amazon SageMaker") '
  + 'or in the AWS Support Center (Create case > Service limit increase > limit type "SageMaker Automatic Model Tuning [Hyperparameter Optimization]") before deploying.';

/** Default quota: parallel training jobs per tuning job (can be increased to 100). */
export const DEFAULT_PARALLEL_TRAINING_JOBS = 10;
/** Highest value the parallel training jobs quota can be raised to. */
export const MAX_RAISED_PARALLEL_TRAINING_JOBS = 100;
/** Default quota: training jobs per tuning job, every strategy. */
export const DEFAULT_TRAINING_JOBS = 750;
/** Random search's training jobs per tuning job can be raised to this. */
export const MAX_RAISED_RANDOM_TRAINING_JOBS = 10000;
/** Default quota: metrics defined per tuning job. */
export const DEFAULT_METRICS = 20;

/** TJ-QUOTA-PARALLEL-TRAINING-JOBS (warning): more parallel training jobs than the default quota. */
export const quotaParallelTrainingJobs: JobRule = request => {
  const parallel = request.HyperParameterTuningJobConfig?.ResourceLimits?.MaxParallelTrainingJobs;
  if (!isKnownNumber(parallel) || parallel <= DEFAULT_PARALLEL_TRAINING_JOBS) {
    return [];
  }
  const ceiling = parallel > MAX_RAISED_PARALLEL_TRAINING_JOBS
    ? ` The developer guide says it can be increased to ${MAX_RAISED_PARALLEL_TRAINING_JOBS} at most, so ${parallel} is likely refused even then.`
    : ` It can be increased to ${MAX_RAISED_PARALLEL_TRAINING_JOBS}.`;
  return [warning('TJ-QUOTA-PARALLEL-TRAINING-JOBS', `${jobField(PARALLEL)} is ${parallel}, above the default quota "Number of parallel training jobs per hyperparameter tuning job" (${DEFAULT_PARALLEL_TRAINING_JOBS}).${ceiling} ${HOW_TO_RAISE}`)];
};

/**
 * TJ-QUOTA-TRAINING-JOBS (warning): more training jobs than the default quota (given, or with
 * Grid the number of combinations it runs).
 */
export const quotaTrainingJobs: JobRule = (request, _context, defs) => {
  const strategy = strategyOf(request);
  const given = request.HyperParameterTuningJobConfig?.ResourceLimits?.MaxNumberOfTrainingJobs;
  let total: number | undefined;
  let what: string;
  if (given !== undefined) {
    if (!isKnownNumber(given)) {
      return [];
    }
    total = given;
    what = `${jobField(TOTAL)} is ${given}`;
  } else if (strategy === 'Grid') {
    const combos = defs.map(d => combinationsOf(d.ranges));
    if (combos.some(c => c === undefined)) {
      return [];
    }
    total = (combos as number[]).reduce((a, b) => a + b, 0);
    what = `strategy 'Grid' runs one training job per combination of the categorical ranges, ${total} in all`;
  } else {
    return [];
  }
  if (total <= DEFAULT_TRAINING_JOBS) {
    return [];
  }
  const ceiling = strategy === 'Random'
    ? ` For Random search it can be increased to ${MAX_RAISED_RANDOM_TRAINING_JOBS}.${total > MAX_RAISED_RANDOM_TRAINING_JOBS ? ` ${total} is above even that.` : ''}`
    : ` The developer guide lists no increase for ${strategy ?? 'this'} strategy (only Random search's can be raised, to ${MAX_RAISED_RANDOM_TRAINING_JOBS}).`;
  return [warning('TJ-QUOTA-TRAINING-JOBS', `${what}, above the default quota "Number of training jobs per hyperparameter tuning job" (${DEFAULT_TRAINING_JOBS}).${ceiling} ${HOW_TO_RAISE}`)];
};

/** TJ-QUOTA-METRICS (warning): more distinct metrics defined over the job than the default quota. */
export const quotaMetrics: JobRule = (_request, _context, defs) => {
  const names = new Set<string>();
  for (const d of defs) {
    const metrics = d.def?.AlgorithmSpecification?.MetricDefinitions;
    if (!Array.isArray(metrics) || isToken(metrics)) {
      continue;
    }
    for (const m of metrics) {
      if (m && isKnownString(m.Name)) {
        names.add(m.Name);
      }
    }
  }
  if (names.size <= DEFAULT_METRICS) {
    return [];
  }
  return [warning('TJ-QUOTA-METRICS', `metricDefinitions of ${defs.length === 1 ? 'the definition' : 'all definitions'} define ${names.size} distinct metrics, above the quota "Number of metrics defined per hyperparameter tuning job" (${DEFAULT_METRICS} by default; the developer guide lists no increase, although the API takes up to 40 metric definitions per definition): SageMaker may refuse the job. Check the quota's value for your account in the Service Quotas console (service "Amazon SageMaker"), or define only the metrics the tuning job needs.`)];
};

/** The quota rules, in the order their findings are reported. */
export const QUOTA_RULES: readonly JobRule[] = [quotaParallelTrainingJobs, quotaTrainingJobs, quotaMetrics];
