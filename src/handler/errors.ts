/**
 * Classification and wording of the errors the handlers meet. Every error a handler throws
 * goes to CloudFormation as the resource's status reason, so each one says what was being
 * done, to which job, and what SageMaker answered. The errors SageMaker's model declares are
 * recognised by the SDK's classes first (`instanceof ResourceInUse`); their names are the
 * fallback, for errors from another copy of the SDK or deserialized over HTTP by other code,
 * whose classes are not these. The errors the model does not declare (validation, access,
 * throttling) have no class: their names are all there is.
 */
// Bundled (pinned) into the handler assets by esbuild on purpose: see lifecycle.ts.
// eslint-disable-next-line import/no-extraneous-dependencies
import { ResourceInUse, ResourceLimitExceeded, ResourceNotFound } from '@aws-sdk/client-sagemaker';

/** The error name the SDK gives a service exception (`ResourceInUse`, `ValidationException`, ...). */
export function errorName(e: unknown): string {
  if (e && typeof e === 'object') {
    const o = e as { name?: unknown; Code?: unknown; code?: unknown };
    for (const v of [o.name, o.Code, o.code]) {
      if (typeof v === 'string' && v !== '' && v !== 'Error') {
        return v;
      }
    }
  }
  return 'Error';
}

/** The message of an error, whatever was thrown. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) {
    return e.message;
  }
  if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') {
    return (e as { message: string }).message;
  }
  return String(e);
}

/** A class of the SDK's modeled errors. */
type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Whether `e` is the SDK's modeled error `cls`: an instance of it, or an error named `name`
 * (or `<name>Exception`, as other clients spell it). The name is given, not read from the
 * class: minified bundles rename classes.
 */
function isModeled(e: unknown, cls: ErrorClass, name: string): boolean {
  if (e instanceof cls) {
    return true;
  }
  const actual = errorName(e);
  return actual === name || actual === `${name}Exception`;
}

/** `ResourceInUse`: the name is taken (SageMaker's `CreateHyperParameterTuningJob`). */
export function isResourceInUse(e: unknown): boolean {
  return isModeled(e, ResourceInUse, 'ResourceInUse');
}

/** `ResourceLimitExceeded`: an account quota was reached. */
export function isResourceLimitExceeded(e: unknown): boolean {
  return isModeled(e, ResourceLimitExceeded, 'ResourceLimitExceeded');
}

/**
 * The job does not exist: `ResourceNotFound`, or a `ValidationException` whose message says so
 * (several SageMaker APIs report a missing resource that way).
 */
export function isNotFound(e: unknown): boolean {
  if (isModeled(e, ResourceNotFound, 'ResourceNotFound')) {
    return true;
  }
  return isValidation(e) && /not\s+(be\s+)?found|could not find|does not exist/i.test(errorMessage(e));
}

/** A validation error (the request or the job's state is not acceptable to the service). */
export function isValidation(e: unknown): boolean {
  return errorName(e) === 'ValidationException';
}

/** Permission problems: the handler's role (or an SCP / boundary) does not allow the call. */
export function isAccessDenied(e: unknown): boolean {
  const name = errorName(e);
  return name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'UnauthorizedOperation';
}

/**
 * Errors worth another try later (the SDK already retried them with backoff): throttling,
 * server-side faults and network problems.
 */
export function isTransient(e: unknown): boolean {
  const name = errorName(e);
  if (/throttl|toomanyrequests|requestlimitexceeded|serviceunavailable|internalfailure|internalerror|timeout/i.test(name)) {
    return true;
  }
  if (['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN'].includes(name)) {
    return true;
  }
  const meta = (e as { $fault?: unknown; $metadata?: { httpStatusCode?: number } } | undefined);
  return meta?.$fault === 'server' || (meta?.$metadata?.httpStatusCode ?? 0) >= 500;
}

/** What to tell the user on top of SageMaker's message, per error kind. */
function hint(e: unknown): string {
  if (isResourceLimitExceeded(e)) {
    return ' (an account quota was reached: wait for other tuning or training jobs to finish, lower maxParallelTrainingJobs / instance counts, or request a quota increase in Service Quotas)';
  }
  if (isAccessDenied(e)) {
    return ' (the custom-resource handler\'s role is not allowed to do this: check that the TuningJob construct granted it, and that no SCP or permission boundary denies it; creating a job also needs iam:PassRole on the training role)';
  }
  return '';
}

/**
 * Wrap a failed call: `<doing what>: <ErrorName>: <SageMaker's message><hint>`.
 * @param doing what the handler was doing, e.g. `Could not create tuning job "x"`
 */
export function failure(doing: string, e: unknown): Error {
  const err = new Error(`${doing}: ${errorName(e)}: ${errorMessage(e)}${hint(e)}`);
  (err as Error & { cause?: unknown }).cause = e;
  return err;
}
