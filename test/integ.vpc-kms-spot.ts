// Integration test (f): training jobs in a VPC (isolated subnets reaching S3 through a gateway
// endpoint), a customer managed KMS key for the data bucket, the model artifacts and the ML
// storage volumes, managed spot training with checkpoints, network isolation and
// inter-container traffic encryption.
//
// Verified as a snapshot by `scripts/integ.sh` (no deployment).
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, CfnOutput, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ParameterRange, ScalingType, TrainingAlgorithm, TrainingImage, TrainingInstanceType,
  TrainingJobDefinition, TuningJob, TuningObjective, TuningStrategy,
} from '../src';
import { csvInputs, integDataBucket, XGBOOST_IMAGE } from './integ-shared';

const app = new App();
const stack = new Stack(app, 'integ-tuning-vpc-kms-spot');

const key = new kms.Key(stack, 'Key', {
  enableKeyRotation: true,
  removalPolicy: RemovalPolicy.DESTROY,
  pendingWindow: Duration.days(7),
});
const bucket = integDataBucket(stack, { encryption: s3.BucketEncryption.KMS, encryptionKey: key, bucketKeyEnabled: true });
const vpc = new ec2.Vpc(stack, 'Vpc', {
  maxAzs: 2,
  natGateways: 0,
  subnetConfiguration: [{ name: 'training', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
});

const definition = new TrainingJobDefinition(stack, 'Xgboost', {
  algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry(XGBOOST_IMAGE)),
  inputs: csvInputs(bucket),
  outputBucket: bucket,
  outputPrefix: 'models',
  outputEncryptionKey: key,
  instanceType: TrainingInstanceType.ML_M5_XLARGE,
  volumeSize: Size.gibibytes(20),
  volumeEncryptionKey: key,
  maxRuntime: Duration.minutes(30),
  maxWaitTime: Duration.hours(1),
  spotTraining: true,
  checkpoint: { bucket, prefix: 'checkpoints' },
  vpc,
  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  networkIsolation: true,
  interContainerTrafficEncryption: true,
  staticHyperParameters: { objective: 'binary:logistic', eval_metric: 'auc', num_round: '100' },
  parameterRanges: [
    ParameterRange.continuous('eta', { min: 0.01, max: 0.3, scaling: ScalingType.LOGARITHMIC }),
    ParameterRange.integer('max_depth', { min: 3, max: 10 }),
  ],
});

const tuning = new TuningJob(stack, 'Tuning', {
  trainingJobDefinitions: [definition],
  objective: TuningObjective.maximize('validation:auc'),
  strategy: TuningStrategy.random(),
  maxTrainingJobs: 4,
  maxParallelTrainingJobs: 2,
  maxRuntime: Duration.hours(2),
  detached: true,
});

new CfnOutput(stack, 'TuningJobName', { value: tuning.tuningJobName });
new CfnOutput(stack, 'TuningJobArn', { value: tuning.tuningJobArn });

new IntegTest(app, 'VpcKmsSpot', {
  testCases: [stack],
  regions: ['us-east-1'],
  stackUpdateWorkflow: false,
});
