import type { StackResourceSummary } from './cloudformation';
import { errorMessage, errorName, failure, isAccessDenied, isNotFound, isValidation } from './errors';
import { isValidJobName } from './naming';
import type { PutResult, SignalBody } from './signal-http';
import { progressLine, TuningJobDescription } from './status';
import { STACK_TAG } from '../shared/contract';
import {
  MAX_STACK_RESOURCE_PAGES, parseWaitTag, SAFETY_CHECK_LOOKBACK_SECONDS, SignalInput, SignalTrigger, TUNING_JOB_RESOURCE_TYPE,
  WAIT_KEY_PATTERN, WAIT_TAG, waitHandleLogicalId, waitKeyOfCondition,
} from '../shared/long-wait';

/**
 * The signal handler of the long waits of a stack (docs/LIFECYCLE.md, "Waiting longer than an
 * hour"). EventBridge invokes it on the state changes of the tuning jobs whose names carry the
 * stack's prefix (or a fixed name of the stack), on their training jobs' final states, once at
 * each wait's deadline, and hourly for the whole stack (the safety check). It never trusts
 * the event: it describes the job, reads its tags (this stack's job? a long wait? which
 * handle? which deadline?), asks CloudFormation for the handle's URL and signals what
 * SageMaker says now, so duplicate, late and out-of-order events all lead to the same signal
 * (same UniqueId, the job name). Pure logic: SageMaker, CloudFormation, the HTTP PUT and the
 * clock are injected.
 */

/** The parsed handler input. */
export interface SignalRequest {
  readonly trigger: string;
  /** The tuning job (not for the safety check). */
  readonly jobName?: string;
  /** The deadline: the wait its schedule belongs to. */
  readonly waitKey?: string;
  readonly trainingJobName?: string;
  readonly trainingJobStatus?: string;
}

/** A resource of the stack, as the safety check sees it (`ListStackResources`). */
export type StackResource = StackResourceSummary;

/** What the handler needs from the outside world. */
export interface SignalDeps {
  /** The handler's own stack (`AWS::StackId`): only jobs tagged with it are its jobs. */
  readonly stackId: string;
  describe(jobName: string): Promise<TuningJobDescription>;
  /** The tags of the job with this ARN. */
  tags(jobArn: string): Promise<Record<string, string>>;
  stop(jobName: string): Promise<void>;
  /** The presigned URL of the handle with this logical id in the stack, undefined when there is none (yet, or any more). */
  handleUrl(logicalId: string): Promise<string | undefined>;
  /** The resources of the stack (the safety check). */
  stackResources(): Promise<StackResource[]>;
  put(url: string, body: SignalBody): Promise<PutResult>;
  now(): number;
  log(line: string): void;
}

/** What the invocation did (for tests and the log). */
export interface SignalOutcome {
  /**
   * `waiting` (nothing to signal yet, or the handle cannot be read yet), `signalled`,
   * `rejected` (CloudFormation refused the signal), `ignored` (not a long wait of this
   * stack, or a stale deadline), `checked` (the safety check: see `jobs`).
   */
  readonly action: 'waiting' | 'signalled' | 'rejected' | 'ignored' | 'checked';
  /** The signal sent, if any. */
  readonly signal?: SignalBody;
  /** Whether this invocation asked SageMaker to stop the job. */
  readonly stopped: boolean;
  /** The safety check: what became of each job it looked at, by job name. */
  readonly jobs?: Record<string, SignalOutcome>;
  /** The wait the job belongs to (its `WAIT_TAG`), once the handler got that far. */
  readonly waitKey?: string;
}

const TRIGGERS: string[] = Object.values(SignalTrigger);
/** CloudFormation shows the reason in the stack events; keep it readable. */
const MAX_REASON = 1000;
const ARN_JOB_PART = ':hyper-parameter-tuning-job/';

