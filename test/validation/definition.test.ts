/*
 * The definition rules. Rules about a definition's own values run where TrainingJobDefinition
 * receives them (constructor, addInput, addParameterRange: `findingsOf` runs them the same way
 * over props, bound channels and ranges); the service model's (SM-*) runs at synth over the
 * rendered definition (`validateTrainingJobDefinition`, table-driven on wire objects).
 */
import { Aws, Duration, Size, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CUSTOM_IMAGE, findingsOf, Subject, validSubject } from './entry-fixtures';
import { changed, dump, ofRule, validDefinition } from './wire-fixtures';
import {
  CompressionType, FileSystemType, InputMode, ParameterRange, RecordWrapperType, S3DataType, ScalingType, TrainingInstanceType,
} from '../../src';
import { WireTrainingJobDefinition } from '../../src/shared/wire';
import { validateTrainingJobDefinition } from '../../src/validation';

const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

interface Case<T> {
  /** rule id expected from `fail` and absent from `pass` */
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  /** what the case is about */
  readonly title: string;
  /** a nearby configuration the rule accepts (default: the valid one) */
  readonly pass?: (x: T) => void;
  /** the configuration the rule rejects */
  readonly fail: (x: T) => void;
  /** texts the message must contain */
  readonly expect: string[];
}

/** Stand-ins for constructs the rules only test for presence. */
const KEY = { keyArn: 'arn:aws:kms:us-east-1:123456789012:key/abc' } as unknown as kms.IKey;
const VPC = {} as ec2.IVpc;
const CHECKPOINT = { bucket: {} as s3.IBucket };
const EFS = { fileSystemDataSource: { fileSystemId: 'fs-0123456789abcdef0', fileSystemType: FileSystemType.EFS, directoryPath: '/d' } };
const groups = (...names: string[]) => names.map(name => ({ name, instanceType: name === 'gpu' ? TrainingInstanceType.ML_G5_XLARGE : TrainingInstanceType.ML_M5_XLARGE }));
const s3Config = (over: object = {}) => ({ s3DataSource: { s3Uri: 's3://b/v/', ...over } });

// ---- the service model, over the rendered definition (at synth)
const SM_CASES: Array<Case<WireTrainingJobDefinition>> = [
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


  // ---- message polish: one length note, long keys and values cut once
  {
    rule: 'SM-LENGTH',
    severity: 'error',
    title: 'a 513-character key is cut in the field name and shown once with its length',
    fail: d => { d.Environment = { ['K'.repeat(513)]: 'v' }; },
    expect: [`the key of environment['${'K'.repeat(37)}...'] (TrainingJobDefinition.Environment.${'K'.repeat(37)}...) is 513 characters long, but it must be`],
  },

];

