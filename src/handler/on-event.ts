import { onEvent } from './lifecycle';
import type { OnEventResponseWithId } from './provider';
import { Deadline, LambdaContext } from './runtime';
import { createClient } from './sagemaker';

/**
 * onEvent handler of the tuning-job custom resource (provider framework): Create starts
 * the tuning job, Update starts a new one when the job would change, Delete stops it.
 * Every SageMaker call has a timeout that fits the Lambda's remaining time.
 * See docs/LIFECYCLE.md.
 */
export async function handler(event: unknown, context?: LambdaContext): Promise<OnEventResponseWithId> {
  const deadline = Deadline.of(context);
  const client = createClient(deadline.remaining());
  try {
    return await onEvent({ client, deadline }, event);
  } finally {
    client.destroy();
  }
}