/** Check the input; errors name the key. */
export function parseSignalInput(raw: unknown): SignalRequest {
  if (!raw || typeof raw !== 'object') {
    throw new Error('Malformed signal input: expected an object');
  }
  const o = raw as Record<string, unknown>;
  const str = (key: string, required: boolean): string | undefined => {
    const v = o[key];
    if (v === undefined || v === null || v === '') {
      if (required) {
        throw new Error(`Malformed signal input: "${key}" is missing`);
      }
      return undefined;
    }
    if (typeof v !== 'string') {
      throw new Error(`Malformed signal input: "${key}" must be a string`);
    }
    return v;
  };
  const trigger = str(SignalInput.TRIGGER, true)!;
  if (!TRIGGERS.includes(trigger)) {
    throw new Error(`Malformed signal input: "${SignalInput.TRIGGER}" must be one of ${TRIGGERS.join(', ')}, got ${JSON.stringify(trigger)}`);
  }
  let jobName: string | undefined;
  if (trigger === SignalTrigger.TRAINING_JOB_EVENT) {
    const arn = str(SignalInput.JOB_ARN, true)!;
    const at = arn.lastIndexOf(ARN_JOB_PART);
    jobName = at < 0 ? '' : arn.slice(at + ARN_JOB_PART.length);
    if (!isValidJobName(jobName)) {
      throw new Error(`Malformed signal input: "${SignalInput.JOB_ARN}" must be a tuning job ARN, got ${JSON.stringify(arn)}`);
    }
  } else if (trigger !== SignalTrigger.SAFETY_CHECK) {
    jobName = str(SignalInput.JOB_NAME, true);
  }
  const waitKey = trigger === SignalTrigger.DEADLINE ? str(SignalInput.WAIT_KEY, true) : undefined;
  if (waitKey !== undefined && !WAIT_KEY_PATTERN.test(waitKey)) {
    throw new Error(`Malformed signal input: "${SignalInput.WAIT_KEY}" must be 16 upper-case hexadecimal digits, got ${JSON.stringify(waitKey)}`);
  }
  return {
    trigger,
    jobName,
    waitKey,
    trainingJobName: str(SignalInput.TRAINING_JOB_NAME, false),
    trainingJobStatus: str(SignalInput.TRAINING_JOB_STATUS, false),
  };
}

