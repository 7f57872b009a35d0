/**
 * What the long-wait constructs (src/private/long-wait.ts, src/tuning-job-results.ts) and
 * their handlers (src/handler/signal.ts, src/handler/results.ts) share: limits, the wait's
 * timing rules and the wire shapes. Handlers import nothing else from the construct side.
 * See docs/LIFECYCLE.md, "Waiting longer than an hour".
 */

/** Longest wait a custom resource can hold (polling mode): CloudFormation gives it one hour. */
export const MAX_POLLED_WAIT_SECONDS = 55 * 60;

/** `AWS::CloudFormation::WaitCondition` `Timeout` is at most 12 hours. */
export const MAX_WAIT_CONDITION_SECONDS = 43_200;

/** Longest `waitTimeout` a `TuningJob` accepts. */
export const MAX_WAIT_SECONDS = MAX_WAIT_CONDITION_SECONDS;

/**
 * The safety check: one schedule per stack runs the signal handler this often, for as long
 * as the stack exists. It looks for the stack's waits in progress (one ListStackResources
 * call when there is none) and signals a finished job whose event was lost or came early,
 * so that such a wait ends at most this much late. One hour keeps a 6-hour job within 5
 * Lambda invocations per job-hour (bench/long-wait.ts).
 */
export const SAFETY_CHECK_MINUTES = 60;

/**
 * Slack between the deadline (when the handler stops a job that still runs and signals
 * FAILURE) and the WaitCondition's own timeout, so that CloudFormation reads the handler's
 * message rather than "timed out". EventBridge Scheduler runs a one-time schedule within a
 * minute of its time.
 */
export const DEADLINE_MARGIN_SECONDS = 10 * 60;

/** When the handler gives up on the job: `waitTimeout`, at most 11 h 50 min after it started. */
export function deadlineSeconds(waitTimeoutSeconds: number): number {
  return Math.min(waitTimeoutSeconds, MAX_WAIT_CONDITION_SECONDS - DEADLINE_MARGIN_SECONDS);
}

/** The WaitCondition's `Timeout`: the deadline plus the margin, at most 12 hours. */
export function waitConditionTimeoutSeconds(waitTimeoutSeconds: number): number {
  return Math.min(MAX_WAIT_CONDITION_SECONDS, deadlineSeconds(waitTimeoutSeconds) + DEADLINE_MARGIN_SECONDS);
}

/** What made EventBridge invoke the signal handler. */
export const SignalTrigger = {
  /** `SageMaker HyperParameter Tuning Job State Change` for the job. */
  TUNING_JOB_EVENT: 'tuning-job-event',
  /** `SageMaker Training Job State Change` (Completed, Failed or Stopped) of one of its training jobs. */
  TRAINING_JOB_EVENT: 'training-job-event',
  /** The hourly safety check. */
  SAFETY_CHECK: 'safety-check',
  /** The one-time schedule at the deadline. */
  DEADLINE: 'deadline',
} as const;

/**
 * The signal handler's input: the EventBridge target input (a rule's input transformer or
 * a schedule's input). It names the job, never the WaitConditionHandle's presigned URL: the
 * handler reads the job's `WAIT_TAG` and asks CloudFormation for the URL of that handle.
 */
export const SignalInput = {
  TRIGGER: 'Trigger',
  /** Tuning-job events and the deadline: the tuning job's name. */
  JOB_NAME: 'TuningJobName',
  /** Training-job events: the ARN of the tuning job that launched the training job (its name, lower case, ends it). */
  JOB_ARN: 'TuningJobArn',
  /** The deadline: the wait the schedule belongs to (`waitKey`). */
  WAIT_KEY: 'WaitKey',
  /** Training-job events only: the training job and its status. */
  TRAINING_JOB_NAME: 'TrainingJobName',
  TRAINING_JOB_STATUS: 'TrainingJobStatus',
} as const;

/** Environment variable of the signal handler: the id (ARN) of its stack, `AWS::StackId`. */
export const SIGNAL_STACK_ID_ENV = 'CDK_SAGEMAKER_TUNING_STACK_ID';

/**
 * Tag the onEvent handler puts on the job of a long wait: `<wait key>/<deadline seconds>`.
 * The wait key names the wait's WaitConditionHandle and WaitCondition (`waitHandleLogicalId`,
 * `waitConditionLogicalId`); the signal handler reads the handle's URL from CloudFormation.
 * A new wait of the same job (a changed `waitTimeout`) updates it in place.
 */
export const WAIT_TAG = 'cdk-sagemaker-tuning:wait';

/** A wait key: 16 upper-case hex digits (a hash of the job's construct path, identity and wait). */
export const WAIT_KEY_PATTERN = /^[0-9A-F]{16}$/;

const WAIT_LOGICAL_ID_PREFIX = 'SageMakerTuningWait';

/** Logical id of the WaitConditionHandle of the wait `key`. */
export function waitHandleLogicalId(key: string): string {
  return `${WAIT_LOGICAL_ID_PREFIX}${key}Handle`;
}

