// The SageMaker client is a devDependency on purpose: esbuild bundles (pins) it into the
// handler assets, so the Lambda runtime's SDK version never changes the request.
// eslint-disable-next-line import/no-extraneous-dependencies
import {
  CreateHyperParameterTuningJobCommand,
  CreateHyperParameterTuningJobCommandInput,
  DescribeHyperParameterTuningJobCommand,
  ListTagsCommand,
  SageMakerClient,
  StopHyperParameterTuningJobCommand,
} from '@aws-sdk/client-sagemaker';
import { Attr, CREATE_REQUEST_TAG, InternalData, REQUEST_HASH_TAG } from './contract';
import { errorMessage, errorName, failure, isNotFound, isResourceInUse, isTransient, isValidation } from './errors';
import { generateJobName, isValidJobName } from './naming';
import { buildCreateInput, MAX_WAIT_TIMEOUT_SECONDS, parseProperties, planUpdate, requestHash, TuningJobProperties, UpdatePlan } from './request';
import { attributes, progressLine, TuningJobDescription } from './status';

/** The parts of a CloudFormation custom-resource event (as the provider framework passes it) the handlers use. */
export interface CustomResourceEvent {
  /** Create, Update or Delete. */
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  /** The stack's ARN. */
  readonly StackId: string;
  /** Unique id of this CloudFormation request (the same on every retry of it). */
  readonly RequestId: string;
  /** The resource's logical id. */
  readonly LogicalResourceId: string;
  /** The resource's properties. */
  readonly ResourceProperties: Record<string, unknown>;
  /** Update only: the properties before the update. */
  readonly OldResourceProperties?: Record<string, unknown>;
  /** Update/Delete, and isComplete events: the job name. */
  readonly PhysicalResourceId?: string;
  /** isComplete events: the `Data` onEvent returned. */
  readonly Data?: Record<string, unknown>;
}

/** What onEvent returns to the provider framework. */
export interface OnEventResult {
  /** The tuning job name. */
  readonly PhysicalResourceId: string;
  /** Internal data for isComplete (`WaitStartedAt`). */
  readonly Data?: Record<string, string>;
}

/** What isComplete returns to the provider framework. */
export interface IsCompleteResult {
  /** Whether the operation is finished. */
  readonly IsComplete: boolean;
  /** The attributes, when complete. */
  readonly Data?: Record<string, string>;
}

const REQUEST_TYPES = ['Create', 'Update', 'Delete'];

/** Check the shape of an incoming event; throws a clear error for a malformed one. */
export function parseEvent(raw: unknown): CustomResourceEvent {
  if (!raw || typeof raw !== 'object') {
    throw new Error(`Malformed custom-resource event: expected an object, got ${JSON.stringify(raw)}`);
  }
  const ev = raw as Record<string, unknown>;
  if (typeof ev.RequestType !== 'string' || !REQUEST_TYPES.includes(ev.RequestType)) {
    throw new Error(`Malformed custom-resource event: "RequestType" must be one of ${REQUEST_TYPES.join(', ')}, got ${JSON.stringify(ev.RequestType)}`);
  }
  if (!ev.ResourceProperties || typeof ev.ResourceProperties !== 'object') {
    throw new Error(`Malformed custom-resource event: "ResourceProperties" is missing (${ev.RequestType} request)`);
  }
  for (const key of ['StackId', 'RequestId', 'LogicalResourceId']) {
    if (typeof ev[key] !== 'string' || ev[key] === '') {
      throw new Error(`Malformed custom-resource event: "${key}" is missing (${ev.RequestType} request)`);
    }
  }
  if (ev.RequestType !== 'Create' && (typeof ev.PhysicalResourceId !== 'string' || ev.PhysicalResourceId === '')) {
    throw new Error(`Malformed custom-resource event: "PhysicalResourceId" is missing (${ev.RequestType} request)`);
  }
  if (ev.RequestType === 'Update' && (!ev.OldResourceProperties || typeof ev.OldResourceProperties !== 'object')) {
    throw new Error('Malformed custom-resource event: "OldResourceProperties" is missing (Update request)');
  }
  return raw as CustomResourceEvent;
}

function log(message: string): void {
  console.log(message);
}

/**
 * The plan of an Update event. Old properties that cannot be parsed (written by another
 * version, or by hand) are treated as a different request: the update starts a new job.
 */
export function updatePlanOf(ev: CustomResourceEvent, props: TuningJobProperties): UpdatePlan {
  let oldProps: TuningJobProperties;
  try {
    oldProps = parseProperties(ev.OldResourceProperties);
  } catch (e) {
    log(`previous properties are unreadable (${errorMessage(e)}): treating the update as a new request`);
    return { kind: 'replace' };
  }
  return planUpdate(oldProps, props);
}

