// The stacks the synth benchmarks build: N tuning jobs written with the library, and the same
// N requests written as raw CustomResources (the baseline).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  ParameterRange, ScalingType, TrainingAlgorithm, TrainingImage, TrainingInput, TrainingJobDefinition, TuningJob,
  TuningObjective,
} from '../src';
import { TuningJobProvider } from '../src/private/tuning-job-provider';

export const STACK_NAME = 'Bench';
const XGBOOST_IMAGE = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1';

/** A fresh app writing to a fresh temporary directory (removed by `cleanup`). */
export function newApp(): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-')) });
}

export function cleanup(app: App): void {
  fs.rmSync(app.outdir, { recursive: true, force: true });
}

/**
 * N single-definition Bayesian jobs of the library (built-in XGBoost over one S3 channel, two
 * ranges), each with its own definition and (default, least-privilege) training role.
 */
export function libraryStack(app: App, n: number, stackName = STACK_NAME): Stack {
  const stack = new Stack(app, stackName);
  addLibraryJobs(stack, n);
  return stack;
}

/** The jobs of `libraryStack` (and their bucket), added to `stack`. */
export function addLibraryJobs(stack: Stack, n: number): void {
  const bucket = new s3.Bucket(stack, 'Data');
  for (let i = 0; i < n; i++) {
    const definition = new TrainingJobDefinition(stack, `Def${i}`, {
      algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry(XGBOOST_IMAGE)),
      inputs: [
        TrainingInput.fromBucket('train', bucket, `d${i}/train/`, { contentType: 'text/csv' }),
        TrainingInput.fromBucket('validation', bucket, `d${i}/validation/`, { contentType: 'text/csv' }),
      ],
      outputBucket: bucket,
      outputPrefix: `d${i}/models`,
      staticHyperParameters: { objective: 'binary:logistic', num_round: '100' },
      parameterRanges: [
        ParameterRange.continuous('eta', { min: 0.01, max: 0.3, scaling: ScalingType.LOGARITHMIC }),
        ParameterRange.integer('max_depth', { min: 3, max: 10 }),
      ],
    });
    new TuningJob(stack, `Job${i}`, {
      trainingJobDefinitions: [definition],
      objective: TuningObjective.maximize('validation:auc'),
      maxTrainingJobs: 20,
      maxParallelTrainingJobs: 2,
      // A polled wait, like the baseline's properties (a longer wait adds the long-wait resources:
      // bench/long-wait.ts), and a job bounded to fit it (no wait-estimate warning).
      waitTimeout: Duration.minutes(50),
      maxRuntime: Duration.minutes(45),
    });
  }
}

/**
 * The same N requests as raw CustomResources: same construct paths (so the same logical ids),
 * same Request JSON (written by hand, rendered with `Stack.toJsonString`), same properties
 * and the same provider (service token). Each job gets a bare role for its RoleArn; no
 * validation, no IAM grants, no request rendering.
 */
export function baselineStack(app: App, n: number): Stack {
  return rawStack(app, n, false);
}

/**
 * The bare baseline plus, written by hand, the same permissions the library grants: each
 * training role under the stack's training-role path with its inline policy (write its output
 * prefix, read its input prefix) and the stack's shared logs-and-metrics managed policy, and
 * the handler roles' statements (the stack's job-name pattern under the stack-tag conditions,
 * iam:PassRole of the training-role path). What the library adds over this is its own work:
 * validation, rendering, acknowledgments, its grant bookkeeping.
 */
export function equalPermissionsStack(app: App, n: number): Stack {
  return rawStack(app, n, true);
}