/** Logical id of the WaitCondition of the wait `key`. */
export function waitConditionLogicalId(key: string): string {
  return `${WAIT_LOGICAL_ID_PREFIX}${key}`;
}

/** The wait key of a WaitCondition's logical id, or undefined when it is not one of the library's. */
export function waitKeyOfCondition(logicalId: string): string | undefined {
  const key = logicalId.startsWith(WAIT_LOGICAL_ID_PREFIX) ? logicalId.slice(WAIT_LOGICAL_ID_PREFIX.length) : '';
  return WAIT_KEY_PATTERN.test(key) ? key : undefined;
}

/** The value of `WAIT_TAG`. */
export function waitTagValue(key: string, deadline: number): string {
  return `${key}/${deadline}`;
}

/** A parsed `WAIT_TAG`, or undefined when absent or malformed (then the job is no long wait). */
export function parseWaitTag(value: string | undefined): { readonly key: string; readonly deadlineSeconds: number } | undefined {
  const [key, deadline, ...rest] = (value ?? '').split('/');
  return rest.length === 0 && WAIT_KEY_PATTERN.test(key) && /^[1-9][0-9]*$/.test(deadline ?? '')
    ? { key, deadlineSeconds: Number(deadline) } : undefined;
}

/** Resource type of the tuning job's custom resource. */
export const TUNING_JOB_RESOURCE_TYPE = 'Custom::SageMakerTuningJob';

/**
 * How far back the safety check looks for the jobs of waits in progress: a wait's job
 * resource completed (was created or updated) before its WaitCondition was created, at most
 * 12 hours ago, plus a margin for the deployment in between.
 */
export const SAFETY_CHECK_LOOKBACK_SECONDS = MAX_WAIT_CONDITION_SECONDS + 3600;

/** Most ListStackResources pages the safety check reads (a stack has at most 500 resources). */
export const MAX_STACK_RESOURCE_PAGES = 10;

/** EventBridge detail types SageMaker sends. */
export const TUNING_JOB_STATE_CHANGE = 'SageMaker HyperParameter Tuning Job State Change';
export const TRAINING_JOB_STATE_CHANGE = 'SageMaker Training Job State Change';
/** Final training-job statuses: one progress line each. */
export const FINAL_TRAINING_JOB_STATUSES = ['Completed', 'Failed', 'Stopped'];

/**
 * Attributes of the long-wait job resource's onEvent `Data` (through the provider framework,
 * which merges onEvent's Data into the resource's attributes): when the wait started and
 * when it ends, in the two forms EventBridge Scheduler takes.
 */
export const WaitWindowAttr = {
  /** ISO 8601 (`2026-11-23T21:33:00.000Z`): a schedule's `EndDate`. */
  DEADLINE: 'WaitDeadline',
  /** `yyyy-mm-ddThh:mm:ss` (UTC): a one-time schedule's `at(...)`. */
  DEADLINE_AT: 'WaitDeadlineAt',
} as const;

/** The wait window of a job resource's operation that started at `startedAt`. */
export function waitWindow(startedAt: Date, waitTimeoutSeconds: number): Record<string, string> {
  const deadline = new Date(startedAt.getTime() + deadlineSeconds(waitTimeoutSeconds) * 1000);
  // Whole minutes, rounded up: a one-time schedule runs at a minute boundary.
  deadline.setUTCSeconds(0, 0);
  deadline.setUTCMinutes(deadline.getUTCMinutes() + 1);
  const iso = deadline.toISOString();
  return {
    [WaitWindowAttr.DEADLINE]: iso,
    [WaitWindowAttr.DEADLINE_AT]: iso.slice(0, 19),
  };
}

/** Properties of the results resource (`Custom::SageMakerTuningJobResults`). */
export const ResultsProp = {
  /** The tuning job to read. */
  JOB_NAME: 'TuningJobName',
  /** JSON array of hyperparameter names whose `BestHyperParameter.<name>` must be present. */
  HYPERPARAMETERS: 'HyperParameterNames',
  /**
   * 'true' for the results resource after a long wait: an Update that finds the job not
   * Completed reports its status instead of failing. Forward, the WaitCondition before it
   * guarantees a finished job; such an Update comes from a rollback (which restarts a
   * replaced job, see docs/LIFECYCLE.md) and must not wedge it.
   */
  REPORT_UNFINISHED_ON_UPDATE: 'ReportUnfinishedOnUpdate',
  /**
   * After a long wait: the WaitCondition's Ref. Ignored by the handler; it orders the resource
   * after the wait and makes every new wait update it (re-read the job).
   */
  WAIT_CONDITION: 'WaitCondition',
} as const;

/** Attributes the results resource returns besides those of the job resource (`Attr`). */
export const ResultsAttr = {
  /** The key of the best model artifact in its bucket (`bestModelDataUri` without `s3://<bucket>/`). */
  BEST_MODEL_DATA_KEY: 'BestModelDataKey',
} as const;

/** The key part of an S3 URI (`s3://bucket/a/b` → `a/b`), '' when it is not one. */
export function s3KeyOf(uri: string): string {
  const m = /^s3:\/\/[^/]+\/(.+)$/.exec(uri);
  return m ? m[1] : '';
}