async function describe(client: SageMakerClient, name: string): Promise<TuningJobDescription> {
  return client.send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }));
}

/** The tags of a job (all pages). */
async function tagsOf(client: SageMakerClient, arn: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListTagsCommand({ ResourceArn: arn, NextToken: nextToken }));
    for (const t of page.Tags ?? []) {
      if (t.Key !== undefined) {
        tags[t.Key] = t.Value ?? '';
      }
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return tags;
}

/** One handler tag of an existing job; `undefined` with the reason when it cannot be read. */
async function readTag(client: SageMakerClient, name: string, key: string): Promise<{ value?: string; problem?: string }> {
  try {
    const d = await describe(client, name);
    if (!d.HyperParameterTuningJobArn) {
      return { problem: 'SageMaker did not return its ARN' };
    }
    return { value: (await tagsOf(client, d.HyperParameterTuningJobArn))[key] };
  } catch (e) {
    return { problem: `reading its tags failed: ${errorName(e)}: ${errorMessage(e)}` };
  }
}

/**
 * Start the job, or adopt it when a previous attempt of the same CloudFormation request
 * (same RequestId tag) already started it.
 */
async function createJob(client: SageMakerClient, ev: CustomResourceEvent, props: TuningJobProperties, name: string): Promise<void> {
  const input = buildCreateInput(props, name, ev.RequestId, ev.StackId);
  try {
    const out = await client.send(new CreateHyperParameterTuningJobCommand(input as unknown as CreateHyperParameterTuningJobCommandInput));
    log(`created tuning job ${name} (${out.HyperParameterTuningJobArn})`);
    return;
  } catch (e) {
    if (!isResourceInUse(e)) {
      throw failure(`Could not create tuning job "${name}"`, e);
    }
    const owner = await readTag(client, name, CREATE_REQUEST_TAG);
    if (owner.value === ev.RequestId) {
      log(`tuning job ${name} was already created by an earlier attempt of request ${ev.RequestId}: adopting it`);
      return;
    }
    const why = owner.problem ? ` (could not check who started it: ${owner.problem})` : ' and was not started by this deployment';
    const what = props.jobName !== undefined
      ? 'Choose another tuningJobName, or remove tuningJobName to let the library generate a unique one.'
      : 'Deploy again: a new deployment generates a different name.';
    throw new Error(`Could not create tuning job "${name}": the name is taken. A tuning job with this name already exists`
      + `${why}; tuning job names are unique per account and region (case-insensitively). ${what} (SageMaker said: ${errorMessage(e)})`);
  }
}

async function createNamedJob(client: SageMakerClient, ev: CustomResourceEvent, props: TuningJobProperties): Promise<OnEventResult> {
  const startedAt = new Date().toISOString();
  const name = props.jobName ?? generateJobName(props.jobNamePrefix, ev.StackId, ev.LogicalResourceId, ev.RequestId);
  if (!isValidJobName(name)) {
    throw new Error(`Invalid tuning job name ${JSON.stringify(name)}: 1-32 letters, digits and hyphens, starting and ending with a letter or digit`);
  }
  await createJob(client, ev, props, name);
  return { PhysicalResourceId: name, Data: { [InternalData.WAIT_STARTED_AT]: startedAt, [Attr.JOB_NAME]: name } };
}

async function update(client: SageMakerClient, ev: CustomResourceEvent, props: TuningJobProperties): Promise<OnEventResult> {
  const current = ev.PhysicalResourceId as string;
  const keep: OnEventResult = {
    PhysicalResourceId: current,
    Data: { [InternalData.WAIT_STARTED_AT]: new Date().toISOString(), [Attr.JOB_NAME]: current },
  };
  const plan = updatePlanOf(ev, props);
  if (plan.kind === 'keep') {
    log(`update of ${current} changes no job setting: keeping the job`);
    return keep;
  }
  if (plan.kind === 'replace') {
    log(`update of ${current} needs a new tuning job (tuning jobs are immutable)`);
    return createNamedJob(client, ev, props);
  }
  // Fixed name and a different request. Fine only if the job already is that request
  // (a rollback to the properties it was created with, or a reverted change).
  const hash = await readTag(client, current, REQUEST_HASH_TAG);
  if (hash.value === requestHash(props.canonicalRequest)) {
    log(`tuning job ${current} already runs the requested configuration: keeping it`);
    return keep;
  }
  throw new Error(`Cannot update tuning job "${plan.jobName}": tuning jobs are immutable, so this change needs a new job with a new name, `
    + `and the tuningJobName "${plan.jobName}" is fixed. Change tuningJobName (or remove it to let the library generate names) to deploy this change.`);
}

