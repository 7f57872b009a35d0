import type { OnEventResponseWithId } from './provider';
import { onResultsEvent } from './results';
import { Deadline, LambdaContext } from './runtime';
import { createClient } from './sagemaker';

/**
 * onEvent handler of `Custom::SageMakerTuningJobResults` (provider framework): reads a
 * finished tuning job's best training job. Every SageMaker call has a timeout that fits the
 * Lambda's remaining time. See docs/LIFECYCLE.md.
 */
export async function handler(event: unknown, context?: LambdaContext): Promise<OnEventResponseWithId> {
  const deadline = Deadline.of(context);
  const client = createClient(deadline.remaining());
  try {
    return await onResultsEvent({ client, deadline }, event);
  } finally {
    client.destroy();
  }
}
