/**
 * The contract between the `TuningJob` construct and its custom-resource handlers.
 * Shared by both sides so that a renamed property cannot drift (the handlers import
 * nothing else from the construct side but `src/shared/`).
 *
 * Resource properties (all strings: CloudFormation stringifies custom-resource properties):
 * - `Request`         JSON of `CreateHyperParameterTuningJob` without `HyperParameterTuningJobName`
 *                     (rendered with `Stack.toJsonString`, so numbers/booleans survive).
 * - `JobName`         optional: a user-fixed tuning job name.
 * - `JobNamePrefix`   readable prefix for generated names (lower case, [a-z0-9-], ends alnum,
 *                     at most `MAX_PREFIX_LENGTH` characters).
 * - `Detached`        'true' | 'false': complete once the job is running instead of finished.
 * - `WaitTimeoutSeconds` how long a waiting deployment may wait, measured from the moment the
 *                     create/update operation started (`Data.WaitStartedAt`, falling back to
 *                     the job's CreationTime); past it the resource fails with a message that
 *                     says to raise the wait or detach.
 * - `ReadAttributes`  JSON array of the on-demand attributes the app reads
 *                     (`BestModelDataUri`, `BestHyperParameter.<name>`), known at synth from the
 *                     `bestModelDataUri` / `bestHyperParameter(name)` calls. The handler returns
 *                     only those (the others of `ON_DEMAND_ATTRIBUTES` as ''), which keeps the
 *                     response under CloudFormation's 4,096 bytes (see `response-size.ts`).
 *                     Absent (a template not written by this library): every tuned
 *                     hyperparameter and the model URI are returned.
 * - `LongWait`        optional: the wait key of a wait longer than an hour (see
 *                     src/shared/long-wait.ts); the handler tags the job with it (`WAIT_TAG`).
 *
 * Attributes (the `Data` the handlers return; every key is always present, '' when unknown):
 * see `Attr`. `BestHyperParameter.<name>` is present for every name in `ReadAttributes`.
 */
import { WAIT_TAG } from './long-wait';
import { STACK_TAG } from './ownership';
export const Prop = {
  REQUEST: 'Request',
  JOB_NAME: 'JobName',
  JOB_NAME_PREFIX: 'JobNamePrefix',
  DETACHED: 'Detached',
  WAIT_TIMEOUT_SECONDS: 'WaitTimeoutSeconds',
  READ_ATTRIBUTES: 'ReadAttributes',
  LONG_WAIT: 'LongWait',
} as const;

export const Attr = {
  JOB_NAME: 'TuningJobName',
  JOB_ARN: 'TuningJobArn',
  STATUS: 'TuningJobStatus',
  BEST_TRAINING_JOB_NAME: 'BestTrainingJobName',
  BEST_OBJECTIVE_VALUE: 'BestObjectiveValue',
  BEST_MODEL_DATA_URI: 'BestModelDataUri',
  OVERALL_BEST_TRAINING_JOB_NAME: 'OverallBestTrainingJobName',
  /** prefix: `BestHyperParameter.<name>` */
  BEST_HYPERPARAMETER_PREFIX: 'BestHyperParameter.',
} as const;

/** Generated names: `<prefix>-<suffix>`; suffix length is fixed (see src/shared/job-name-prefix.ts). */
export { NAME_SUFFIX_LENGTH, MAX_PREFIX_LENGTH } from './job-name-prefix';
export { STACK_TAG, WAIT_TAG };

/** Tag the handler adds to every job it creates, valued with the CloudFormation RequestId,
 * so a retried create can recognise (and adopt) the job its first attempt started. */
export const CREATE_REQUEST_TAG = 'cdk-sagemaker-tuning:request-id';

/** Tag the handler adds to every job it creates, valued with the SHA-256 of the canonical
 * `Request` without `Tags` (the job's configuration: tags change in place), so an update (a
 * rollback, or a reverted change) can tell whether an existing job already is the requested one.
 * Jobs created by earlier versions carry the hash of the request with `Tags`; both match. */
export const REQUEST_HASH_TAG = 'cdk-sagemaker-tuning:request-sha256';

/** Tag the handler adds to a job that an Update started to replace another one, valued with the
 * replaced job's name, so that the rollback of that update can go back to the replaced job
 * (which already runs the configuration the rollback asks for) instead of starting a new one. */
export const REPLACES_TAG = 'cdk-sagemaker-tuning:replaces';

/** The tag keys the handler manages (users may not set them). */
export const HANDLER_TAG_KEYS: readonly string[] = [CREATE_REQUEST_TAG, REQUEST_HASH_TAG, STACK_TAG, REPLACES_TAG, WAIT_TAG];

/** Tags the handler adds to the user's tags, at most (SageMaker allows MAX_JOB_TAGS in all). */
export const HANDLER_TAG_COUNT = HANDLER_TAG_KEYS.length;

/** Most tags a SageMaker tuning job has (the service model's `TagList` maximum). */
export const MAX_JOB_TAGS = 50;

/** Keys the handlers add to `Data` besides the attributes of `Attr`. The provider framework
 * merges onEvent's `Data` into the final response, so they count against its size. */
export const InternalData = {
  /** ISO-8601 time at which onEvent started the operation; isComplete measures the wait from it. */
  WAIT_STARTED_AT: 'WaitStartedAt',
  /** 'true' when this operation started (or adopted its own) job, 'false' when it kept an existing one. */
  STARTED_JOB: 'StartedJob',
} as const;

/** The attributes returned only when the app reads them (`ReadAttributes`); '' otherwise. */
export const ON_DEMAND_ATTRIBUTES: readonly string[] = [Attr.BEST_MODEL_DATA_URI];
