import { createHash, createHmac } from 'crypto';
import * as http from 'http';
import * as https from 'https';
// Part of the SDK the SageMaker client is built on (bundled with it): the standard SigV4 signer.
// eslint-disable-next-line import/no-extraneous-dependencies
import { SignatureV4 } from '@smithy/signature-v4';
import { isTransient } from './errors';
import { MIN_CALL_MS, pause, Runtime, MAX_CALL_MS } from './runtime';

/**
 * The two CloudFormation calls of the signal handler (docs/LIFECYCLE.md, "Waiting longer than
 * an hour"), made on CloudFormation's query API (AWS CloudFormation API Reference, "Making API
 * requests": a form-encoded POST, SigV4-signed, answered in XML) with the SageMaker client's
 * region and credentials, so that the bundle carries no second SDK client:
 * - `DescribeStackResource`: the WaitConditionHandle of a wait; its `PhysicalResourceId`
 *   (what `Ref` returns) is the presigned URL, a credential: never logged.
 * - `ListStackResources`: the safety check's view of the stack (the WaitConditions in progress
 *   and the tuning jobs' resources).
 * The endpoint is `AWS_ENDPOINT_URL_CLOUDFORMATION` (or `AWS_ENDPOINT_URL`) when set, else
 * `cloudformation.<region>.amazonaws.com` (`.com.cn` in the China partition).
 */

/** One resource of `ListStackResources` / `DescribeStackResource`. */
export interface StackResourceSummary {
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly type: string;
  readonly status: string;
  /** Milliseconds since the epoch, when CloudFormation last created or updated it. */
  readonly lastUpdated?: number;
}

/** An error CloudFormation answered with, shaped like the SDK's (`name` = its code). */
export class CloudFormationError extends Error {
  public readonly $fault: 'client' | 'server';
  public readonly $metadata: { httpStatusCode: number };
  constructor(code: string, message: string, httpStatusCode: number) {
    super(message);
    this.name = code;
    this.$fault = httpStatusCode >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode };
  }
}

/** Attempts of one call (throttling, 5xx and network errors are tried again). */
const ATTEMPTS = 4;
const VERSION = '2010-05-15';

/** SHA-256 (or HMAC-SHA-256 with a secret) for the signer, from Node's crypto. */
class Sha256 {
  private hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.fresh();
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
  private fresh() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret));
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') {
    return Buffer.from(data, 'utf8');
  }
  return ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
}

/** The XML entities CloudFormation escapes in text. */
function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    switch (e) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return '\'';
      default: return String.fromCodePoint(e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });
}

/** The text of the first `<name>` element of `xml`, decoded. */
export function xmlText(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return m ? decode(m[1]) : undefined;
}

function summary(xml: string): StackResourceSummary | undefined {
  const logicalId = xmlText(xml, 'LogicalResourceId');
  const type = xmlText(xml, 'ResourceType');
  const status = xmlText(xml, 'ResourceStatus');
  if (!logicalId || !type || !status) {
    return undefined;
  }
  const updated = Date.parse(xmlText(xml, 'LastUpdatedTimestamp') ?? xmlText(xml, 'Timestamp') ?? '');
  return { logicalId, type, status, physicalId: xmlText(xml, 'PhysicalResourceId') || undefined, lastUpdated: Number.isNaN(updated) ? undefined : updated };
}

function endpoint(region: string, stackId: string): URL {
  const configured = process.env.AWS_ENDPOINT_URL_CLOUDFORMATION ?? process.env.AWS_ENDPOINT_URL;
  if (configured) {
    return new URL(configured);
  }
  const suffix = stackId.startsWith('arn:aws-cn:') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return new URL(`https://cloudformation.${region}.${suffix}/`);
}

function post(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, { method: 'POST', headers, timeout: timeoutMs }, res => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', e => reject(e));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('CloudFormation did not answer in time'), { name: 'TimeoutError' })));
    req.on('error', e => reject(Object.assign(e, { name: (e as { code?: string }).code ?? e.name })));
    req.end(body);
  });
}

/** One query-API call; returns the response's XML. Transient failures are tried again within the invocation. */
export async function callCloudFormation(rt: Runtime, stackId: string, action: string, params: Record<string, string>): Promise<string> {
  const region = await rt.client.config.region();
  const url = endpoint(region, stackId);
  const body = new URLSearchParams({ Action: action, Version: VERSION, ...params }).toString();
  const signer = new SignatureV4({ service: 'cloudformation', region, credentials: rt.client.config.credentials, sha256: Sha256 });
  for (let attempt = 1; ; attempt++) {
    const budget = Math.min(MAX_CALL_MS / 3, rt.deadline.remaining());
    if (budget < MIN_CALL_MS) {
      throw new CloudFormationError('TimeoutError', `${action}: no time left in this invocation to call CloudFormation`, 0);
    }
    try {
      const signed = await signer.sign({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query: {},
        headers: {
          'host': url.host,
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          'content-length': String(Buffer.byteLength(body)),
        },
        body,
      });
      const res = await post(url, signed.headers as Record<string, string>, body, budget);
      if (res.status >= 200 && res.status < 300) {
        return res.text;
      }
      throw new CloudFormationError(xmlText(res.text, 'Code') ?? `HTTP${res.status}`,
        `${action}: ${xmlText(res.text, 'Message') ?? `HTTP ${res.status}`}`, res.status);
    } catch (e) {
      if (attempt >= ATTEMPTS || !isTransient(e)) {
        throw e;
      }
      await pause(rt);
    }
  }
}

/**
 * A resource of a stack, or undefined when the stack has no resource of that logical id
 * (CloudFormation answers `ValidationError`: not created yet, or deleted).
 */
export async function describeStackResource(rt: Runtime, stackId: string, logicalId: string): Promise<StackResourceSummary | undefined> {
  try {
    const xml = await callCloudFormation(rt, stackId, 'DescribeStackResource', { StackName: stackId, LogicalResourceId: logicalId });
    return summary(xml);
  } catch (e) {
    if (e instanceof CloudFormationError && e.name === 'ValidationError' && /does not exist/i.test(e.message)) {
      return undefined;
    }
    throw e;
  }
}

/** The resources of a stack (at most `maxPages` pages). */
export async function listStackResources(rt: Runtime, stackId: string, maxPages: number): Promise<StackResourceSummary[]> {
  const out: StackResourceSummary[] = [];
  let token: string | undefined;
  for (let page = 1; page <= maxPages; page++) {
    const xml = await callCloudFormation(rt, stackId, 'ListStackResources', { StackName: stackId, ...token ? { NextToken: token } : {} });
    for (const member of xml.split('<member>').slice(1)) {
      const s = summary(member.split('</member>')[0]);
      if (s) {
        out.push(s);
      }
    }
    token = xmlText(xml, 'NextToken');
    if (!token) {
      return out;
    }
  }
  throw new Error(`ListStackResources of ${stackId} did not end after ${maxPages} pages : giving up`);
}
