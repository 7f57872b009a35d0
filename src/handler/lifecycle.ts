// The SageMaker client is a devDependency on purpose: esbuild bundles (pins) it into the
// handler assets, so the Lambda runtime's SDK version never changes the request.
// eslint-disable-next-line import/no-extraneous-dependencies
import {
  AddTagsCommand,
  CreateHyperParameterTuningJobCommandOutput,
  DeleteTagsCommand,
  DescribeHyperParameterTuningJobCommand,
  ListTagsCommand,
  ListTagsCommandOutput,
  StopHyperParameterTuningJobCommand,
} from '@aws-sdk/client-sagemaker';
import { errorMessage, errorName, failure, isNotFound, isResourceInUse, isTransient, isValidation } from './errors';
import { generateJobName, isValidJobName } from './naming';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponseWithId } from './provider';
import {
  buildCreateInput, hashMatches, MAX_WAIT_TIMEOUT_SECONDS, parseProperties, planUpdate, tagChanges,
  TuningJobProperties, UpdatePlan, userTags, waitTags, WireTag,
} from './request';
import { MIN_CALL_MS, pause, Runtime, send } from './runtime';
import { createTuningJobCommand } from './sagemaker';
import { attributes, progressLine, TuningJobDescription } from './status';
import { Attr, CREATE_REQUEST_TAG, InternalData, MAX_JOB_TAGS, REPLACES_TAG, REQUEST_HASH_TAG, WAIT_TAG } from '../shared/contract';
import { waitWindow } from '../shared/long-wait';
import { MAX_RESPONSE_BYTES, responseBytes } from '../shared/response-size';

const REQUEST_TYPES = ['Create', 'Update', 'Delete'];

/** Check the shape of an incoming event; throws a clear error for a malformed one. */
export function parseEvent(raw: unknown): IsCompleteRequest {
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
  return raw as IsCompleteRequest;
}

function log(message: string): void {
  console.log(message);
}

/** How long after a create a job that SageMaker does not find yet is taken for read-after-write lag. */
export const READ_AFTER_WRITE_MS = 5 * 60_000;
/**
 * How long a detached deployment tries, at least, to see its job run when SageMaker does not
 * answer (see `detachedWindowMs`).
 */
export const DETACHED_START_TIMEOUT_MS = 10 * 60_000;
/** Most ListTags pages read for one job (a job has at most MAX_JOB_TAGS tags: one page, normally). */
export const MAX_TAG_PAGES = 10;

/**
 * An error after which the job is known not to be running, or has been dealt with already
 * (failed, stopped, missing, completed, or stopped by the deadline check): the handler does
 * not try to stop it again.
 */
class SettledError extends Error {}

/** Old properties, parsed; `undefined` (logged) when unreadable. */
function oldPropsOf(ev: OnEventRequest): TuningJobProperties | undefined {
  try {
    return parseProperties(ev.OldResourceProperties);
  } catch (e) {
    log(`previous properties are unreadable (${errorMessage(e)}): treating the update as a new request`);
    return undefined;
  }
}

/**
 * The plan of an Update event. Old properties that cannot be parsed (written by another
 * version, or by hand) are treated as a different request: the update starts a new job.
 */
export function updatePlanOf(ev: OnEventRequest, props: TuningJobProperties): UpdatePlan {
  const oldProps = oldPropsOf(ev);
  return oldProps ? planUpdate(oldProps, props) : { kind: 'replace' };
}

/** Describe a job; `share`: of the time left, what this call may use (see `send`). */
async function describe(rt: Runtime, name: string, share = 1): Promise<TuningJobDescription> {
  const out = await send<TuningJobDescription | undefined>(rt,
    new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }), `DescribeHyperParameterTuningJob ${name}`, share);
  return out ?? ({} as TuningJobDescription);
}

/** The tags of a job (all pages, at most `MAX_TAG_PAGES`). */
async function tagsOf(rt: Runtime, arn: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  const tokens = new Set<string>();
  let nextToken: string | undefined;
  for (let page = 1; ; page++) {
    const out = await send<ListTagsCommandOutput | undefined>(rt, new ListTagsCommand({ ResourceArn: arn, NextToken: nextToken }), `ListTags ${arn}`);
    for (const t of out?.Tags ?? []) {
      if (t.Key !== undefined) {
        tags[t.Key] = t.Value ?? '';
      }
    }
    nextToken = out?.NextToken;
    if (!nextToken) {
      return tags;
    }
    if (tokens.has(nextToken) || page >= MAX_TAG_PAGES) {
      throw new Error(`ListTags of ${arn} did not end after ${page} pages (a job has at most ${MAX_JOB_TAGS} tags): giving up on reading them`);
    }
    tokens.add(nextToken);
  }
}

