/** Resource limits over the whole job: ranges, parallel jobs and environment variables. */
import { error, isKnownNumber, isToken, warning } from '../core';
import { MAX_TUNED_RANGES, tunedRangeCount } from '../definition/rule';
import { SERVICE_SHAPES } from '../service-model.generated';
import { sumCombinations } from './grid';
import { JobEntryRule, jobField, JobRule, limits, PARALLEL, strategyOf, TOTAL } from './rule';

/** Most environment variables over all definitions of a job. */
export const MAX_JOB_ENVIRONMENT = SERVICE_SHAPES.HyperParameterTrainingJobEnvironmentMap.max!; // 48

/** TJ-RANGES-TOTAL-JOB (warning): more than 30 tuned ranges over all definitions. */
export const rangesTotalJob: JobRule = (_request, _context, defs) => {
  if (defs.length < 2) {
    return [];
  }
  const total = defs.reduce((n, d) => n + tunedRangeCount(d.ranges), 0);
  if (total <= MAX_TUNED_RANGES) {
    return [];
  }
  return [warning('TJ-RANGES-TOTAL-JOB', `parameterRanges of all definitions add up to ${total} integer, continuous and categorical ranges; the API reference says ${MAX_TUNED_RANGES} is also the maximum "for the hyperparameter tuning job itself", so SageMaker may reject more than ${MAX_TUNED_RANGES} over the whole job.`)];
};

/**
 * TJ-PARALLEL-LE-TOTAL, given maxTrainingJobs: maxParallelTrainingJobs <= maxTrainingJobs.
 * Checked where the TuningJob receives them.
 */
export const parallelLeTotal: JobEntryRule = entry => {
  const total = entry.maxTrainingJobs;
  const parallel = entry.maxParallelTrainingJobs;
  if (!isKnownNumber(total) || !isKnownNumber(parallel) || parallel <= total) {
    return [];
  }
  return [error('TJ-PARALLEL-LE-TOTAL', `${jobField(PARALLEL)} is ${parallel}, but maxTrainingJobs (${TOTAL.join('.')}) is ${total}: a tuning job cannot run more training jobs at once than it runs in total. Lower maxParallelTrainingJobs to ${total} or less.`)];
};

/**
 * TJ-PARALLEL-LE-TOTAL, Grid without maxTrainingJobs: maxParallelTrainingJobs <= the number of
 * combinations of the definitions' categorical ranges (the number of jobs Grid runs). Spans the
 * definitions: a node validation.
 */
export const parallelLeGridCombinations: JobRule = (request, _context, defs) => {
  const { parallel } = limits(request);
  if (parallel === undefined || request.HyperParameterTuningJobConfig?.ResourceLimits?.MaxNumberOfTrainingJobs !== undefined) {
    return [];
  }
  const combos = strategyOf(request) === 'Grid' ? sumCombinations(defs) : undefined;
  if (combos === undefined || parallel <= combos) {
    return [];
  }
  return [error('TJ-PARALLEL-LE-TOTAL', `${jobField(PARALLEL)} is ${parallel}, but strategy is 'Grid' and its ranges have ${combos} combinations, which is the number of training jobs it runs: a tuning job cannot run more training jobs at once than it runs in total. Lower maxParallelTrainingJobs to ${combos} or less.`)];
};

/**
 * TJ-BAYESIAN-PARALLELISM (warning): Bayesian search with more than half the jobs in parallel.
 * Checked where the TuningJob receives its strategy and limits.
 */
export const bayesianParallelism: JobEntryRule = entry => {
  const total = entry.maxTrainingJobs;
  const parallel = entry.maxParallelTrainingJobs;
  if (entry.strategy !== 'Bayesian' || !isKnownNumber(total) || !isKnownNumber(parallel) || parallel <= 1 || parallel * 2 <= total || parallel > total) {
    return [];
  }
  return [warning('TJ-BAYESIAN-PARALLELISM', `${jobField(PARALLEL)} is ${parallel} of maxTrainingJobs ${total}: Bayesian search picks each job from the results of finished ones, and with more than half of the jobs running at once it has little to learn from and behaves like Random search. Lower maxParallelTrainingJobs (at most ${Math.floor(total / 2)}) or use TuningStrategy.random().`)];
};

/** TJ-ENVIRONMENT-TOTAL: at most 48 environment variables over all definitions. */
export const environmentTotal: JobRule = (_request, _context, defs) => {
  if (defs.length < 2 || defs.some(d => isToken(d.def?.Environment))) {
    return [];
  }
  const counts = defs.map(d => Object.values(d.def?.Environment ?? {}).filter(v => v !== undefined).length);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= MAX_JOB_ENVIRONMENT) {
    return [];
  }
  return [error('TJ-ENVIRONMENT-TOTAL', `environment of all definitions has ${total} variables (${defs.map((d, i) => `${counts[i]} in ${d.label}`).join(', ')}), but SageMaker allows at most ${MAX_JOB_ENVIRONMENT} for the whole tuning job.`)];
};
