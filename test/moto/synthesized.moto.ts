/**
 * Construct and handler end to end: the properties the constructs synthesize for the example
 * stacks, as CloudFormation would deliver them (every value a string, intrinsics resolved), drive
 * the bundled handlers against moto's SageMaker. Run with test/moto/run.sh.
 */
import { randomUUID } from 'crypto';
import * as path from 'path';
import { DescribeHyperParameterTuningJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MultiAlgorithmTuningStack, XgboostTuningStack } from '../../example/stacks';
import { HANDLER_KIND_ENV, HandlerKind } from '../../src/shared/handler-kind';

type Handler = (event: unknown) => Promise<Record<string, any>>;

const ROOT = path.join(__dirname, '..', '..');
const ACCOUNT = '123456789012';
let onEvent: Handler;
let isComplete: Handler;
let sagemaker: SageMakerClient;

beforeAll(() => {
  if (!process.env.AWS_ENDPOINT_URL) {
    throw new Error('AWS_ENDPOINT_URL is not set: run this test with test/moto/run.sh');
  }
  jest.resetModules();
  // One bundle for every function; the function's environment names the handler it runs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const main = require(path.join(ROOT, 'assets/handler/main.lambda/index.js')).handler;
  const as = (kind: string): Handler => event => {
    process.env[HANDLER_KIND_ENV] = kind;
    return main(event);
  };
  onEvent = as(HandlerKind.ON_EVENT);
  isComplete = as(HandlerKind.IS_COMPLETE);
  sagemaker = new SageMakerClient({ endpoint: process.env.AWS_ENDPOINT_URL, region: 'us-east-1' });
});

afterAll(() => sagemaker?.destroy());

/** Resolves a CloudFormation value the way a deployment would, with plausible fake values. */
function resolve(value: unknown, resources: Record<string, any>): unknown {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  const v = value as Record<string, any>;
  if (v.Ref) {
    const ref: string = v.Ref;
    if (ref === 'AWS::Partition') return 'aws';
    if (ref === 'AWS::Region') return 'us-east-1';
    if (ref === 'AWS::AccountId') return ACCOUNT;
    if (ref === 'AWS::URLSuffix') return 'amazonaws.com';
    if (resources[ref]?.Type === 'AWS::S3::Bucket') return `bucket-${ref.toLowerCase()}`.slice(0, 60);
    return `${ref.toLowerCase()}-id`;
  }
  if (v['Fn::GetAtt']) {
    const [id, attr] = v['Fn::GetAtt'];
    if (resources[id]?.Type === 'AWS::IAM::Role' && attr === 'Arn') return `arn:aws:iam::${ACCOUNT}:role/${id}`;
    if (resources[id]?.Type === 'AWS::KMS::Key') return `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`;
    return `${id}-${attr}`;
  }
  if (v['Fn::Join']) {
    return (v['Fn::Join'][1] as unknown[]).map(p => resolve(p, resources)).join(v['Fn::Join'][0]);
  }
  if (v['Fn::Select']) {
    const list = resolve(v['Fn::Select'][1], resources);
    return Array.isArray(list) ? list[v['Fn::Select'][0]] : `select-${v['Fn::Select'][0]}`;
  }
  if (v['Fn::Split']) {
    return String(resolve(v['Fn::Split'][1], resources)).split(v['Fn::Split'][0]);
  }
  throw new Error(`cannot resolve ${JSON.stringify(value).slice(0, 200)}`);
}

/** The tuning job's resource properties as CloudFormation hands them to the provider. */
function deployedProperties(stack: Stack): Record<string, string> {
  const template = Template.fromStack(stack).toJSON();
  const [job] = Object.values<any>(template.Resources).filter(r => r.Type === 'Custom::SageMakerTuningJob');
  const props: Record<string, string> = {};
  for (const [k, v] of Object.entries<unknown>(job.Properties)) {
    props[k] = resolve(v, template.Resources) as string;
  }
  return props;
}

async function createAndWait(stack: Stack) {
  const properties = deployedProperties(stack);
  const event = {
    RequestType: 'Create',
    ServiceToken: properties.ServiceToken,
    ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/moto',
    StackId: `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/${stack.stackName}/${randomUUID()}`,
    RequestId: randomUUID(),
    LogicalResourceId: 'Tuning79A926AD',
    ResourceType: 'Custom::SageMakerTuningJob',
    ResourceProperties: properties,
  };
  const created = await onEvent(event);
  const polled = await isComplete({ ...event, ...created });
  return { properties, created, polled, data: { ...created.Data, ...polled.Data } };
}

test('the example single-definition job: synthesized request created as rendered, attributes for every name the app reads', async () => {
  const stack = new XgboostTuningStack(new App(), `XgboostMoto${randomUUID().slice(0, 6)}`, { env: { account: ACCOUNT, region: 'us-east-1' } });
  const { properties, created, polled, data } = await createAndWait(stack);
  const request = JSON.parse(properties.Request);

  expect(created.PhysicalResourceId).toMatch(new RegExp(`^${properties.JobNamePrefix}-[a-z0-9]{10}$`));
  expect(polled.IsComplete).toBe(true);
  const d = await sagemaker.send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: created.PhysicalResourceId }));
  expect(d.HyperParameterTuningJobConfig?.Strategy).toBe('Bayesian');
  expect(d.HyperParameterTuningJobConfig?.ResourceLimits).toEqual(request.HyperParameterTuningJobConfig.ResourceLimits);
  expect(d.HyperParameterTuningJobConfig?.ParameterRanges).toEqual(request.HyperParameterTuningJobConfig.ParameterRanges);
  expect(d.TrainingJobDefinition?.RoleArn).toBe(request.TrainingJobDefinition.RoleArn);
  expect(d.TrainingJobDefinition?.InputDataConfig).toEqual(request.TrainingJobDefinition.InputDataConfig);
  // Only what the app reads comes back (ReadAttributes), which keeps the response under 4,096 bytes.
  const read: string[] = JSON.parse(properties.ReadAttributes);
  expect(read).toContain('BestHyperParameter.eta');
  expect(Object.keys(data).filter(k => k.startsWith('BestHyperParameter.')).sort()).toEqual(read.filter(a => a.startsWith('BestHyperParameter.')).sort());
  expect(data.TuningJobArn).toBe(d.HyperParameterTuningJobArn);
  expect(data.TuningJobStatus).toBe('Completed');
});

test('the example multi-algorithm job (detached): TrainingJobDefinitions with names, ranges and objectives', async () => {
  const stack = new MultiAlgorithmTuningStack(new App(), `MultiMoto${randomUUID().slice(0, 6)}`, { env: { account: ACCOUNT, region: 'us-east-1' } });
  const { properties, created, polled } = await createAndWait(stack);
  expect(properties.Detached).toBe('true');
  expect(polled.IsComplete).toBe(true);
  const d = await sagemaker.send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: created.PhysicalResourceId }));
  expect(d.TrainingJobDefinitions?.map(t => t.DefinitionName)).toEqual(['xgboost', 'lightgbm']);
  expect(d.TrainingJobDefinitions?.[1].HyperParameterTuningResourceConfig?.InstanceConfigs).toHaveLength(2);
  expect(d.TrainingJobDefinitions?.every(t => t.TuningObjective?.MetricName === 'validation:auc')).toBe(true);
});
