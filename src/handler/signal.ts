import { errorMessage, errorName, failure, isNotFound, isValidation } from './errors';
import type { PutResult, SignalBody } from './signal-http';
import { progressLine, TuningJobDescription } from './status';
import { SignalInput, SignalTrigger } from '../shared/long-wait';

/**
 * The signal handler of a long wait (docs/LIFECYCLE.md, "Waiting longer than an hour"):
 * EventBridge invokes it on the job's state changes, on each of its training jobs' final
 * state, hourly (the safety check) and once at the deadline. It never trusts the event:
 * it describes the job and signals the WaitCondition from what SageMaker says now, so
 * duplicate, late and out-of-order events all lead to the same signal (same UniqueId, the
 * job name). Pure logic: SageMaker, the HTTP PUT and the clock are injected.
 */

/** The parsed handler input. */
export interface SignalRequest {
  readonly trigger: string;
  /** The presigned URL: never logged, never put in an error message. */
  readonly handleUrl: string;
  readonly jobName: string;
  readonly deadlineSeconds: number;
  readonly trainingJobName?: string;
  readonly trainingJobStatus?: string;
}

/** What the handler needs from the outside world. */
export interface SignalDeps {
  describe(jobName: string): Promise<TuningJobDescription>;
  stop(jobName: string): Promise<void>;
  put(url: string, body: SignalBody): Promise<PutResult>;
  now(): number;
  log(line: string): void;
}

/** What the invocation did (for tests and the log). */
export interface SignalOutcome {
  /** `waiting` (nothing to signal yet), `signalled`, or `rejected` (CloudFormation refused the signal). */
  readonly action: 'waiting' | 'signalled' | 'rejected';
  /** The signal sent, if any. */
  readonly signal?: SignalBody;
  /** Whether this invocation asked SageMaker to stop the job. */
  readonly stopped: boolean;
}

const TRIGGERS: string[] = Object.values(SignalTrigger);
/** CloudFormation shows the reason in the stack events; keep it readable. */
const MAX_REASON = 1000;

/** Check the input; errors name the key but never echo the URL. */
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
  const deadline = Number(o[SignalInput.DEADLINE_SECONDS]);
  if (!Number.isFinite(deadline) || deadline <= 0) {
    throw new Error(`Malformed signal input: "${SignalInput.DEADLINE_SECONDS}" must be a positive number of seconds`);
  }
  return {
    trigger,
    handleUrl: str(SignalInput.HANDLE_URL, true)!,
    jobName: str(SignalInput.JOB_NAME, true)!,
    deadlineSeconds: deadline,
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

function deadlineReason(req: SignalRequest, d: TuningJobDescription, elapsedMs: number, stopNote: string): string {
  return `Tuning job "${req.jobName}" was still ${d.HyperParameterTuningJobStatus} after ${hoursMinutes(elapsedMs)} `
    + `(${counts(d)}), past the TuningJob's wait of ${hoursMinutes(req.deadlineSeconds * 1000)}. ${stopNote} `
    + 'Raise waitTimeout (at most 12 hours), lower maxTrainingJobs or the definitions\' maxRuntime, raise maxParallelTrainingJobs, '
    + 'or set detached: true and read the results of the finished job in a later deployment with TuningJobResults.';
}

/** Handle one invocation. Throws (so that Lambda retries) only when SageMaker or the signal URL cannot be reached. */
export async function handleSignal(deps: SignalDeps, raw: unknown): Promise<SignalOutcome> {
  return run(deps, parseSignalInput(raw), true);
}

async function run(deps: SignalDeps, req: SignalRequest, mayStop: boolean): Promise<SignalOutcome> {
  const { jobName } = req;
  let stopped = false;

  const send = async (body: SignalBody): Promise<SignalOutcome> => {
    const result = await deps.put(req.handleUrl, body);
    if (result.statusCode >= 200 && result.statusCode < 300) {
      deps.log(`signalled ${body.Status} for tuning job ${jobName} (${req.trigger}): ${body.Reason}`);
      return { action: 'signalled', signal: body, stopped };
    }
    // 4xx: the URL expired or the wait condition is gone (the deployment ended or rolled back).
    deps.log(`CloudFormation did not accept the ${body.Status} signal for tuning job ${jobName} (HTTP ${result.statusCode}): `
      + 'the deployment that waited for it has most likely ended');
    return { action: 'rejected', signal: body, stopped };
  };

  let d: TuningJobDescription;
  try {
    d = await deps.describe(jobName);
  } catch (e) {
    if (isNotFound(e)) {
      return send(failed(jobName, `Tuning job "${jobName}" does not exist (was it deleted outside CloudFormation?): the deployment has no result to wait for.`));
    }
    throw failure(`Could not describe tuning job "${jobName}"`, e);
  }

  const status = d.HyperParameterTuningJobStatus ?? 'unknown';
  const what = req.trigger === SignalTrigger.TRAINING_JOB_EVENT && req.trainingJobName
    ? `training job ${req.trainingJobName} ${req.trainingJobStatus ?? 'changed'}; `
    : `${req.trigger}; `;
  deps.log(what + progressLine(d));

  const created = d.CreationTime ? new Date(d.CreationTime).getTime() : undefined;
  const elapsed = created === undefined ? 0 : deps.now() - created;
  const overdue = req.trigger === SignalTrigger.DEADLINE || (created !== undefined && elapsed >= req.deadlineSeconds * 1000);

  switch (status) {
    case 'Completed':
      return send(success(jobName, d));
    case 'Failed':
      return send(failed(jobName, `Tuning job "${jobName}" failed: ${d.FailureReason || 'SageMaker gave no FailureReason'}`));
    case 'Stopping':
    case 'Stopped':
      if (overdue) {
        return send(failed(jobName, deadlineReason(req, d, elapsed, 'The deployment gave up on it and stopped it.')));
      }
      return send(failed(jobName, `Tuning job "${jobName}" was stopped outside CloudFormation (status ${status}) before it completed, `
        + 'so the deployment has no result to report.'));
    case 'Deleting':
    case 'DeleteFailed':
      return send(failed(jobName, `Tuning job "${jobName}" was deleted outside CloudFormation (status ${status}) before it completed.`));
    case 'InProgress': {
      if (!overdue) {
        return { action: 'waiting', stopped };
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
          return run(deps, req, false);
        }
        note = `The deployment gave up on it, but stopping it failed (${errorName(e)}: ${errorMessage(e)}): `
          + `stop it with "aws sagemaker stop-hyper-parameter-tuning-job --hyper-parameter-tuning-job-name ${jobName}".`;
      }
      return send(failed(jobName, deadlineReason(req, d, elapsed, note)));
    }
    default:
      deps.log(`tuning job ${jobName} has status ${status}, which this handler does not know: waiting`);
      return { action: 'waiting', stopped };
  }
}
