// Integration test (h): a tuning job longer than a custom resource can wait (CloudFormation
// gives it one hour). Up to 6 hours (12 training jobs, 2 at a time, up to 1 hour each): the
// deployment waits for SageMaker's EventBridge events through a WaitCondition (default wait:
// the estimate + 25 %, 7.5 hours), the best-job attributes are read after it, and the winner
// is deployed as a SageMaker Model in the same stack. `TuningJobResults` then reads the same
// finished job by name, as a later deployment of the two-step pattern would.
//
// Verified as a snapshot by `scripts/integ.sh` (no deployment). Deploying it for real
// (`integ-runner --update-on-failed`, with credentials) needs the training data at
// s3://<Data bucket>/data/{train,validation}/ and takes hours.
import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import {
  ParameterRange, ScalingType, TrainingAlgorithm, TrainingImage, TrainingInstanceType,
  TrainingJobDefinition, TuningJob, TuningJobResults, TuningObjective, TuningStrategy,
} from '../src';
import { csvInputs, integDataBucket } from './integ-shared';

const app = new App();
const stack = new Stack(app, 'integ-tuning-long-wait');

const xgboostRepository = ecr.Repository.fromRepositoryArn(stack, 'XgboostRepo',
  'arn:aws:ecr:us-east-1:683313688378:repository/sagemaker-xgboost');
const XGBOOST_TAG = '1.7-1';

const bucket = integDataBucket(stack);

const definition = new TrainingJobDefinition(stack, 'Xgboost', {
  algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromEcrRepository(xgboostRepository, XGBOOST_TAG)),
  inputs: csvInputs(bucket),
  outputBucket: bucket,
  outputPrefix: 'models',
  instanceType: TrainingInstanceType.ML_M5_LARGE,
  maxRuntime: Duration.hours(1),
  staticHyperParameters: { objective: 'binary:logistic', eval_metric: 'auc', num_round: '500' },
  parameterRanges: [
    ParameterRange.continuous('eta', { min: 0.01, max: 0.3, scaling: ScalingType.LOGARITHMIC }),
    ParameterRange.integer('max_depth', { min: 3, max: 10 }),
  ],
});

const tuning = new TuningJob(stack, 'Tuning', {
  trainingJobDefinitions: [definition],
  objective: TuningObjective.maximize('validation:auc'),
  strategy: TuningStrategy.bayesian(),
  maxTrainingJobs: 12,
  maxParallelTrainingJobs: 2,
  tags: { test: 'long-wait' },
});

const model = new sagemaker.Model(stack, 'Winner', {
  containers: [{
    image: sagemaker.ContainerImage.fromEcrRepository(xgboostRepository, XGBOOST_TAG),
    modelData: sagemaker.ModelData.fromBucket(definition.outputBucket, tuning.bestModelDataKey),
  }],
});

// The second step of the two-step pattern, here after the wait of the same deployment.
const results = new TuningJobResults(stack, 'Reread', { tuningJobName: tuning.tuningJobName });
results.node.addDependency(tuning);

new CfnOutput(stack, 'BestTrainingJob', { value: tuning.bestTrainingJobName });
new CfnOutput(stack, 'BestAuc', { value: tuning.bestObjectiveValue });
new CfnOutput(stack, 'BestEta', { value: tuning.bestHyperParameter('eta') });
new CfnOutput(stack, 'RereadBestTrainingJob', { value: results.bestTrainingJobName });
new CfnOutput(stack, 'ModelName', { value: model.modelName });

const integ = new IntegTest(app, 'LongWait', {
  testCases: [stack],
  regions: ['us-east-1'],
  stackUpdateWorkflow: false,
});

integ.assertions
  .awsApiCall('SageMaker', 'describeHyperParameterTuningJob', { HyperParameterTuningJobName: tuning.tuningJobName })
  .expect(ExpectedResult.objectLike({ HyperParameterTuningJobStatus: 'Completed' }));
