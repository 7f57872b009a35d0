// Integration test (d): a multi-algorithm tuning job (TrainingJobDefinitions[]): SageMaker's
// built-in XGBoost against a custom LightGBM image in ECR, Random search, each definition
// with its own ranges and (the same) objective.
//
// Verified as a snapshot by `scripts/integ.sh` (no deployment). Deploying it for real needs
// the image `<account>.dkr.ecr.us-east-1.amazonaws.com/integ-lightgbm:v1` and the data.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, CfnOutput, Duration, Size, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import {
  InputMode, ParameterRange, ScalingType, TrainingAlgorithm, TrainingImage, TrainingInstanceType,
  TrainingJobDefinition, TuningJob, TuningObjective, TuningStrategy,
} from '../src';
import { csvInputs, integDataBucket, XGBOOST_IMAGE } from './integ-shared';

const app = new App();
const stack = new Stack(app, 'integ-tuning-multi-algorithm');

const bucket = integDataBucket(stack);
const repository = ecr.Repository.fromRepositoryName(stack, 'LightGbmRepo', 'integ-lightgbm');

const xgboost = new TrainingJobDefinition(stack, 'Xgboost', {
  definitionName: 'xgboost',
  algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry(XGBOOST_IMAGE)),
  inputs: csvInputs(bucket),
  outputBucket: bucket,
  outputPrefix: 'models/xgboost',
  instanceType: TrainingInstanceType.ML_M5_LARGE,
  maxRuntime: Duration.minutes(15),
  staticHyperParameters: { objective: 'binary:logistic', eval_metric: 'auc', num_round: '50' },
  parameterRanges: [
    ParameterRange.continuous('eta', { min: 0.05, max: 0.5 }),
    ParameterRange.integer('max_depth', { min: 3, max: 8 }),
  ],
});

const lightgbm = new TrainingJobDefinition(stack, 'LightGbm', {
  definitionName: 'lightgbm',
  algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromEcrRepository(repository, 'v1')),
  metricDefinitions: [{ name: 'validation:auc', regex: 'valid_0 auc: ([0-9.]+)' }],
  inputMode: InputMode.FAST_FILE,
  inputs: csvInputs(bucket),
  outputBucket: bucket,
  outputPrefix: 'models/lightgbm',
  instanceConfigs: [
    { instanceType: TrainingInstanceType.ML_C5_XLARGE, volumeSize: Size.gibibytes(10) },
    { instanceType: TrainingInstanceType.ML_M5_LARGE, volumeSize: Size.gibibytes(10) },
  ],
  maxRuntime: Duration.minutes(15),
  retryAttempts: 1,
  staticHyperParameters: { objective: 'binary' },
  parameterRanges: [
    ParameterRange.continuous('learning_rate', { min: 0.01, max: 0.3, scaling: ScalingType.LOGARITHMIC }),
    ParameterRange.integer('num_leaves', { min: 16, max: 128, scaling: ScalingType.LOGARITHMIC }),
  ],
});

const tuning = new TuningJob(stack, 'Tuning', {
  trainingJobDefinitions: [xgboost, lightgbm],
  objective: TuningObjective.maximize('validation:auc'),
  strategy: TuningStrategy.random(),
  maxTrainingJobs: 6,
  maxParallelTrainingJobs: 3,
  randomSeed: 42,
});

new CfnOutput(stack, 'BestTrainingJob', { value: tuning.bestTrainingJobName });
new CfnOutput(stack, 'BestModel', { value: tuning.bestModelDataUri });
new CfnOutput(stack, 'BestLearningRate', { value: tuning.bestHyperParameter('learning_rate') });

new IntegTest(app, 'MultiAlgorithm', {
  testCases: [stack],
  regions: ['us-east-1'],
  stackUpdateWorkflow: false,
});
