// eslint-disable-next-line import/no-extraneous-dependencies
import { DescribeHyperParameterTuningJobCommand, ListTagsCommand, ListTagsCommandOutput, StopHyperParameterTuningJobCommand } from '@aws-sdk/client-sagemaker';
import { createCloudFormationClient, describeStackResource, listStackResources } from './cloudformation';
import { Deadline, LambdaContext, put, Runtime, send } from './runtime';
import { createClient } from './sagemaker';
import { handleSignal, SignalOutcome } from './signal';
import type { TuningJobDescription } from './status';
import { MAX_STACK_RESOURCE_PAGES, SIGNAL_STACK_ID_ENV } from '../shared/long-wait';

/** Most ListTags pages read for one job (a job has at most 50 tags: one page, normally). */
const MAX_TAG_PAGES = 5;

/**
 * Signal handler of the long waits of a stack (EventBridge and Scheduler target): signals a
 * WaitCondition when its tuning job ends and logs one progress line per invocation. The
 * handle's presigned URL comes from CloudFormation (DescribeStackResource) and is never logged.
 * Every SageMaker and CloudFormation call and the signal's PUT go through `runtime.ts` (or the
 * same deadline), within the Lambda's remaining time. See docs/LIFECYCLE.md.
 */
export async function handler(event: unknown, context?: LambdaContext): Promise<SignalOutcome> {
  const stackId = process.env[SIGNAL_STACK_ID_ENV];
  if (!stackId) {
    throw new Error(`Environment variable ${SIGNAL_STACK_ID_ENV} is not set: it must hold the stack id (set by the cdk-sagemaker-tuning constructs)`);
  }
  const deadline = Deadline.of(context);
  const rt: Runtime = { client: createClient(deadline.remaining()), deadline };
  const cfn = createCloudFormationClient(deadline.remaining());
  try {
    return await handleSignal({
      stackId,
      describe: name => send<TuningJobDescription>(rt,
        new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }), `DescribeHyperParameterTuningJob ${name}`, 0.5),
      tags: async arn => {
        const tags: Record<string, string> = {};
        let token: string | undefined;
        for (let page = 1; page <= MAX_TAG_PAGES; page++) {
          const out = await send<ListTagsCommandOutput | undefined>(rt, new ListTagsCommand({ ResourceArn: arn, NextToken: token }), `ListTags ${arn}`, 0.5);
          for (const t of out?.Tags ?? []) {
            if (t.Key !== undefined) {
              tags[t.Key] = t.Value ?? '';
            }
          }
          token = out?.NextToken;
          if (!token) {
            return tags;
          }
        }
        throw new Error(`ListTags of ${arn} did not end after ${MAX_TAG_PAGES} pages`);
      },
      stop: async name => {
        await send(rt, new StopHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }), `StopHyperParameterTuningJob ${name}`, 0.5);
      },
      handleUrl: async logicalId => {
        const r = await describeStackResource(rt, cfn, stackId, logicalId);
        return r && r.physicalId && /^CREATE_COMPLETE$|^UPDATE_COMPLETE$/.test(r.status) ? r.physicalId : undefined;
      },
      stackResources: () => listStackResources(rt, cfn, stackId, MAX_STACK_RESOURCE_PAGES),
      put: (url, body) => put(rt, url, body),
      now: Date.now,
      log: line => console.log(line),
    }, event);
  } finally {
    rt.client.destroy();
    cfn.destroy();
  }
}
