import * as http from 'http';
import * as https from 'https';

/**
 * A WaitCondition signal as CloudFormation documents it ("Creating wait conditions in a
 * template"): an HTTP PUT to the handle's presigned URL, empty Content-Type, JSON body.
 */
export interface SignalBody {
  /** SUCCESS or FAILURE. */
  readonly Status: 'SUCCESS' | 'FAILURE';
  /** Signals with the same UniqueId count once (the tuning job's name). */
  readonly UniqueId: string;
  /** Returned by `Fn::GetAtt <condition>.Data`; for FAILURE, what CloudFormation reports. */
  readonly Data: string;
  /** Why. */
  readonly Reason: string;
}

/** What became of a PUT. */
export interface PutResult {
  /** The HTTP status of the last attempt. */
  readonly statusCode: number;
  /** How many attempts it took. */
  readonly attempts: number;
}

/** Options of `putSignal`. */
export interface PutOptions {
  /** Per-attempt timeout (no answer within it: the attempt failed). @default 10 s */
  readonly timeoutMs?: number;
  /** Attempts in all. @default 4 */
  readonly attempts?: number;
  /** First backoff, doubled each retry. @default 500 ms */
  readonly backoffMs?: number;
  /**
   * Milliseconds left in the invocation: no attempt outlasts it, and no attempt (or backoff)
   * is started without `minAttemptMs` of it left. @default no limit
   */
  readonly remainingMs?: () => number;
  /** Shortest attempt worth starting (with `remainingMs`). @default 0 */
  readonly minAttemptMs?: number;
}

/** A network failure or a 5xx on every attempt. The message never contains the URL. */
export class SignalDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignalDeliveryError';
  }
}

function once(url: URL, payload: string, timeoutMs: number): Promise<number> {
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, {
      method: 'PUT',
      // The presigned URL is signed for an empty Content-Type: any other value fails with 403.
      headers: { 'Content-Type': '', 'Content-Length': Buffer.byteLength(payload) },
      timeout: timeoutMs,
    }, res => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', e => reject(codeOf(e)));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', e => reject(codeOf(e)));
    req.end(payload);
  });
}

/** Only the error code: Node's messages can carry the host and path of the URL. */
function codeOf(e: unknown): Error {
  const code = (e as { code?: unknown })?.code;
  return new Error(typeof code === 'string' ? code : 'network error');
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * PUT the signal to the presigned URL. Network errors, timeouts and 5xx are retried with
 * exponential backoff; a 2xx or 4xx answer is returned as is (a 4xx will not change on
 * retry: the URL expired, or the wait is over). Throws `SignalDeliveryError` when every
 * attempt failed.
 */
export async function putSignal(presignedUrl: string, body: SignalBody, options: PutOptions = {}): Promise<PutResult> {
  let url: URL;
  try {
    url = new URL(presignedUrl);
  } catch {
    throw new SignalDeliveryError('the wait condition handle URL is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SignalDeliveryError(`the wait condition handle URL has protocol ${url.protocol}, expected https:`);
  }
  const payload = JSON.stringify(body);
  const attempts = options.attempts ?? 4;
  const remaining = options.remainingMs ?? (() => Infinity);
  const minAttemptMs = options.minAttemptMs ?? 0;
  let backoff = options.backoffMs ?? 500;
  let last = 'no time left in this invocation';
  let made = 0;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const timeoutMs = Math.min(options.timeoutMs ?? 10_000, remaining());
    if (timeoutMs <= 0 || timeoutMs < minAttemptMs) {
      break;
    }
    made = attempt;
    try {
      const statusCode = await once(url, payload, timeoutMs);
      if (statusCode < 500) {
        return { statusCode, attempts: attempt };
      }
      last = `HTTP ${statusCode}`;
    } catch (e) {
      last = (e as Error).message;
    }
    if (attempt < attempts) {
      if (remaining() - backoff <= 0 || remaining() - backoff < minAttemptMs) {
        last += '; no time left in this invocation for another attempt';
        break;
      }
      await sleep(backoff);
      backoff *= 2;
    }
  }
  throw new SignalDeliveryError(`the signal could not be delivered after ${made} attempt${made === 1 ? '' : 's'} (last: ${last})`);
}