/** Whether there is time for one more try of a call. */
function timeForAnotherTry(rt: Runtime): boolean {
  return rt.deadline.remaining() > 2 * MIN_CALL_MS;
}

/** An existing job: its description and its tags. */
interface ExistingJob {
  readonly description: TuningJobDescription;
  readonly tags: Record<string, string>;
}

/** What looking a job up found. */
type Lookup =
  | { readonly kind: 'found'; readonly job: ExistingJob }
  | { readonly kind: 'missing' }
  /** could not tell; `transient`: SageMaker kept failing (throttling, 5xx, timeouts) until the deadline */
  | { readonly kind: 'unknown'; readonly problem: string; readonly transient: boolean };

/** Describe a job and read its tags, trying transient failures again until the invocation's deadline. */
async function lookUp(rt: Runtime, name: string): Promise<Lookup> {
  for (;;) {
    try {
      const description = await describe(rt, name);
      if (!description.HyperParameterTuningJobArn) {
        return { kind: 'unknown', problem: 'SageMaker did not return its ARN', transient: false };
      }
      return { kind: 'found', job: { description, tags: await tagsOf(rt, description.HyperParameterTuningJobArn) } };
    } catch (e) {
      if (isNotFound(e)) {
        return { kind: 'missing' };
      }
      const problem = `${errorName(e)}: ${errorMessage(e)}`;
      if (!isTransient(e) || !timeForAnotherTry(rt)) {
        return { kind: 'unknown', problem, transient: isTransient(e) };
      }
      log(`reading tuning job ${name} and its tags failed (${problem}); trying again`);
      await pause(rt);
    }
  }
}

/** How a create ended. */
interface CreateOutcome {
  /** An earlier attempt of this request had started the job: its creation time, when known. */
  readonly adoptedCreatedAt?: Date;
  readonly adopted: boolean;
}

/** Adopt `name` after `ResourceInUse`, or fail when it is not this request's job. */
async function adoptOrFail(rt: Runtime, ev: OnEventRequest, props: TuningJobProperties, name: string, inUse: unknown): Promise<CreateOutcome> {
  if (props.jobName === undefined) {
    // The generated name is derived from this request's id: a job with it is this request's job
    // (an earlier attempt whose answer was lost). Its creation time, when it can be read, keeps
    // the wait measured from the real start.
    let createdAt: Date | undefined;
    try {
      const created = (await describe(rt, name, 0.5)).CreationTime;
      createdAt = created ? new Date(created) : undefined;
    } catch (e) {
      log(`could not read the creation time of ${name} (${errorName(e)}: ${errorMessage(e)}); isComplete reads it`);
    }
    log(`tuning job ${name} already exists: its name is derived from request ${ev.RequestId}, so an earlier attempt of this request started it: adopting it`);
    return { adopted: true, adoptedCreatedAt: createdAt };
  }
  const found = await lookUp(rt, name);
  if (found.kind === 'found' && found.job.tags[CREATE_REQUEST_TAG] === ev.RequestId) {
    log(`tuning job ${name} was already created by an earlier attempt of request ${ev.RequestId}: adopting it`);
    const created = found.job.description.CreationTime;
    return { adopted: true, adoptedCreatedAt: created ? new Date(created) : undefined };
  }
  const why = found.kind === 'unknown'
    ? ` (could not check who started it: ${found.problem}; if its tag ${CREATE_REQUEST_TAG} is ${ev.RequestId}, this deployment started it: `
      + `stop it with "aws sagemaker stop-hyper-parameter-tuning-job --hyper-parameter-tuning-job-name ${name}")`
    : ' and was not started by this deployment';
  throw new Error(`Could not create tuning job "${name}": the name is taken. A tuning job with this name already exists`
    + `${why}; tuning job names are unique per account and region (case-insensitively). `
    + `Choose another tuningJobName, or remove tuningJobName to let the library generate a unique one. (SageMaker said: ${errorMessage(inUse)})`);
}

