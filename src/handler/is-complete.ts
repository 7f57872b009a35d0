import { isComplete } from './lifecycle';
import type { IsCompleteResponse } from './provider';
import { Deadline, LambdaContext } from './runtime';
import { createClient } from './sagemaker';

/**
 * isComplete handler of the tuning-job custom resource (provider framework): polls the job
 * until it completed (or runs, when detached), logging one progress line per poll.
 * Every SageMaker call has a timeout that fits the Lambda's remaining time.
 * See docs/LIFECYCLE.md.
 */
export async function handler(event: unknown, context?: LambdaContext): Promise<IsCompleteResponse> {
  const deadline = Deadline.of(context);
  const client = createClient(deadline.remaining());
  try {
    return await isComplete({ client, deadline }, event);
  } finally {
    client.destroy();
  }
}