describe('validateTrainingJobDefinition: the service model over the rendered definition', () => {
  test('the baseline definition has no findings at all', () => {
    expect(dump(validateTrainingJobDefinition(validDefinition()))).toBe('');
  });

  describe.each(SM_CASES)('$rule: $title', c => {
    test('passes', () => {
      const def = c.pass ? changed(validDefinition(), c.pass) : validDefinition();
      const findings = validateTrainingJobDefinition(def);
      expect(dump(ofRule(findings, c.rule))).toBe('');
      if (c.pass) {
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
});

// ---- every other rule, where the definition receives the value
const CASES: Array<Case<Subject>> = [
  // ---- algorithm and metrics
  {
    rule: 'TJ-ALGORITHM-ONE-OF',
    severity: 'error',
    title: 'a user algorithm bound to both an image and an algorithm name',
    fail: s => { s.algorithm = { trainingImage: CUSTOM_IMAGE, algorithmName: 'my-algo' }; },
    expect: ['bound to both trainingImage', 'exactly one', 'TrainingAlgorithm.bind()'],
  },
  {
    rule: 'TJ-ALGORITHM-ONE-OF',
    severity: 'error',
    title: 'a user algorithm bound to neither',
    pass: s => { s.algorithm = { algorithmName: 'my-algo' }; },
    fail: s => { s.algorithm = {}; },
    expect: ['bound to neither trainingImage nor algorithmName'],
  },
  {
    rule: 'TJ-METRICS-CUSTOM-IMAGE',
    severity: 'error',
    title: 'an image without metric definitions',
    pass: s => { s.algorithm = { algorithmName: 'my-algo' }; delete s.props.metricDefinitions; },
    fail: s => { delete s.props.metricDefinitions; },
    expect: ['metricDefinitions (TrainingJobDefinition.AlgorithmSpecification.MetricDefinitions) is empty'],
  },
  {
    rule: 'TJ-METRICS-CUSTOM-IMAGE',
    severity: 'error',
    title: 'a built-in algorithm image needs no metric definitions',
    pass: s => { delete s.props.metricDefinitions; s.algorithm = { trainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1' }; },
    fail: s => { s.props.metricDefinitions = []; s.algorithm = { trainingImage: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1' }; },
    expect: ["for the image '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1'"],
  },
  {
    rule: 'TJ-METRICS-CUSTOM-IMAGE',
    severity: 'error',
    title: 'an imported built-in algorithm repository (host holds tokens) is recognized by its repository name',
    pass: s => { delete s.props.metricDefinitions; s.algorithm = { trainingImage: `683313688378.dkr.ecr.us-east-1.${Aws.URL_SUFFIX}/sagemaker-xgboost:1.7-1` }; },
    fail: s => { delete s.props.metricDefinitions; s.algorithm = { trainingImage: `${Aws.ACCOUNT_ID}.dkr.ecr.${Aws.REGION}.${Aws.URL_SUFFIX}/churn-lightgbm@sha256:abc` }; },
    expect: ['metricDefinitions (TrainingJobDefinition.AlgorithmSpecification.MetricDefinitions) is empty'],
  },
  {
    rule: 'TJ-METRIC-NAMES-UNIQUE',
    severity: 'warning',
    title: 'a metric name defined twice',
    fail: s => { s.props.metricDefinitions = [...s.props.metricDefinitions!, { name: 'validation:auc', regex: 'auc=(.*)' }]; },
    expect: ["defines 'validation:auc' more than once"],
  },

  // ---- ranges (src/validation/ranges.ts, named as the user gave them)
  {
    rule: 'TJ-RANGE-MIN-LT-MAX',
    severity: 'error',
    title: 'min above max',
    fail: s => { s.ranges[1] = ParameterRange.integer('max_depth', { min: 10, max: 3 }); },
    expect: ["parameterRanges[1] (integer 'max_depth'): min (MinValue) is 10 and max (MaxValue) is 3"],
  },
  {
    rule: 'TJ-RANGE-INTEGER-WHOLE',
    severity: 'error',
    title: 'fractional integer bound',
    fail: s => { s.ranges[1] = ParameterRange.integer('max_depth', { min: 1.5, max: 3 }); },
    expect: ['min (MinValue) is 1.5', 'whole numbers'],
  },
  {
    rule: 'TJ-RANGE-BOUNDS',
    severity: 'error',
    title: 'a bound that is not a number',
    fail: s => { s.ranges[0] = ParameterRange.continuous('eta', { min: 0.01, max: NaN }); },
    expect: ['max (MaxValue) is NaN', 'finite number'],
  },
  {
    rule: 'TJ-RANGE-LOG-POSITIVE',
    severity: 'error',
    title: 'logarithmic scaling from 0',
    fail: s => { s.ranges[0] = ParameterRange.continuous('eta', { min: 0, max: 0.3, scaling: ScalingType.LOGARITHMIC }); },
    expect: ["'Logarithmic' and min (MinValue) is 0", 'greater than 0'],
  },
  {
    rule: 'TJ-RANGE-REVERSE-LOG',
    severity: 'error',
    title: 'reverse logarithmic reaching 1',
    pass: s => { s.ranges[0] = ParameterRange.continuous('m', { min: 0, max: 0.999, scaling: ScalingType.REVERSE_LOGARITHMIC }); },
    fail: s => { s.ranges[0] = ParameterRange.continuous('m', { min: 0, max: 1, scaling: ScalingType.REVERSE_LOGARITHMIC }); },
    expect: ['0 <= x < 1'],
  },
  {
    rule: 'TJ-RANGE-SCALING-TYPE',
    severity: 'error',
    title: 'unknown scaling type',
    fail: s => { s.ranges[1] = ParameterRange.integer('max_depth', { min: 3, max: 10, scaling: 'Log' as ScalingType }); },
    expect: ["scaling (ScalingType) is 'Log'", "'Logarithmic'"],
  },
  {
    rule: 'TJ-RANGE-CATEGORICAL-COUNT',
    severity: 'error',
    title: 'more than 30 categorical values',
    pass: s => { s.ranges[2] = ParameterRange.categorical('booster', Array.from({ length: 30 }, (_, i) => `v${i}`)); },
    fail: s => { s.ranges[2] = ParameterRange.categorical('booster', Array.from({ length: 31 }, (_, i) => `v${i}`)); },
    expect: ['has 31 values', '1 to 30 values'],
  },
  {
    rule: 'TJ-RANGE-CATEGORICAL-DISTINCT',
    severity: 'error',
    title: 'a categorical value repeated',
    fail: s => { s.ranges[2] = ParameterRange.categorical('booster', ['gbtree', 'dart', 'gbtree']); },
    expect: ["repeats 'gbtree'", 'distinct'],
  },
  {
    rule: 'TJ-RANGE-CATEGORICAL-VALUE',
    severity: 'error',
    title: 'a categorical value over 256 characters',
    pass: s => { s.ranges[2] = ParameterRange.categorical('booster', ['gbtree', 'x'.repeat(256)]); },
    fail: s => { s.ranges[2] = ParameterRange.categorical('booster', ['gbtree', 'x'.repeat(257)]); },
    expect: ['values[1] (Values[1])', '257 characters', 'at most 256'],
  },
  {
    rule: 'TJ-RANGE-AUTO-HINT',
    severity: 'error',
    title: 'an auto parameter hint over 256 characters',
    pass: s => { s.ranges.push(ParameterRange.auto('alpha', '0.1')); },
    fail: s => { s.ranges.push(ParameterRange.auto('alpha', '1'.repeat(257))); },
    expect: ["parameterRanges[3] (auto 'alpha'): valueHint (ValueHint)", 'at most 256'],
  },
  {
    rule: 'TJ-RANGE-NAME',
    severity: 'error',
    title: 'an empty hyperparameter name',
    fail: s => { s.ranges[2] = ParameterRange.categorical('', ['gbtree', 'dart']); },
    expect: ["name (Name) is ''", '1 to 256 characters'],
  },
  {
    rule: 'TJ-RANGE-MIN-LT-MAX',
    severity: 'error',
    title: 'min equal to max',
    fail: s => { s.ranges[1] = ParameterRange.integer('max_depth', { min: 3, max: 3 }); },
    expect: ["(integer 'max_depth')", 'min (MinValue) and max (MaxValue) are both 3, but min must be less than max', 'staticHyperParameters'],
  },
  {
    rule: 'TJ-RANGE-SINGLE-VALUE',
    severity: 'warning',
    title: 'a categorical range of one value',
    fail: s => { s.ranges[2] = ParameterRange.categorical('booster', ['gbtree']); },
    expect: ["parameterRanges[2] (categorical 'booster') has a single value 'gbtree'"],
  },
  {
    rule: 'TJ-RANGES-TOTAL',
    severity: 'error',
    title: 'more than 30 ranges in total',
    pass: s => { s.ranges = [...Array.from({ length: 15 }, (_, i) => ParameterRange.integer(`i${i}`, { min: 1, max: 9 })), ...Array.from({ length: 15 }, (_, i) => ParameterRange.categorical(`c${i}`, ['a', 'b']))]; },
    fail: s => { s.ranges = [...Array.from({ length: 16 }, (_, i) => ParameterRange.integer(`i${i}`, { min: 1, max: 9 })), ...Array.from({ length: 15 }, (_, i) => ParameterRange.categorical(`c${i}`, ['a', 'b']))]; },
    expect: ['has 31 integer, continuous and categorical ranges', 'at most 30'],
  },
  {
    rule: 'TJ-TUNED-NAMES-UNIQUE',
    severity: 'error',
    title: 'a hyperparameter tuned twice',
    fail: s => { s.ranges[2] = ParameterRange.categorical('max_depth', ['3', '4']); },
    expect: ["parameterRanges[2] (categorical 'max_depth') tunes hyperparameter 'max_depth', which parameterRanges[1] (integer 'max_depth') already tunes"],
  },
  {
    rule: 'TJ-STATIC-TUNED-DISJOINT',
    severity: 'error',
    title: 'a hyperparameter both static and tuned',
    fail: s => { s.props.staticHyperParameters = { ...s.props.staticHyperParameters, eta: '0.1' }; },
    expect: ["parameterRanges[0] (continuous 'eta') tunes 'eta', which staticHyperParameters (TrainingJobDefinition.StaticHyperParameters) also sets"],
  },
  {
    rule: 'TJ-HYPERPARAMETERS-TOTAL',
    severity: 'error',
    title: 'static + tuned over 99',
    pass: s => { s.props.staticHyperParameters = Object.fromEntries(Array.from({ length: 96 }, (_, i) => [`s${i}`, 'x'])); },
    fail: s => { s.props.staticHyperParameters = Object.fromEntries(Array.from({ length: 97 }, (_, i) => [`s${i}`, 'x'])); },
    expect: ['97 + 3 = 100 hyperparameters', '_tuning_objective_metric', 'at most 99'],
  },
  {
    rule: 'TJ-SECRET',
    severity: 'error',
    title: 'an access key id in a static hyperparameter (masked)',
    pass: s => { s.props.staticHyperParameters = { ...s.props.staticHyperParameters, note: 'AKIA is a prefix' }; },
    fail: s => { s.props.staticHyperParameters = { ...s.props.staticHyperParameters, aws_key: 'AKIAIOSFODNN7EXAMPLE' }; },
    expect: ["staticHyperParameters['aws_key']", 'AWS access key id', 'AKIA************ (20 characters, masked)'],
  },
  {
    rule: 'TJ-SECRET',
    severity: 'error',
    title: 'a secret access key in the environment (masked)',
    pass: s => { s.props.environment = { SOME_HASH: AWS_SECRET }; },
    fail: s => { s.props.environment = { AWS_SECRET_ACCESS_KEY: AWS_SECRET }; },
    expect: ["environment['AWS_SECRET_ACCESS_KEY']", 'AWS secret access key', 'wJal', 'masked'],
  },
  {
    rule: 'TJ-SECRET',
    severity: 'error',
    title: 'a session token in the environment',
    fail: s => { s.props.environment = { AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEBYaDH' + 'x'.repeat(60) }; },
    expect: ['AWS session token'],
  },
  {
    rule: 'TJ-SECRET',
    severity: 'error',
    title: 'an access key id among categorical values',
    fail: s => { s.ranges[2] = ParameterRange.categorical('booster', ['gbtree', 'dart', 'ASIAIOSFODNN7EXAMPLE']); },
    expect: ["parameterRanges[2] (categorical 'booster') values[2] holds", 'ASIA', 'masked'],
  },
  {
    rule: 'TJ-SECRET',
    severity: 'error',
    title: 'an access key id in an auto parameter hint',
    pass: s => { s.ranges.push(ParameterRange.auto('alpha', '0.1')); },
    fail: s => { s.ranges.push(ParameterRange.auto('alpha', 'AKIAIOSFODNN7EXAMPLE')); },
    expect: ["parameterRanges[3] (auto 'alpha') valueHint holds", 'masked'],
  },

  // ---- inputs
  {
    rule: 'TJ-CHANNEL-ONE-SOURCE',
    severity: 'error',
    title: 'a user input bound to neither data source',
    pass: s => { s.channels[0].config = EFS; s.props.vpc = VPC; },
    fail: s => { s.channels[0].config = {}; },
    expect: ["inputs[0] (channel 'train'): UserInput.bind() returned neither s3DataSource nor fileSystemDataSource, but a channel reads exactly one data source"],
  },
  {
    rule: 'TJ-CHANNEL-ONE-SOURCE',
    severity: 'error',
    title: 'a user input bound to both data sources',
    fail: s => { s.channels[0].config = { ...s3Config(), ...EFS }; },
    expect: ['returned both s3DataSource and fileSystemDataSource'],
  },
  {
    rule: 'TJ-CHANNEL-NAMES-UNIQUE',
    severity: 'error',
    title: 'two channels with one name',
    pass: s => { s.channels.push({ name: 'validation', config: s3Config() }); },
    fail: s => { s.channels.push({ name: 'train', config: s3Config() }); },
    expect: ["inputs[1] (channel 'train'): the channel name (ChannelName) is 'train', which inputs[0] (channel 'train') already uses"],
  },
  {
    rule: 'TJ-CHANNEL-AUGMENTED-PIPE',
    severity: 'error',
    title: 'augmented manifest in File mode',
    pass: s => { s.channels[0].config = { ...s3Config({ dataType: S3DataType.AUGMENTED_MANIFEST_FILE }), inputMode: InputMode.PIPE }; },
    fail: s => { s.channels[0].config = s3Config({ dataType: S3DataType.AUGMENTED_MANIFEST_FILE }); },
    expect: ["is 'AugmentedManifestFile' with input mode 'File'", 'only be used in Pipe mode'],
  },
  {
    rule: 'TJ-CHANNEL-AUGMENTED-PIPE',
    severity: 'error',
    title: 'augmented manifest in FastFile mode (channel override)',
    fail: s => {
      s.props.inputMode = InputMode.PIPE;
      s.channels[0].config = { ...s3Config({ dataType: S3DataType.AUGMENTED_MANIFEST_FILE }), inputMode: InputMode.FAST_FILE };
    },
    expect: ["input mode 'FastFile'"],
  },
  {
    rule: 'TJ-CHANNEL-GZIP-PIPE',
    severity: 'error',
    title: 'Gzip in File mode',
    pass: s => { s.props.inputMode = InputMode.PIPE; s.channels[0].config = { ...s3Config(), compression: CompressionType.GZIP }; },
    fail: s => { s.channels[0].config = { ...s3Config(), compression: CompressionType.GZIP }; },
    expect: ["inputs[0] (channel 'train'): compression (CompressionType) is 'Gzip' with input mode 'File'"],
  },
  {
    rule: 'TJ-CHANNEL-RECORDIO-FILE',
    severity: 'error',
    title: 'RecordIO wrapping in File mode',
    pass: s => { s.channels[0].config = { ...s3Config(), inputMode: InputMode.PIPE, recordWrapperType: RecordWrapperType.RECORD_IO }; },
    fail: s => { s.channels[0].config = { ...s3Config(), recordWrapperType: RecordWrapperType.RECORD_IO }; },
    expect: ["is 'RecordIO' with input mode 'File'"],
  },
  {
    rule: 'TJ-CHANNEL-ATTRIBUTES-AUGMENTED',
    severity: 'error',
    title: 'attribute names on an S3 prefix',
    pass: s => { s.channels[0].config = { ...s3Config({ dataType: S3DataType.AUGMENTED_MANIFEST_FILE, attributeNames: ['source-ref'] }), inputMode: InputMode.PIPE }; },
    fail: s => { s.channels[0].config = s3Config({ attributeNames: ['source-ref'] }); },
    expect: ["inputs[0] (channel 'train'): attributeNames", "dataType 'S3Prefix'"],
  },
  {
    rule: 'TJ-CHANNEL-INSTANCE-GROUPS',
    severity: 'error',
    title: 'a channel feeding a group that does not exist',
    pass: s => { s.props.instanceGroups = groups('gpu'); s.channels[0].config = s3Config({ instanceGroupNames: ['gpu'] }); },
    fail: s => { s.props.instanceGroups = groups('gpu'); s.channels[0].config = s3Config({ instanceGroupNames: ['cpu'] }); },
    expect: ["names 'cpu'", "instanceGroups are 'gpu'"],
  },
  {
    rule: 'TJ-FILE-SYSTEM-VPC',
    severity: 'error',
    title: 'an EFS input without a VPC',
    pass: s => { s.props.vpc = VPC; s.channels[0].config = EFS; },
    fail: s => { s.channels[0].config = EFS; },
    expect: ["inputs[0] (channel 'train') reads from EFS", 'vpc (TrainingJobDefinition.VpcConfig) is not set'],
  },

  // ---- instances and storage
  {
    rule: 'TJ-RESOURCE-CONFIG-ONE-OF',
    severity: 'error',
    title: 'instance configs with a warm pool',
    pass: s => { s.props.instanceConfigs = [{ instanceType: TrainingInstanceType.ML_M5_XLARGE }]; },
    fail: s => { s.props.instanceConfigs = [{ instanceType: TrainingInstanceType.ML_M5_XLARGE }]; s.props.keepAlivePeriod = Duration.minutes(5); },
    expect: ['are both set', 'instanceConfigs renders HyperParameterTuningResourceConfig, and keepAlivePeriod exists only in ResourceConfig'],
  },
  {
    rule: 'TJ-RESOURCE-CONFIG-ONE-OF',
    severity: 'error',
    title: 'the tuning resource config with instance groups',
    pass: s => { s.props.tuningResourceConfig = true; },
    fail: s => { s.props.tuningResourceConfig = true; s.props.instanceGroups = groups('a'); },
    expect: ['tuningResourceConfig renders HyperParameterTuningResourceConfig, and instanceGroups exists only in ResourceConfig'],
  },
  {
    rule: 'TJ-INSTANCE-CONFIGS-ONE-OF',
    severity: 'error',
    title: 'instance configs with an instance type',
    pass: s => { s.props.instanceConfigs = [{ instanceType: TrainingInstanceType.ML_M5_XLARGE }]; },
    fail: s => {
      s.props.instanceConfigs = [{ instanceType: TrainingInstanceType.ML_M5_XLARGE }];
      s.props.instanceType = TrainingInstanceType.ML_M5_XLARGE;
      s.props.volumeSize = Size.gibibytes(30);
    },
    expect: ['is set together with instanceType, volumeSize'],
  },
  {
    rule: 'TJ-INSTANCE-GROUPS-ONE-OF',
    severity: 'error',
    title: 'instance groups with an instance type',
    pass: s => { s.props.instanceGroups = groups('a'); },
    fail: s => { s.props.instanceGroups = groups('a'); s.props.instanceType = TrainingInstanceType.ML_M5_XLARGE; },
    expect: ['instanceGroups (TrainingJobDefinition.ResourceConfig.InstanceGroups) is set together with instanceType'],
  },
  {
    rule: 'TJ-INSTANCE-GROUPS-ONE-OF',
    severity: 'error',
    title: 'two instance groups with one name',
    pass: s => { s.props.instanceGroups = groups('a', 'b'); },
    fail: s => { s.props.instanceGroups = groups('a', 'a'); },
    expect: ["instanceGroups[1] name (TrainingJobDefinition.ResourceConfig.InstanceGroups[1].InstanceGroupName) is 'a'", 'unique'],
  },
  {
    rule: 'TJ-INSTANCE-GROUPS-ONE-OF',
    severity: 'error',
    title: 'an empty list of instance groups without an instance type',
    pass: s => { s.props.instanceGroups = []; s.props.instanceType = TrainingInstanceType.ML_M5_XLARGE; s.props.instanceCount = 1; },
    fail: s => { s.props.instanceGroups = []; },
    expect: ['is an empty list, and instanceType (TrainingJobDefinition.ResourceConfig.InstanceType) and instanceCount'],
  },
  {
    rule: 'TJ-INSTANCE-TYPE-NAME',
    severity: 'error',
    title: 'an instance type that is not ml.<family>.<size>',
    pass: s => { s.props.instanceType = TrainingInstanceType.of('ml.p9.48xlarge'); },
    fail: s => { s.props.instanceType = TrainingInstanceType.of('m5.xlarge'); },
    expect: ["instanceType (TrainingJobDefinition.ResourceConfig.InstanceType) is 'm5.xlarge'", "looks like 'ml.<family>.<size>'"],
  },
  {
    rule: 'TJ-INSTANCE-TYPE-NAME',
    severity: 'error',
    title: 'an instance config type that is not ml.<family>.<size>',
    fail: s => { s.props.instanceConfigs = [{ instanceType: TrainingInstanceType.ML_M5_XLARGE }, { instanceType: TrainingInstanceType.of('ML.C5.XLARGE') }]; },
    expect: ["(TrainingJobDefinition.HyperParameterTuningResourceConfig.InstanceConfigs[1].InstanceType) is 'ML.C5.XLARGE'"],
  },
  {
    rule: 'TJ-VOLUME-KMS-LOCAL-STORAGE',
    severity: 'error',
    title: 'a volume key on an NVMe instance type',
    pass: s => { s.props.volumeEncryptionKey = KEY; },
    fail: s => { s.props.volumeEncryptionKey = KEY; s.props.instanceType = TrainingInstanceType.ML_G5_2XLARGE; },
    expect: ["instanceType (TrainingJobDefinition.ResourceConfig.InstanceType) is 'ml.g5.2xlarge', which has local NVMe instance storage"],
  },
  {
    rule: 'TJ-VOLUME-KMS-LOCAL-STORAGE',
    severity: 'error',
    title: 'a volume key with an NVMe type among instance configs',
    fail: s => {
      s.props.volumeEncryptionKey = KEY;
      s.props.instanceConfigs = [{ instanceType: TrainingInstanceType.ML_M5_XLARGE }, { instanceType: TrainingInstanceType.ML_P4D_24XLARGE }];
    },
    expect: ['volumeEncryptionKey (TrainingJobDefinition.HyperParameterTuningResourceConfig.VolumeKmsKeyId)', 'instanceConfigs[1].instanceType', "'ml.p4d.24xlarge'"],
  },
  {
    rule: 'TJ-VOLUME-SIZE-EBS-ONLY',
    severity: 'error',
    title: 'an EBS-only type with volume 0',
    pass: s => { s.props.instanceType = TrainingInstanceType.ML_G4DN_XLARGE; s.props.volumeSize = Size.gibibytes(0); },
    fail: s => { s.props.volumeSize = Size.gibibytes(0); },
    expect: ['volumeSize (TrainingJobDefinition.ResourceConfig.VolumeSizeInGB) is 0', "'ml.m5.xlarge', an EBS-only instance type"],
  },
  {
    rule: 'TJ-VOLUME-SIZE-EBS-ONLY',
    severity: 'error',
    title: 'an EBS-only type with volume 0 (tuning resource config)',
    fail: s => {
      s.props.tuningResourceConfig = true;
      s.props.instanceType = TrainingInstanceType.ML_C5_XLARGE;
      s.props.volumeSize = Size.gibibytes(0);
    },
    expect: ['HyperParameterTuningResourceConfig.VolumeSizeInGB) is 0', "'ml.c5.xlarge'"],
  },

  // ---- stopping condition and spot
  {
    rule: 'TJ-SPOT-MAX-WAIT',
    severity: 'error',
    title: 'spot without a max wait time',
    pass: s => { s.props.spotTraining = true; s.props.maxWaitTime = Duration.hours(2); s.props.checkpoint = CHECKPOINT; },
    fail: s => { s.props.spotTraining = true; s.props.checkpoint = CHECKPOINT; },
    expect: ['spotTraining (TrainingJobDefinition.EnableManagedSpotTraining) is true, but maxWaitTime', 'is not set'],
  },
  {
    rule: 'TJ-SPOT-MAX-WAIT',
    severity: 'error',
    title: 'spot with a max wait time below the runtime',
    fail: s => { s.props.spotTraining = true; s.props.maxWaitTime = Duration.hours(1); s.props.checkpoint = CHECKPOINT; },
    expect: ['maxWaitTime (TrainingJobDefinition.StoppingCondition.MaxWaitTimeInSeconds) is 3600 s (1 h)', 'at least maxRuntime', '7200 s (2 h)'],
  },
  {
    rule: 'TJ-SPOT-MAX-WAIT',
    severity: 'error',
    title: 'spot with a max wait time below the default runtime',
    fail: s => { s.props.spotTraining = true; delete s.props.maxRuntime; s.props.maxWaitTime = Duration.hours(1); s.props.checkpoint = CHECKPOINT; },
    expect: ['86400 s (1 days) (the default)'],
  },
  {
    rule: 'TJ-MAX-WAIT-SPOT-ONLY',
    severity: 'error',
    title: 'a max wait time without spot',
    fail: s => { s.props.maxWaitTime = Duration.seconds(9000); },
    expect: ['maxWaitTime (TrainingJobDefinition.StoppingCondition.MaxWaitTimeInSeconds) is set, but spotTraining'],
  },
  {
    rule: 'TJ-SPOT-CHECKPOINT',
    severity: 'warning',
    title: 'spot without checkpoints',
    pass: s => { s.props.spotTraining = true; s.props.maxWaitTime = Duration.hours(2); s.props.checkpoint = CHECKPOINT; },
    fail: s => { s.props.spotTraining = true; s.props.maxWaitTime = Duration.hours(2); },
    expect: ['starts over from the beginning'],
  },
  // ---- volume size vs fixed local storage
  {
    rule: 'TJ-VOLUME-SIZE-LOCAL-STORAGE',
    severity: 'error',
    title: 'ml.g4dn.xlarge with more than its 125 GB of NVMe storage',
    pass: s => { s.props.instanceType = TrainingInstanceType.ML_G4DN_XLARGE; s.props.volumeSize = Size.gibibytes(125); },
    fail: s => { s.props.instanceType = TrainingInstanceType.ML_G4DN_XLARGE; s.props.volumeSize = Size.gibibytes(1000); },
    expect: ["volumeSize (TrainingJobDefinition.ResourceConfig.VolumeSizeInGB) is 1000 GB, but instanceType (TrainingJobDefinition.ResourceConfig.InstanceType) is 'ml.g4dn.xlarge'", '125 GB of local NVMe instance storage'],
  },
  {
    rule: 'TJ-VOLUME-SIZE-LOCAL-STORAGE',
    severity: 'error',
    title: 'an instance config of ml.r5d.large over 75 GB (EBS-only and unknown types are not checked)',
    pass: s => {
      s.props.instanceConfigs = [
        { instanceType: TrainingInstanceType.ML_R5D_LARGE, volumeSize: Size.gibibytes(75) },
        { instanceType: TrainingInstanceType.ML_M5_XLARGE, volumeSize: Size.gibibytes(16000) },
        { instanceType: TrainingInstanceType.of('ml.p6-b200.48xlarge'), volumeSize: Size.gibibytes(99999) },
      ];
    },
    fail: s => {
      s.props.instanceConfigs = [
        { instanceType: TrainingInstanceType.ML_M5_XLARGE },
        { instanceType: TrainingInstanceType.ML_R5D_LARGE, volumeSize: Size.gibibytes(76) },
      ];
    },
    expect: ['HyperParameterTuningResourceConfig.InstanceConfigs[1].VolumeSizeInGB) is 76 GB', "'ml.r5d.large'", '75 GB'],
  },
  {
    rule: 'TJ-VOLUME-SIZE-LOCAL-STORAGE',
    severity: 'error',
    title: 'a heterogeneous cluster: the shared volume size against each group',
    pass: s => { s.props.instanceGroups = [...groups('gpu'), { name: 'b', instanceType: TrainingInstanceType.ML_C5_XLARGE }]; s.props.volumeSize = Size.gibibytes(200); },
    fail: s => { s.props.instanceGroups = [...groups('gpu'), { name: 'b', instanceType: TrainingInstanceType.ML_C5_XLARGE }]; s.props.volumeSize = Size.gibibytes(300); },
    expect: ["'ml.g5.xlarge', whose storage is fixed to its 250 GB"],
  },

  // ---- credentials beyond AWS keys
  {
    rule: 'TJ-SECRET',
    severity: 'error',
    title: 'a GitHub token in a static hyperparameter',
    pass: s => { s.props.staticHyperParameters = { repo: 'ghp_is-a-prefix' }; },
    fail: s => { s.props.staticHyperParameters = { repo: `ghp_${'a1B2c3D4e5'.repeat(3)}abcdef` }; },
    expect: ["staticHyperParameters['repo'] (TrainingJobDefinition.StaticHyperParameters.repo) holds what looks like a GitHub token (ghp_", 'masked'],
  },
  {
    rule: 'TJ-SECRET',
    severity: 'error',
    title: 'a private key block in the environment',
    pass: s => { s.props.environment = { CERT: '-----BEGIN CERTIFICATE-----MIIB' }; },
    fail: s => { s.props.environment = { KEY: '-----BEGIN RSA PRIVATE KEY-----MIIEow' }; },
    expect: ["environment['KEY']", 'a private key'],
  },
];

/** A fresh copy of the valid subject, changed. */
function subject(change?: (s: Subject) => void): Subject {
  const s = validSubject();
  change?.(s);
  return s;
}

describe('definition rules, where the definition receives the values', () => {
  test('the baseline definition has no findings at all', () => {
    expect(dump(findingsOf(validSubject()))).toBe('');
  });

  describe.each(CASES)('$rule: $title', c => {
    test('passes', () => {
      const findings = findingsOf(subject(c.pass));
      expect(dump(ofRule(findings, c.rule))).toBe('');
      if (c.pass) {
        // the nearby configuration is accepted as a whole (warnings of other rules allowed)
        expect(dump(findings.filter(f => f.severity === 'error'))).toBe('');
      }
    });

    test(`fails with ${c.severity}`, () => {
      const findings = ofRule(findingsOf(subject(c.fail)), c.rule);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every(f => f.severity === c.severity)).toBe(true);
      const text = findings.map(f => f.message).join('\n');
      for (const e of c.expect) {
        expect(text).toContain(e);
      }
    });
  });

  test('secrets are never echoed in full', () => {
    const text = dump(findingsOf(subject(s => {
      s.props.staticHyperParameters = { ...s.props.staticHyperParameters, key: 'AKIAIOSFODNN7EXAMPLE' };
      s.props.environment = { AWS_SECRET_ACCESS_KEY: AWS_SECRET };
    })));
    expect(text).toContain('TJ-SECRET');
    expect(text).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(text).not.toContain(AWS_SECRET);
  });

  test('each problem is reported once (no rule repeats another, and the service model skips what the range rules check)', () => {
    const s = subject(x => {
      x.ranges[1] = ParameterRange.integer('max_depth', { min: 3, max: 10, scaling: 'Log' as ScalingType });
      x.ranges[2] = ParameterRange.categorical('booster', []);
    });
    expect(findingsOf(s).map(f => f.rule).sort()).toEqual(['TJ-RANGE-CATEGORICAL-COUNT', 'TJ-RANGE-SCALING-TYPE']);
    const wire = changed(validDefinition(), d => {
      d.HyperParameterRanges!.IntegerParameterRanges![0].ScalingType = 'Log';
      d.HyperParameterRanges!.CategoricalParameterRanges![0].Values = [];
    });
    expect(dump(validateTrainingJobDefinition(wire))).toBe('');
  });

  test('tokens pass unchecked', () => {
    const token = Token.asNumber({ Ref: 'N' });
    const s = subject(x => {
      x.ranges[1] = ParameterRange.integer('max_depth', { min: token, max: 3, scaling: ScalingType.LOGARITHMIC });
      x.props.environment = { AWS_SECRET_ACCESS_KEY: Token.asString({ Ref: 'Secret' }) };
      x.props.instanceType = TrainingInstanceType.of(Token.asString({ Ref: 'Type' }));
      x.props.volumeEncryptionKey = KEY;
      x.props.volumeSize = Size.gibibytes(token);
      x.channels[0].config = { ...s3Config(), inputMode: InputMode.of(Token.asString({ Ref: 'Mode' })), compression: CompressionType.GZIP };
    });
    expect(dump(findingsOf(s))).toBe('');
  });
});