/**
 * Delete: stop the job if it still runs. Succeeds when it is finished, stopping, missing,
 * or the physical id is not a job name (a create that failed). Fails only when the job
 * may still be running and could be neither described nor stopped (e.g. access denied):
 * succeeding then would silently leave a billed job running.
 */
async function deleteJob(client: SageMakerClient, name: string): Promise<void> {
  if (!isValidJobName(name)) {
    log(`physical id ${JSON.stringify(name)} is not a tuning job name (the create failed): nothing to delete`);
    return;
  }
  let describeProblem: unknown;
  try {
    const d = await describe(client, name);
    if (d.HyperParameterTuningJobStatus !== 'InProgress') {
      log(`tuning job ${name} is ${d.HyperParameterTuningJobStatus}: nothing to stop`);
      return;
    }
  } catch (e) {
    if (isNotFound(e)) {
      log(`tuning job ${name} does not exist: nothing to stop`);
      return;
    }
    describeProblem = e;
    log(`could not describe tuning job ${name} (${errorName(e)}: ${errorMessage(e)}): trying to stop it anyway`);
  }
  try {
    await client.send(new StopHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }));
    log(`stop requested for tuning job ${name}; it stops its training jobs in the background`);
    return;
  } catch (e) {
    if (isNotFound(e)) {
      log(`tuning job ${name} does not exist: nothing to stop`);
      return;
    }
    if (isValidation(e)) {
      // Most likely it finished (or was stopped) between Describe and Stop: check.
      try {
        const d = await describe(client, name);
        if (d.HyperParameterTuningJobStatus !== 'InProgress') {
          log(`tuning job ${name} is ${d.HyperParameterTuningJobStatus} (stop answered: ${errorMessage(e)}): nothing to stop`);
          return;
        }
      } catch (again) {
        if (isNotFound(again)) {
          return;
        }
      }
    }
    const also = describeProblem ? ` (describing it failed too: ${errorName(describeProblem)}: ${errorMessage(describeProblem)})` : '';
    throw failure(`Could not stop tuning job "${name}" while deleting it${also}. It may still be running and billing: `
      + `stop it with "aws sagemaker stop-hyper-parameter-tuning-job --hyper-parameter-tuning-job-name ${name}", `
      + 'then retry the delete (or continue the rollback skipping this resource)', e);
  }
}

/** The onEvent handler (Create / Update / Delete). */
export async function onEvent(client: SageMakerClient, raw: unknown): Promise<OnEventResult> {
  const ev = parseEvent(raw);
  log(`${ev.RequestType} ${ev.LogicalResourceId}${ev.PhysicalResourceId ? ` (${ev.PhysicalResourceId})` : ''}, request ${ev.RequestId}`);
  switch (ev.RequestType) {
    case 'Create':
      return createNamedJob(client, ev, parseProperties(ev.ResourceProperties));
    case 'Update':
      return update(client, ev, parseProperties(ev.ResourceProperties));
    case 'Delete':
      await deleteJob(client, ev.PhysicalResourceId as string);
      return { PhysicalResourceId: ev.PhysicalResourceId as string };
  }
}

function minutes(ms: number): string {
  const m = ms / 60_000;
  return `${Number.isInteger(m) ? m : m.toFixed(1)} min`;
}

/** When the wait started: onEvent's `WaitStartedAt`, else the job's CreationTime. */
function waitStart(ev: CustomResourceEvent, description?: TuningJobDescription): number | undefined {
  const started = Date.parse(String(ev.Data?.[InternalData.WAIT_STARTED_AT] ?? ''));
  if (!Number.isNaN(started)) {
    return started;
  }
  const created = description?.CreationTime;
  return created ? new Date(created).getTime() : undefined;
}

/** What one isComplete invocation is about. */
interface Poll {
  readonly client: SageMakerClient;
  readonly ev: CustomResourceEvent;
  readonly props: TuningJobProperties;
  /** The job name. */
  readonly name: string;
  /** Whether this operation started the job (Create, or an Update that replaced it). */
  readonly startedJob: boolean;
}

/**
 * Throw the wait-timeout error when the deadline has passed. A job this operation started
 * is stopped first: the deployment gives up on it, and CloudFormation would otherwise keep
 * no record of it (a failed update keeps the old physical id).
 */
