import { App } from 'aws-cdk-lib';
import { AdvancedTuningStack, MultiAlgorithmTuningStack, XgboostTuningStack } from '../example/stacks';
import { ParameterRange, TrainingAlgorithm, TrainingImage, TrainingJobDefinition, TuningJob, TuningObjective } from '../src';
import { bucketIn, newStack, XGBOOST_IMAGE } from './fixtures';
import { snapshotTemplate } from './util';

// Templates are pinned; asset hashes are masked so that a rebuilt handler bundle does not
// churn them. Update with `npx projen test:update` after an intended change.
const env = { account: '123456789012', region: 'us-east-1' };

test('minimal tuning job', () => {
  const stack = newStack('Minimal');
  const bucket = bucketIn(stack);
  const definition = new TrainingJobDefinition(stack, 'Definition', {
    algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry(XGBOOST_IMAGE)),
    outputBucket: bucket,
    parameterRanges: [ParameterRange.continuous('eta', { min: 0.1, max: 0.5 })],
  });
  new TuningJob(stack, 'Tuning', {
    trainingJobDefinitions: [definition],
    objective: TuningObjective.maximize('validation:auc'),
    maxTrainingJobs: 2,
  });
  expect(snapshotTemplate(stack)).toMatchSnapshot();
});

test('realistic single-definition job (example XgboostTuning)', () => {
  expect(snapshotTemplate(new XgboostTuningStack(new App(), 'XgboostTuning', { env }))).toMatchSnapshot();
});

test('multi-algorithm job (example MultiAlgorithmTuning)', () => {
  expect(snapshotTemplate(new MultiAlgorithmTuningStack(new App(), 'MultiAlgorithmTuning', { env }))).toMatchSnapshot();
});

test('full job: VPC, KMS, spot, Hyperband, warm start, autotune (example AdvancedTuning)', () => {
  expect(snapshotTemplate(new AdvancedTuningStack(new App(), 'AdvancedTuning', { env }))).toMatchSnapshot();
});
