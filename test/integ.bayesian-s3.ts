// Integration test (a): a Bayesian tuning job of SageMaker's built-in XGBoost over CSV data
// in S3, waiting for the job and exposing the best training job.
//
// Verified as a snapshot by `scripts/integ.sh` (no deployment). Deploying it for real
// (`integ-runner --update-on-failed`, with credentials) needs the training data at
// s3://<Data bucket>/abalone/{train,validation}/ (libsvm or CSV, target first).
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import {
  ParameterRange, ScalingType, TrainingAlgorithm, TrainingImage, TrainingInstanceType,
  TrainingJobDefinition, TuningJob, TuningObjective, TuningStrategy,
} from '../src';
import { csvInputs, integDataBucket, XGBOOST_IMAGE } from './integ-shared';

const app = new App();
const stack = new Stack(app, 'integ-tuning-bayesian-s3');

const bucket = integDataBucket(stack);

const definition = new TrainingJobDefinition(stack, 'Xgboost', {
  algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry(XGBOOST_IMAGE)),
  inputs: csvInputs(bucket, 'abalone'),
  outputBucket: bucket,
  outputPrefix: 'abalone/models',
  instanceType: TrainingInstanceType.ML_M5_LARGE,
  maxRuntime: Duration.minutes(15),
  staticHyperParameters: { objective: 'reg:squarederror', num_round: '50' },
  parameterRanges: [
    ParameterRange.continuous('eta', { min: 0.05, max: 0.5, scaling: ScalingType.LOGARITHMIC }),
    ParameterRange.integer('max_depth', { min: 2, max: 8 }),
    ParameterRange.continuous('min_child_weight', { min: 1, max: 10 }),
  ],
});

const tuning = new TuningJob(stack, 'Tuning', {
  trainingJobDefinitions: [definition],
  objective: TuningObjective.minimize('validation:rmse'),
  strategy: TuningStrategy.bayesian(),
  maxTrainingJobs: 4,
  maxParallelTrainingJobs: 2,
  earlyStopping: true,
  randomSeed: 7,
  tags: { test: 'bayesian-s3' },
});

new CfnOutput(stack, 'BestTrainingJob', { value: tuning.bestTrainingJobName });
new CfnOutput(stack, 'BestRmse', { value: tuning.bestObjectiveValue });
new CfnOutput(stack, 'BestEta', { value: tuning.bestHyperParameter('eta') });
new CfnOutput(stack, 'BestModel', { value: tuning.bestModelDataUri });

const integ = new IntegTest(app, 'BayesianS3', {
  testCases: [stack],
  regions: ['us-east-1'], // the XGBoost image URI is us-east-1's
  // Deploying the previous snapshot first would run a second tuning job for nothing.
  stackUpdateWorkflow: false,
});

integ.assertions
  .awsApiCall('SageMaker', 'describeHyperParameterTuningJob', { HyperParameterTuningJobName: tuning.tuningJobName })
  .expect(ExpectedResult.objectLike({
    HyperParameterTuningJobStatus: 'Completed',
    HyperParameterTuningJobConfig: { Strategy: 'Bayesian', TrainingJobEarlyStoppingType: 'Auto' },
  }));
