import { MAX_POLLED_WAIT_SECONDS, MAX_WAIT_SECONDS } from '../shared/long-wait';
import { WireCreateRequest } from '../shared/wire';
import { isKnownNumber } from '../validation/core';

/** The worst-case duration of a tuning job, from its request. */
export interface WaitEstimate {
  /** Seconds; undefined when the request does not bound it (or holds tokens). */
  readonly seconds?: number;
  /** How it was computed, for messages. */
  readonly explanation: string;
}

/** Today's polled default, kept for jobs that fit in it. */
export const DEFAULT_POLLED_WAIT_SECONDS = 50 * 60;
/** Slack on the estimate for instance start-up and SageMaker's own overhead. */
export const ESTIMATE_SLACK = 1.25;

const known = isKnownNumber;

function hm(seconds: number): string {
  const m = Math.round(seconds / 60);
  const h = Math.floor(m / 60);
  return h === 0 ? `${m} min` : m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
}

/**
 * ⌈MaxNumberOfTrainingJobs / MaxParallelTrainingJobs⌉ rounds of the definitions' longest
 * training job (MaxRuntimeInSeconds, or MaxWaitTimeInSeconds for spot training, which
 * includes the wait for capacity), capped by the tuning job's own MaxRuntimeInSeconds.
 */
export function estimateWorstCase(request: WireCreateRequest): WaitEstimate {
  const limits = request.HyperParameterTuningJobConfig.ResourceLimits ?? {};
  const cap = known(limits.MaxRuntimeInSeconds) ? limits.MaxRuntimeInSeconds : undefined;
  const definitions = request.TrainingJobDefinition ? [request.TrainingJobDefinition] : request.TrainingJobDefinitions ?? [];
  const longest = definitions.map(d => {
    const s = d.StoppingCondition ?? {};
    const runtime = known(s.MaxRuntimeInSeconds) ? s.MaxRuntimeInSeconds : undefined;
    const wait = known(s.MaxWaitTimeInSeconds) ? s.MaxWaitTimeInSeconds : undefined;
    return runtime === undefined ? undefined : Math.max(runtime, wait ?? 0);
  });
  const max = limits.MaxNumberOfTrainingJobs;
  const parallel = limits.MaxParallelTrainingJobs ?? 1;
  let rounds: number | undefined;
  let perJob: number | undefined;
  if (known(max) && known(parallel) && parallel > 0 && longest.length > 0 && longest.every(l => l !== undefined)) {
    rounds = Math.ceil(max / parallel);
    perJob = Math.max(...(longest as number[]));
  }
  const product = rounds !== undefined && perJob !== undefined ? rounds * perJob : undefined;
  if (product === undefined && cap === undefined) {
    return { explanation: 'unknown (maxTrainingJobs, maxParallelTrainingJobs or a maxRuntime is not known at synth)' };
  }
  if (product !== undefined && (cap === undefined || product <= cap)) {
    return { seconds: product, explanation: `${hm(product)} (⌈${max} training jobs / ${parallel} in parallel⌉ = ${rounds} rounds × ${hm(perJob!)}, the longest maxRuntime of the definitions)` };
  }
  return { seconds: cap, explanation: `${hm(cap!)} (the tuning job's maxRuntime${product !== undefined ? `, below ${rounds} rounds × ${hm(perJob!)}` : ''})` };
}

/**
 * The default `waitTimeout`: the estimate plus 25 %, in whole quarter hours, at most 12
 * hours; 50 minutes (polling, as before) when that fits in 50 minutes; 12 hours when the
 * request does not bound the job.
 */
export function defaultWaitSeconds(estimate: WaitEstimate): number {
  if (estimate.seconds === undefined) {
    return MAX_WAIT_SECONDS;
  }
  const padded = estimate.seconds * ESTIMATE_SLACK;
  if (padded <= DEFAULT_POLLED_WAIT_SECONDS) {
    return DEFAULT_POLLED_WAIT_SECONDS;
  }
  return Math.min(MAX_WAIT_SECONDS, Math.max(MAX_POLLED_WAIT_SECONDS + 15 * 60, Math.ceil(padded / 900) * 900));
}

export { hm as hoursMinutes };
