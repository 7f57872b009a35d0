import type { DescribeHyperParameterTuningJobResponse } from '@aws-sdk/client-sagemaker';
import { RequestView, tunedParameterNames } from './request';
import { Attr } from '../shared/contract';

/** Statuses in which the job still runs (or is winding down). */
export const RUNNING_STATUSES: readonly string[] = ['InProgress', 'Stopping'];

/** The subset of the Describe response the handlers read (so tests can build it by hand). */
export type TuningJobDescription = Pick<DescribeHyperParameterTuningJobResponse,
'HyperParameterTuningJobName' | 'HyperParameterTuningJobArn' | 'HyperParameterTuningJobStatus' | 'CreationTime'
| 'TrainingJobStatusCounters' | 'ObjectiveStatusCounters' | 'BestTrainingJob' | 'OverallBestTrainingJob' | 'FailureReason'
| 'HyperParameterTuningJobConfig' | 'TrainingJobDefinition' | 'TrainingJobDefinitions'>;

/**
 * SageMaker reports categorical values of `TunedHyperParameters` wrapped in double quotes
 * (`"\"gbtree\""`); return the bare value.
 */
export function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

function stripTrailingSlashes(uri: string): string {
  return uri.replace(/\/+$/, '');
}

/**
 * `<S3OutputPath of the definition that produced the best job>/<best job>/output/model.tar.gz`,
 * or '' when there is no best job yet or its definition cannot be identified.
 */
export function bestModelDataUri(description: TuningJobDescription, request?: RequestView): string {
  const best = description.BestTrainingJob;
  if (!best?.TrainingJobName) {
    return '';
  }
  // The job's own description is authoritative; the request is the fallback.
  const source: RequestView | undefined =
    description.TrainingJobDefinition || description.TrainingJobDefinitions?.length ? description : request;
  const definition = source?.TrainingJobDefinition
    ?? source?.TrainingJobDefinitions?.find(d => d.DefinitionName !== undefined && d.DefinitionName === best.TrainingJobDefinitionName);
  const output = definition?.OutputDataConfig?.S3OutputPath;
  if (!output) {
    return '';
  }
  return `${stripTrailingSlashes(output)}/${best.TrainingJobName}/output/model.tar.gz`;
}

/**
 * The custom resource's attributes for a described job: every key of `Attr` ('' when unknown),
 * plus `BestHyperParameter.<name>` for each name the app reads. `readAttributes` lists the
 * on-demand attributes the app reads (`ReadAttributes`): the others of `ON_DEMAND_ATTRIBUTES`
 * are ''. Without it (a template not written by this library) every tuned hyperparameter and
 * the model URI are returned.
 */
export function attributes(
  description: TuningJobDescription, request: RequestView, readAttributes?: readonly string[],
): Record<string, string> {
  const best = description.BestTrainingJob;
  const value = best?.FinalHyperParameterTuningJobObjectiveMetric?.Value;
  const data: Record<string, string> = {
    [Attr.JOB_NAME]: description.HyperParameterTuningJobName ?? '',
    [Attr.JOB_ARN]: description.HyperParameterTuningJobArn ?? '',
    [Attr.STATUS]: description.HyperParameterTuningJobStatus ?? '',
    [Attr.BEST_TRAINING_JOB_NAME]: best?.TrainingJobName ?? '',
    [Attr.BEST_OBJECTIVE_VALUE]: value === undefined || value === null ? '' : String(value),
    [Attr.BEST_MODEL_DATA_URI]: !readAttributes || readAttributes.includes(Attr.BEST_MODEL_DATA_URI) ? bestModelDataUri(description, request) : '',
    [Attr.OVERALL_BEST_TRAINING_JOB_NAME]: description.OverallBestTrainingJob?.TrainingJobName ?? '',
  };
  const tuned = best?.TunedHyperParameters ?? {};
  const names = readAttributes
    ? readAttributes.filter(a => a.startsWith(Attr.BEST_HYPERPARAMETER_PREFIX)).map(a => a.slice(Attr.BEST_HYPERPARAMETER_PREFIX.length))
    : tunedParameterNames(request);
  for (const name of names) {
    const v = tuned[name];
    data[`${Attr.BEST_HYPERPARAMETER_PREFIX}${name}`] = v === undefined ? '' : unquote(v);
  }
  return data;
}

/** Total training jobs the tuning job may run, when the request says. */
function maxJobs(description: TuningJobDescription, request?: RequestView): number | undefined {
  return description.HyperParameterTuningJobConfig?.ResourceLimits?.MaxNumberOfTrainingJobs
    ?? request?.HyperParameterTuningJobConfig?.ResourceLimits?.MaxNumberOfTrainingJobs;
}

/**
 * One line of progress for the logs, e.g.
 * `tuning job xgb-abc: InProgress; training jobs 3/20 completed, 2 in progress, 1 failed (0 retryable, 1 non-retryable), 0 stopped; best validation:auc so far 0.91 (xgb-abc-003-1a2b3c4d)`.
 */
export function progressLine(description: TuningJobDescription, request?: RequestView): string {
  const c = description.TrainingJobStatusCounters ?? {};
  const completed = c.Completed ?? 0;
  const retryable = c.RetryableError ?? 0;
  const nonRetryable = c.NonRetryableError ?? 0;
  const total = maxJobs(description, request);
  const best = description.BestTrainingJob;
  const metric = best?.FinalHyperParameterTuningJobObjectiveMetric;
  const bestText = metric?.Value !== undefined
    ? `best ${metric.MetricName ?? 'objective'} so far ${metric.Value} (${best?.TrainingJobName})`
    : 'no objective value yet';
  return `tuning job ${description.HyperParameterTuningJobName}: ${description.HyperParameterTuningJobStatus}; `
    + `training jobs ${completed}/${total ?? '?'} completed, ${c.InProgress ?? 0} in progress, `
    + `${retryable + nonRetryable} failed (${retryable} retryable, ${nonRetryable} non-retryable), ${c.Stopped ?? 0} stopped; ${bestText}`;
}
