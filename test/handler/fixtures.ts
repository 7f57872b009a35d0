import type { DescribeHyperParameterTuningJobResponse } from '@aws-sdk/client-sagemaker';
import { canonicalJson, requestHash } from '../../src/handler/request';
import { Prop } from '../../src/shared/contract';
import { SIGNAL_STACK_ID_ENV } from '../../src/shared/long-wait';
import type { WireCreateRequest } from '../../src/shared/wire';

/** The hash tag of a request: its configuration without Tags. */
export function configHash(request: WireCreateRequest): string {
  const { Tags: _tags, ...configuration } = request;
  return requestHash(canonicalJson(configuration));
}

/** A Lambda context with `ms` milliseconds left. */
export function lambdaContext(ms: number) {
  return { getRemainingTimeInMillis: () => ms };
}

/** The physical id the provider framework answers a failed Create with (aws-cdk-lib custom-resources, cfn-response). */
export const CREATE_FAILED_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

export const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/MyStack/0f6a1c20-aaaa-bbbb-cccc-0123456789ab';
export const ACCOUNT_ARN = 'arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job';

/** One definition: ranges and objective in HyperParameterTuningJobConfig. */
export function singleRequest(): WireCreateRequest {
  return {
    HyperParameterTuningJobConfig: {
      Strategy: 'Bayesian',
      HyperParameterTuningJobObjective: { Type: 'Maximize', MetricName: 'validation:auc' },
      ResourceLimits: { MaxNumberOfTrainingJobs: 20, MaxParallelTrainingJobs: 4 },
      ParameterRanges: {
        ContinuousParameterRanges: [{ Name: 'eta', MinValue: '0.01', MaxValue: '0.3', ScalingType: 'Logarithmic' }],
        IntegerParameterRanges: [{ Name: 'max_depth', MinValue: '3', MaxValue: '10' }],
        CategoricalParameterRanges: [{ Name: 'booster', Values: ['gbtree', 'dart'] }],
      },
      TrainingJobEarlyStoppingType: 'Off',
    },
    TrainingJobDefinition: {
      StaticHyperParameters: { objective: 'binary:logistic', num_round: '100' },
      AlgorithmSpecification: {
        TrainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
        TrainingInputMode: 'File',
        MetricDefinitions: [{ Name: 'validation:auc', Regex: 'validation-auc=([0-9.]+)' }],
      },
      RoleArn: 'arn:aws:iam::123456789012:role/MyStack-TrainingRole',
      InputDataConfig: [{
        ChannelName: 'train',
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://my-bucket/data/train/', S3DataDistributionType: 'FullyReplicated' } },
        ContentType: 'text/csv',
      }],
      OutputDataConfig: { S3OutputPath: 's3://my-bucket/output/' },
      ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
      StoppingCondition: { MaxRuntimeInSeconds: 7200 },
      EnableManagedSpotTraining: false,
    },
    Tags: [{ Key: 'team', Value: 'ml' }],
  };
}

/** Two definitions, each with its own ranges, objective and output. */
export function multiRequest(): WireCreateRequest {
  const base = singleRequest().TrainingJobDefinition!;
  return {
    HyperParameterTuningJobConfig: {
      Strategy: 'Random',
      ResourceLimits: { MaxNumberOfTrainingJobs: 10, MaxParallelTrainingJobs: 2 },
    },
    TrainingJobDefinitions: [
      {
        ...base,
        DefinitionName: 'xgboost',
        TuningObjective: { Type: 'Maximize', MetricName: 'validation:auc' },
        HyperParameterRanges: { ContinuousParameterRanges: [{ Name: 'eta', MinValue: '0.01', MaxValue: '0.3' }] },
        OutputDataConfig: { S3OutputPath: 's3://my-bucket/xgb' },
      },
      {
        ...base,
        DefinitionName: 'linear',
        TuningObjective: { Type: 'Maximize', MetricName: 'validation:auc' },
        HyperParameterRanges: {
          CategoricalParameterRanges: [{ Name: 'loss', Values: ['logistic', 'hinge_loss'] }],
          AutoParameters: [{ Name: 'wd', ValueHint: '0.001' }],
        },
        OutputDataConfig: { S3OutputPath: 's3://other-bucket/linear//' },
      },
    ],
  };
}

