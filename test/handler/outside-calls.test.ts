// Every outside call of the handlers goes through src/handler/runtime.ts: SageMaker calls
// through `send`, the WaitCondition signal's PUT through `put`, all cut to the invocation's
// deadline. These tests hold the long-wait handlers (signal, results) to it: a SageMaker
// that never answers, or a signal URL that never answers, fails the invocation before Lambda
// would kill it, with an error that says so.
import { DescribeHyperParameterTuningJobCommand, ListTagsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudFormationServer } from './cloudformation-server';
import { describeResponse, signalHandlerEnvironment } from './fixtures';
import { WaitConditionServer } from './wait-condition-server';
import { handler as results } from '../../src/handler/results-entry';
import { Deadline, put } from '../../src/handler/runtime';
import { handler as signal } from '../../src/handler/signal-entry';
import { SignalDeliveryError } from '../../src/handler/signal-http';
import { STACK_TAG } from '../../src/shared/contract';
import {
  deadlineSeconds, ResultsProp, SIGNAL_STACK_ID_ENV, SignalInput, SignalTrigger, WAIT_TAG, waitHandleLogicalId, waitTagValue,
} from '../../src/shared/long-wait';

const sm = mockClient(SageMakerClient);
const JOB = 'mystack-tuning-abcde12345';
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/MyStack/0a1b2c3d';
const KEY = '0123456789ABCDEF';
let server: WaitConditionServer;
let cfn: CloudFormationServer;

beforeEach(async () => {
  sm.reset();
  sm.on(ListTagsCommand).resolves({
    Tags: [{ Key: STACK_TAG, Value: STACK_ID }, { Key: WAIT_TAG, Value: waitTagValue(KEY, deadlineSeconds(6 * 3600)) }],
  });
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  server = new WaitConditionServer();
  await server.start();
  cfn = new CloudFormationServer(STACK_ID, () => [
    { logicalId: waitHandleLogicalId(KEY), type: 'AWS::CloudFormation::WaitConditionHandle', status: 'CREATE_COMPLETE', physicalId: server.url },
  ]);
  await cfn.start();
  signalHandlerEnvironment(STACK_ID, cfn.url);
});
afterEach(async () => {
  jest.restoreAllMocks();
  await server.stop();
  await cfn.stop();
  delete process.env.AWS_ENDPOINT_URL_CLOUDFORMATION;
  delete process.env[SIGNAL_STACK_ID_ENV];
  expect(server.formatErrors).toEqual([]);
  expect(cfn.formatErrors).toEqual([]);
});

/** A Lambda context with `ms` left. */
const context = (ms: number) => ({ getRemainingTimeInMillis: () => ms });
const never = () => new Promise<never>(() => undefined);
const body = { Status: 'SUCCESS' as const, UniqueId: JOB, Data: 'x', Reason: 'r' };

function signalInput(): Record<string, string> {
  return { [SignalInput.TRIGGER]: SignalTrigger.TUNING_JOB_EVENT, [SignalInput.JOB_NAME]: JOB };
}

async function timed<T>(p: Promise<T>): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  const value = await p;
  return { value, ms: Date.now() - start };
}

test('signal handler: a Describe that never answers ends within the invocation\'s time, as a transient error', async () => {
  sm.on(DescribeHyperParameterTuningJobCommand).callsFake(never);
  const { value: err, ms } = await timed(signal(signalInput(), context(1_500)).catch(e => e));
  expect(err.message).toMatch(/Could not describe tuning job "mystack-tuning-abcde12345": TimeoutError: DescribeHyperParameterTuningJob .*did not answer within 0\.[67] s/); // (half the time left: ListTags, CloudFormation and the PUT follow)
  expect(ms).toBeLessThan(1_500);
  expect(server.received).toEqual([]);
});

test('signal handler: a signal URL that never answers ends within the invocation\'s time, the URL not in the error', async () => {
  sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'Completed'));
  server.conditionCreated = true;
  server.injectFaults('hang', 'hang', 'hang', 'hang');
  const { value: err, ms } = await timed(signal(signalInput(), context(2_000)).catch(e => e));
  expect(err).toBeInstanceOf(SignalDeliveryError);
  expect(err.message).toMatch(/^the signal could not be delivered after 1 attempt \(last: ETIMEDOUT; no time left in this invocation for another attempt\)$/);
  expect(ms).toBeLessThan(2_000);
});

test('signal handler: a CloudFormation that never answers ends within the invocation\'s time, as a transient error', async () => {
  sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'Completed'));
  cfn.injectFaults('hang', 'hang', 'hang', 'hang');
  const { value: err, ms } = await timed(signal(signalInput(), context(2_000)).catch(e => e));
  expect(err.message).toMatch(/^Could not read the WaitConditionHandle .* from CloudFormation: TimeoutError: /);
  expect(ms).toBeLessThan(2_000);
  expect(server.received).toEqual([]);
});

test('results handler: a Describe that never answers ends within the invocation\'s time', async () => {
  sm.on(DescribeHyperParameterTuningJobCommand).callsFake(never);
  const event = {
    RequestType: 'Create',
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/MyStack/x',
    RequestId: 'req-1',
    LogicalResourceId: 'Results',
    ResourceProperties: { ServiceToken: 'arn', [ResultsProp.JOB_NAME]: JOB },
  };
  const { value: err, ms } = await timed(results(event, context(1_500)).catch(e => e));
  expect(err.message).toMatch(/Could not read the results of tuning job "mystack-tuning-abcde12345": TimeoutError: .*did not answer within 1\.[34] s/);
  expect(ms).toBeLessThan(1_500);
});

describe('put', () => {
  test('a 5xx is retried after a backoff when time is left', async () => {
    server.conditionCreated = true;
    server.injectFaults('500');
    expect(await put({ deadline: new Deadline(10_000) }, server.url, body)).toEqual({ statusCode: 200, attempts: 2 });
    expect(server.state).toBe('success');
  });

  test('no time left: no attempt at all', async () => {
    const err = await put({ deadline: new Deadline(100) }, server.url, body).catch(e => e);
    expect(err).toBeInstanceOf(SignalDeliveryError);
    expect(err.message).toBe('the signal could not be delivered after 0 attempts (last: no time left in this invocation)');
    expect(server.received).toEqual([]);
  });
});
