import { onResultsEvent, ResultsResult } from './results';
import { sagemaker } from './sagemaker';

/**
 * onEvent handler of `Custom::SageMakerTuningJobResults` (provider framework): reads a
 * finished tuning job's best training job. See docs/LIFECYCLE.md.
 */
export async function handler(event: unknown): Promise<ResultsResult> {
  return onResultsEvent(sagemaker, event);
}