export interface PropsOptions {
  request?: WireCreateRequest | string;
  jobName?: string;
  prefix?: string;
  detached?: boolean;
  waitTimeoutSeconds?: number;
  /** ReadAttributes (JSON); omitted when undefined. */
  readAttributes?: string[];
}

/** Resource properties as CloudFormation delivers them (all strings). */
export function props(o: PropsOptions = {}): Record<string, string> {
  const p: Record<string, string> = {
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider',
    [Prop.REQUEST]: typeof o.request === 'string' ? o.request : JSON.stringify(o.request ?? singleRequest()),
    [Prop.JOB_NAME_PREFIX]: o.prefix ?? 'mystack-tuning',
    [Prop.DETACHED]: String(o.detached ?? false),
    [Prop.WAIT_TIMEOUT_SECONDS]: String(o.waitTimeoutSeconds ?? 3300),
  };
  if (o.jobName !== undefined) {
    p[Prop.JOB_NAME] = o.jobName;
  }
  if (o.readAttributes !== undefined) {
    p[Prop.READ_ATTRIBUTES] = JSON.stringify(o.readAttributes);
  }
  return p;
}

const common = {
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider',
  ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x',
  StackId: STACK_ID,
  LogicalResourceId: 'Tuning1A2B3C4D',
  ResourceType: 'Custom::SageMakerTuningJob',
};

export function createEvent(resourceProperties: Record<string, string> = props(), requestId = 'req-create-1') {
  return { ...common, RequestType: 'Create', RequestId: requestId, ResourceProperties: resourceProperties };
}

export function updateEvent(physicalId: string, oldProps: Record<string, string>, newProps: Record<string, string>, requestId = 'req-update-1') {
  return { ...common, RequestType: 'Update', RequestId: requestId, PhysicalResourceId: physicalId, ResourceProperties: newProps, OldResourceProperties: oldProps };
}

export function deleteEvent(physicalId: string, resourceProperties: Record<string, string> = props()) {
  return { ...common, RequestType: 'Delete', RequestId: 'req-delete-1', PhysicalResourceId: physicalId, ResourceProperties: resourceProperties };
}

/** The event isComplete receives: the onEvent event plus its result. */
export function pollEvent(
  event: Record<string, unknown>, physicalId: string, waitStartedAt: Date | null = new Date(), extraData: Record<string, string> = {},
) {
  const started = waitStartedAt ? { WaitStartedAt: waitStartedAt.toISOString() } : {};
  return { ...event, PhysicalResourceId: physicalId, Data: { ...started, ...extraData } };
}

/** The event isComplete receives after onEvent returned `result` (what the provider framework builds: the event with onEvent's result spread over it). */
export function afterOnEvent(event: Record<string, unknown>, result: { PhysicalResourceId: string; Data?: Record<string, string> }) {
  return { ...event, ...result };
}

type Description = DescribeHyperParameterTuningJobResponse;

export function describeResponse(name: string, status: string, extra: Partial<Description> = {}): Description {
  const request = singleRequest();
  return {
    HyperParameterTuningJobName: name,
    HyperParameterTuningJobArn: `${ACCOUNT_ARN}/${name}`,
    HyperParameterTuningJobConfig: request.HyperParameterTuningJobConfig as DescribeHyperParameterTuningJobResponse['HyperParameterTuningJobConfig'],
    TrainingJobDefinition: request.TrainingJobDefinition as DescribeHyperParameterTuningJobResponse['TrainingJobDefinition'],
    HyperParameterTuningJobStatus: status as DescribeHyperParameterTuningJobResponse['HyperParameterTuningJobStatus'],
    CreationTime: new Date(),
    TrainingJobStatusCounters: { Completed: 0, InProgress: 0, RetryableError: 0, NonRetryableError: 0, Stopped: 0 },
    ObjectiveStatusCounters: { Succeeded: 0, Pending: 0, Failed: 0 },
    ...extra,
  } as DescribeHyperParameterTuningJobResponse;
}

/**
 * The environment the signal handler runs with, against the CloudFormation stand-in at
 * `cloudFormationUrl`: its stack id, a region and (fake) credentials for the SDK's signing.
 */
export function signalHandlerEnvironment(stackId: string, cloudFormationUrl: string): void {
  process.env.AWS_ENDPOINT_URL_CLOUDFORMATION = cloudFormationUrl;
  process.env[SIGNAL_STACK_ID_ENV] = stackId;
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
}