/** `3 h 7 min`, `42 min`. */
export function hoursMinutes(ms: number): string {
  const total = Math.max(0, Math.round(ms / 60_000));
  const h = Math.floor(total / 60);
  const m = total % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

function truncate(s: string): string {
  return s.length <= MAX_REASON ? s : `${s.slice(0, MAX_REASON - 1)}…`;
}

function success(jobName: string, d: TuningJobDescription): SignalBody {
  const best = d.BestTrainingJob;
  const metric = best?.FinalHyperParameterTuningJobObjectiveMetric;
  const reason = best?.TrainingJobName
    ? `Tuning job ${jobName} completed: best training job ${best.TrainingJobName}`
      + (metric?.Value !== undefined ? ` (${metric.MetricName ?? 'objective'} ${metric.Value})` : '')
    : `Tuning job ${jobName} completed`;
  return { Status: 'SUCCESS', UniqueId: jobName, Data: best?.TrainingJobName ?? '', Reason: truncate(reason) };
}

function failed(jobName: string, reason: string): SignalBody {
  const r = truncate(reason);
  // cfn-signal puts the reason in Data too: CloudFormation's "received failed message" shows Data.
  return { Status: 'FAILURE', UniqueId: jobName, Data: r, Reason: r };
}

function counts(d: TuningJobDescription): string {
  const c = d.TrainingJobStatusCounters ?? {};
  const max = d.HyperParameterTuningJobConfig?.ResourceLimits?.MaxNumberOfTrainingJobs;
  return `${c.Completed ?? 0}/${max ?? '?'} training jobs completed, ${c.InProgress ?? 0} in progress`;
}

function deadlineReason(jobName: string, deadline: number, d: TuningJobDescription, elapsedMs: number, stopNote: string): string {
  return `Tuning job "${jobName}" was still ${d.HyperParameterTuningJobStatus} after ${hoursMinutes(elapsedMs)} `
    + `(${counts(d)}), past the TuningJob's wait of ${hoursMinutes(deadline * 1000)}. ${stopNote} `
    + 'Raise waitTimeout (at most 12 hours), lower maxTrainingJobs or the definitions\' maxRuntime, raise maxParallelTrainingJobs, '
    + 'or set detached: true and read the results of the finished job in a later deployment with TuningJobResults.';
}

/** Handle one invocation. Throws (so that Lambda or Scheduler retries) only when SageMaker, CloudFormation or the signal URL cannot be reached. */
export async function handleSignal(deps: SignalDeps, raw: unknown): Promise<SignalOutcome> {
  const req = parseSignalInput(raw);
  if (req.trigger === SignalTrigger.SAFETY_CHECK) {
    return safetyCheck(deps);
  }
  return forJob(deps, req, req.jobName!);
}

const IGNORED: SignalOutcome = { action: 'ignored', stopped: false };
const WAITING: SignalOutcome = { action: 'waiting', stopped: false };

/** The wait of one job, as its tags say. */
interface Wait {
  readonly jobName: string;
  readonly key: string;
  readonly deadlineSeconds: number;
  readonly url: string;
}

/**
 * One job: an event, the deadline, or a wait the safety check found. `pending`: the safety
 * check's waits in progress (a job whose wait is not among them is left alone).
 */
async function forJob(deps: SignalDeps, req: SignalRequest, jobName: string, pending?: ReadonlySet<string>): Promise<SignalOutcome> {
  let d: TuningJobDescription;
  try {
    d = await deps.describe(jobName);
  } catch (e) {
    if (isNotFound(e) && req.trigger === SignalTrigger.DEADLINE) {
      // The job is gone, so are its tags: the deadline schedule names its wait.
      const url = await handle(deps, jobName, req.waitKey!);
      return url === undefined ? WAITING : send(deps, req, url, jobName,
        failed(jobName, `Tuning job "${jobName}" does not exist (was it deleted outside CloudFormation?): the deployment has no result to wait for.`), false);
    }
    if (isNotFound(e) || (isAccessDenied(e) && pending === undefined)) {
      // The handler may describe only its stack's jobs (the stack tag condition): a job of
      // another stack with the same name prefix is denied. Not its business either way.
      deps.log(`${req.trigger}: tuning job ${jobName} is not a job of this stack the handler may read (${errorName(e)}): ignored`);
      return IGNORED;
    }
    throw failure(`Could not describe tuning job "${jobName}"`, e);
  }
  // SageMaker's spelling of the name (a training-job event has it in lower case, from the ARN):
  // the signal's UniqueId is the same whatever invoked the handler.
  jobName = d.HyperParameterTuningJobName || jobName;
  const arn = d.HyperParameterTuningJobArn;
  if (!arn) {
    throw new Error(`DescribeHyperParameterTuningJob ${jobName} returned no HyperParameterTuningJobArn`);
  }
  let tags: Record<string, string>;
  try {
    tags = await deps.tags(arn);
  } catch (e) {
    throw failure(`Could not read the tags of tuning job "${jobName}"`, e);
  }
  if (tags[STACK_TAG] !== deps.stackId) {
    deps.log(`${req.trigger}: tuning job ${jobName} belongs to another stack: ignored`);
    return IGNORED;
  }
  const wait = parseWaitTag(tags[WAIT_TAG]);
  if (!wait) {
    deps.log(`${req.trigger}: tuning job ${jobName} is no wait of more than an hour (no ${WAIT_TAG} tag): ignored`);
    return IGNORED;
  }
  if ((req.waitKey !== undefined && wait.key !== req.waitKey) || (pending !== undefined && !pending.has(wait.key))) {
    deps.log(`${req.trigger}: tuning job ${jobName} now belongs to another wait: ignored`);
    return IGNORED;
  }
  const url = await handle(deps, jobName, wait.key);
  if (url === undefined) {
    return { ...WAITING, waitKey: wait.key };
  }
  const outcome = await decide(deps, req, { jobName, key: wait.key, deadlineSeconds: wait.deadlineSeconds, url }, d, true);
  return { ...outcome, waitKey: wait.key };
}

/** The URL of the wait's handle; undefined (logged) when CloudFormation has none by that id. */
async function handle(deps: SignalDeps, jobName: string, key: string): Promise<string | undefined> {
  const id = waitHandleLogicalId(key);
  let url: string | undefined;
  try {
    url = await deps.handleUrl(id);
  } catch (e) {
    throw failure(`Could not read the WaitConditionHandle ${id} of tuning job "${jobName}" from CloudFormation`, e);
  }
  if (url === undefined) {
    deps.log(`tuning job ${jobName}: its WaitConditionHandle ${id} does not exist (not yet, or no more): nothing to signal now; the hourly safety check looks again while the wait lasts`);
  }
  return url;
}

async function send(deps: SignalDeps, req: SignalRequest, url: string, jobName: string, body: SignalBody, stopped: boolean): Promise<SignalOutcome> {
  const result = await deps.put(url, body);
  if (result.statusCode >= 200 && result.statusCode < 300) {
    deps.log(`signalled ${body.Status} for tuning job ${jobName} (${req.trigger}): ${body.Reason}`);
    return { action: 'signalled', signal: body, stopped };
  }
  // 4xx: the URL expired or the wait condition is gone (the deployment ended or rolled back).
  deps.log(`CloudFormation did not accept the ${body.Status} signal for tuning job ${jobName} (HTTP ${result.statusCode}): `
    + 'the deployment that waited for it has most likely ended');
  return { action: 'rejected', signal: body, stopped };
}

async function decide(deps: SignalDeps, req: SignalRequest, wait: Wait, d: TuningJobDescription, mayStop: boolean): Promise<SignalOutcome> {
  const { jobName } = wait;
  let stopped = false;
  const signal = (body: SignalBody) => send(deps, req, wait.url, jobName, body, stopped);

  const status = d.HyperParameterTuningJobStatus ?? 'unknown';
  const what = req.trigger === SignalTrigger.TRAINING_JOB_EVENT && req.trainingJobName
    ? `training job ${req.trainingJobName} ${req.trainingJobStatus ?? 'changed'}; `
    : `${req.trigger}; `;
  deps.log(what + progressLine(d));

  const created = d.CreationTime ? new Date(d.CreationTime).getTime() : undefined;
  const elapsed = created === undefined ? 0 : deps.now() - created;
  const overdue = req.trigger === SignalTrigger.DEADLINE || (created !== undefined && elapsed >= wait.deadlineSeconds * 1000);

  switch (status) {
    case 'Completed':
      return signal(success(jobName, d));
    case 'Failed':
      return signal(failed(jobName, `Tuning job "${jobName}" failed: ${d.FailureReason || 'SageMaker gave no FailureReason'}`));
    case 'Stopping':
    case 'Stopped':
      if (overdue) {
        return signal(failed(jobName, deadlineReason(jobName, wait.deadlineSeconds, d, elapsed, 'The deployment gave up on it and stopped it.')));
      }
      return signal(failed(jobName, `Tuning job "${jobName}" was stopped outside CloudFormation (status ${status}) before it completed, `
        + 'so the deployment has no result to report.'));
    case 'Deleting':
    case 'DeleteFailed':
      return signal(failed(jobName, `Tuning job "${jobName}" was deleted outside CloudFormation (status ${status}) before it completed.`));
    case 'InProgress': {
      if (!overdue) {
        return WAITING;
      }
      let note: string;
      try {
        if (!mayStop) {
          throw Object.assign(new Error(`SageMaker refused to stop it and still reports it ${status}`), { name: 'StillInProgress' });
        }
        await deps.stop(jobName);
        stopped = true;
        note = 'The deployment gave up on it and stopped it.';
      } catch (e) {
        if (mayStop && (isValidation(e) || isNotFound(e))) {
          // It finished (or was stopped) between Describe and Stop: report what it is now.
          deps.log(`stopping tuning job ${jobName} answered ${errorName(e)}: ${errorMessage(e)}; describing it again`);
          let again: TuningJobDescription;
          try {
            again = await deps.describe(jobName);
          } catch (e2) {
            throw failure(`Could not describe tuning job "${jobName}"`, e2);
          }
          return decide(deps, req, wait, again, false);
        }
        note = `The deployment gave up on it, but stopping it failed (${errorName(e)}: ${errorMessage(e)}): `
          + `stop it with "aws sagemaker stop-hyper-parameter-tuning-job --hyper-parameter-tuning-job-name ${jobName}".`;
      }
      return signal(failed(jobName, deadlineReason(jobName, wait.deadlineSeconds, d, elapsed, note)));
    }
    default:
      deps.log(`tuning job ${jobName} has status ${status}, which this handler does not know: waiting`);
      return WAITING;
  }
}

/**
 * The hourly safety check of the stack: the WaitConditions of the library in progress (one
 * ListStackResources call, nothing more when there is none), then the tuning jobs of the
 * stack whose resource changed within the longest wait, until every wait in progress has
 * been looked at. A job that fails to be checked does not stop the others; the invocation
 * then fails at the end (Scheduler retries it), naming them.
 */
async function safetyCheck(deps: SignalDeps): Promise<SignalOutcome> {
  let resources: StackResource[];
  try {
    resources = await deps.stackResources();
  } catch (e) {
    throw failure(`Could not list the resources of stack ${deps.stackId} (at most ${MAX_STACK_RESOURCE_PAGES} pages)`, e);
  }
  const pending = new Set<string>();
  for (const r of resources) {
    const key = r.type === 'AWS::CloudFormation::WaitCondition' && r.status === 'CREATE_IN_PROGRESS' ? waitKeyOfCondition(r.logicalId) : undefined;
    if (key) {
      pending.add(key);
    }
  }
  if (pending.size === 0) {
    deps.log('safety-check: no wait in progress');
    return { action: 'checked', stopped: false, jobs: {} };
  }
  const since = deps.now() - SAFETY_CHECK_LOOKBACK_SECONDS * 1000;
  const candidates = resources.filter(r => r.type === TUNING_JOB_RESOURCE_TYPE && r.physicalId !== undefined && isValidJobName(r.physicalId)
    && (r.lastUpdated === undefined || r.lastUpdated >= since));
  deps.log(`safety-check: ${pending.size} wait${pending.size === 1 ? '' : 's'} in progress; looking at ${candidates.length} tuning job${candidates.length === 1 ? '' : 's'} of this stack changed in the last ${SAFETY_CHECK_LOOKBACK_SECONDS / 3600} hours`);
  const jobs: Record<string, SignalOutcome> = {};
  const problems: string[] = [];
  const req: SignalRequest = { trigger: SignalTrigger.SAFETY_CHECK };
  for (const r of candidates) {
    if (pending.size === 0) {
      break;
    }
    const name = r.physicalId!;
    try {
      const outcome = await forJob(deps, req, name, pending);
      jobs[name] = outcome;
      if (outcome.waitKey !== undefined) {
        pending.delete(outcome.waitKey);
      }
    } catch (e) {
      problems.push(`${name}: ${errorMessage(e)}`);
    }
  }
  for (const key of pending) {
    deps.log(`safety-check: no tuning job of this stack changed in the last ${SAFETY_CHECK_LOOKBACK_SECONDS / 3600} hours carries the wait ${key}: nothing to signal for it`);
  }
  if (problems.length > 0) {
    throw new Error(`The safety check could not check ${problems.length} tuning job${problems.length === 1 ? '' : 's'}: ${problems.join('; ')}`);
  }
  return { action: 'checked', stopped: false, jobs };
}
