/**
 * The bundled handlers (assets/handler/*) against moto's SageMaker: create -> poll ->
 * attributes -> retried create -> update -> delete. Run with test/moto/run.sh.
 * moto answers Completed at once and does not implement StopHyperParameterTuningJob.
 */
import { randomUUID } from 'crypto';
import * as path from 'path';
import {
  DescribeHyperParameterTuningJobCommand,
  ListHyperParameterTuningJobsCommand,
  ListTagsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { CREATE_REQUEST_TAG, REQUEST_HASH_TAG } from '../../src/shared/contract';
import { HANDLER_KIND_ENV, HandlerKind } from '../../src/shared/handler-kind';
import type { WireCreateRequest } from '../../src/shared/wire';

type Handler = (event: unknown) => Promise<Record<string, any>>;

const endpoint = process.env.AWS_ENDPOINT_URL;
const ROOT = path.join(__dirname, '..', '..');
const RUN = randomUUID().slice(0, 8); // a moto reused across runs keeps its jobs
const STACK_ID = `arn:aws:cloudformation:us-east-1:123456789012:stack/MotoStack/${randomUUID()}`;

let onEvent: Handler;
let isComplete: Handler;
let sagemaker: SageMakerClient;

/** A handler of the one bundle, run as the function of that kind runs it (its environment names the kind). */
function load(kind: string): Handler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const main = require(path.join(ROOT, 'assets', 'handler', 'main.lambda', 'index.js')).handler;
  return ev => {
    process.env[HANDLER_KIND_ENV] = kind;
    return main(ev);
  };
}

beforeAll(() => {
  if (!endpoint) {
    throw new Error('AWS_ENDPOINT_URL is not set: run this test with test/moto/run.sh');
  }
  jest.resetModules(); // fresh module load: the bundles build their client from the environment now
  onEvent = load(HandlerKind.ON_EVENT);
  isComplete = load(HandlerKind.IS_COMPLETE);
  // An independent client, configured explicitly, to check what the handlers did.
  sagemaker = new SageMakerClient({ endpoint, region: 'us-east-1' });
});

afterAll(() => sagemaker?.destroy());

function request(maxJobs = 12): WireCreateRequest {
  return {
    HyperParameterTuningJobConfig: {
      Strategy: 'Bayesian',
      HyperParameterTuningJobObjective: { Type: 'Maximize', MetricName: 'validation:auc' },
      ResourceLimits: { MaxNumberOfTrainingJobs: maxJobs, MaxParallelTrainingJobs: 3, MaxRuntimeInSeconds: 7200 },
      ParameterRanges: {
        ContinuousParameterRanges: [{ Name: 'eta', MinValue: '0.01', MaxValue: '0.3', ScalingType: 'Logarithmic' }],
        IntegerParameterRanges: [{ Name: 'max_depth', MinValue: '3', MaxValue: '10', ScalingType: 'Auto' }],
        CategoricalParameterRanges: [{ Name: 'booster', Values: ['gbtree', 'dart'] }],
      },
      TrainingJobEarlyStoppingType: 'Auto',
    },
    TrainingJobDefinition: {
      StaticHyperParameters: { objective: 'binary:logistic', num_round: '200' },
      AlgorithmSpecification: {
        TrainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
        TrainingInputMode: 'File',
        MetricDefinitions: [{ Name: 'validation:auc', Regex: 'validation-auc:([0-9.]+)' }],
      },
      RoleArn: 'arn:aws:iam::123456789012:role/MotoStack-TrainingRole',
      InputDataConfig: [
        { ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://moto-bucket/data/train/' } }, ContentType: 'text/csv' },
        { ChannelName: 'validation', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://moto-bucket/data/validation/' } }, ContentType: 'text/csv' },
      ],
      OutputDataConfig: { S3OutputPath: 's3://moto-bucket/tuning-output/' },
      ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
      StoppingCondition: { MaxRuntimeInSeconds: 3600 },
      EnableNetworkIsolation: false,
    },
    Tags: [{ Key: 'project', Value: 'moto-test' }],
  };
}

function properties(o: { req?: WireCreateRequest; jobName?: string; detached?: boolean } = {}): Record<string, string> {
  const p: Record<string, string> = {
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:MotoStack-Provider',
    Request: JSON.stringify(o.req ?? request()),
    JobNamePrefix: `moto-${RUN}`,
    Detached: String(o.detached ?? false),
    WaitTimeoutSeconds: '3300',
  };
  if (o.jobName) {
    p.JobName = o.jobName;
  }
  return p;
}

function event(type: 'Create' | 'Update' | 'Delete', resourceProperties: Record<string, string>, extra: Record<string, unknown> = {}) {
  return {
    RequestType: type,
    ServiceToken: resourceProperties.ServiceToken,
    ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/moto',
    StackId: STACK_ID,
    RequestId: randomUUID(),
    LogicalResourceId: 'TuningJob1A2B3C4D',
    ResourceType: 'Custom::SageMakerTuningJob',
    ResourceProperties: resourceProperties,
    ...extra,
  };
}

/** What the provider framework does: onEvent, then isComplete with onEvent's result merged in. */
async function run(ev: ReturnType<typeof event>) {
  const result = await onEvent(ev);
  const polled = await isComplete({ ...ev, ...result });
  return { result, polled, data: { ...result.Data, ...polled.Data } };
}

async function jobNames(): Promise<string[]> {
  const out = await sagemaker.send(new ListHyperParameterTuningJobsCommand({ NameContains: `moto-${RUN}`, MaxResults: 100 }));
  return (out.HyperParameterTuningJobSummaries ?? []).map(s => s.HyperParameterTuningJobName!);
}

let firstJob: string;

test('create: starts the job under a generated name, with the request as rendered and the handler tags', async () => {
  const create = event('Create', properties());
  const { result, polled, data } = await run(create);
  firstJob = result.PhysicalResourceId;
  expect(firstJob).toMatch(new RegExp(`^moto-${RUN}-[a-z0-9]{10}$`));
  expect(polled.IsComplete).toBe(true);
  expect(await jobNames()).toEqual([firstJob]);

  const d = await sagemaker.send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: firstJob }));
  expect(d.HyperParameterTuningJobConfig?.ResourceLimits).toEqual({
    MaxNumberOfTrainingJobs: 12, MaxParallelTrainingJobs: 3, MaxRuntimeInSeconds: 7200, // numbers survived as numbers
  });
  expect(d.TrainingJobDefinition?.InputDataConfig).toHaveLength(2);
  const tags = await sagemaker.send(new ListTagsCommand({ ResourceArn: d.HyperParameterTuningJobArn }));
  expect(tags.Tags).toEqual(expect.arrayContaining([
    { Key: 'project', Value: 'moto-test' },
    { Key: CREATE_REQUEST_TAG, Value: create.RequestId },
    { Key: REQUEST_HASH_TAG, Value: expect.stringMatching(/^[0-9a-f]{64}$/) },
  ]));

  // attributes: every key present; moto's canned best job
  expect(data).toMatchObject({
    'TuningJobName': firstJob,
    'TuningJobArn': d.HyperParameterTuningJobArn,
    'TuningJobStatus': 'Completed',
    'BestTrainingJobName': 'FakeTrainingJobName',
    'BestObjectiveValue': '1',
    'BestModelDataUri': 's3://moto-bucket/tuning-output/FakeTrainingJobName/output/model.tar.gz',
    'OverallBestTrainingJobName': 'FakeTrainingJobName',
    'BestHyperParameter.eta': '',
    'BestHyperParameter.max_depth': '',
    'BestHyperParameter.booster': '',
  });
  expect(Date.parse(data.WaitStartedAt)).not.toBeNaN();

  // a retry of the same CloudFormation request (same RequestId) adopts the job it started
  const retried = await onEvent(create);
  expect(retried.PhysicalResourceId).toBe(firstJob);
  expect(await jobNames()).toEqual([firstJob]);
});

