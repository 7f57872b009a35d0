/**
 * The contract between the `TuningJob` construct and its custom-resource handlers.
 * Shared by both sides so that a renamed property cannot drift.
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
 *
 * Attributes (the `Data` the handlers return; every key is always present, '' when unknown):
 * see `Attr`. `BestHyperParameter.<name>` is present for every hyperparameter tuned by any
 * definition of the request (Integer/Continuous/Categorical/Auto ranges).
 */
export const Prop = {
  REQUEST: 'Request',
  JOB_NAME: 'JobName',
  JOB_NAME_PREFIX: 'JobNamePrefix',
  DETACHED: 'Detached',
  WAIT_TIMEOUT_SECONDS: 'WaitTimeoutSeconds',
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
export { NAME_SUFFIX_LENGTH, MAX_PREFIX_LENGTH } from '../shared/job-name-prefix';
export { STACK_TAG } from '../shared/ownership';

/** Tag the handler adds to every job it creates, valued with the CloudFormation RequestId,
 * so a retried create can recognise (and adopt) the job its first attempt started. */
export const CREATE_REQUEST_TAG = 'cdk-sagemaker-tuning:request-id';

/** Tag the handler adds to every job it creates, valued with the SHA-256 of the canonical
 * `Request`, so an update that keeps a user-fixed name (a rollback, or a reverted change)
 * can tell whether the existing job already is the requested one. */
export const REQUEST_HASH_TAG = 'cdk-sagemaker-tuning:request-sha256';

/** Keys the handlers add to `Data` besides the attributes of `Attr`. */
export const InternalData = {
  /** ISO-8601 time at which onEvent started the operation; isComplete measures the wait from it. */
  WAIT_STARTED_AT: 'WaitStartedAt',
} as const;

/** Tags the handler adds to the user's tags (SageMaker allows 50 in all): request id, request hash, stack id. */
export const HANDLER_TAG_COUNT = 3;