async function checkDeadline(poll: Poll, status: string, description?: TuningJobDescription): Promise<void> {
  const { client, ev, props, name, startedJob } = poll;
  const start = waitStart(ev, description);
  if (start === undefined) {
    return;
  }
  const elapsed = Date.now() - start;
  const limit = props.waitTimeoutSeconds * 1000;
  if (elapsed <= limit) {
    return;
  }
  let note: string;
  if (startedJob) {
    try {
      await client.send(new StopHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }));
      note = 'The deployment gave up on it, so it has been stopped.';
    } catch (e) {
      note = `The deployment gave up on it, but stopping it failed (${errorName(e)}: ${errorMessage(e)}): `
        + `stop it with "aws sagemaker stop-hyper-parameter-tuning-job --hyper-parameter-tuning-job-name ${name}".`;
    }
  } else {
    note = 'It was started by an earlier deployment and keeps running.';
  }
  throw new Error(`Tuning job "${name}" is still ${status} after ${minutes(elapsed)}, longer than the TuningJob's waitTimeout (${minutes(limit)}). ${note} `
    + `Raise waitTimeout (at most ${MAX_WAIT_TIMEOUT_SECONDS / 60} minutes: CloudFormation gives a custom resource one hour) `
    + 'or set detached: true to let the deployment finish as soon as the job runs.');
}

/** The isComplete handler: polls the job until the operation is finished. */
export async function isComplete(client: SageMakerClient, raw: unknown): Promise<IsCompleteResult> {
  const ev = parseEvent(raw);
  if (ev.RequestType === 'Delete') {
    return { IsComplete: true };
  }
  if (typeof ev.PhysicalResourceId !== 'string' || ev.PhysicalResourceId === '') {
    throw new Error(`Malformed custom-resource event: "PhysicalResourceId" is missing (isComplete of ${ev.RequestType})`);
  }
  const name = ev.PhysicalResourceId;
  const props = parseProperties(ev.ResourceProperties);
  // Did this operation start the job (Create, or an Update that replaced it)?
  const startedJob = ev.RequestType === 'Create' || updatePlanOf(ev, props).kind === 'replace';
  const poll: Poll = { client, ev, props, name, startedJob };

  let description: TuningJobDescription;
  try {
    description = await describe(client, name);
  } catch (e) {
    if (isTransient(e)) {
      log(`could not describe tuning job ${name} (${errorName(e)}: ${errorMessage(e)}); trying again at the next poll`);
      await checkDeadline(poll, 'unknown (SageMaker did not answer)');
      return { IsComplete: false };
    }
    if (isNotFound(e)) {
      throw new Error(`Tuning job "${name}" does not exist (was it deleted outside CloudFormation?): ${errorMessage(e)}`);
    }
    throw failure(`Could not describe tuning job "${name}"`, e);
  }

  const status = description.HyperParameterTuningJobStatus ?? 'unknown';
  log(progressLine(description, props.request));
  const done = (): IsCompleteResult => ({ IsComplete: true, Data: attributes(description, props.request) });
  // A detached job that ended after an earlier deployment: report its state, don't fail
  // (the deployment only promised to start it, and failing would also wedge the rollback).
  const lenient = !startedJob && props.detached;

  switch (status) {
    case 'Completed':
      return done();
    case 'InProgress':
      if (props.detached) {
        log(`tuning job ${name} is running; detached: the deployment does not wait for it`);
        return done();
      }
      await checkDeadline(poll, status, description);
      return { IsComplete: false };
    case 'Failed':
      if (lenient) {
        log(`tuning job ${name} failed after an earlier deployment: ${description.FailureReason}`);
        return done();
      }
      throw new Error(`Tuning job "${name}" failed: ${description.FailureReason || 'SageMaker gave no FailureReason'}`);
    case 'Stopping':
    case 'Stopped':
    case 'Deleting':
    case 'DeleteFailed':
      if (lenient) {
        log(`tuning job ${name} is ${status} (after an earlier deployment)`);
        return done();
      }
      if (status === 'Stopping' && !props.detached) {
        await checkDeadline(poll, status, description);
        return { IsComplete: false };
      }
      throw new Error(`Tuning job "${name}" was ${status === 'Stopping' || status === 'Stopped' ? 'stopped' : 'deleted'} outside CloudFormation `
        + `(status ${status}) before it ${props.detached ? 'was running' : 'completed'}, so the deployment has no result to report.`);
    default:
      log(`tuning job ${name} has status ${status}, which this handler does not know: waiting`);
      await checkDeadline(poll, status, description);
      return { IsComplete: false };
  }
}
