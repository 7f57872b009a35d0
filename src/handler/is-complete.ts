import { isComplete, IsCompleteResult } from './lifecycle';
import { sagemaker } from './sagemaker';

/**
 * isComplete handler of the tuning-job custom resource (provider framework): polls the job
 * until it completed (or runs, when detached), logging one progress line per poll.
 * See docs/LIFECYCLE.md.
 */
export async function handler(event: unknown): Promise<IsCompleteResult> {
  return isComplete(sagemaker, event);
}
