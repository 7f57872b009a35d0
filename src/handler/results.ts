// eslint-disable-next-line import/no-extraneous-dependencies
import { DescribeHyperParameterTuningJobCommand } from '@aws-sdk/client-sagemaker';
import { errorMessage, failure, isNotFound } from './errors';
import type { OnEventRequest, OnEventResponseWithId } from './provider';
import { Runtime, send } from './runtime';
import { attributes, TuningJobDescription, unquote } from './status';
import { Attr } from '../shared/contract';
import { ResultsAttr, ResultsProp, s3KeyOf } from '../shared/long-wait';

/**
 * onEvent handler of `Custom::SageMakerTuningJobResults` (provider framework, no
 * isComplete): reads a finished tuning job's best training job. Used after a long wait's
 * WaitCondition and by `TuningJobResults`. Create and Update read the job and fail unless it
 * is Completed; Delete does nothing (the resource owns no job).
 */

/** The resource's properties, checked. */
export interface ResultsProperties {
  readonly jobName: string;
  readonly hyperParameterNames: string[];
  /** Report a job that is not Completed on Update instead of failing (after a long wait). */
  readonly reportUnfinishedOnUpdate: boolean;
}

/** Check the event and its properties; errors name the property. */
export function parseResultsEvent(raw: unknown): { event: OnEventRequest; props?: ResultsProperties } {
  if (!raw || typeof raw !== 'object') {
    throw new Error('Malformed custom-resource event: expected an object');
  }
  const ev = raw as OnEventRequest;
  if (!['Create', 'Update', 'Delete'].includes(ev.RequestType)) {
    throw new Error(`Malformed custom-resource event: "RequestType" must be Create, Update or Delete, got ${JSON.stringify(ev.RequestType)}`);
  }
  if (ev.RequestType === 'Delete') {
    return { event: ev };
  }
  const p = ev.ResourceProperties;
  if (!p || typeof p !== 'object') {
    throw new Error(`Malformed custom-resource event: "ResourceProperties" is missing (${ev.RequestType} request)`);
  }
  const jobName = p[ResultsProp.JOB_NAME];
  if (typeof jobName !== 'string' || jobName === '') {
    throw new Error(`Resource property "${ResultsProp.JOB_NAME}" is missing: it names the tuning job to read`);
  }
  let names: unknown = [];
  const rawNames = p[ResultsProp.HYPERPARAMETERS];
  if (rawNames !== undefined && rawNames !== '') {
    try {
      names = typeof rawNames === 'string' ? JSON.parse(rawNames) : rawNames;
    } catch (e) {
      throw new Error(`Resource property "${ResultsProp.HYPERPARAMETERS}" is not valid JSON: ${errorMessage(e)}`);
    }
  }
  if (!Array.isArray(names) || !names.every(n => typeof n === 'string')) {
    throw new Error(`Resource property "${ResultsProp.HYPERPARAMETERS}" must be a JSON array of strings`);
  }
  const lenient = p[ResultsProp.REPORT_UNFINISHED_ON_UPDATE];
  if (lenient !== undefined && lenient !== 'true' && lenient !== 'false') {
    throw new Error(`Resource property "${ResultsProp.REPORT_UNFINISHED_ON_UPDATE}" must be "true" or "false", got ${JSON.stringify(lenient)}`);
  }
  return { event: ev, props: { jobName, hyperParameterNames: names, reportUnfinishedOnUpdate: lenient === 'true' } };
}

/**
 * The attributes of a Completed job: those of `TuningJob`, the model artifact's key, and every
 * requested hyperparameter ('' if not tuned).
 */
export function resultsOf(d: TuningJobDescription, hyperParameterNames: string[]): Record<string, string> {
  const data = attributes(d, d);
  data[ResultsAttr.BEST_MODEL_DATA_KEY] = s3KeyOf(data[Attr.BEST_MODEL_DATA_URI]);
  const tuned = d.BestTrainingJob?.TunedHyperParameters ?? {};
  for (const name of hyperParameterNames) {
    const key = `${Attr.BEST_HYPERPARAMETER_PREFIX}${name}`;
    if (data[key] === undefined) {
      data[key] = tuned[name] === undefined ? '' : unquote(tuned[name]);
    }
  }
  return data;
}

/** Why a job that is not Completed has no results, and what to do. */
export function notCompletedMessage(jobName: string, d: TuningJobDescription): string {
  const status = d.HyperParameterTuningJobStatus ?? 'unknown';
  const base = `Tuning job "${jobName}" is ${status}: its results exist only once it has Completed.`;
  switch (status) {
    case 'InProgress':
    case 'Stopping':
      return `${base} Deploy this stack again after it has finished (aws sagemaker describe-hyper-parameter-tuning-job `
        + `--hyper-parameter-tuning-job-name ${jobName} --query HyperParameterTuningJobStatus).`;
    case 'Failed':
      return `${base} It failed: ${d.FailureReason || 'SageMaker gave no FailureReason'}. Point TuningJobResults at a job that completed.`;
    case 'Stopped':
      return `${base} It was stopped before it completed. Point TuningJobResults at a job that completed.`;
    default:
      return `${base} Point TuningJobResults at a job that completed.`;
  }
}

/** The handler. */
export async function onResultsEvent(rt: Runtime, raw: unknown): Promise<OnEventResponseWithId> {
  const { event, props } = parseResultsEvent(raw);
  if (event.RequestType === 'Delete' || !props) {
    return { PhysicalResourceId: event.PhysicalResourceId ?? 'none' };
  }
  let d: TuningJobDescription;
  try {
    d = await send<TuningJobDescription>(rt, new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: props.jobName }),
      `DescribeHyperParameterTuningJob ${props.jobName}`);
  } catch (e) {
    if (isNotFound(e)) {
      throw new Error(`Tuning job "${props.jobName}" does not exist in this account and region: ${errorMessage(e)}`);
    }
    throw failure(`Could not read the results of tuning job "${props.jobName}"`, e);
  }
  if (d.HyperParameterTuningJobStatus !== 'Completed') {
    if (event.RequestType === 'Update' && props.reportUnfinishedOnUpdate) {
      console.log(`${notCompletedMessage(props.jobName, d)} Reporting its status without a best training job: `
        + 'after a long wait only a rollback updates this resource with an unfinished job, and a rollback must not fail.');
      return { PhysicalResourceId: props.jobName, Data: resultsOf(d, props.hyperParameterNames) };
    }
    throw new Error(notCompletedMessage(props.jobName, d));
  }
  console.log(`tuning job ${props.jobName} is Completed; best training job ${d.BestTrainingJob?.TrainingJobName ?? '(none)'}`);
  return { PhysicalResourceId: props.jobName, Data: resultsOf(d, props.hyperParameterNames) };
}