test('create with a fixed name that another request already used fails: the name is taken', async () => {
  const fixed = `moto-${RUN}-fixed`;
  await run(event('Create', properties({ jobName: fixed })));
  await expect(onEvent(event('Create', properties({ jobName: fixed })))).rejects.toThrow(
    new RegExp(`Could not create tuning job "${fixed}": the name is taken.*not started by this deployment`));
  // and a fixed name cannot take a new request
  await expect(onEvent(event('Update', properties({ jobName: fixed, req: request(30) }), {
    PhysicalResourceId: fixed, OldResourceProperties: properties({ jobName: fixed }),
  }))).rejects.toThrow(/tuning jobs are immutable/);
  // ... unless the job already is that request (a rollback)
  const rollback = await onEvent(event('Update', properties({ jobName: fixed }), {
    PhysicalResourceId: fixed, OldResourceProperties: properties({ jobName: fixed, req: request(30) }),
  }));
  expect(rollback.PhysicalResourceId).toBe(fixed);
});

let secondJob: string;

test('update: settings only keep the job; a new request starts a new one', async () => {
  const keep = await run(event('Update', properties({ detached: true }), { PhysicalResourceId: firstJob, OldResourceProperties: properties() }));
  expect(keep.result.PhysicalResourceId).toBe(firstJob);
  expect(keep.polled.IsComplete).toBe(true);

  const replace = await run(event('Update', properties({ req: request(24) }), { PhysicalResourceId: firstJob, OldResourceProperties: properties() }));
  secondJob = replace.result.PhysicalResourceId;
  expect(secondJob).not.toBe(firstJob);
  expect(replace.data.TuningJobName).toBe(secondJob);
  const d = await sagemaker.send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: secondJob }));
  expect(d.HyperParameterTuningJobConfig?.ResourceLimits?.MaxNumberOfTrainingJobs).toBe(24);
  expect((await jobNames()).sort()).toEqual([firstJob, `moto-${RUN}-fixed`, secondJob].sort());
});

test('delete: finished, missing and never-created jobs all delete cleanly (moto has no StopHyperParameterTuningJob)', async () => {
  for (const physicalId of [firstJob, secondJob, `moto-${RUN}-fixed`, `moto-${RUN}-never-created`, 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED']) {
    const del = event('Delete', properties(), { PhysicalResourceId: physicalId });
    await expect(onEvent(del)).resolves.toEqual({ PhysicalResourceId: physicalId });
    await expect(isComplete({ ...del })).resolves.toEqual({ IsComplete: true });
  }
});