/**
 * Start the job, or adopt it when an earlier attempt of the same CloudFormation request
 * started it. Never fails once a Create may have reached SageMaker with a generated name:
 * unanswered creates are sent again (the name makes them idempotent), and when the deadline
 * comes first the name is returned anyway, for isComplete to find the job or to report that
 * it was never created (CloudFormation then knows the name and deletes it).
 */
async function createJob(rt: Runtime, ev: OnEventRequest, props: TuningJobProperties, name: string, replaces?: string): Promise<CreateOutcome> {
  const input = buildCreateInput(props, name, ev.RequestId, ev.StackId, replaces);
  const generated = props.jobName === undefined;
  let uncertain = false; // an attempt whose outcome is unknown may have created the job
  for (;;) {
    try {
      const out = await send<CreateHyperParameterTuningJobCommandOutput | undefined>(rt,
        createTuningJobCommand(input), `CreateHyperParameterTuningJob ${name}`);
      log(`created tuning job ${name} (${out?.HyperParameterTuningJobArn})`);
      return { adopted: false };
    } catch (e) {
      if (isResourceInUse(e)) {
        return adoptOrFail(rt, ev, props, name, e);
      }
      if (isTransient(e)) {
        uncertain = true;
        if (timeForAnotherTry(rt)) {
          log(`creating tuning job ${name} got no answer (${errorName(e)}: ${errorMessage(e)}); sending it again (same name: it cannot start a second job)`);
          await pause(rt);
          continue;
        }
        if (generated) {
          log(`could not confirm that tuning job ${name} was created (${errorName(e)}: ${errorMessage(e)}) before this handler's deadline: `
            + 'returning its name; isComplete finds the job, or reports that it was never created');
          return { adopted: false };
        }
        throw new Error(`Could not create tuning job "${name}": SageMaker did not answer (${errorName(e)}: ${errorMessage(e)}), so whether the job was created is unknown. `
          + `Check with "aws sagemaker describe-hyper-parameter-tuning-job --hyper-parameter-tuning-job-name ${name}": if it exists with the tag ${CREATE_REQUEST_TAG}=${ev.RequestId}, `
          + `stop it with "aws sagemaker stop-hyper-parameter-tuning-job --hyper-parameter-tuning-job-name ${name}" before deploying again.`);
      }
      if (uncertain) {
        // This attempt created nothing, but an earlier, unanswered one may have.
        const found = await lookUp(rt, name);
        if (found.kind === 'found' && (generated || found.job.tags[CREATE_REQUEST_TAG] === ev.RequestId)) {
          log(`tuning job ${name} was created by an earlier, unanswered attempt: adopting it`);
          const created = found.job.description.CreationTime;
          return { adopted: true, adoptedCreatedAt: created ? new Date(created) : undefined };
        }
        if (found.kind === 'unknown' && generated) {
          log(`could not check whether an earlier attempt created ${name} (${found.problem}): returning its name for isComplete to find out`);
          return { adopted: false };
        }
      }
      throw failure(`Could not create tuning job "${name}"`, e);
    }
  }
}

function result(name: string, startedJob: boolean, waitStartedAt: Date | undefined, props: TuningJobProperties): OnEventResponseWithId {
  const data: Record<string, string> = { [Attr.JOB_NAME]: name, [InternalData.STARTED_JOB]: String(startedJob) };
  if (waitStartedAt) {
    data[InternalData.WAIT_STARTED_AT] = waitStartedAt.toISOString();
  }
  Object.assign(data, longWaitWindow(props, waitStartedAt ?? new Date()));
  return { PhysicalResourceId: name, Data: data };
}

async function createNamedJob(rt: Runtime, ev: OnEventRequest, props: TuningJobProperties, replaces?: string): Promise<OnEventResponseWithId> {
  const startedAt = new Date();
  const name = props.jobName ?? generateJobName(props.jobNamePrefix, ev.StackId, ev.LogicalResourceId, ev.RequestId);
  if (!isValidJobName(name)) {
    throw new Error(`Invalid tuning job name ${JSON.stringify(name)}: 1-32 letters, digits and hyphens, starting and ending with a letter or digit`);
  }
  const outcome = await createJob(rt, ev, props, name, replaces);
  // An adopted job's wait runs from its creation (unknown: isComplete falls back to CreationTime).
  return result(name, true, outcome.adopted ? outcome.adoptedCreatedAt : startedAt, props);
}

