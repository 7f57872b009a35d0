import { Readable } from 'stream';
import { DescribeHyperParameterTuningJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
// eslint-disable-next-line import/no-extraneous-dependencies
import { HttpResponse } from '@smithy/core/transport';
import { clientConfig } from '../../src/handler/sagemaker';

/** A request handler that answers with the given (status, body) pairs in turn, recording the calls. */
function scriptedHandler(responses: Array<[number, unknown]>) {
  const calls: string[] = [];
  return {
    calls,
    handler: {
      metadata: { handlerProtocol: 'h1' },
      async handle(request: { headers: Record<string, string> }) {
        calls.push(request.headers['x-amz-target']);
        const [statusCode, body] = responses[Math.min(calls.length - 1, responses.length - 1)];
        return {
          response: new HttpResponse({
            statusCode,
            headers: { 'content-type': 'application/x-amz-json-1.1' },
            body: Readable.from([Buffer.from(JSON.stringify(body))]),
          }),
        };
      },
      updateHttpClientConfig() { /* not configurable */ },
      httpHandlerConfigs() { return {}; },
    },
  };
}

function client(requestHandler: unknown) {
  return new SageMakerClient({
    ...clientConfig(),
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    requestHandler: requestHandler as never,
  });
}

const throttled: [number, unknown] = [400, { __type: 'ThrottlingException', message: 'Rate exceeded' }];
const described: [number, unknown] = [200, { HyperParameterTuningJobName: 'job-a', HyperParameterTuningJobStatus: 'InProgress' }];

test('the handler\'s client retries a ThrottlingException and then succeeds', async () => {
  const fake = scriptedHandler([throttled, throttled, described]);
  const out = await client(fake.handler).send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: 'job-a' }));
  expect(out.HyperParameterTuningJobStatus).toBe('InProgress');
  expect(fake.calls).toEqual(Array(3).fill('SageMaker.DescribeHyperParameterTuningJob'));
  expect(out.$metadata.attempts).toBe(3);
}, 30_000);

test('the client gives up after maxAttempts and surfaces the throttling error', async () => {
  expect(clientConfig().maxAttempts).toBe(5);
  const fake = scriptedHandler([throttled]);
  await expect(client(fake.handler).send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: 'job-a' })))
    .rejects.toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded' });
  expect(fake.calls).toHaveLength(5);
}, 60_000);

test('a validation error is not retried', async () => {
  const fake = scriptedHandler([[400, { __type: 'ValidationException', message: 'bad' }]]);
  await expect(client(fake.handler).send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: 'job-a' })))
    .rejects.toMatchObject({ name: 'ValidationException' });
  expect(fake.calls).toHaveLength(1);
});
