/**
 * Every outside call of the handlers goes through this module, so that timeouts and retries
 * are set in one place: SageMaker and CloudFormation calls through `send` (the clients'
 * per-attempt timeouts and retries are configured in `sagemaker.ts`), the WaitCondition signal's PUT through `put`
 * (its retries in `signal-http.ts`); both are cut to the invocation's `Deadline`.
 */
// eslint-disable-next-line import/no-extraneous-dependencies
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { PutResult, putSignal, SignalBody } from './signal-http';

/** The part of the Lambda context the handlers use. */
export interface LambdaContext {
  /** Milliseconds left before Lambda stops the invocation. */
  getRemainingTimeInMillis(): number;
}

/** Time assumed left when no Lambda context is given (tests, local runs). */
export const DEFAULT_REMAINING_MS = 60_000;
/** Time kept back at the end of an invocation to return (or fail) cleanly: 10 %, at most 5 s. */
export const MAX_RESERVE_MS = 5_000;
/** Longest one SageMaker call (all its SDK attempts) may take. */
export const MAX_CALL_MS = 30_000;
/** A call is not started with less time than this left. */
export const MIN_CALL_MS = 200;

/** When an invocation must have returned: the Lambda's remaining time minus a reserve. */
export class Deadline {
  /** A deadline for the invocation whose Lambda context this is. */
  public static of(context?: Partial<LambdaContext>): Deadline {
    const remaining = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : DEFAULT_REMAINING_MS;
    return new Deadline(remaining);
  }

  private readonly end: number;

  constructor(remainingMs: number, now: number = Date.now()) {
    this.end = now + remainingMs - Math.min(MAX_RESERVE_MS, remainingMs / 10);
  }

  /** Milliseconds left (0 when passed). */
  public remaining(): number {
    return Math.max(0, this.end - Date.now());
  }
}

/** A SageMaker call that did not answer within its budget. Transient: `isTransient` matches its name. */
export class CallTimeout extends Error {
  public readonly name = 'TimeoutError';
}

/** What one handler invocation works with. */
export interface Runtime {
  /** The SageMaker client. */
  readonly client: SageMakerClient;
  /** When the invocation must have returned. */
  readonly deadline: Deadline;
}

/** An SDK client `send` calls, and the service's name for messages. */
export interface ServiceClient {
  /** The service, as messages name it. */
  readonly name: string;
  /** The SDK client (configured by `sagemaker.ts`'s `clientSettings`). */
  readonly client: { send(command: never, options?: never): Promise<unknown> };
}

/**
 * Send `command`, giving up (and aborting the request) when it has not answered within
 * `MAX_CALL_MS` or the time left before the deadline (`share` of it, to leave time for the
 * calls that may follow). The SDK's retries run inside.
 */
export async function send<T>(rt: Runtime, command: unknown, what: string, share = 1, to: ServiceClient = { name: 'SageMaker', client: rt.client }): Promise<T> {
  const budget = Math.min(MAX_CALL_MS, rt.deadline.remaining() * share);
  if (budget < MIN_CALL_MS) {
    throw new CallTimeout(`${what}: no time left in this invocation to call ${to.name}`);
  }
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new CallTimeout(`${what}: ${to.name} did not answer within ${(budget / 1000).toFixed(1)} s`));
      controller.abort();
    }, budget);
  });
  try {
    const call = (to.client.send as (c: unknown, o: unknown) => Promise<T>).call(to.client, command, { abortSignal: controller.signal });
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * PUT a WaitCondition signal to its presigned URL (`putSignal`: network errors, timeouts and
 * 5xx are retried with backoff), no attempt outlasting the invocation's deadline.
 */
export function put(rt: Pick<Runtime, 'deadline'>, url: string, body: SignalBody): Promise<PutResult> {
  return putSignal(url, body, { remainingMs: () => rt.deadline.remaining(), minAttemptMs: MIN_CALL_MS });
}

/** Wait before trying a failed call again: a tenth of the time left, from 50 ms to 2 s. */
export function pause(rt: Runtime): Promise<void> {
  const ms = Math.max(50, Math.min(2_000, rt.deadline.remaining() / 10));
  return new Promise(resolve => setTimeout(resolve, ms));
}