/**
 * A detached job with a wait is a long wait's job resource (docs/LIFECYCLE.md, "Waiting
 * longer than an hour"): its Data also says when the wait ends, for the schedules.
 */
function longWaitWindow(props: TuningJobProperties, startedAt: Date): Record<string, string> {
  return props.detached && props.waitTimeoutSeconds > 0 ? waitWindow(startedAt, props.waitTimeoutSeconds) : {};
}

/** Set the tags of a kept job to `to` (AddTags / DeleteTags), trying transient failures again until the deadline. */
async function syncTags(rt: Runtime, name: string, arn: string | undefined, from: readonly WireTag[], to: readonly WireTag[]): Promise<void> {
  const { add, remove } = tagChanges(from, to);
  if (add.length === 0 && remove.length === 0) {
    return;
  }
  for (;;) {
    try {
      const resourceArn = arn ?? (await describe(rt, name)).HyperParameterTuningJobArn;
      if (!resourceArn) {
        throw new Error('SageMaker did not return its ARN');
      }
      if (remove.length > 0) {
        await send(rt, new DeleteTagsCommand({ ResourceArn: resourceArn, TagKeys: remove }), `DeleteTags ${resourceArn}`);
      }
      if (add.length > 0) {
        await send(rt, new AddTagsCommand({ ResourceArn: resourceArn, Tags: add }), `AddTags ${resourceArn}`);
      }
      log(`tags of tuning job ${name} updated in place: set ${add.map(t => t.Key).join(', ') || 'none'}; removed ${remove.join(', ') || 'none'} `
        + '(training jobs it starts from now on carry them; running and finished ones keep theirs)');
      return;
    } catch (e) {
      if (!isTransient(e) || !timeForAnotherTry(rt)) {
        throw failure(`Could not update the tags of tuning job "${name}" in place`, e);
      }
      log(`updating the tags of ${name} failed (${errorName(e)}: ${errorMessage(e)}); trying again`);
      await pause(rt);
    }
  }
}

/** What `requestedJob` found. */
type Requested =
  | { readonly kind: 'job'; readonly name: string; readonly job: ExistingJob }
  | { readonly kind: 'none' }
  | { readonly kind: 'unknown'; readonly problem: string; readonly transient: boolean };

/**
 * A job that already runs the requested configuration, under an acceptable name: the current
 * job (a rollback after a failed update that kept the physical id, or a reverted change), or
 * the job the current one replaced (`REPLACES_TAG`: a rollback that CloudFormation sends to the
 * replacement's physical id).
 */
async function requestedJob(rt: Runtime, current: string, props: TuningJobProperties): Promise<Requested> {
  const wanted = props.jobName?.toLowerCase();
  const acceptable = (name: string) => wanted === undefined || name.toLowerCase() === wanted;
  if (!isValidJobName(current)) {
    return { kind: 'none' };
  }
  const found = await lookUp(rt, current);
  if (found.kind === 'unknown') {
    return found;
  }
  if (found.kind === 'missing') {
    return { kind: 'none' };
  }
  if (acceptable(current) && hashMatches(found.job.tags[REQUEST_HASH_TAG], props)) {
    return { kind: 'job', name: current, job: found.job };
  }
  const previous = found.job.tags[REPLACES_TAG];
  if (previous && isValidJobName(previous) && acceptable(previous)) {
    const before = await lookUp(rt, previous);
    if (before.kind === 'unknown') {
      return before;
    }
    // Only a job that still runs or completed: a later deployment may have stopped it (its Delete).
    const usable = ['InProgress', 'Completed'].includes(before.kind === 'found' ? before.job.description.HyperParameterTuningJobStatus ?? '' : '');
    if (before.kind === 'found' && usable && hashMatches(before.job.tags[REQUEST_HASH_TAG], props)) {
      return { kind: 'job', name: previous, job: before.job };
    }
  }
  return { kind: 'none' };
}

