// Example stacks: used by `npm run example` (example/app.ts), the cdk-nag test and the
// benchmarks. Realistic configurations that together render every field of the
// CreateHyperParameterTuningJob request.
import { App, CfnOutput, Duration, RemovalPolicy, Size, Stack, StackProps, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  BuiltInAlgorithm, CompressionType, FileSystemAccessMode, InputMode, OutputCompression, ParameterRange, RecordWrapperType,
  S3DataDistribution, S3DataType, ScalingType, TrainingAlgorithm, TrainingImage, TrainingInput,
  TrainingInstanceType, TrainingJobDefinition, TuningJob, TuningObjective, TuningStrategy, WarmStart,
} from '../src';

/** SageMaker's built-in XGBoost, from the registry of the stack's region. */
const XGBOOST = TrainingAlgorithm.fromImage(TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST, '1.7-1'));

function dataBucket(scope: Construct, id: string, encryptionKey?: kms.IKey): s3.Bucket {
  return new s3.Bucket(scope, id, {
    encryption: encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
    encryptionKey,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/**
 * One definition, Bayesian search: XGBoost (built-in image) over CSV data in S3.
 */
export class XgboostTuningStack extends Stack {
  public readonly tuning: TuningJob;
  public readonly definition: TrainingJobDefinition;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const bucket = dataBucket(this, 'Data');

    this.definition = new TrainingJobDefinition(this, 'Xgboost', {
      algorithm: XGBOOST,
      inputs: [
        TrainingInput.fromBucket('train', bucket, 'churn/train/', { contentType: 'text/csv' }),
        TrainingInput.fromBucket('validation', bucket, 'churn/validation/', { contentType: 'text/csv' }),
      ],
      outputBucket: bucket,
      outputPrefix: 'churn/models',
      instanceType: TrainingInstanceType.ML_M5_XLARGE,
      volumeSize: Size.gibibytes(30),
      maxRuntime: Duration.hours(1),
      staticHyperParameters: { objective: 'binary:logistic', num_round: '200', eval_metric: 'auc' },
      parameterRanges: [
        ParameterRange.continuous('eta', { min: 0.01, max: 0.3, scaling: ScalingType.LOGARITHMIC }),
        ParameterRange.integer('max_depth', { min: 3, max: 10 }),
        ParameterRange.continuous('subsample', { min: 0.5, max: 1 }),
        ParameterRange.categorical('booster', ['gbtree', 'dart']),
      ],
    });

    this.tuning = new TuningJob(this, 'Tuning', {
      trainingJobDefinitions: [this.definition],
      objective: TuningObjective.maximize('validation:auc'),
      strategy: TuningStrategy.bayesian(),
      maxTrainingJobs: 20,
      maxParallelTrainingJobs: 2,
      earlyStopping: true,
      completionCriteria: { targetObjectiveValue: 0.95, maxTrainingJobsNotImproving: 10 },
      tags: { project: 'churn' },
    });

    new CfnOutput(this, 'BestTrainingJob', { value: this.tuning.bestTrainingJobName });
    new CfnOutput(this, 'BestAuc', { value: this.tuning.bestObjectiveValue });
    new CfnOutput(this, 'BestEta', { value: this.tuning.bestHyperParameter('eta') });
    new CfnOutput(this, 'BestModel', { value: this.tuning.bestModelDataUri });
  }
}

/**
 * Several definitions (a multi-algorithm tuning job), Random search: the built-in XGBoost
 * image against a custom image in ECR that runs on whichever instance type has capacity.
 */
export class MultiAlgorithmTuningStack extends Stack {
  public readonly tuning: TuningJob;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const bucket = dataBucket(this, 'Data');
    const repository = ecr.Repository.fromRepositoryName(this, 'Repo', 'churn-lightgbm');

    const xgboost = new TrainingJobDefinition(this, 'Xgboost', {
      definitionName: 'xgboost',
      algorithm: XGBOOST,
      inputs: [
        TrainingInput.fromBucket('train', bucket, 'churn/train/', { contentType: 'text/csv' }),
        TrainingInput.fromBucket('validation', bucket, 'churn/validation/', { contentType: 'text/csv' }),
      ],
      outputBucket: bucket,
      outputPrefix: 'churn/xgboost',
      instanceType: TrainingInstanceType.ML_M5_2XLARGE,
      maxRuntime: Duration.hours(1),
      staticHyperParameters: { objective: 'binary:logistic', num_round: '100' },
      parameterRanges: [
        ParameterRange.continuous('eta', { min: 0.05, max: 0.5 }),
        ParameterRange.integer('max_depth', { min: 3, max: 8 }),
      ],
    });

    const lightgbm = new TrainingJobDefinition(this, 'LightGbm', {
      definitionName: 'lightgbm',
      algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromEcrRepository(repository, 'v3')),
      metricDefinitions: [
        { name: 'validation:auc', regex: 'valid_0 auc: ([0-9.]+)' },
        { name: 'train:auc', regex: 'train auc: ([0-9.]+)' },
      ],
      inputMode: InputMode.FAST_FILE,
      inputs: [TrainingInput.fromBucket('train', bucket, 'churn/train/', { contentType: 'text/csv' })],
      outputBucket: bucket,
      outputPrefix: 'churn/lightgbm',
      instanceConfigs: [
        { instanceType: TrainingInstanceType.ML_C5_2XLARGE, volumeSize: Size.gibibytes(20) },
        { instanceType: TrainingInstanceType.ML_M5_2XLARGE, volumeSize: Size.gibibytes(20) },
      ],
      maxRuntime: Duration.hours(1),
      retryAttempts: 2,
      environment: { LOG_LEVEL: 'INFO' },
      staticHyperParameters: { objective: 'binary' },
      parameterRanges: [
        ParameterRange.continuous('learning_rate', { min: 0.01, max: 0.3, scaling: ScalingType.LOGARITHMIC }),
        ParameterRange.integer('num_leaves', { min: 16, max: 256, scaling: ScalingType.LOGARITHMIC }),
      ],
    });

    this.tuning = new TuningJob(this, 'Tuning', {
      trainingJobDefinitions: [xgboost, lightgbm],
      objective: TuningObjective.maximize('validation:auc'),
      strategy: TuningStrategy.random(),
      maxTrainingJobs: 30,
      maxParallelTrainingJobs: 5,
      maxRuntime: Duration.hours(3),
      randomSeed: 42,
      detached: true,
    });

    const topic = new sns.Topic(this, 'Done', { enforceSSL: true, masterKey: kms.Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns') });
    this.tuning.onCompletion('Finished', { target: new targets.SnsTopic(topic) });
  }
}

/**
 * The rest of the request: VPC, KMS, managed spot training with checkpoints, Hyperband,
 * warm start from a job of the same stack, EFS and augmented-manifest channels, a
 * heterogeneous cluster with a warm pool, an AWS Marketplace algorithm, and autotune.
 */
export class AdvancedTuningStack extends Stack {
  public readonly hyperband: TuningJob;
  public readonly warmStarted: TuningJob;
  public readonly autotuned: TuningJob;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const key = new kms.Key(this, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    const bucket = dataBucket(this, 'Data', key);
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } },
    });
    const fileSystem = new efs.FileSystem(this, 'Features', { vpc, encrypted: true, removalPolicy: RemovalPolicy.RETAIN });
    const repository = ecr.Repository.fromRepositoryName(this, 'Repo', 'vision-resnet');

    const resnet = new TrainingJobDefinition(this, 'ResNet', {
      definitionName: 'resnet',
      algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromEcrRepository(repository, 'v1')),
      metricDefinitions: [{ name: 'val_loss', regex: 'val_loss=([0-9.]+)' }],
      inputMode: InputMode.PIPE,
      inputs: [
        TrainingInput.fromBucket('train', bucket, 'vision/train.manifest', {
          dataType: S3DataType.AUGMENTED_MANIFEST_FILE,
          attributeNames: ['source-ref', 'class'],
          distribution: S3DataDistribution.SHARDED_BY_S3_KEY,
          recordWrapperType: RecordWrapperType.RECORD_IO,
          compression: CompressionType.NONE,
          shuffleSeed: 7,
          contentType: 'application/x-recordio',
          instanceGroupNames: ['gpu'],
        }),
        TrainingInput.fromBucket('validation', bucket, 'vision/validation/', {
          compression: CompressionType.GZIP,
          instanceGroupNames: ['gpu'],
        }),
        TrainingInput.fromEfs('features', fileSystem, {
          directoryPath: '/features',
          accessMode: FileSystemAccessMode.READ_ONLY,
          inputMode: InputMode.FILE,
        }),
      ],
      outputBucket: bucket,
      outputPrefix: 'vision/models',
      outputEncryptionKey: key,
      outputCompression: OutputCompression.GZIP,
      instanceGroups: [
        { name: 'gpu', instanceType: TrainingInstanceType.ML_P3_2XLARGE, instanceCount: 1 },
        { name: 'cpu', instanceType: TrainingInstanceType.ML_C5_4XLARGE, instanceCount: 2 },
      ],
      volumeSize: Size.gibibytes(100),
      volumeEncryptionKey: key,
      keepAlivePeriod: Duration.minutes(10),
      maxRuntime: Duration.hours(4),
      maxWaitTime: Duration.hours(8),
      maxPendingTime: Duration.hours(3),
      spotTraining: true,
      checkpoint: { bucket, prefix: 'vision/checkpoints', localPath: '/opt/ml/checkpoints' },
      retryAttempts: 3,
      staticHyperParameters: { epochs: '30', optimizer: 'adamw' },
      environment: { NCCL_DEBUG: 'WARN' },
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      networkIsolation: true,
      interContainerTrafficEncryption: true,
      parameterRanges: [
        ParameterRange.continuous('learning_rate', { min: 0.0001, max: 0.1, scaling: ScalingType.LOGARITHMIC }),
        ParameterRange.continuous('momentum', { min: 0.5, max: 0.99, scaling: ScalingType.REVERSE_LOGARITHMIC }),
        ParameterRange.integer('batch_size', { min: 32, max: 256, scaling: ScalingType.LINEAR }),
        ParameterRange.categorical('augment', ['none', 'light', 'heavy']),
      ],
    });

    this.hyperband = new TuningJob(this, 'Hyperband', {
      trainingJobDefinitions: [resnet],
      objective: TuningObjective.minimize('val_loss'),
      strategy: TuningStrategy.hyperband({ minResource: 2, maxResource: 30 }),
      maxTrainingJobs: 40,
      maxParallelTrainingJobs: 8,
      maxRuntime: Duration.hours(12),
      earlyStopping: false,
      completionCriteria: { completeOnConvergence: true },
      tuningJobName: 'vision-resnet-hyperband-v1',
      detached: true,
    });

    const marketplace = new TrainingJobDefinition(this, 'Marketplace', {
      algorithm: TrainingAlgorithm.fromAlgorithmName(
        'arn:aws:sagemaker:us-east-1:865070037744:algorithm/image-classification-v1'),
      inputs: [TrainingInput.fromBucket('training', bucket, 'vision/train/')],
      outputBucket: bucket,
      outputPrefix: 'vision/marketplace',
      instanceType: TrainingInstanceType.ML_P3_2XLARGE,
      maxRuntime: Duration.hours(4),
      staticHyperParameters: { epochs: '30' },
      parameterRanges: [
        ParameterRange.continuous('learning_rate', { min: 0.0001, max: 0.1, scaling: ScalingType.LOGARITHMIC }),
        ParameterRange.integer('mini_batch_size', { min: 16, max: 128 }),
      ],
      objective: TuningObjective.maximize('validation:accuracy'),
    });

    this.warmStarted = new TuningJob(this, 'WarmStarted', {
      trainingJobDefinitions: [marketplace],
      strategy: TuningStrategy.bayesian(),
      maxTrainingJobs: 60,
      maxParallelTrainingJobs: 3,
      warmStart: WarmStart.transferLearning([TuningJob.fromTuningJobName(this, 'Previous', 'vision-baseline-2026-10')]),
      detached: true,
    });

    const autotuneDefinition = new TrainingJobDefinition(this, 'Autotune', {
      algorithm: XGBOOST,
      inputs: [
        TrainingInput.fromBucket('train', bucket, 'tabular/train/', { contentType: 'text/csv' }),
        TrainingInput.fromBucket('validation', bucket, 'tabular/validation/', { contentType: 'text/csv' }),
      ],
      outputBucket: bucket,
      outputPrefix: 'tabular/models',
      tuningResourceConfig: true,
      instanceType: TrainingInstanceType.ML_M5_2XLARGE,
      instanceCount: 1,
      volumeSize: Size.gibibytes(50),
      volumeEncryptionKey: key,
      staticHyperParameters: { objective: 'reg:squarederror', num_round: '100' },
      parameterRanges: [ParameterRange.auto('eta', '0.1'), ParameterRange.auto('max_depth', '6')],
    });

    this.autotuned = new TuningJob(this, 'Autotuned', {
      trainingJobDefinitions: [autotuneDefinition],
      objective: TuningObjective.minimize('validation:rmse'),
      maxTrainingJobs: 10,
      maxParallelTrainingJobs: 2,
      autotune: true,
      detached: true,
    });
  }
}

/** Builds the example app: the three stacks above. */
export function buildExampleApp(app: App = new App()): App {
  const env = { account: '111111111111', region: 'us-east-1' };
  new XgboostTuningStack(app, 'XgboostTuning', { env });
  new MultiAlgorithmTuningStack(app, 'MultiAlgorithmTuning', { env });
  new AdvancedTuningStack(app, 'AdvancedTuning', { env });
  Tags.of(app).add('owner', 'ml-platform');
  return app;
}
