// Bundled (pinned) into the handler assets by esbuild on purpose, like the SageMaker client.
// eslint-disable-next-line import/no-extraneous-dependencies
import {
  CloudFormationClient, CloudFormationServiceException, DescribeStackResourceCommand, DescribeStackResourceCommandOutput,
  ListStackResourcesCommand, ListStackResourcesCommandOutput,
} from '@aws-sdk/client-cloudformation';
import { Runtime, send, ServiceClient } from './runtime';
import { attemptTimeoutFor, clientConfig } from './sagemaker';

/**
 * The two CloudFormation calls of the signal handler (docs/LIFECYCLE.md, "Waiting longer than
 * an hour"), with the SDK's CloudFormation client configured as the SageMaker client is
 * (region, credentials and `AWS_ENDPOINT_URL_CLOUDFORMATION` from the environment; attempt
 * timeouts and retries from `sagemaker.ts`; each call within the invocation's deadline through
 * `runtime.ts`):
 * - `DescribeStackResource`: the WaitConditionHandle of a wait; its `PhysicalResourceId`
 *   (what `Ref` returns) is the presigned URL, a credential: never logged.
 * - `ListStackResources`: the safety check's view of the stack (the WaitConditions in progress
 *   and the tuning jobs' resources).
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

/** A CloudFormation client for one invocation (`remainingMs`: the time the Lambda has left). */
export function createCloudFormationClient(remainingMs: number): CloudFormationClient {
  return new CloudFormationClient(clientConfig(attemptTimeoutFor(remainingMs)));
}

function summary(r: {
  LogicalResourceId?: string; PhysicalResourceId?: string; ResourceType?: string; ResourceStatus?: string; LastUpdatedTimestamp?: Date;
}): StackResourceSummary | undefined {
  if (!r.LogicalResourceId || !r.ResourceType || !r.ResourceStatus) {
    return undefined;
  }
  return {
    logicalId: r.LogicalResourceId,
    type: r.ResourceType,
    status: r.ResourceStatus,
    physicalId: r.PhysicalResourceId || undefined,
    lastUpdated: r.LastUpdatedTimestamp?.getTime(),
  };
}

/**
 * A resource of a stack, or undefined when the stack has no resource of that logical id
 * (CloudFormation answers `ValidationError`: not created yet, or deleted).
 */
export async function describeStackResource(
  rt: Runtime, cfn: CloudFormationClient, stackId: string, logicalId: string,
): Promise<StackResourceSummary | undefined> {
  try {
    const out = await send<DescribeStackResourceCommandOutput>(rt,
      new DescribeStackResourceCommand({ StackName: stackId, LogicalResourceId: logicalId }), `DescribeStackResource ${logicalId}`, 0.5, service(cfn));
    return out.StackResourceDetail ? summary(out.StackResourceDetail) : undefined;
  } catch (e) {
    if (e instanceof CloudFormationServiceException && e.name === 'ValidationError' && /does not exist/i.test(e.message)) {
      return undefined;
    }
    throw e;
  }
}

/** The resources of a stack (at most `maxPages` pages). */
export async function listStackResources(rt: Runtime, cfn: CloudFormationClient, stackId: string, maxPages: number): Promise<StackResourceSummary[]> {
  const out: StackResourceSummary[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 1; page <= maxPages; page++) {
    const res = await send<ListStackResourcesCommandOutput>(rt,
      new ListStackResourcesCommand({ StackName: stackId, NextToken: token }), `ListStackResources ${stackId}`, 0.5, service(cfn));
    for (const r of res.StackResourceSummaries ?? []) {
      const s = summary(r);
      if (s) {
        out.push(s);
      }
    }
    token = res.NextToken;
    if (!token) {
      return out;
    }
    if (seen.has(token)) {
      throw new Error(`ListStackResources of ${stackId} repeated a page token: giving up`);
    }
    seen.add(token);
  }
  throw new Error(`ListStackResources of ${stackId} did not end after ${maxPages} pages: giving up`);
}

function service(client: CloudFormationClient): ServiceClient {
  return { name: 'CloudFormation', client: client as unknown as ServiceClient['client'] };
}
