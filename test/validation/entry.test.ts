/*
 * Single-prop rules checked where TrainingJobDefinition receives its props: the constructor
 * throws one error with every problem of the construct, each naming the construct path, the
 * prop, the value and what is allowed. Tokens pass unchecked.
 */
import { App, CfnParameter, Duration, Size, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  CompressionType, ParameterRange, TrainingAlgorithm, TrainingImage, TrainingInput, TrainingInstanceType, TrainingJobDefinition,
  TrainingJobDefinitionProps,
} from '../../src';
import { INSTANCE_COUNT_RULE } from '../../src/validation/definition/instances';
import { MAX_RUNTIME_RULE } from '../../src/validation/definition/stopping';

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function define(stack: Stack, overrides: Partial<TrainingJobDefinitionProps>): TrainingJobDefinition {
  const bucket = s3.Bucket.fromBucketName(stack, 'Data', 'training-data');
  return new TrainingJobDefinition(stack, 'Def', {
    algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/my-trainer:1')),
    metricDefinitions: [{ name: 'validation:auc', regex: 'validation-auc=([0-9.]+)' }],
    inputs: [TrainingInput.fromBucket('train', bucket, 'train/')],
    outputBucket: bucket,
    ...overrides,
  });
}

/** The constructor's error, or '' when it accepts the props (and the app then synthesizes). */
function entryError(overrides: (stack: Stack) => Partial<TrainingJobDefinitionProps>): string {
  const stack = newStack();
  try {
    define(stack, overrides(stack));
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

test('the rule ids', () => {
  expect([MAX_RUNTIME_RULE, INSTANCE_COUNT_RULE]).toEqual(['TJ-MAX-RUNTIME-28-DAYS', 'TJ-INSTANCE-COUNT-MIN']);
});

const groups = (count: number) => [
  { name: 'a', instanceType: TrainingInstanceType.ML_M5_XLARGE },
  { name: 'b', instanceType: TrainingInstanceType.ML_C5_XLARGE, instanceCount: count },
];
const configs = (count: number) => [
  { instanceType: TrainingInstanceType.ML_M5_XLARGE },
  { instanceType: TrainingInstanceType.ML_C5_XLARGE, instanceCount: count },
];

describe('TJ-MAX-RUNTIME-28-DAYS: maxRuntime, checked by the TrainingJobDefinition constructor', () => {
  test('over 28 days fails with the path, the prop, the value and the limit', () => {
    expect(entryError(() => ({ maxRuntime: Duration.days(30) }))).toBe(
      'Stack/Def: maxRuntime (TrainingJobDefinition.StoppingCondition.MaxRuntimeInSeconds) is 2592000 s (30 days), but a training job can run at most 28 days (2419200 s).');
    expect(entryError(() => ({ maxRuntime: Duration.seconds(2419201) }))).toContain('is 2419201 s, but a training job can run at most 28 days');
  });

  test.each([
    ['28 days', () => ({ maxRuntime: Duration.days(28) })],
    ['the default', () => ({})],
    ['a token', (stack: Stack) => ({ maxRuntime: Duration.seconds(new CfnParameter(stack, 'Seconds', { type: 'Number' }).valueAsNumber) })],
  ])('%s passes', (_, overrides) => {
    expect(entryError(overrides)).toBe('');
  });
});

describe('TJ-INSTANCE-COUNT-MIN: instance counts, checked by the TrainingJobDefinition constructor', () => {
  test.each([
    ['instanceCount', { instanceCount: 0 }, 'instanceCount (TrainingJobDefinition.ResourceConfig.InstanceCount) is 0'],
    ['instanceCount with tuningResourceConfig', { instanceCount: 0, tuningResourceConfig: true },
      'instanceCount (TrainingJobDefinition.HyperParameterTuningResourceConfig.InstanceCount) is 0'],
    ['instanceGroups[1].instanceCount', { instanceGroups: groups(-1) },
      'instanceGroups[1].instanceCount (TrainingJobDefinition.ResourceConfig.InstanceGroups[1].InstanceCount) is -1'],
    ['instanceConfigs[1].instanceCount', { instanceConfigs: configs(0) },
      'instanceConfigs[1].instanceCount (TrainingJobDefinition.HyperParameterTuningResourceConfig.InstanceConfigs[1].InstanceCount) is 0'],
  ] as Array<[string, Partial<TrainingJobDefinitionProps>, string]>)('%s below 1 fails with the path, the prop and the value', (_, props, message) => {
    expect(entryError(() => props)).toBe(`Stack/Def: ${message}, but a training job needs at least 1 instance.`);
  });

  test.each([
    ['instanceCount 1', () => ({ instanceCount: 1 })],
    ['instance groups of 1 and the default', () => ({ instanceGroups: groups(1) })],
    ['instance configs of 1 and the default', () => ({ instanceConfigs: configs(1) })],
    ['a token', (stack: Stack) => ({ instanceCount: new CfnParameter(stack, 'Count', { type: 'Number' }).valueAsNumber })],
  ])('%s passes', (_, overrides) => {
    expect(entryError(overrides)).toBe('');
  });
});

test('every prop problem of the construct is reported together: units, props, inputs and ranges', () => {
  const message = entryError(stack => ({
    maxRuntime: Duration.days(29),
    instanceCount: 0,
    instanceGroups: groups(0),
    volumeSize: Size.mebibytes(1500),
    inputs: [TrainingInput.fromBucket('train', s3.Bucket.fromBucketName(stack, 'Other', 'other'), 'train/', { compression: CompressionType.GZIP })],
    parameterRanges: [ParameterRange.integer('depth', { min: 10, max: 3 })],
  }));
  const lines = message.split('\n');
  expect(lines).toHaveLength(7);
  expect(lines.every(l => l.startsWith('Stack/Def: '))).toBe(true);
  for (const text of [
    'volumeSize must be a whole number of GiB',
    'maxRuntime (TrainingJobDefinition.StoppingCondition.MaxRuntimeInSeconds) is 2505600 s (29 days)',
    'instanceCount (TrainingJobDefinition.ResourceConfig.InstanceCount) is 0',
    'instanceGroups[1].instanceCount (TrainingJobDefinition.ResourceConfig.InstanceGroups[1].InstanceCount) is 0',
    'instanceGroups (TrainingJobDefinition.ResourceConfig.InstanceGroups) is set together with instanceCount',
    "inputs[0] (channel 'train'): compression (CompressionType) is 'Gzip' with input mode 'File'",
    "parameterRanges[0] (integer 'depth'): min (MinValue) is 10 and max (MaxValue) is 3",
  ]) {
    expect(message).toContain(text);
  }
});
