/* Valid wire objects the validation tests start from, and helpers to change and check them. */
import { WireCreateRequest, WireTrainingJobDefinition } from '../../src/shared/wire';
import { Finding } from '../../src/validation';

/** A definition that passes every per-definition rule without warnings. */
export function validDefinition(): WireTrainingJobDefinition {
  return {
    AlgorithmSpecification: {
      TrainingImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/xgb:1',
      TrainingInputMode: 'File',
      MetricDefinitions: [{ Name: 'validation:auc', Regex: 'validation-auc=([0-9.]+)' }],
    },
    RoleArn: 'arn:aws:iam::123456789012:role/TrainingRole',
    InputDataConfig: [{
      ChannelName: 'train',
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://bucket/data/train/' } },
    }],
    OutputDataConfig: { S3OutputPath: 's3://bucket/output/' },
    ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
    StoppingCondition: { MaxRuntimeInSeconds: 7200 },
    StaticHyperParameters: { objective: 'binary:logistic' },
    HyperParameterRanges: {
      ContinuousParameterRanges: [{ Name: 'eta', MinValue: '0.01', MaxValue: '0.3', ScalingType: 'Logarithmic' }],
      IntegerParameterRanges: [{ Name: 'max_depth', MinValue: '3', MaxValue: '10', ScalingType: 'Auto' }],
      CategoricalParameterRanges: [{ Name: 'booster', Values: ['gbtree', 'dart'] }],
    },
  };
}

/** A one-definition request (ranges and objective in the job config) that passes every job rule. */
export function validRequest(def: WireTrainingJobDefinition = validDefinition()): WireCreateRequest {
  const { HyperParameterRanges, TuningObjective, ...rest } = def;
  return {
    HyperParameterTuningJobConfig: {
      Strategy: 'Bayesian',
      HyperParameterTuningJobObjective: TuningObjective ?? { Type: 'Maximize', MetricName: 'validation:auc' },
      ResourceLimits: { MaxNumberOfTrainingJobs: 20, MaxParallelTrainingJobs: 4 },
      ParameterRanges: HyperParameterRanges,
      TrainingJobEarlyStoppingType: 'Off',
    },
    TrainingJobDefinition: rest,
  };
}

/** A request with several definitions (each with name, ranges and objective) that passes. */
export function validMultiRequest(count = 2): WireCreateRequest {
  const defs = Array.from({ length: count }, (_, i) => ({
    ...validDefinition(),
    DefinitionName: `algo-${i}`,
    TuningObjective: { Type: 'Maximize', MetricName: 'validation:auc' },
  }));
  return {
    HyperParameterTuningJobConfig: {
      Strategy: 'Random',
      ResourceLimits: { MaxNumberOfTrainingJobs: 20, MaxParallelTrainingJobs: 4 },
    },
    TrainingJobDefinitions: defs,
  };
}

/** A deep copy changed by `change`. */
export function changed<T>(value: T, change: (v: T) => void): T {
  const copy = JSON.parse(JSON.stringify(value)) as T;
  change(copy);
  return copy;
}

/** Findings of one rule. */
export function ofRule(findings: Finding[], rule: string): Finding[] {
  return findings.filter(f => f.rule === rule);
}

/** Errors among findings (for "passes" assertions that tolerate nothing). */
export function errors(findings: Finding[]): Finding[] {
  return findings.filter(f => f.severity === 'error');
}

/** Human-readable dump for failing expectations. */
export function dump(findings: Finding[]): string {
  return findings.map(f => `[${f.severity} ${f.rule}] ${f.message}`).join('\n');
}