async function update(rt: Runtime, ev: OnEventRequest, props: TuningJobProperties): Promise<OnEventResponseWithId> {
  const current = ev.PhysicalResourceId as string;
  const oldProps = oldPropsOf(ev);
  const plan: UpdatePlan = oldProps ? planUpdate(oldProps, props) : { kind: 'replace' };
  if (plan.kind === 'keep') {
    log(`update of ${current} changes no job setting: keeping the job`);
    // (the wait tag too: a new wait of the same job, see docs/LIFECYCLE.md)
    await syncTags(rt, current, undefined, [...oldProps?.tags ?? [], ...oldProps ? waitTags(oldProps) : []], [...props.tags, ...waitTags(props)]);
    return result(current, false, new Date(), props);
  }
  // The configuration (or the fixed name) changed. A job that already runs the requested
  // configuration is kept: the rollback of a failed update starts no job.
  const found = await requestedJob(rt, current, props);
  if (found.kind === 'job') {
    log(`tuning job ${found.name} already runs the requested configuration: keeping it${found.name !== current ? ` (instead of ${current}, which CloudFormation then deletes)` : ''}`);
    const existingWait = found.job.tags[WAIT_TAG] === undefined ? [] : [{ Key: WAIT_TAG, Value: found.job.tags[WAIT_TAG] }];
    await syncTags(rt, found.name, found.job.description.HyperParameterTuningJobArn, [...userTags(
      Object.entries(found.job.tags).map(([Key, Value]) => ({ Key, Value }))), ...existingWait], [...props.tags, ...waitTags(props)]);
    return result(found.name, false, new Date(), props);
  }
  if (found.kind === 'unknown' && (found.transient || plan.kind === 'immutable')) {
    throw new Error(`Could not update tuning job "${current}": could not check whether it already runs the requested configuration `
      + `(${found.problem}), so neither keeping it nor starting a new job is safe. Nothing was changed; retry the deployment `
      + '(or continue the rollback) when SageMaker answers.');
  }
  if (plan.kind === 'immutable') {
    throw new Error(`Cannot update tuning job "${plan.jobName}": tuning jobs are immutable, so this change needs a new job with a new name, `
      + `and the tuningJobName "${plan.jobName}" is fixed. Change tuningJobName (or remove it to let the library generate names) to deploy this change.`);
  }
  log(`update of ${current} needs a new tuning job (tuning jobs are immutable)`);
  return createNamedJob(rt, ev, props, isValidJobName(current) ? current : undefined);
}

/**
 * Delete: stop the job if it still runs. Succeeds when it is finished, stopping, missing,
 * or the physical id is not a job name (a create that failed). Fails only when the job
 * may still be running and could be neither described nor stopped (e.g. access denied):
 * succeeding then would silently leave a billed job running.
 */
