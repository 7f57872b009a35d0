import * as http from 'http';
import { LoopbackServer } from './loopback-server';

/** A resource of the stand-in stack. */
export interface FakeStackResource {
  readonly logicalId: string;
  readonly type: string;
  readonly status: string;
  readonly physicalId?: string;
  readonly lastUpdated?: Date;
}

/** A call the stand-in answered. */
export interface CloudFormationCall {
  readonly action: string;
  readonly params: Record<string, string>;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A local stand-in for CloudFormation's query API (AWS CloudFormation API Reference:
 * `DescribeStackResource`, `ListStackResources`; form-encoded POST, XML answers, errors as
 * `<ErrorResponse><Error><Type/><Code/><Message/></Error></ErrorResponse>` with HTTP 400),
 * on 127.0.0.1. Every request must be SigV4-signed for the service `cloudformation` and name
 * the stand-in's stack; one that is not is answered 403 and recorded in `formatErrors` (the
 * tests expect none). `resources` is read on every call: tests change the stack between calls.
 * Faults (`injectFaults`): 'Throttling' answers 400 Throttling, '500' answers 500 InternalFailure, 'hang' never answers.
 */
export class CloudFormationServer extends LoopbackServer<'Throttling' | '500' | 'hang'> {
  /** The calls answered, in order. */
  public readonly calls: CloudFormationCall[] = [];
  /** Malformed or unsigned requests (should stay empty). */
  public readonly formatErrors: string[] = [];
  /** ListStackResources page size (small, so that the tests page). */
  public pageSize = 2;


  constructor(public readonly stackId: string, public resources: () => FakeStackResource[]) {
    super();
  }

  /** The endpoint (`AWS_ENDPOINT_URL_CLOUDFORMATION`). */
  public get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** The actions called, in order. */
  public get actions(): string[] {
    return this.calls.map(c => c.action);
  }

  protected handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const auth = String(req.headers.authorization ?? '');
      const problem = req.method !== 'POST' ? `method ${req.method}`
        : !/^AWS4-HMAC-SHA256 Credential=[^/]+\/[0-9]{8}\/us-east-1\/cloudformation\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/.test(auth) ? `authorization ${auth}`
          : !req.headers['x-amz-date'] ? 'no X-Amz-Date'
            : !String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded') ? `content type ${req.headers['content-type']}`
              : params.Version !== '2010-05-15' ? `version ${params.Version}`
                : params.StackName !== this.stackId ? `stack ${params.StackName}` : undefined;
      if (problem) {
        this.formatErrors.push(problem);
        this.error(res, 403, 'Sender', 'SignatureDoesNotMatch', problem);
        return;
      }
      const fault = this.faults.shift();
      if (fault === 'hang') {
        return;
      }
      if (fault === 'Throttling') {
        this.error(res, 400, 'Sender', 'Throttling', 'Rate exceeded');
        return;
      }
      if (fault === '500') {
        this.error(res, 500, 'Receiver', 'InternalFailure', 'internal failure');
        return;
      }
      this.calls.push({ action: params.Action, params });
      const all = this.resources();
      const fields = (r: FakeStackResource) => `<LogicalResourceId>${escape(r.logicalId)}</LogicalResourceId>`
        + (r.physicalId !== undefined ? `<PhysicalResourceId>${escape(r.physicalId)}</PhysicalResourceId>` : '')
        + `<ResourceType>${r.type}</ResourceType><ResourceStatus>${r.status}</ResourceStatus>`
        + `<LastUpdatedTimestamp>${(r.lastUpdated ?? new Date()).toISOString()}</LastUpdatedTimestamp>`;
      if (params.Action === 'DescribeStackResource') {
        const r = all.find(x => x.logicalId === params.LogicalResourceId);
        if (!r) {
          this.error(res, 400, 'Sender', 'ValidationError', `Resource ${params.LogicalResourceId} does not exist for stack ${this.stackId}`);
          return;
        }
        this.ok(res, '<DescribeStackResourceResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStackResourceResult><StackResourceDetail>'
          + `<StackId>${escape(this.stackId)}</StackId>${fields(r)}<Metadata>{}</Metadata></StackResourceDetail></DescribeStackResourceResult></DescribeStackResourceResponse>`);
        return;
      }
      if (params.Action === 'ListStackResources') {
        const start = params.NextToken ? Number(params.NextToken) : 0;
        const page = all.slice(start, start + this.pageSize);
        const next = start + this.pageSize < all.length ? `<NextToken>${start + this.pageSize}</NextToken>` : '';
        this.ok(res, '<ListStackResourcesResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><ListStackResourcesResult><StackResourceSummaries>'
          + page.map(r => `<member>${fields(r)}<DriftInformation><StackResourceDriftStatus>NOT_CHECKED</StackResourceDriftStatus></DriftInformation></member>`).join('')
          + `</StackResourceSummaries>${next}</ListStackResourcesResult></ListStackResourcesResponse>`);
        return;
      }
      this.error(res, 400, 'Sender', 'InvalidAction', `unknown action ${params.Action}`);
    });
  }

  private ok(res: http.ServerResponse, xml: string): void {
    res.writeHead(200, { 'Content-Type': 'text/xml' });
    res.end(xml);
  }

  private error(res: http.ServerResponse, status: number, type: string, code: string, message: string): void {
    res.writeHead(status, { 'Content-Type': 'text/xml' });
    res.end(`<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>${type}</Type><Code>${code}</Code>`
      + `<Message>${escape(message)}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`);
  }
}
