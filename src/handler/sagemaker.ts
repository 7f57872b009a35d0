// Bundled (pinned) into the handler assets by esbuild on purpose: see lifecycle.ts.
// eslint-disable-next-line import/no-extraneous-dependencies
import {
  CreateHyperParameterTuningJobCommand, CreateHyperParameterTuningJobCommandInput, SageMakerClient, SageMakerClientConfig,
} from '@aws-sdk/client-sagemaker';
import type { NamedCreateRequest } from './request';

/** Longest an HTTP attempt may wait for a connection. */
export const CONNECTION_TIMEOUT_MS = 3_000;
/** Longest an HTTP attempt may wait on a silent socket (the SDK then retries it). */
export const MAX_ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * Configuration of the handlers' SageMaker client. Region, credentials and endpoint come
 * from the standard SDK environment (`AWS_REGION`, the Lambda role, `AWS_ENDPOINT_URL` /
 * `AWS_ENDPOINT_URL_SAGEMAKER`); throttling, 5xx, network errors and timed-out attempts are
 * retried by the SDK's standard retry strategy (exponential backoff with jitter), a little
 * more persistently than the default 3 attempts because a failed call fails a deployment.
 * Each attempt has a connection and a socket timeout, so a stalled response cannot hold a
 * handler until Lambda kills it; every call also has an overall budget (see `runtime.ts`).
 * @param attemptTimeoutMs socket timeout of one attempt
 */
export function clientConfig(attemptTimeoutMs: number = MAX_ATTEMPT_TIMEOUT_MS): SageMakerClientConfig & ClientSettings {
  return {
    maxAttempts: 5,
    customUserAgent: 'cdk-sagemaker-tuning',
    requestHandler: {
      connectionTimeout: Math.min(CONNECTION_TIMEOUT_MS, attemptTimeoutMs),
      requestTimeout: attemptTimeoutMs,
      // Without it a timed-out attempt is only logged, and the call waits on.
      throwOnRequestTimeout: true,
    },
  };
}

/** The settings of every SDK client of the handlers (SageMaker, and CloudFormation for the long wait's signal handler). */
export interface ClientSettings {
  readonly maxAttempts: number;
  readonly customUserAgent: string;
  readonly requestHandler: { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: boolean };
}

/** The attempt timeout of a client created with `remainingMs` left: a third of it, at most `MAX_ATTEMPT_TIMEOUT_MS`. */
export function attemptTimeoutFor(remainingMs: number): number {
  return Math.max(1_000, Math.min(MAX_ATTEMPT_TIMEOUT_MS, Math.floor(remainingMs / 3)));
}

/**
 * A client for one invocation, its attempt timeout fitted to the time the Lambda has left
 * (a third of it, at most `MAX_ATTEMPT_TIMEOUT_MS`), so that the SDK can still retry once or
 * twice within it.
 */
export function createClient(remainingMs: number): SageMakerClient {
  return new SageMakerClient(clientConfig(attemptTimeoutFor(remainingMs)));
}

/**
 * `T` with the SDK's string-literal enums widened to `string`, at every level. The wire
 * request carries enum values as plain strings (values newer than the bundled SDK pass
 * through, as the SDK itself lets them at run time; SageMaker checks them), so this is the
 * SDK's shape the wire request is held to: `test/handler/wire-sdk.test.ts` proves that it fits
 * and has no key the SDK's shape lacks.
 */
export type Loosened<T> =
  T extends string ? string
    : T extends number | boolean | Date ? T
      : T extends readonly (infer E)[] ? Loosened<E>[]
        : T extends object ? { [K in keyof T]: Loosened<T[K]> }
          : T;

/**
 * The `CreateHyperParameterTuningJob` command for a wire request (with its name). The
 * assignment checks at compile time that the wire request has the SDK's shape; the only
 * narrowing left is from `string` to the SDK's enum unions (see `Loosened`).
 */
export function createTuningJobCommand(request: NamedCreateRequest): CreateHyperParameterTuningJobCommand {
  const input: Loosened<CreateHyperParameterTuningJobCommandInput> = request;
  return new CreateHyperParameterTuningJobCommand(input as CreateHyperParameterTuningJobCommandInput);
}
