import { Aws } from 'aws-cdk-lib';
import { changed, dump, ofRule, validDefinition } from './wire-fixtures';
import { WireTrainingJobDefinition } from '../../src/shared/wire';
import { validateTrainingJobDefinition } from '../../src/validation';

type Change = (d: WireTrainingJobDefinition) => void;

interface Case {
  /** rule id expected from `fail` and absent from `pass` */
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  /** what the case is about */
  readonly title: string;
  /** a nearby configuration the rule accepts (default: the valid definition) */
  readonly pass?: Change;
  /** the configuration the rule rejects */
  readonly fail: Change;
  /** texts the message must contain */
  readonly expect: string[];
}

const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

const CASES: Case[] = [
  // ---- service model (generated constraints)
  {
    rule: 'SM-REQUIRED',
    severity: 'error',
    title: 'a required member is missing',
    fail: d => { delete (d as Partial<WireTrainingJobDefinition>).RoleArn; },
    expect: ['role (TrainingJobDefinition.RoleArn) is missing'],
  },
  {
    rule: 'SM-ENUM-OPEN',
    severity: 'warning',
    title: 'instance type not in the training enum (an open set): a warning, with a suggestion',
    pass: d => { d.ResourceConfig!.InstanceType = 'ml.g5.2xlarge'; },
    fail: d => { d.ResourceConfig!.InstanceType = 'ml.m5.xlarg'; },
    expect: ['instanceType (TrainingJobDefinition.ResourceConfig.InstanceType)', "'ml.m5.xlarg'", '145 values', 'TrainingInstanceType.of()', "Did you mean 'ml.m5.xlarge'?"],
  },
  {
    rule: 'SM-ENUM',
    severity: 'error',
    title: 'a closed enum (compression type) outside its values',
    pass: d => { d.OutputDataConfig!.CompressionType = 'NONE'; },
    fail: d => { d.OutputDataConfig!.CompressionType = 'ZIP'; },
    expect: ['(TrainingJobDefinition.OutputDataConfig.CompressionType)', "'ZIP'", "'GZIP', 'NONE'"],
  },
  {
    rule: 'SM-PATTERN',
    severity: 'error',
    title: 'definition name pattern',
    pass: d => { d.DefinitionName = 'xgboost-1'; },
    fail: d => { d.DefinitionName = 'xgboost_1'; },
    expect: ["definitionName (TrainingJobDefinition.DefinitionName) is 'xgboost_1'", 'pattern'],
  },
  {
    rule: 'SM-PATTERN',
    severity: 'error',
    title: 'role ARN pattern',
    fail: d => { d.RoleArn = 'arn:aws:iam::123:role/TrainingRole'; },
    expect: ['role (TrainingJobDefinition.RoleArn)', 'arn:aws'],
  },
  {
    rule: 'SM-LENGTH',
    severity: 'error',
    title: 'definition name longer than 64',
    pass: d => { d.DefinitionName = 'a'.repeat(64); },
    fail: d => { d.DefinitionName = 'a'.repeat(65); },
    expect: ['definitionName', '65 characters', '1 to 64 characters'],
  },
  {
    rule: 'SM-LENGTH',
    severity: 'error',
    title: 'static hyperparameter value over 2500',
    pass: d => { d.StaticHyperParameters = { x: 'v'.repeat(2500) }; },
    fail: d => { d.StaticHyperParameters = { x: 'v'.repeat(2501) }; },
    expect: ["staticHyperParameters['x'] (TrainingJobDefinition.StaticHyperParameters.x)", 'at most 2500 characters'],
  },
  {
    rule: 'SM-PATTERN',
    severity: 'error',
    title: 'environment variable name pattern',
    pass: d => { d.Environment = { MY_VAR: '1' }; },
    fail: d => { d.Environment = { '1BAD': '1' }; },
    expect: ["the key of environment['1BAD']", '[a-zA-Z_][a-zA-Z0-9_]*'],
  },
  {
    rule: 'SM-COUNT',
    severity: 'error',
    title: 'more than 48 environment variables',
    pass: d => { d.Environment = Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`V${i}`, 'x'])); },
    fail: d => { d.Environment = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`V${i}`, 'x'])); },
    expect: ['environment (TrainingJobDefinition.Environment) has 49 entries', 'at most 48'],
  },
  {
    rule: 'SM-COUNT',
    severity: 'error',
    title: 'more than 20 channels',
    pass: d => { d.InputDataConfig = Array.from({ length: 20 }, (_, i) => ({ ChannelName: `c${i}`, DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://b/p' } } })); },
    fail: d => { d.InputDataConfig = Array.from({ length: 21 }, (_, i) => ({ ChannelName: `c${i}`, DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://b/p' } } })); },
    expect: ['inputs (TrainingJobDefinition.InputDataConfig) has 21 entries', 'at most 20'],
  },
  {
    rule: 'SM-COUNT',
    severity: 'error',
    title: 'an empty channel list',
    fail: d => { d.InputDataConfig = []; },
    expect: ['inputs (TrainingJobDefinition.InputDataConfig) has 0 entries', 'at least 1'],
  },
  {
    rule: 'SM-COUNT',
    severity: 'error',
    title: 'more than 6 instance configs',
    pass: d => { delete d.ResourceConfig; d.HyperParameterTuningResourceConfig = { InstanceConfigs: Array.from({ length: 6 }, () => ({ InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 })) }; },
    fail: d => { delete d.ResourceConfig; d.HyperParameterTuningResourceConfig = { InstanceConfigs: Array.from({ length: 7 }, () => ({ InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 })) }; },
    expect: ['instanceConfigs (TrainingJobDefinition.HyperParameterTuningResourceConfig.InstanceConfigs) has 7 entries', 'at most 6'],
  },
  {
    rule: 'SM-RANGE',
    severity: 'error',
    title: 'max pending time below 2 hours',
    pass: d => { d.StoppingCondition.MaxPendingTimeInSeconds = 7200; },
    fail: d => { d.StoppingCondition.MaxPendingTimeInSeconds = 3600; },
    expect: ['maxPendingTime (TrainingJobDefinition.StoppingCondition.MaxPendingTimeInSeconds) is 3600 s (1 h)', 'at least 7200 s (2 h)'],
  },
  {
    rule: 'SM-RANGE',
    severity: 'error',
    title: 'retry attempts above 30',
    pass: d => { d.RetryStrategy = { MaximumRetryAttempts: 30 }; },
    fail: d => { d.RetryStrategy = { MaximumRetryAttempts: 31 }; },
    expect: ['retryAttempts (TrainingJobDefinition.RetryStrategy.MaximumRetryAttempts) is 31', 'at most 30'],
  },
  {
    rule: 'SM-RANGE',
    severity: 'error',
    title: 'keep-alive period above 6 hours',
    pass: d => { d.ResourceConfig!.KeepAlivePeriodInSeconds = 21600; },
    fail: d => { d.ResourceConfig!.KeepAlivePeriodInSeconds = 21601; },
    expect: ['keepAlivePeriod', 'at most 21600 s (6 h)'],
  },
  {
    rule: 'SM-TYPE',
    severity: 'error',
    title: 'a fractional instance count',
    fail: d => { d.ResourceConfig!.InstanceCount = 1.5; },
    expect: ['instanceCount (TrainingJobDefinition.ResourceConfig.InstanceCount) is 1.5', 'whole number'],
  },
  {
    rule: 'SM-UNKNOWN-FIELD',
    severity: 'error',
    title: 'a member the API does not have',
    fail: d => { (d as unknown as Record<string, unknown>).VolumeSize = 30; },
    expect: ['TrainingJobDefinition.VolumeSize is not a field of HyperParameterTrainingJobDefinition', 'drop it'],
  },
  {
    rule: 'SM-PATTERN',
    severity: 'error',
    title: 'file system id',
    pass: d => { d.VpcConfig = { SecurityGroupIds: ['sg-1'], Subnets: ['subnet-1'] }; d.InputDataConfig![0].DataSource = { FileSystemDataSource: { FileSystemId: 'fs-0123456789abcdef0', FileSystemAccessMode: 'ro', FileSystemType: 'EFS', DirectoryPath: '/data' } }; },
    fail: d => { d.VpcConfig = { SecurityGroupIds: ['sg-1'], Subnets: ['subnet-1'] }; d.InputDataConfig![0].DataSource = { FileSystemDataSource: { FileSystemId: 'fs-XYZ0123456', FileSystemAccessMode: 'ro', FileSystemType: 'EFS', DirectoryPath: '/data' } }; },
    expect: ['inputs[0] file system', "'fs-XYZ0123456'"],
  },
  {
    rule: 'SM-PATTERN',
    severity: 'error',
    title: 'a line break in a hyperparameter value',
    fail: d => { d.StaticHyperParameters = { x: 'a\nb' }; },
    expect: ["staticHyperParameters['x']", 'single line'],
  },

  // ---- algorithm and metrics
  {
    rule: 'TJ-ALGORITHM-ONE-OF',
    severity: 'error',
    title: 'both an image and an algorithm name',
    fail: d => { d.AlgorithmSpecification.AlgorithmName = 'my-algo'; },
    expect: ['sets both TrainingImage', 'exactly one'],
  },
  {
    rule: 'TJ-ALGORITHM-ONE-OF',
    severity: 'error',
    title: 'neither an image nor an algorithm name',
    pass: d => { delete d.AlgorithmSpecification.TrainingImage; d.AlgorithmSpecification.AlgorithmName = 'my-algo'; },
    fail: d => { delete d.AlgorithmSpecification.TrainingImage; },
    expect: ['sets neither TrainingImage nor AlgorithmName'],
  },
  {
    rule: 'TJ-METRICS-CUSTOM-IMAGE',
    severity: 'error',
    title: 'an image without metric definitions',
    pass: d => { delete d.AlgorithmSpecification.TrainingImage; delete d.AlgorithmSpecification.MetricDefinitions; d.AlgorithmSpecification.AlgorithmName = 'my-algo'; },
    fail: d => { delete d.AlgorithmSpecification.MetricDefinitions; },
    expect: ['metricDefinitions (TrainingJobDefinition.AlgorithmSpecification.MetricDefinitions) is empty'],
  },
  {
    rule: 'TJ-METRICS-CUSTOM-IMAGE',
    severity: 'error',
    title: 'a built-in algorithm image needs no metric definitions',
    pass: d => { delete d.AlgorithmSpecification.MetricDefinitions; d.AlgorithmSpecification.TrainingImage = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1'; },
    fail: d => { delete d.AlgorithmSpecification.MetricDefinitions; d.AlgorithmSpecification.TrainingImage = '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1'; },
    expect: ["for the image '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1'"],
  },
  {
    rule: 'TJ-METRICS-CUSTOM-IMAGE',
    severity: 'error',
    title: 'an imported built-in algorithm repository (host holds tokens) is recognized by its repository name',
    pass: d => { delete d.AlgorithmSpecification.MetricDefinitions; d.AlgorithmSpecification.TrainingImage = `683313688378.dkr.ecr.us-east-1.${Aws.URL_SUFFIX}/sagemaker-xgboost:1.7-1`; },
    fail: d => { delete d.AlgorithmSpecification.MetricDefinitions; d.AlgorithmSpecification.TrainingImage = `${Aws.ACCOUNT_ID}.dkr.ecr.${Aws.REGION}.${Aws.URL_SUFFIX}/churn-lightgbm@sha256:abc`; },
    expect: ['metricDefinitions (TrainingJobDefinition.AlgorithmSpecification.MetricDefinitions) is empty'],
  },
  {
    rule: 'TJ-METRIC-NAMES-UNIQUE',
    severity: 'warning',
    title: 'a metric name defined twice',
    fail: d => { d.AlgorithmSpecification.MetricDefinitions!.push({ Name: 'validation:auc', Regex: 'auc=(.*)' }); },
    expect: ["defines 'validation:auc' more than once"],
  },

  // ---- ranges (the same functions as the factories)
  {
    rule: 'TJ-RANGE-MIN-LT-MAX',
    severity: 'error',
    title: 'min above max',
    fail: d => { d.HyperParameterRanges!.IntegerParameterRanges![0] = { Name: 'max_depth', MinValue: '10', MaxValue: '3' }; },
    expect: ['ParameterRange.integer', "hyperparameter 'max_depth'", 'min (MinValue) is 10 and max (MaxValue) is 3'],
  },
  {
    rule: 'TJ-RANGE-INTEGER-WHOLE',
    severity: 'error',
    title: 'fractional integer bound',
    fail: d => { d.HyperParameterRanges!.IntegerParameterRanges![0].MinValue = '1.5'; },
    expect: ['min (MinValue) is 1.5', 'whole numbers'],
  },
  {
    rule: 'TJ-RANGE-BOUNDS',
    severity: 'error',
    title: 'a bound that is not a number',
    fail: d => { d.HyperParameterRanges!.ContinuousParameterRanges![0].MaxValue = 'high'; },
    expect: ['max (MaxValue) is NaN', 'finite number'],
  },
  {
    rule: 'TJ-RANGE-LOG-POSITIVE',
    severity: 'error',
    title: 'logarithmic scaling from 0',
    fail: d => { d.HyperParameterRanges!.ContinuousParameterRanges![0].MinValue = '0'; },
    expect: ["'Logarithmic' and min (MinValue) is 0", 'greater than 0'],
  },
  {
    rule: 'TJ-RANGE-REVERSE-LOG',
    severity: 'error',
    title: 'reverse logarithmic reaching 1',
    pass: d => { d.HyperParameterRanges!.ContinuousParameterRanges![0] = { Name: 'm', MinValue: '0', MaxValue: '0.999', ScalingType: 'ReverseLogarithmic' }; },
    fail: d => { d.HyperParameterRanges!.ContinuousParameterRanges![0] = { Name: 'm', MinValue: '0', MaxValue: '1', ScalingType: 'ReverseLogarithmic' }; },
    expect: ['0 <= x < 1'],
  },
  {
    rule: 'TJ-RANGE-SCALING-TYPE',
    severity: 'error',
    title: 'unknown scaling type',
    fail: d => { d.HyperParameterRanges!.IntegerParameterRanges![0].ScalingType = 'Log'; },
    expect: ["scaling (ScalingType) is 'Log'", "'Logarithmic'"],
  },
  {
    rule: 'TJ-RANGE-CATEGORICAL-COUNT',
    severity: 'error',
    title: 'more than 30 categorical values',
    pass: d => { d.HyperParameterRanges!.CategoricalParameterRanges![0].Values = Array.from({ length: 30 }, (_, i) => `v${i}`); },
    fail: d => { d.HyperParameterRanges!.CategoricalParameterRanges![0].Values = Array.from({ length: 31 }, (_, i) => `v${i}`); },
    expect: ['has 31 values', '1 to 30 values'],
  },
  {
    rule: 'TJ-RANGE-CATEGORICAL-DISTINCT',
    severity: 'error',
    title: 'a categorical value repeated',
    fail: d => { d.HyperParameterRanges!.CategoricalParameterRanges![0].Values = ['gbtree', 'dart', 'gbtree']; },
    expect: ["repeats 'gbtree'", 'distinct'],
  },
  {
    rule: 'TJ-RANGE-CATEGORICAL-VALUE',
    severity: 'error',
    title: 'a categorical value over 256 characters',
    pass: d => { d.HyperParameterRanges!.CategoricalParameterRanges![0].Values = ['x'.repeat(256)]; },
    fail: d => { d.HyperParameterRanges!.CategoricalParameterRanges![0].Values = ['gbtree', 'x'.repeat(257)]; },
    expect: ['values[1] (Values[1])', '257 characters', 'at most 256'],
  },
  {
    rule: 'TJ-RANGE-AUTO-HINT',
    severity: 'error',
    title: 'an auto parameter hint over 256 characters',
    pass: d => { d.HyperParameterRanges!.AutoParameters = [{ Name: 'alpha', ValueHint: '0.1' }]; },
    fail: d => { d.HyperParameterRanges!.AutoParameters = [{ Name: 'alpha', ValueHint: '1'.repeat(257) }]; },
    expect: ['ParameterRange.auto', "hyperparameter 'alpha'", 'valueHint (ValueHint)', 'at most 256'],
  },
  {
    rule: 'TJ-RANGE-NAME',
    severity: 'error',
    title: 'an empty hyperparameter name',
    fail: d => { d.HyperParameterRanges!.CategoricalParameterRanges![0].Name = ''; },
    expect: ["name (Name) is ''", '1 to 256 characters'],
  },
  {
    rule: 'TJ-RANGE-MIN-LT-MAX',
    severity: 'error',
    title: 'min equal to max',
    fail: d => { d.HyperParameterRanges!.IntegerParameterRanges![0].MaxValue = '3'; },
    expect: ["hyperparameter 'max_depth'", 'min (MinValue) and max (MaxValue) are both 3, but min must be less than max', 'staticHyperParameters'],
  },
  {
    rule: 'TJ-RANGE-SINGLE-VALUE',
    severity: 'warning',
    title: 'a categorical range of one value',
    fail: d => { d.HyperParameterRanges!.CategoricalParameterRanges![0].Values = ['gbtree']; },
    expect: ["hyperparameter 'booster' has a single value 'gbtree'"],
  },
  {
    rule: 'TJ-RANGES-TOTAL',
    severity: 'error',
    title: 'more than 30 ranges in total',
    pass: d => { d.HyperParameterRanges = { IntegerParameterRanges: Array.from({ length: 15 }, (_, i) => ({ Name: `i${i}`, MinValue: '1', MaxValue: '9' })), CategoricalParameterRanges: Array.from({ length: 15 }, (_, i) => ({ Name: `c${i}`, Values: ['a', 'b'] })) }; },
    fail: d => { d.HyperParameterRanges = { IntegerParameterRanges: Array.from({ length: 16 }, (_, i) => ({ Name: `i${i}`, MinValue: '1', MaxValue: '9' })), CategoricalParameterRanges: Array.from({ length: 15 }, (_, i) => ({ Name: `c${i}`, Values: ['a', 'b'] })) }; },
    expect: ['has 31 integer, continuous and categorical ranges', 'at most 30'],
  },
  {
    rule: 'TJ-TUNED-NAMES-UNIQUE',
    severity: 'error',
    title: 'a hyperparameter tuned twice',
    fail: d => { d.HyperParameterRanges!.CategoricalParameterRanges![0].Name = 'max_depth'; },
    expect: ["tunes hyperparameter 'max_depth' 2 times (integer, categorical)"],
  },
  {
    rule: 'TJ-STATIC-TUNED-DISJOINT',
    severity: 'error',
    title: 'a hyperparameter both static and tuned',
    fail: d => { d.StaticHyperParameters!.eta = '0.1'; },
    expect: ["sets 'eta', which parameterRanges also tunes"],
  },
  {
    rule: 'TJ-HYPERPARAMETERS-TOTAL',
    severity: 'error',
    title: 'static + tuned over 99',
    pass: d => { d.StaticHyperParameters = Object.fromEntries(Array.from({ length: 96 }, (_, i) => [`s${i}`, 'x'])); },
    fail: d => { d.StaticHyperParameters = Object.fromEntries(Array.from({ length: 97 }, (_, i) => [`s${i}`, 'x'])); },
    expect: ['97 + 3 = 100 hyperparameters', '_tuning_objective_metric', 'at most 99'],
  },
  {
    rule: 'TJ-SECRET',
    severity: 'error',
    title: 'an access key id in a static hyperparameter (masked)',
    pass: d => { d.StaticHyperParameters!.note = 'AKIA is a prefix'; },
    fail: d => { d.StaticHyperParameters!.aws_key = 'AKIAIOSFODNN7EXAMPLE'; },
    expect: ["staticHyperParameters['aws_key']", 'AWS access key id', 'AKIA************ (20 characters, masked)'],
  },
  {
    rule: 'TJ-SECRET',
    severity: 'error',
    title: 'a secret access key in the environment (masked)',
    pass: d => { d.Environment = { SOME_HASH: AWS_SECRET }; },
    fail: d => { d.Environment = { AWS_SECRET_ACCESS_KEY: AWS_SECRET }; },
    expect: ["environment['AWS_SECRET_ACCESS_KEY']", 'AWS secret access key', 'wJal', 'masked'],
  },
  {
    rule: 'TJ-SECRET',
    severity: 'error',
    title: 'a session token in the environment',
    fail: d => { d.Environment = { AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEBYaDH' + 'x'.repeat(60) }; },
    expect: ['AWS session token'],
  },
  {
    rule: 'TJ-SECRET',
    severity: 'error',
    title: 'an access key id among categorical values',
    fail: d => { d.HyperParameterRanges!.CategoricalParameterRanges![0].Values.push('ASIAIOSFODNN7EXAMPLE'); },
    expect: ['ParameterRange.categorical value', 'ASIA', 'masked'],
  },

  // ---- inputs
  {
    rule: 'TJ-CHANNEL-NAMES-UNIQUE',
    severity: 'error',
    title: 'two channels with one name',
    pass: d => { d.InputDataConfig!.push({ ChannelName: 'validation', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://b/v/' } } }); },
    fail: d => { d.InputDataConfig!.push({ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://b/v/' } } }); },
    expect: ["inputs[1] channel name (TrainingJobDefinition.InputDataConfig[1].ChannelName) is 'train', which inputs[0] already uses"],
  },
  {
    rule: 'TJ-CHANNEL-AUGMENTED-PIPE',
    severity: 'error',
    title: 'augmented manifest in File mode',
    pass: d => { Object.assign(d.InputDataConfig![0], { InputMode: 'Pipe' }); d.InputDataConfig![0].DataSource.S3DataSource!.S3DataType = 'AugmentedManifestFile'; },
    fail: d => { d.InputDataConfig![0].DataSource.S3DataSource!.S3DataType = 'AugmentedManifestFile'; },
    expect: ["is 'AugmentedManifestFile' with input mode 'File'", 'only be used in Pipe mode'],
  },
  {
    rule: 'TJ-CHANNEL-AUGMENTED-PIPE',
    severity: 'error',
    title: 'augmented manifest in FastFile mode (channel override)',
    fail: d => { Object.assign(d.InputDataConfig![0], { InputMode: 'FastFile' }); d.InputDataConfig![0].DataSource.S3DataSource!.S3DataType = 'AugmentedManifestFile'; },
    expect: ["input mode 'FastFile'"],
  },
  {
    rule: 'TJ-CHANNEL-GZIP-PIPE',
    severity: 'error',
    title: 'Gzip in File mode',
    pass: d => { d.AlgorithmSpecification.TrainingInputMode = 'Pipe'; d.InputDataConfig![0].CompressionType = 'Gzip'; },
    fail: d => { d.InputDataConfig![0].CompressionType = 'Gzip'; },
    expect: ["inputs[0].compression (TrainingJobDefinition.InputDataConfig[0].CompressionType) of channel 'train' is 'Gzip' with input mode 'File'"],
  },
  {
    rule: 'TJ-CHANNEL-RECORDIO-FILE',
    severity: 'error',
    title: 'RecordIO wrapping in File mode',
    pass: d => { d.InputDataConfig![0].InputMode = 'Pipe'; d.InputDataConfig![0].RecordWrapperType = 'RecordIO'; },
    fail: d => { d.InputDataConfig![0].RecordWrapperType = 'RecordIO'; },
    expect: ["is 'RecordIO' with input mode 'File'"],
  },
  {
    rule: 'TJ-CHANNEL-ATTRIBUTES-AUGMENTED',
    severity: 'error',
    title: 'attribute names on an S3 prefix',
    pass: d => { d.InputDataConfig![0].InputMode = 'Pipe'; Object.assign(d.InputDataConfig![0].DataSource.S3DataSource!, { S3DataType: 'AugmentedManifestFile', AttributeNames: ['source-ref'] }); },
    fail: d => { d.InputDataConfig![0].DataSource.S3DataSource!.AttributeNames = ['source-ref']; },
    expect: ['inputs[0].attributeNames', "s3DataType 'S3Prefix'"],
  },
  {
    rule: 'TJ-CHANNEL-INSTANCE-GROUPS',
    severity: 'error',
    title: 'a channel feeding a group that does not exist',
    pass: d => { d.ResourceConfig = { VolumeSizeInGB: 30, InstanceGroups: [{ InstanceGroupName: 'gpu', InstanceType: 'ml.g5.xlarge', InstanceCount: 1 }] }; d.InputDataConfig![0].DataSource.S3DataSource!.InstanceGroupNames = ['gpu']; },
    fail: d => { d.ResourceConfig = { VolumeSizeInGB: 30, InstanceGroups: [{ InstanceGroupName: 'gpu', InstanceType: 'ml.g5.xlarge', InstanceCount: 1 }] }; d.InputDataConfig![0].DataSource.S3DataSource!.InstanceGroupNames = ['cpu']; },
    expect: ["names 'cpu'", "instance groups are 'gpu'"],
  },
  {
    rule: 'TJ-FILE-SYSTEM-VPC',
    severity: 'error',
    title: 'an EFS input without a VPC',
    pass: d => { d.VpcConfig = { SecurityGroupIds: ['sg-1'], Subnets: ['subnet-1'] }; d.InputDataConfig![0].DataSource = { FileSystemDataSource: { FileSystemId: 'fs-0123456789abcdef0', FileSystemAccessMode: 'ro', FileSystemType: 'EFS', DirectoryPath: '/d' } }; },
    fail: d => { d.InputDataConfig![0].DataSource = { FileSystemDataSource: { FileSystemId: 'fs-0123456789abcdef0', FileSystemAccessMode: 'ro', FileSystemType: 'EFS', DirectoryPath: '/d' } }; },
    expect: ['reads from EFS', 'vpc (TrainingJobDefinition.VpcConfig) is not set'],
  },

  // ---- instances and storage
  {
    rule: 'TJ-RESOURCE-CONFIG-ONE-OF',
    severity: 'error',
    title: 'both resource configs',
    fail: d => { d.HyperParameterTuningResourceConfig = { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 }; },
    expect: ['are both set'],
  },
  {
    rule: 'TJ-INSTANCE-CONFIGS-ONE-OF',
    severity: 'error',
    title: 'instance configs with an instance type',
    pass: d => { delete d.ResourceConfig; d.HyperParameterTuningResourceConfig = { InstanceConfigs: [{ InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 }] }; },
    fail: d => { delete d.ResourceConfig; d.HyperParameterTuningResourceConfig = { InstanceType: 'ml.m5.xlarge', InstanceConfigs: [{ InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 }] }; },
    expect: ['is set together with InstanceType'],
  },
  {
    rule: 'TJ-INSTANCE-GROUPS-ONE-OF',
    severity: 'error',
    title: 'instance groups with an instance type',
    pass: d => { d.ResourceConfig = { VolumeSizeInGB: 30, InstanceGroups: [{ InstanceGroupName: 'a', InstanceType: 'ml.m5.xlarge', InstanceCount: 1 }] }; },
    fail: d => { d.ResourceConfig = { InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30, InstanceGroups: [{ InstanceGroupName: 'a', InstanceType: 'ml.m5.xlarge', InstanceCount: 1 }] }; },
    expect: ['instanceGroups (TrainingJobDefinition.ResourceConfig.InstanceGroups) is set together with instanceType'],
  },
  {
    rule: 'TJ-INSTANCE-GROUPS-ONE-OF',
    severity: 'error',
    title: 'two instance groups with one name',
    fail: d => { d.ResourceConfig = { VolumeSizeInGB: 30, InstanceGroups: [{ InstanceGroupName: 'a', InstanceType: 'ml.m5.xlarge', InstanceCount: 1 }, { InstanceGroupName: 'a', InstanceType: 'ml.c5.xlarge', InstanceCount: 1 }] }; },
    expect: ["instanceGroups[1] name (TrainingJobDefinition.ResourceConfig.InstanceGroups[1].InstanceGroupName) is 'a'", 'unique'],
  },
  {
    rule: 'TJ-INSTANCE-GROUPS-ONE-OF',
    severity: 'error',
    title: 'no instance type without groups',
    fail: d => { delete d.ResourceConfig!.InstanceType; },
    expect: ['have neither instanceGroups nor instanceType (TrainingJobDefinition.ResourceConfig.InstanceType)'],
  },
  {
    rule: 'TJ-INSTANCE-TYPE-NAME',
    severity: 'error',
    title: 'an instance type that is not ml.<family>.<size>',
    pass: d => { d.ResourceConfig!.InstanceType = 'ml.p9.48xlarge'; },
    fail: d => { d.ResourceConfig!.InstanceType = 'm5.xlarge'; },
    expect: ["instanceType (TrainingJobDefinition.ResourceConfig.InstanceType) is 'm5.xlarge'", "looks like 'ml.<family>.<size>'"],
  },
  {
    rule: 'TJ-INSTANCE-TYPE-NAME',
    severity: 'error',
    title: 'an instance config type that is not ml.<family>.<size>',
    fail: d => {
      delete d.ResourceConfig;
      d.HyperParameterTuningResourceConfig = { InstanceConfigs: [{ InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 }, { InstanceType: 'ML.C5.XLARGE', InstanceCount: 1, VolumeSizeInGB: 30 }] };
    },
    expect: ["(TrainingJobDefinition.HyperParameterTuningResourceConfig.InstanceConfigs[1].InstanceType) is 'ML.C5.XLARGE'"],
  },
  {
    rule: 'TJ-VOLUME-KMS-LOCAL-STORAGE',
    severity: 'error',
    title: 'a volume key on an NVMe instance type',
    pass: d => { d.ResourceConfig!.VolumeKmsKeyId = 'arn:aws:kms:us-east-1:123456789012:key/abc'; },
    fail: d => { d.ResourceConfig = { InstanceType: 'ml.g5.2xlarge', InstanceCount: 1, VolumeSizeInGB: 30, VolumeKmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc' }; },
    expect: ["instanceType (TrainingJobDefinition.ResourceConfig.InstanceType) is 'ml.g5.2xlarge', which has local NVMe instance storage"],
  },
  {
    rule: 'TJ-VOLUME-KMS-LOCAL-STORAGE',
    severity: 'error',
    title: 'a volume key with an NVMe type among instance configs',
    fail: d => { delete d.ResourceConfig; d.HyperParameterTuningResourceConfig = { VolumeKmsKeyId: 'key', InstanceConfigs: [{ InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 }, { InstanceType: 'ml.p4d.24xlarge', InstanceCount: 1, VolumeSizeInGB: 30 }] }; },
    expect: ['instanceConfigs[1].instanceType', "'ml.p4d.24xlarge'"],
  },
  {
    rule: 'TJ-VOLUME-SIZE-EBS-ONLY',
    severity: 'error',
    title: 'an EBS-only type with volume 0',
    pass: d => { d.ResourceConfig = { InstanceType: 'ml.g4dn.xlarge', InstanceCount: 1, VolumeSizeInGB: 0 }; },
    fail: d => { d.ResourceConfig!.VolumeSizeInGB = 0; },
    expect: ['volumeSize (TrainingJobDefinition.ResourceConfig.VolumeSizeInGB) is 0', "'ml.m5.xlarge', an EBS-only instance type"],
  },
  {
    rule: 'TJ-VOLUME-SIZE-EBS-ONLY',
    severity: 'error',
    title: 'an EBS-only type without volume size (tuning resource config)',
    fail: d => { delete d.ResourceConfig; d.HyperParameterTuningResourceConfig = { InstanceType: 'ml.c5.xlarge', InstanceCount: 1 }; },
    expect: ['HyperParameterTuningResourceConfig.VolumeSizeInGB) is not set', "'ml.c5.xlarge'"],
  },

  // ---- stopping condition and spot
  {
    rule: 'TJ-SPOT-MAX-WAIT',
    severity: 'error',
    title: 'spot without a max wait time',
    pass: d => { d.EnableManagedSpotTraining = true; d.StoppingCondition.MaxWaitTimeInSeconds = 7200; d.CheckpointConfig = { S3Uri: 's3://b/ckpt/' }; },
    fail: d => { d.EnableManagedSpotTraining = true; d.CheckpointConfig = { S3Uri: 's3://b/ckpt/' }; },
    expect: ['spotTraining (TrainingJobDefinition.EnableManagedSpotTraining) is true, but maxWaitTime', 'is not set'],
  },
  {
    rule: 'TJ-SPOT-MAX-WAIT',
    severity: 'error',
    title: 'spot with a max wait time below the runtime',
    fail: d => { d.EnableManagedSpotTraining = true; d.StoppingCondition.MaxWaitTimeInSeconds = 3600; d.CheckpointConfig = { S3Uri: 's3://b/ckpt/' }; },
    expect: ['maxWaitTime (TrainingJobDefinition.StoppingCondition.MaxWaitTimeInSeconds) is 3600 s (1 h)', 'at least maxRuntime', '7200 s (2 h)'],
  },
  {
    rule: 'TJ-SPOT-MAX-WAIT',
    severity: 'error',
    title: 'spot with a max wait time below the default runtime',
    fail: d => { d.EnableManagedSpotTraining = true; delete d.StoppingCondition.MaxRuntimeInSeconds; d.StoppingCondition.MaxWaitTimeInSeconds = 3600; d.CheckpointConfig = { S3Uri: 's3://b/ckpt/' }; },
    expect: ['86400 s (1 days) (the default)'],
  },
  {
    rule: 'TJ-MAX-WAIT-SPOT-ONLY',
    severity: 'error',
    title: 'a max wait time without spot',
    fail: d => { d.StoppingCondition.MaxWaitTimeInSeconds = 9000; },
    expect: ['maxWaitTime (TrainingJobDefinition.StoppingCondition.MaxWaitTimeInSeconds) is set, but spotTraining'],
  },
  {
    rule: 'TJ-SPOT-CHECKPOINT',
    severity: 'warning',
    title: 'spot without checkpoints',
    pass: d => { d.EnableManagedSpotTraining = true; d.StoppingCondition.MaxWaitTimeInSeconds = 7200; d.CheckpointConfig = { S3Uri: 's3://b/ckpt/' }; },
    fail: d => { d.EnableManagedSpotTraining = true; d.StoppingCondition.MaxWaitTimeInSeconds = 7200; },
    expect: ['starts over from the beginning'],
  },
  // ---- volume size vs fixed local storage
  {
    rule: 'TJ-VOLUME-SIZE-LOCAL-STORAGE',
    severity: 'error',
    title: 'ml.g4dn.xlarge with more than its 125 GB of NVMe storage',
    pass: d => { d.ResourceConfig = { InstanceType: 'ml.g4dn.xlarge', InstanceCount: 1, VolumeSizeInGB: 125 }; },
    fail: d => { d.ResourceConfig = { InstanceType: 'ml.g4dn.xlarge', InstanceCount: 1, VolumeSizeInGB: 1000 }; },
    expect: ["volumeSize (TrainingJobDefinition.ResourceConfig.VolumeSizeInGB) is 1000 GB, but instanceType (TrainingJobDefinition.ResourceConfig.InstanceType) is 'ml.g4dn.xlarge'", '125 GB of local NVMe instance storage'],
  },
  {
    rule: 'TJ-VOLUME-SIZE-LOCAL-STORAGE',
    severity: 'error',
    title: 'an instance config of ml.r5d.large over 75 GB (EBS-only and unknown types are not checked)',
    pass: d => {
      delete d.ResourceConfig;
      d.HyperParameterTuningResourceConfig = {
        InstanceConfigs: [
          { InstanceType: 'ml.r5d.large', InstanceCount: 1, VolumeSizeInGB: 75 },
          { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 16000 },
          { InstanceType: 'ml.p6-b200.48xlarge', InstanceCount: 1, VolumeSizeInGB: 99999 },
        ],
      };
    },
    fail: d => {
      delete d.ResourceConfig;
      d.HyperParameterTuningResourceConfig = { InstanceConfigs: [{ InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 }, { InstanceType: 'ml.r5d.large', InstanceCount: 1, VolumeSizeInGB: 76 }] };
    },
    expect: ['HyperParameterTuningResourceConfig.InstanceConfigs[1].VolumeSizeInGB) is 76 GB', "'ml.r5d.large'", '75 GB'],
  },
  {
    rule: 'TJ-VOLUME-SIZE-LOCAL-STORAGE',
    severity: 'error',
    title: 'a heterogeneous cluster: the shared volume size against each group',
    pass: d => { d.ResourceConfig = { VolumeSizeInGB: 200, InstanceGroups: [{ InstanceGroupName: 'a', InstanceType: 'ml.g5.xlarge', InstanceCount: 1 }, { InstanceGroupName: 'b', InstanceType: 'ml.c5.xlarge', InstanceCount: 1 }] }; },
    fail: d => { d.ResourceConfig = { VolumeSizeInGB: 300, InstanceGroups: [{ InstanceGroupName: 'a', InstanceType: 'ml.g5.xlarge', InstanceCount: 1 }, { InstanceGroupName: 'b', InstanceType: 'ml.c5.xlarge', InstanceCount: 1 }] }; },
    expect: ["'ml.g5.xlarge', whose storage is fixed to its 250 GB"],
  },

  // ---- credentials beyond AWS keys
  {
    rule: 'TJ-SECRET',
    severity: 'error',
    title: 'a GitHub token in a static hyperparameter',
    pass: d => { d.StaticHyperParameters = { repo: 'ghp_is-a-prefix' }; },
    fail: d => { d.StaticHyperParameters = { repo: `ghp_${'a1B2c3D4e5'.repeat(3)}abcdef` }; },
    expect: ["staticHyperParameters['repo'] (TrainingJobDefinition.StaticHyperParameters.repo) holds what looks like a GitHub token (ghp_", 'masked'],
  },
  {
    rule: 'TJ-SECRET',
    severity: 'error',
    title: 'a private key block in the environment',
    pass: d => { d.Environment = { CERT: '-----BEGIN CERTIFICATE-----MIIB' }; },
    fail: d => { d.Environment = { KEY: '-----BEGIN RSA PRIVATE KEY-----MIIEow' }; },
    expect: ["environment['KEY']", 'a private key'],
  },

  // ---- message polish: one length note, long keys and values cut once
  {
    rule: 'SM-LENGTH',
    severity: 'error',
    title: 'a 513-character key is cut in the field name and shown once with its length',
    fail: d => { d.Environment = { ['K'.repeat(513)]: 'v' }; },
    expect: [`the key of environment['${'K'.repeat(37)}...'] (TrainingJobDefinition.Environment.${'K'.repeat(37)}...) is 513 characters long, but it must be`],
  },

];

describe('validateTrainingJobDefinition', () => {
  test('the baseline definition has no findings at all', () => {
    const findings = validateTrainingJobDefinition(validDefinition());
    expect(dump(findings)).toBe('');
  });

  describe.each(CASES)('$rule: $title', c => {
    test('passes', () => {
      const def = c.pass ? changed(validDefinition(), c.pass) : validDefinition();
      const findings = validateTrainingJobDefinition(def);
      expect(dump(ofRule(findings, c.rule))).toBe('');
      if (c.pass) {
        // the nearby configuration is accepted as a whole (warnings of other rules allowed)
        expect(dump(findings.filter(f => f.severity === 'error'))).toBe('');
      }
    });

    test(`fails with ${c.severity}`, () => {
      const findings = ofRule(validateTrainingJobDefinition(changed(validDefinition(), c.fail)), c.rule);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every(f => f.severity === c.severity)).toBe(true);
      const text = findings.map(f => f.message).join('\n');
      for (const e of c.expect) {
        expect(text).toContain(e);
      }
    });
  });

  test('secrets are never echoed in full', () => {
    const def = changed(validDefinition(), d => {
      d.StaticHyperParameters!.key = 'AKIAIOSFODNN7EXAMPLE';
      d.Environment = { AWS_SECRET_ACCESS_KEY: AWS_SECRET };
    });
    const text = dump(validateTrainingJobDefinition(def));
    expect(text).toContain('TJ-SECRET');
    expect(text).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(text).not.toContain(AWS_SECRET);
  });

  test('a long value and a long key appear once each, with one length note', () => {
    const def = changed(validDefinition(), d => {
      d.StaticHyperParameters = { ['k'.repeat(300)]: 'v'.repeat(3000) };
    });
    const text = dump(validateTrainingJobDefinition(def));
    // each length is told once: the key's (it is named, shortened, in the field) and the value's
    expect(text.split('300 characters').length - 1).toBe(1);
    expect(text.split('3000 characters').length - 1).toBe(1);
    expect(text).not.toContain('k'.repeat(80));
    expect(text).not.toContain('v'.repeat(80));
    expect(text.length).toBeLessThan(2000);
  });

  test('each problem is reported once (no rule repeats another)', () => {
    const def = changed(validDefinition(), d => {
      d.HyperParameterRanges!.IntegerParameterRanges![0].ScalingType = 'Log';
      d.HyperParameterRanges!.CategoricalParameterRanges![0].Values = [];
    });
    const findings = validateTrainingJobDefinition(def);
    expect(findings.map(f => f.rule).sort()).toEqual(['TJ-RANGE-CATEGORICAL-COUNT', 'TJ-RANGE-SCALING-TYPE']);
  });
});
