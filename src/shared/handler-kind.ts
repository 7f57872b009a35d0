/**
 * The handler functions of the library share one bundle (assets/handler/main.lambda); each
 * Lambda function picks its handler with this environment variable. Adding a handler: add its
 * kind here, and its function to the table in src/handler/main.lambda.ts (the table's type
 * makes a missing entry a compile error).
 */
export const HANDLER_KIND_ENV = 'CDK_SAGEMAKER_TUNING_HANDLER';

/** The handler kinds (values of `HANDLER_KIND_ENV`). */
export const HandlerKind = {
  /** onEvent of the tuning-job custom resource. */
  ON_EVENT: 'onEvent',
  /** isComplete of the tuning-job custom resource. */
  IS_COMPLETE: 'isComplete',
  /** The long wait's signal handler (an EventBridge rule and schedule target). */
  SIGNAL: 'signal',
  /** onEvent of the results resource (`Custom::SageMakerTuningJobResults`). */
  RESULTS: 'results',
} as const;

/** One of `HandlerKind`. */
export type HandlerKind = typeof HandlerKind[keyof typeof HandlerKind];
