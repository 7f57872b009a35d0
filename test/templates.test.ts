import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AdvancedTuningStack, MultiAlgorithmTuningStack, XgboostTuningStack } from '../example/stacks';
import { ParameterRange, TrainingAlgorithm, TrainingImage, TrainingInput, TrainingJobDefinition, TuningJob, TuningObjective } from '../src';
import { bucketIn, newStack, XGBOOST_IMAGE } from './fixtures';
import { requestOf, tuningJobIds } from './util';

// What matters in a synthesized template, asserted directly: the exact request a minimal job
// sends, and for each example stack the shape of every tuning job's request. The whole
// templates are pinned by the integ snapshots (test/integ.*.ts.snapshot, verified by
// scripts/integ.sh), not repeated here.
const env = { account: '123456789012', region: 'us-east-1' };

test('minimal tuning job: the exact request, with defaults filled in', () => {
  const stack = newStack('Minimal');
  const bucket = bucketIn(stack);
  const definition = new TrainingJobDefinition(stack, 'Definition', {
    algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry(XGBOOST_IMAGE)),
    inputs: [TrainingInput.fromBucket('validation', bucket, 'validation/')],
    outputBucket: bucket,
    parameterRanges: [ParameterRange.continuous('eta', { min: 0.1, max: 0.5 })],
  });
  new TuningJob(stack, 'Tuning', {
    trainingJobDefinitions: [definition],
    objective: TuningObjective.maximize('validation:auc'),
    maxTrainingJobs: 2,
  });

  const roleId = stack.getLogicalId(definition.role.node.defaultChild as any);
  expect(requestOf(stack)).toEqual({
    HyperParameterTuningJobConfig: {
      Strategy: 'Bayesian',
      HyperParameterTuningJobObjective: { Type: 'Maximize', MetricName: 'validation:auc' },
      ResourceLimits: { MaxNumberOfTrainingJobs: 2, MaxParallelTrainingJobs: 1 },
      ParameterRanges: { ContinuousParameterRanges: [{ Name: 'eta', MinValue: '0.1', MaxValue: '0.5', ScalingType: 'Auto' }] },
    },
    TrainingJobDefinition: {
      AlgorithmSpecification: { TrainingImage: XGBOOST_IMAGE, TrainingInputMode: 'File' },
      RoleArn: `\${GetAtt:${roleId}.Arn}`,
      InputDataConfig: [{
        ChannelName: 'validation',
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://training-data/validation/' } },
      }],
      OutputDataConfig: { S3OutputPath: 's3://training-data/' },
      ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
      StoppingCondition: { MaxRuntimeInSeconds: 86400 },
    },
  });
  // One custom resource, served by the stack's provider.
  Template.fromStack(stack).resourceCountIs('Custom::SageMakerTuningJob', 1);
});

/** Strategy, limits, definitions and tuned ranges of each tuning job of a stack, by logical id prefix. */
function shapes(stack: Stack): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const id of tuningJobIds(stack)) {
    const request = requestOf(stack, id);
    const config = request.HyperParameterTuningJobConfig;
    const definitions = request.TrainingJobDefinition ? [request.TrainingJobDefinition] : request.TrainingJobDefinitions;
    const rangesOf = (r: any) => [
      ...(r?.IntegerParameterRanges ?? []), ...(r?.ContinuousParameterRanges ?? []),
      ...(r?.CategoricalParameterRanges ?? []), ...(r?.AutoParameters ?? []),
    ].map((x: any) => x.Name);
    out[id.replace(/[A-F0-9]{8}$/, '')] = {
      strategy: config.Strategy,
      limits: [config.ResourceLimits.MaxNumberOfTrainingJobs, config.ResourceLimits.MaxParallelTrainingJobs],
      definitions: request.TrainingJobDefinition
        ? [{ name: undefined, tuned: rangesOf(config.ParameterRanges) }]
        : definitions.map((d: any) => ({ name: d.DefinitionName, tuned: rangesOf(d.HyperParameterRanges) })),
      warmStart: request.WarmStartConfig?.WarmStartType,
      autotune: request.Autotune?.Mode,
    };
  }
  return out;
}

test('example XgboostTuning: one Bayesian job over one definition', () => {
  expect(shapes(new XgboostTuningStack(new App(), 'XgboostTuning', { env }))).toEqual({
    Tuning: {
      strategy: 'Bayesian',
      limits: [20, 2],
      definitions: [{ name: undefined, tuned: ['max_depth', 'eta', 'subsample', 'booster'] }],
      warmStart: undefined,
      autotune: undefined,
    },
  });
});

test('example MultiAlgorithmTuning: one Random job over two named definitions', () => {
  expect(shapes(new MultiAlgorithmTuningStack(new App(), 'MultiAlgorithmTuning', { env }))).toEqual({
    Tuning: {
      strategy: 'Random',
      limits: [30, 5],
      definitions: [
        { name: 'xgboost', tuned: ['max_depth', 'eta'] },
        { name: 'lightgbm', tuned: ['num_leaves', 'learning_rate'] },
      ],
      warmStart: undefined,
      autotune: undefined,
    },
  });
});

test('example AdvancedTuning: Hyperband, a warm-started algorithm-resource job and an autotuned job', () => {
  expect(shapes(new AdvancedTuningStack(new App(), 'AdvancedTuning', { env }))).toEqual({
    Hyperband: {
      strategy: 'Hyperband',
      limits: [40, 8],
      definitions: [{ name: undefined, tuned: ['batch_size', 'learning_rate', 'momentum', 'augment'] }],
      warmStart: undefined,
      autotune: undefined,
    },
    WarmStarted: {
      strategy: 'Bayesian',
      limits: [60, 3],
      definitions: [{ name: undefined, tuned: ['mini_batch_size', 'learning_rate'] }],
      warmStart: 'TransferLearning',
      autotune: undefined,
    },
    Autotuned: {
      strategy: 'Bayesian',
      limits: [10, 2],
      definitions: [{ name: undefined, tuned: ['eta', 'max_depth'] }],
      warmStart: undefined,
      autotune: 'Enabled',
    },
  });
});