async function deleteJob(rt: Runtime, name: string): Promise<void> {
  if (!isValidJobName(name)) {
    log(`physical id ${JSON.stringify(name)} is not a tuning job name (the create failed): nothing to delete`);
    return;
  }
  let describeProblem: unknown;
  try {
    const d = await describe(rt, name, 0.5); // leave time to stop it anyway
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
  for (;;) {
    try {
      await send(rt, new StopHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }), `StopHyperParameterTuningJob ${name}`);
      log(`stop requested for tuning job ${name}; it stops its training jobs in the background`);
      return;
    } catch (e) {
      if (isNotFound(e)) {
        log(`tuning job ${name} does not exist: nothing to stop`);
        return;
      }
      if (isTransient(e) && timeForAnotherTry(rt)) {
        log(`stopping ${name} failed (${errorName(e)}: ${errorMessage(e)}); trying again`);
        await pause(rt);
        continue;
      }
      if (isValidation(e)) {
        // Most likely it finished (or was stopped) between Describe and Stop: check.
        try {
          const d = await describe(rt, name);
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
}

/** The onEvent handler (Create / Update / Delete). */
export async function onEvent(rt: Runtime, raw: unknown): Promise<OnEventResponseWithId> {
  const ev: OnEventRequest = parseEvent(raw);
  log(`${ev.RequestType} ${ev.LogicalResourceId}${ev.PhysicalResourceId ? ` (${ev.PhysicalResourceId})` : ''}, request ${ev.RequestId}`);
  switch (ev.RequestType) {
    case 'Create':
      return createNamedJob(rt, ev, parseProperties(ev.ResourceProperties));
    case 'Update':
      return update(rt, ev, parseProperties(ev.ResourceProperties));
    case 'Delete':
      await deleteJob(rt, ev.PhysicalResourceId as string);
      return { PhysicalResourceId: ev.PhysicalResourceId as string };
  }
}

function minutes(ms: number): string {
  const m = ms / 60_000;
  return `${Number.isInteger(m) ? m : m.toFixed(1)} min`;
}

/** When the wait started: onEvent's `WaitStartedAt`, else the job's CreationTime. */
function waitStart(ev: IsCompleteRequest, description?: TuningJobDescription): number | undefined {
  const started = Date.parse(String(ev.Data?.[InternalData.WAIT_STARTED_AT] ?? ''));
  if (!Number.isNaN(started)) {
    return started;
  }
  const created = description?.CreationTime;
  return created ? new Date(created).getTime() : undefined;
}

/**
 * Whether this operation started the job (Create, or an Update that replaced it): onEvent's
 * `StartedJob`, else (an operation started by an earlier version) from the event.
 */
function startedJobOf(ev: IsCompleteRequest, props: TuningJobProperties): boolean {
  const flag = ev.Data?.[InternalData.STARTED_JOB];
  if (flag === 'true' || flag === 'false') {
    return flag === 'true';
  }
  return ev.RequestType === 'Create' || updatePlanOf(ev, props).kind === 'replace';
}

/** What one isComplete invocation is about. */
interface Poll {
  readonly rt: Runtime;
  readonly ev: IsCompleteRequest;
  readonly props: TuningJobProperties;
  /** The job name. */
  readonly name: string;
  /** Whether this operation started the job (Create, or an Update that replaced it). */
  readonly startedJob: boolean;
}

/** Ask SageMaker to stop a job; returns what to tell the user, starting with `subject` (why it is stopped). */
async function stopForUser(rt: Runtime, name: string, subject: string): Promise<string> {
  try {
    await send(rt, new StopHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }), `StopHyperParameterTuningJob ${name}`);
    return `${subject}, so it has been stopped.`;
  } catch (e) {
    if (isNotFound(e) || isValidation(e)) {
      return `${subject} (stopping it answered: ${errorMessage(e)}).`;
    }
    return `${subject}, but stopping it failed (${errorName(e)}: ${errorMessage(e)}): `
      + `stop it with "aws sagemaker stop-hyper-parameter-tuning-job --hyper-parameter-tuning-job-name ${name}".`;
  }
}

/**
 * Throw the wait-timeout error when the deadline has passed (never for a detached job). A
 * job this operation started is stopped first: the deployment gives up on it.
 */
async function checkDeadline(poll: Poll, status: string, description?: TuningJobDescription): Promise<void> {
  const { rt, ev, props, name, startedJob } = poll;
  const start = waitStart(ev, description);
  if (props.detached || start === undefined) {
    return;
  }
  const elapsed = Date.now() - start;
  const limit = props.waitTimeoutSeconds * 1000;
  if (elapsed <= limit) {
    return;
  }
  const note = startedJob ? await stopForUser(rt, name, 'The deployment gave up on it') : 'It was started by an earlier deployment and keeps running.';
  throw new SettledError(`Tuning job "${name}" is still ${status} after ${minutes(elapsed)}, longer than the TuningJob's waitTimeout (${minutes(limit)}). ${note} `
    + `Raise waitTimeout (up to 12 hours: waits of more than ${MAX_WAIT_TIMEOUT_SECONDS / 60} minutes are driven by the job's events) `
    + 'or set detached: true to let the deployment finish as soon as the job runs.');
}

/**
 * How long a detached deployment tries to see its job run: until a minute before the resource's
 * `ServiceTimeout` (CloudFormation's deadline, which the construct sets to cover two polls), at
 * least `DETACHED_START_TIMEOUT_MS`.
 */
function detachedWindowMs(ev: OnEventRequest): number {
  const serviceTimeout = Number(ev.ResourceProperties.ServiceTimeout);
  return Number.isFinite(serviceTimeout) && serviceTimeout > 0
    ? Math.max(DETACHED_START_TIMEOUT_MS, (serviceTimeout - 60) * 1000)
    : DETACHED_START_TIMEOUT_MS;
}

/** A detached deployment that could not see its job run within its window fails, without stopping the job. */
function checkDetachedStart(poll: Poll, what: string, description?: TuningJobDescription): void {
  const start = waitStart(poll.ev, description);
  const window = detachedWindowMs(poll.ev);
  if (start !== undefined && Date.now() - start > window) {
    throw new SettledError(`Could not confirm within ${minutes(window)} that detached tuning job "${poll.name}" runs (${what}). `
      + 'The deployment did not stop it: check it with '
      + `"aws sagemaker describe-hyper-parameter-tuning-job --hyper-parameter-tuning-job-name ${poll.name}".`);
  }
}

/** The isComplete handler: polls the job until the operation is finished. */
export async function isComplete(rt: Runtime, raw: unknown): Promise<IsCompleteResponse> {
  const ev = parseEvent(raw);
  if (ev.RequestType === 'Delete') {
    return { IsComplete: true };
  }
  if (typeof ev.PhysicalResourceId !== 'string' || ev.PhysicalResourceId === '') {
    throw new Error(`Malformed custom-resource event: "PhysicalResourceId" is missing (isComplete of ${ev.RequestType})`);
  }
  const name = ev.PhysicalResourceId;
  const props = parseProperties(ev.ResourceProperties);
  const poll: Poll = { rt, ev, props, name, startedJob: startedJobOf(ev, props) };
  try {
    return await pollJob(poll);
  } catch (e) {
    // A job an update started is stopped when that update fails, whatever the reason: after
    // the rollback nothing refers to it (a create's job is deleted by the create's rollback).
    if (poll.startedJob && ev.RequestType === 'Update' && !props.detached && !(e instanceof SettledError)) {
      const note = await stopForUser(rt, name, `Tuning job "${name}" was started by this update`);
      throw new Error(`${errorMessage(e)} ${note}`);
    }
    throw e;
  }
}

async function pollJob(poll: Poll): Promise<IsCompleteResponse> {
  const { rt, ev, props, name, startedJob } = poll;
  let description: TuningJobDescription;
  try {
    description = await describe(rt, name, 0.5); // leave time to stop a job this operation gives up on
  } catch (e) {
    if (isTransient(e)) {
      // Not complete yet: ask again at the next poll (until the deadline).
      const what = `${errorName(e)}: ${errorMessage(e)}`;
      log(`could not describe tuning job ${name} (${what}); trying again at the next poll`);
      if (props.detached) {
        checkDetachedStart(poll, `SageMaker did not answer: ${what}`);
      } else {
        await checkDeadline(poll, 'unknown (SageMaker did not answer)');
      }
      return { IsComplete: false };
    }
    if (isNotFound(e)) {
      const start = waitStart(ev);
      if (startedJob && start !== undefined && Date.now() - start < READ_AFTER_WRITE_MS) {
        log(`tuning job ${name} is not visible yet (${errorMessage(e)}): trying again at the next poll`);
        return { IsComplete: false };
      }
      throw new SettledError(`Tuning job "${name}" does not exist (${startedJob ? 'it was never created, or it was' : 'was it'} deleted outside CloudFormation?): ${errorMessage(e)}`);
    }
    throw failure(`Could not describe tuning job "${name}"`, e);
  }

  const status = description.HyperParameterTuningJobStatus ?? 'unknown';
  log(progressLine(description, props.request));
  const done = (): IsCompleteResponse => {
    const data = attributes(description, props.request, props.readAttributes);
    const bytes = responseBytes({
      StackId: ev.StackId,
      RequestId: ev.RequestId,
      PhysicalResourceId: name,
      LogicalResourceId: ev.LogicalResourceId,
      Data: { ...(ev.Data ?? {}), ...data },
    });
    if (bytes > MAX_RESPONSE_BYTES) {
      throw new SettledError(`The attributes of tuning job "${name}" (${status}) make a ${bytes}-byte response, more than the ${MAX_RESPONSE_BYTES} bytes `
        + 'CloudFormation accepts from a custom resource: read fewer bestHyperParameter() values, or shorter ones.');
    }
    return { IsComplete: true, Data: data };
  };
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
      throw new SettledError(`Tuning job "${name}" failed: ${description.FailureReason || 'SageMaker gave no FailureReason'}`);
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
      throw new SettledError(`Tuning job "${name}" was ${status === 'Stopping' || status === 'Stopped' ? 'stopped' : 'deleted'} outside CloudFormation `
        + `(status ${status}) before it ${props.detached ? 'was running' : 'completed'}, so the deployment has no result to report.`);
    default:
      log(`tuning job ${name} has status ${status}, which this handler does not know: waiting`);
      if (props.detached) {
        checkDetachedStart(poll, `status ${status}`, description);
      } else {
        await checkDeadline(poll, status, description);
      }
      return { IsComplete: false };
  }
}
