// Bundled (pinned) into the handler assets by esbuild on purpose: see lifecycle.ts.
// eslint-disable-next-line import/no-extraneous-dependencies
import { SageMakerClient, SageMakerClientConfig } from '@aws-sdk/client-sagemaker';

/**
 * Configuration of the handlers' SageMaker client. Region, credentials and endpoint come
 * from the standard SDK environment (`AWS_REGION`, the Lambda role, `AWS_ENDPOINT_URL` /
 * `AWS_ENDPOINT_URL_SAGEMAKER`); throttling, 5xx and network errors are retried by the
 * SDK's standard retry strategy (exponential backoff with jitter), a little more
 * persistently than the default 3 attempts because a failed call fails a deployment.
 */
export function clientConfig(): SageMakerClientConfig {
  return {
    maxAttempts: 5,
    customUserAgent: 'cdk-sagemaker-tuning',
  };
}

/** The handlers' client, created once per Lambda execution environment. */
export const sagemaker = new SageMakerClient(clientConfig());
