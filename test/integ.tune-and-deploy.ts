// Integration test (g): tune, then deploy the winner. The best model artifact of the tuning
// job becomes a SageMaker Model (@aws-cdk/aws-sagemaker-alpha) served by an Endpoint; the
// Model depends on the tuning job's attributes, so it is created once the job is complete.
//
// Verified as a snapshot by `scripts/integ.sh` (no deployment).
import * as sagemaker from '@aws-cdk/aws-sagemaker-alpha';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import {
  ParameterRange, ScalingType, TrainingAlgorithm, TrainingImage, TrainingInstanceType,
  TrainingJobDefinition, TuningJob, TuningObjective, TuningStrategy,
} from '../src';
import { csvInputs, integDataBucket } from './integ-shared';

const app = new App();
const stack = new Stack(app, 'integ-tuning-tune-and-deploy');

// SageMaker's built-in XGBoost image (us-east-1), used for training and for serving.
// aws-sagemaker-alpha has no `ContainerImage.fromRegistry`: the repository is imported by ARN,
// which also grants the model's role pull access to it.
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
  maxRuntime: Duration.minutes(15),
  staticHyperParameters: { objective: 'binary:logistic', eval_metric: 'auc', num_round: '50' },
  parameterRanges: [
    ParameterRange.continuous('eta', { min: 0.01, max: 0.3, scaling: ScalingType.LOGARITHMIC }),
    ParameterRange.integer('max_depth', { min: 3, max: 10 }),
  ],
});

const tuning = new TuningJob(stack, 'Tuning', {
  trainingJobDefinitions: [definition],
  objective: TuningObjective.maximize('validation:auc'),
  strategy: TuningStrategy.bayesian(),
  maxTrainingJobs: 4,
  maxParallelTrainingJobs: 2,
});

const model = new sagemaker.Model(stack, 'Winner', {
  containers: [{
    image: sagemaker.ContainerImage.fromEcrRepository(xgboostRepository, XGBOOST_TAG),
    modelData: sagemaker.ModelData.fromBucket(definition.outputBucket, tuning.bestModelDataKey),
  }],
});

const endpointConfig = new sagemaker.EndpointConfig(stack, 'WinnerConfig', {
  instanceProductionVariants: [{
    model,
    variantName: 'winner',
    instanceType: sagemaker.InstanceType.M5_LARGE,
    initialInstanceCount: 1,
  }],
});
const endpoint = new sagemaker.Endpoint(stack, 'WinnerEndpoint', { endpointConfig });

new CfnOutput(stack, 'BestTrainingJob', { value: tuning.bestTrainingJobName });
new CfnOutput(stack, 'BestModelKey', { value: tuning.bestModelDataKey });
new CfnOutput(stack, 'EndpointName', { value: endpoint.endpointName });

const integ = new IntegTest(app, 'TuneAndDeploy', {
  testCases: [stack],
  regions: ['us-east-1'],
  stackUpdateWorkflow: false,
});

integ.assertions
  .awsApiCall('SageMaker', 'describeEndpoint', { EndpointName: endpoint.endpointName })
  .expect(ExpectedResult.objectLike({ EndpointStatus: 'InService' }));
