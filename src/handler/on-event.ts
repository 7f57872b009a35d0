import { onEvent, OnEventResult } from './lifecycle';
import { sagemaker } from './sagemaker';

/**
 * onEvent handler of the tuning-job custom resource (provider framework): Create starts
 * the tuning job, Update starts a new one when the job would change, Delete stops it.
 * See docs/LIFECYCLE.md.
 */
export async function handler(event: unknown): Promise<OnEventResult> {
  return onEvent(sagemaker, event);
}
