// Integration test (c): a Grid search over categorical ranges only (the number of training
// jobs is the number of combinations, 3 x 2 = 6, so maxTrainingJobs is left to SageMaker).
//
// Verified as a snapshot by `scripts/integ.sh` (no deployment).
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import {
  ParameterRange, TrainingAlgorithm, TrainingImage, TrainingInstanceType,
  TrainingJobDefinition, TuningJob, TuningObjective, TuningStrategy,
} from '../src';
import { csvInputs, integDataBucket, XGBOOST_IMAGE } from './integ-shared';

const app = new App();
const stack = new Stack(app, 'integ-tuning-grid');

const bucket = integDataBucket(stack);

const definition = new TrainingJobDefinition(stack, 'Xgboost', {
  algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry(XGBOOST_IMAGE)),
  inputs: csvInputs(bucket),
  outputBucket: bucket,
  outputPrefix: 'grid',
  instanceType: TrainingInstanceType.ML_M5_LARGE,
  maxRuntime: Duration.minutes(15),
  staticHyperParameters: { objective: 'binary:logistic', eval_metric: 'auc', num_round: '50' },
  parameterRanges: [
    ParameterRange.categorical('max_depth', ['3', '6', '9']),
    ParameterRange.categorical('booster', ['gbtree', 'dart']),
  ],
});

const tuning = new TuningJob(stack, 'Tuning', {
  trainingJobDefinitions: [definition],
  objective: TuningObjective.maximize('validation:auc'),
  strategy: TuningStrategy.grid(),
  maxParallelTrainingJobs: 3,
});

new CfnOutput(stack, 'BestTrainingJob', { value: tuning.bestTrainingJobName });
new CfnOutput(stack, 'BestMaxDepth', { value: tuning.bestHyperParameter('max_depth') });
new CfnOutput(stack, 'BestBooster', { value: tuning.bestHyperParameter('booster') });

new IntegTest(app, 'Grid', {
  testCases: [stack],
  regions: ['us-east-1'],
  stackUpdateWorkflow: false,
});
