// eslint-disable-next-line import/no-extraneous-dependencies
import { DescribeHyperParameterTuningJobCommand, StopHyperParameterTuningJobCommand } from '@aws-sdk/client-sagemaker';
import { Deadline, LambdaContext } from './runtime';
import { createClient } from './sagemaker';
import { handleSignal, SignalOutcome } from './signal';
import { putSignal } from './signal-http';

/**
 * Signal handler of a long wait (EventBridge target): signals the WaitCondition when the
 * tuning job ends and logs one progress line per invocation. The input holds the
 * WaitCondition's presigned URL: it is never logged. Every SageMaker call has a timeout that
 * fits the Lambda's remaining time. See docs/LIFECYCLE.md.
 */
export async function handler(event: unknown, context?: LambdaContext): Promise<SignalOutcome> {
  const sagemaker = createClient(Deadline.of(context).remaining());
  try {
    return await handleSignal({
      describe: name => sagemaker.send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name })),
      stop: async name => {
        await sagemaker.send(new StopHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }));
      },
      put: putSignal,
      now: Date.now,
      log: line => console.log(line),
    }, event);
  } finally {
    sagemaker.destroy();
  }
}
