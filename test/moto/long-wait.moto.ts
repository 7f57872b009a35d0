/**
 * The long-wait bundles (assets/handler/{on-event,is-complete,signal,results}.lambda) against
 * moto's SageMaker through the real SDK, with the WaitCondition's presigned URL served by a
 * local stand-in on 127.0.0.1 and CloudFormation's query API by another (moto has no wait
 * handles): the job resource starts the job, tags it with its wait and returns the wait window,
 * the signal handler (invoked as the stack's safety check) finds the wait in progress, reads
 * the job's tags from moto and the handle's URL from CloudFormation, and signals SUCCESS in
 * CloudFormation's format, and the results handler reads the best training job. Run with
 * test/moto/run.sh.
 * moto answers Completed at once, so the running-job paths are in test/handler/signal.test.ts.
 */
import { randomUUID } from 'crypto';
import * as path from 'path';
import { Attr } from '../../src/shared/contract';
import { HANDLER_KIND_ENV, HandlerKind } from '../../src/shared/handler-kind';
import {
  ResultsProp, SIGNAL_STACK_ID_ENV, SignalInput, SignalTrigger, waitConditionLogicalId, waitHandleLogicalId, WaitWindowAttr,
} from '../../src/shared/long-wait';
import { CloudFormationServer, FakeStackResource } from '../handler/cloudformation-server';
import { WaitConditionServer } from '../handler/wait-condition-server';

type Handler = (event: unknown) => Promise<Record<string, any>>;

const ROOT = path.join(__dirname, '..', '..');
const RUN = randomUUID().slice(0, 8);
/** A handler of the one bundle (assets/handler/main.lambda), picked as its function's environment does. */
function load(kind: string): Handler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const main = require(path.join(ROOT, 'assets', 'handler', 'main.lambda', 'index.js')).handler;
  return ev => {
    process.env[HANDLER_KIND_ENV] = kind;
    return main(ev);
  };
}

let server: WaitConditionServer;
let cfn: CloudFormationServer;
const logs: string[] = [];
const STACK_ID = `arn:aws:cloudformation:us-east-1:123456789012:stack/MotoStack/${randomUUID()}`;
const KEY = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
let stackResources: FakeStackResource[] = [];

beforeAll(async () => {
  if (!process.env.AWS_ENDPOINT_URL) {
    throw new Error('AWS_ENDPOINT_URL is not set: run this test with test/moto/run.sh');
  }
  jest.resetModules();
  server = new WaitConditionServer();
  await server.start();
  cfn = new CloudFormationServer(STACK_ID, () => stackResources);
  await cfn.start();
  process.env.AWS_ENDPOINT_URL_CLOUDFORMATION = cfn.url;
  process.env[SIGNAL_STACK_ID_ENV] = STACK_ID;
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logs.push(args.join(' '));
  });
});
afterAll(async () => {
  jest.restoreAllMocks();
  await server.stop();
  await cfn.stop();
  expect(cfn.formatErrors).toEqual([]);
});

const request = {
  HyperParameterTuningJobConfig: {
    Strategy: 'Bayesian',
    HyperParameterTuningJobObjective: { Type: 'Maximize', MetricName: 'validation:auc' },
    ResourceLimits: { MaxNumberOfTrainingJobs: 12, MaxParallelTrainingJobs: 2 },
    ParameterRanges: { ContinuousParameterRanges: [{ Name: 'eta', MinValue: '0.01', MaxValue: '0.3', ScalingType: 'Logarithmic' }] },
  },
  TrainingJobDefinition: {
    StaticHyperParameters: { objective: 'binary:logistic' },
    AlgorithmSpecification: { TrainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1', TrainingInputMode: 'File' },
    RoleArn: 'arn:aws:iam::123456789012:role/MotoStack-TrainingRole',
    InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://moto-bucket/train/' } } }],
    OutputDataConfig: { S3OutputPath: 's3://moto-bucket/models' },
    ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  },
};

test('a 6-hour wait: job resource, signal, results', async () => {
  const props = {
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:MotoStack-Provider',
    Request: JSON.stringify(request),
    JobNamePrefix: `moto-long-${RUN}`,
    Detached: 'true',
    WaitTimeoutSeconds: String(6 * 3600),
    LongWait: KEY,
  };
  const ev = {
    RequestType: 'Create',
    StackId: STACK_ID,
    RequestId: randomUUID(),
    LogicalResourceId: 'Tuning1A2B3C4D',
    ResourceType: 'Custom::SageMakerTuningJob',
    ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/moto',
    ResourceProperties: props,
  };
  const created = await load(HandlerKind.ON_EVENT)(ev);
  const jobName = created.PhysicalResourceId;
  expect(Date.parse(created.Data[WaitWindowAttr.DEADLINE]) - Date.now()).toBeGreaterThan(6 * 3600 * 1000 - 60_000);
  const polled = await load(HandlerKind.IS_COMPLETE)({ ...ev, ...created });
  expect(polled.IsComplete).toBe(true);
  const jobArn = polled.Data[Attr.JOB_ARN];
  expect(jobArn).toContain(jobName.toLowerCase());

  // The WaitCondition exists; the stack's safety check runs the signal handler.
  server.conditionCreated = true;
  stackResources = [
    { logicalId: 'Tuning1A2B3C4D', type: 'Custom::SageMakerTuningJob', status: 'CREATE_COMPLETE', physicalId: jobName, lastUpdated: new Date() },
    { logicalId: waitHandleLogicalId(KEY), type: 'AWS::CloudFormation::WaitConditionHandle', status: 'CREATE_COMPLETE', physicalId: server.url },
    { logicalId: waitConditionLogicalId(KEY), type: 'AWS::CloudFormation::WaitCondition', status: 'CREATE_IN_PROGRESS' },
  ];
  const checked = await load(HandlerKind.SIGNAL)({ [SignalInput.TRIGGER]: SignalTrigger.SAFETY_CHECK });
  const outcome = checked.jobs[jobName];
  expect(outcome.action).toBe('signalled');
  expect(server.formatErrors).toEqual([]);
  expect(server.state).toBe('success');
  expect(server.counted).toEqual([expect.objectContaining({ Status: 'SUCCESS', UniqueId: jobName })]);

  // After the WaitCondition: the results resource.
  const results = await load(HandlerKind.RESULTS)({
    RequestType: 'Create', ResourceProperties: { [ResultsProp.JOB_NAME]: jobName, [ResultsProp.HYPERPARAMETERS]: '["eta"]' },
  });
  expect(results.PhysicalResourceId).toBe(jobName);
  expect(results.Data[Attr.STATUS]).toBe('Completed');
  expect(results.Data[Attr.BEST_TRAINING_JOB_NAME]).toBe(server.counted[0].Data);
  expect(Object.keys(results.Data)).toEqual(expect.arrayContaining([`${Attr.BEST_HYPERPARAMETER_PREFIX}eta`, 'BestModelDataKey']));
  for (const line of logs) {
    expect(line).not.toContain('X-Amz-Signature');
  }
});
