// Integration test (b): a Hyperband tuning job (early stopping off, resource bounds, completion
// on convergence) whose epochs come from the static hyperparameters.
//
// Verified as a snapshot by `scripts/integ.sh` (no deployment).
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import {
  ParameterRange, ScalingType, TrainingAlgorithm, TrainingImage, TrainingInstanceType,
  TrainingJobDefinition, TuningJob, TuningObjective, TuningStrategy,
} from '../src';
import { csvInputs, integDataBucket, XGBOOST_IMAGE } from './integ-shared';

const app = new App();
const stack = new Stack(app, 'integ-tuning-hyperband');

const bucket = integDataBucket(stack);

const definition = new TrainingJobDefinition(stack, 'Xgboost', {
  algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry(XGBOOST_IMAGE)),
  inputs: csvInputs(bucket),
  outputBucket: bucket,
  outputPrefix: 'hyperband',
  instanceType: TrainingInstanceType.ML_M5_LARGE,
  maxRuntime: Duration.minutes(20),
  staticHyperParameters: { objective: 'binary:logistic', eval_metric: 'auc', num_round: '81' },
  parameterRanges: [
    ParameterRange.continuous('eta', { min: 0.01, max: 0.3, scaling: ScalingType.LOGARITHMIC }),
    ParameterRange.integer('max_depth', { min: 3, max: 10 }),
    ParameterRange.continuous('colsample_bytree', { min: 0.5, max: 1 }),
  ],
});

const tuning = new TuningJob(stack, 'Tuning', {
  trainingJobDefinitions: [definition],
  objective: TuningObjective.maximize('validation:auc'),
  strategy: TuningStrategy.hyperband({ minResource: 3, maxResource: 81 }),
  maxTrainingJobs: 9,
  maxParallelTrainingJobs: 3,
  earlyStopping: false,
  completionCriteria: { completeOnConvergence: true },
});

new CfnOutput(stack, 'BestTrainingJob', { value: tuning.bestTrainingJobName });
new CfnOutput(stack, 'BestAuc', { value: tuning.bestObjectiveValue });

new IntegTest(app, 'Hyperband', {
  testCases: [stack],
  regions: ['us-east-1'],
  stackUpdateWorkflow: false,
});
