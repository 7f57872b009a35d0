// Integration test (e): a warm-started tuning job whose parent is another TuningJob of the
// same stack. The child's request names the parent through its Ref, so CloudFormation creates
// the child only once the parent's resource is complete, i.e. once the parent job finished.
//
// Verified as a snapshot by `scripts/integ.sh` (no deployment).
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import {
  ParameterRange, ScalingType, TrainingAlgorithm, TrainingImage, TrainingInstanceType,
  TrainingJobDefinition, TuningJob, TuningObjective, TuningStrategy, WarmStart,
} from '../src';
import { csvInputs, integDataBucket, XGBOOST_IMAGE } from './integ-shared';

const app = new App();
const stack = new Stack(app, 'integ-tuning-warm-start');

const bucket = integDataBucket(stack);

const definition = new TrainingJobDefinition(stack, 'Xgboost', {
  algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry(XGBOOST_IMAGE)),
  inputs: csvInputs(bucket),
  outputBucket: bucket,
  outputPrefix: 'models',
  instanceType: TrainingInstanceType.ML_M5_LARGE,
  maxRuntime: Duration.minutes(15),
  staticHyperParameters: { objective: 'binary:logistic', eval_metric: 'auc', num_round: '50' },
  parameterRanges: [
    ParameterRange.continuous('eta', { min: 0.01, max: 0.3, scaling: ScalingType.LOGARITHMIC }),
    ParameterRange.integer('max_depth', { min: 3, max: 10 }),
  ],
});

// Random search: its 3 jobs run at once (Bayesian search would learn nothing from them).
const parent = new TuningJob(stack, 'Parent', {
  trainingJobDefinitions: [definition],
  objective: TuningObjective.maximize('validation:auc'),
  strategy: TuningStrategy.random(),
  maxTrainingJobs: 3,
  maxParallelTrainingJobs: 3,
});

// The parent's 3 training jobs count against the child's limit: 6 leaves 3 new ones.
const child = new TuningJob(stack, 'Child', {
  trainingJobDefinitions: [definition],
  objective: TuningObjective.maximize('validation:auc'),
  strategy: TuningStrategy.bayesian(),
  maxTrainingJobs: 6,
  maxParallelTrainingJobs: 3,
  warmStart: WarmStart.identicalDataAndAlgorithm([parent]),
});

new CfnOutput(stack, 'ParentBest', { value: parent.bestTrainingJobName });
new CfnOutput(stack, 'ChildBest', { value: child.bestTrainingJobName });
new CfnOutput(stack, 'OverallBest', { value: child.overallBestTrainingJobName });

const integ = new IntegTest(app, 'WarmStart', {
  testCases: [stack],
  regions: ['us-east-1'],
  stackUpdateWorkflow: false,
});

integ.assertions
  .awsApiCall('SageMaker', 'describeHyperParameterTuningJob', { HyperParameterTuningJobName: child.tuningJobName })
  .expect(ExpectedResult.objectLike({
    HyperParameterTuningJobStatus: 'Completed',
    WarmStartConfig: {
      WarmStartType: 'IdenticalDataAndAlgorithm',
      ParentHyperParameterTuningJobs: [{ HyperParameterTuningJobName: parent.tuningJobName }],
    },
  }));