function rawStack(app: App, n: number, permissions: boolean): Stack {
  const stack = new Stack(app, STACK_NAME);
  const bucket = new s3.Bucket(stack, 'Data');
  const provider = TuningJobProvider.getOrCreate(stack, { pollInterval: Duration.minutes(1) });
  let shared: iam.ManagedPolicy | undefined;
  if (permissions) {
    const logGroup = `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:/aws/sagemaker/TrainingJobs`;
    shared = new iam.ManagedPolicy(stack, 'SageMakerTrainingLogsAndMetrics', {
      description: 'cdk-sagemaker-tuning: CloudWatch Logs and metrics of the SageMaker training jobs of this stack (shared by its training roles)',
      statements: [
        new iam.PolicyStatement({ actions: ['logs:CreateLogGroup', 'logs:DescribeLogStreams'], resources: [logGroup] }),
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logGroup}:log-stream:*`] }),
        new iam.PolicyStatement({
          actions: ['cloudwatch:PutMetricData'],
          resources: ['*'],
          conditions: { StringEquals: { 'cloudwatch:namespace': '/aws/sagemaker/TrainingJobs' } },
        }),
      ],
    });
    const jobs = `arn:${stack.partition}:sagemaker:${stack.region}:${stack.account}:hyper-parameter-tuning-job/bench-*`;
    const tag = 'cdk-sagemaker-tuning:stack-id';
    const existing = (actions: string[]) => new iam.PolicyStatement({
      actions, resources: [jobs], conditions: { StringEquals: { [`aws:ResourceTag/${tag}`]: stack.stackId } },
    });
    provider.onEventHandler.addToRolePolicy(new iam.PolicyStatement({
      actions: ['sagemaker:CreateHyperParameterTuningJob', 'sagemaker:AddTags'],
      resources: [jobs],
      conditions: {
        StringEquals: { [`aws:RequestTag/${tag}`]: stack.stackId },
        StringEqualsIfExists: { [`aws:ResourceTag/${tag}`]: stack.stackId },
      },
    }));
    provider.onEventHandler.addToRolePolicy(existing([
      'sagemaker:DescribeHyperParameterTuningJob', 'sagemaker:StopHyperParameterTuningJob',
      'sagemaker:ListTags', 'sagemaker:AddTags', 'sagemaker:DeleteTags',
    ]));
    provider.onEventHandler.addToRolePolicy(new iam.PolicyStatement({
      actions: ['iam:PassRole'],
      resources: [`arn:${stack.partition}:iam::${stack.account}:role/cdk-sagemaker-tuning/${STACK_NAME}/*`],
      conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    }));
    provider.isCompleteHandler.addToRolePolicy(existing(['sagemaker:DescribeHyperParameterTuningJob', 'sagemaker:StopHyperParameterTuningJob']));
  }
  for (let i = 0; i < n; i++) {
    const role = new iam.Role(new Construct(stack, `Def${i}`), 'Role', {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
      ...(permissions ? {
        description: `Training jobs of the SageMaker tuning definition ${STACK_NAME}/Def${i}`,
        path: `/cdk-sagemaker-tuning/${STACK_NAME}/`,
        managedPolicies: [shared!],
        inlinePolicies: {
          TrainingJobs: new iam.PolicyDocument({
            statements: [
              new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`d${i}/models/*`)] }),
              new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`d${i}/train/*`)] }),
              new iam.PolicyStatement({
                actions: ['s3:ListBucket'],
                resources: [bucket.bucketArn],
                conditions: { StringLike: { 's3:prefix': [`d${i}/train/*`] } },
              }),
              new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects(`d${i}/validation/*`)] }),
              new iam.PolicyStatement({
                actions: ['s3:ListBucket'],
                resources: [bucket.bucketArn],
                conditions: { StringLike: { 's3:prefix': [`d${i}/validation/*`] } },
              }),
            ],
          }),
        },
      } : {}),
    });
    const request = {
      HyperParameterTuningJobConfig: {
        Strategy: 'Bayesian',
        HyperParameterTuningJobObjective: { Type: 'Maximize', MetricName: 'validation:auc' },
        ResourceLimits: { MaxNumberOfTrainingJobs: 20, MaxParallelTrainingJobs: 2, MaxRuntimeInSeconds: 2700 },
        ParameterRanges: {
          IntegerParameterRanges: [{ Name: 'max_depth', MinValue: '3', MaxValue: '10', ScalingType: 'Auto' }],
          ContinuousParameterRanges: [{ Name: 'eta', MinValue: '0.01', MaxValue: '0.3', ScalingType: 'Logarithmic' }],
        },
      },
      TrainingJobDefinition: {
        StaticHyperParameters: { objective: 'binary:logistic', num_round: '100' },
        AlgorithmSpecification: { TrainingImage: XGBOOST_IMAGE, TrainingInputMode: 'File' },
        RoleArn: role.roleArn,
        InputDataConfig: ['train', 'validation'].map(channel => ({
          ChannelName: channel,
          DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${bucket.bucketName}/d${i}/${channel}/` } },
          ContentType: 'text/csv',
        })),
        OutputDataConfig: { S3OutputPath: `s3://${bucket.bucketName}/d${i}/models` },
        ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
        StoppingCondition: { MaxRuntimeInSeconds: 86400 },
      },
    };
    new CustomResource(new Construct(stack, `Job${i}`), 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::SageMakerTuningJob',
      removalPolicy: RemovalPolicy.DESTROY,
      serviceTimeout: Duration.seconds(3240),
      properties: {
        Request: stack.toJsonString(request),
        JobNamePrefix: `bench-job${i}`,
        Detached: 'false',
        WaitTimeoutSeconds: '3000',
        ReadAttributes: '[]',
      },
    });
  }
  return stack;
}

export interface Template {
  readonly Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

/** Builds and synthesizes one stack; returns its template, template size and the time taken. */
export function synthOnce(build: (app: App, n: number) => Stack, n: number): { ms: number; template: Template; bytes: number } {
  const app = newApp();
  const start = process.hrtime.bigint();
  build(app, n);
  const assembly = app.synth();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const artifact = assembly.getStackByName(STACK_NAME);
  const bytes = fs.statSync(artifact.templateFullPath).size;
  const template = artifact.template as Template;
  cleanup(app);
  return { ms, template, bytes };
}
