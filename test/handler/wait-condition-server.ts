import * as http from 'http';
import { LoopbackServer } from './loopback-server';

/** A signal as the stand-in received it. */
export interface ReceivedSignal {
  readonly Status: string;
  readonly UniqueId: string;
  readonly Data: string;
  readonly Reason: string;
}

/**
 * A local stand-in for a WaitConditionHandle's presigned URL and its WaitCondition, on
 * 127.0.0.1. It checks every PUT against CloudFormation's documented signal format
 * (CloudFormation User Guide, "Create wait conditions in a CloudFormation template",
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-waitcondition.html):
 * method PUT, an empty Content-Type, a JSON body with exactly Status (SUCCESS | FAILURE),
 * UniqueId, Data and Reason, all strings; a malformed signal gets 400 and is recorded as a
 * format error (the tests expect none).
 *
 * The WaitCondition evaluates like CloudFormation: signals are kept per UniqueId (the
 * latest wins, like an S3 object), one FAILURE fails it, `count` distinct SUCCESS signals
 * complete it. What CloudFormation does with a signal sent before the WaitCondition exists
 * is not documented, so both behaviours can be played: `earlySignals: 'kept'` keeps them,
 * `'dropped'` ignores them.
 * Faults (`injectFaults`): '500' answers 500, 'hang' never answers.
 */
export class WaitConditionServer extends LoopbackServer<'500' | 'hang'> {
  /** Every well-formed signal that reached the handle, in order (including dropped ones). */
  public readonly received: ReceivedSignal[] = [];
  /** Format violations (should stay empty). */
  public readonly formatErrors: string[] = [];
  /** Whether the WaitCondition exists yet. */
  public conditionCreated = false;
  /** Whether the WaitCondition is gone (deployment over): PUTs get 403. */
  public conditionDeleted = false;
  /** What happens to signals that arrive before the WaitCondition exists. */
  public earlySignals: 'kept' | 'dropped' = 'kept';

  private readonly signals = new Map<string, ReceivedSignal>();

  constructor(private readonly count = 1) {
    super();
  }

  /** A presigned-looking URL of this handle (path and query like CloudFormation's). */
  public get url(): string {
    return `http://127.0.0.1:${this.port}/arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012%3Astack/MyStack/abc/WaitHandle`
      + '?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261123T093300Z&X-Amz-Expires=86399'
      + '&X-Amz-Credential=AKIAEXAMPLESECRETKEY&X-Amz-Signature=0123456789abcdefSECRETSIGNATURE';
  }

  /** The WaitCondition's state as CloudFormation would evaluate it now. */
  public get state(): 'waiting' | 'success' | 'failure' {
    if (!this.conditionCreated) {
      return 'waiting';
    }
    const all = [...this.signals.values()];
    if (all.some(s => s.Status === 'FAILURE')) {
      return 'failure';
    }
    return all.filter(s => s.Status === 'SUCCESS').length >= this.count ? 'success' : 'waiting';
  }

  /** The signals the WaitCondition counts, by UniqueId. */
  public get counted(): ReceivedSignal[] {
    return [...this.signals.values()];
  }

  protected handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const fault = this.faults.shift();
    if (fault === 'hang') {
      return; // never answer
    }
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      if (fault === '500') {
        res.writeHead(500).end('InternalError');
        return;
      }
      const problem = this.check(req, Buffer.concat(chunks).toString('utf8'));
      if (problem) {
        this.formatErrors.push(problem);
        res.writeHead(400).end(problem);
        return;
      }
      if (this.conditionDeleted) {
        res.writeHead(403).end('AccessDenied');
        return;
      }
      const signal = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedSignal;
      this.received.push(signal);
      if (this.conditionCreated || this.earlySignals === 'kept') {
        this.signals.set(signal.UniqueId, signal);
      }
      res.writeHead(200).end();
    });
  }

  private check(req: http.IncomingMessage, body: string): string | undefined {
    if (req.method !== 'PUT') {
      return `method ${req.method}, expected PUT`;
    }
    if (!('content-type' in req.headers) || req.headers['content-type'] !== '') {
      return `Content-Type ${JSON.stringify(req.headers['content-type'])}, expected an empty Content-Type header`;
    }
    if (!req.url?.includes('X-Amz-Signature=')) {
      return 'the presigned query string was not sent';
    }
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(body);
    } catch {
      return `body is not JSON: ${body.slice(0, 100)}`;
    }
    const keys = Object.keys(parsed).sort();
    if (JSON.stringify(keys) !== JSON.stringify(['Data', 'Reason', 'Status', 'UniqueId'])) {
      return `body keys ${keys.join(', ')}, expected Data, Reason, Status, UniqueId`;
    }
    if (parsed.Status !== 'SUCCESS' && parsed.Status !== 'FAILURE') {
      return `Status ${JSON.stringify(parsed.Status)}, expected SUCCESS or FAILURE`;
    }
    for (const k of keys) {
      if (typeof parsed[k] !== 'string') {
        return `${k} must be a string`;
      }
    }
    if (parsed.UniqueId === '') {
      return 'UniqueId is empty';
    }
    return undefined;
  }
}
