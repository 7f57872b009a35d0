// eslint-disable-next-line import/no-extraneous-dependencies
import { DescribeHyperParameterTuningJobCommand, StopHyperParameterTuningJobCommand } from '@aws-sdk/client-sagemaker';
import { Deadline, LambdaContext, put, Runtime, send } from './runtime';
import { createClient } from './sagemaker';
import { handleSignal, SignalOutcome } from './signal';
import type { TuningJobDescription } from './status';

/**
 * Signal handler of a long wait (EventBridge target): signals the WaitCondition when the
 * tuning job ends and logs one progress line per invocation. The input holds the
 * WaitCondition's presigned URL: it is never logged. Every SageMaker call and the signal's PUT
 * go through `runtime.ts`, within the Lambda's remaining time. See docs/LIFECYCLE.md.
 */
export async function handler(event: unknown, context?: LambdaContext): Promise<SignalOutcome> {
  const deadline = Deadline.of(context);
  const rt: Runtime = { client: createClient(deadline.remaining()), deadline };
  try {
    return await handleSignal({
      describe: name => send<TuningJobDescription>(rt,
        new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }), `DescribeHyperParameterTuningJob ${name}`),
      stop: async name => {
        await send(rt, new StopHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }), `StopHyperParameterTuningJob ${name}`);
      },
      put: (url, body) => put(rt, url, body),
      now: Date.now,
      log: line => console.log(line),
    }, event);
  } finally {
    rt.client.destroy();
  }
}
