import { WirePath, shortKey } from './core';

/**
 * User-facing names (the construct props) of the request's fields, so that messages name
 * what the user wrote next to the API path SageMaker uses.
 *
 * Keys are API paths relative to a training-job definition or to the request, with list
 * indices written `[]`; `{0}`, `{1}` in a name are replaced with those indices.
 */
const DEFINITION_FIELDS: Record<string, string> = {
  'DefinitionName': 'definitionName',
  'TuningObjective': 'objective (definition override)',
  'TuningObjective.Type': 'objective (definition override)',
  'TuningObjective.MetricName': 'objective (definition override) metric',
  'HyperParameterRanges': 'parameterRanges',
  'HyperParameterRanges.IntegerParameterRanges': 'parameterRanges (ParameterRange.integer)',
  'HyperParameterRanges.IntegerParameterRanges[]': 'parameterRanges (ParameterRange.integer #{0})',
  'HyperParameterRanges.ContinuousParameterRanges': 'parameterRanges (ParameterRange.continuous)',
  'HyperParameterRanges.ContinuousParameterRanges[]': 'parameterRanges (ParameterRange.continuous #{0})',
  'HyperParameterRanges.CategoricalParameterRanges': 'parameterRanges (ParameterRange.categorical)',
  'HyperParameterRanges.CategoricalParameterRanges[]': 'parameterRanges (ParameterRange.categorical #{0})',
  'HyperParameterRanges.AutoParameters': 'parameterRanges (ParameterRange.auto)',
  'HyperParameterRanges.AutoParameters[]': 'parameterRanges (ParameterRange.auto #{0})',
  'StaticHyperParameters': 'staticHyperParameters',
  'AlgorithmSpecification': 'algorithm',
  'AlgorithmSpecification.TrainingImage': 'algorithm (TrainingAlgorithm.fromImage)',
  'AlgorithmSpecification.AlgorithmName': 'algorithm (TrainingAlgorithm.fromAlgorithmName)',
  'AlgorithmSpecification.TrainingInputMode': 'inputMode',
  'AlgorithmSpecification.MetricDefinitions': 'metricDefinitions',
  'AlgorithmSpecification.MetricDefinitions[]': 'metricDefinitions[{0}]',
  'AlgorithmSpecification.MetricDefinitions[].Name': 'metricDefinitions[{0}].name',
  'AlgorithmSpecification.MetricDefinitions[].Regex': 'metricDefinitions[{0}].regex',
  'RoleArn': 'role',
  'InputDataConfig': 'inputs',
  'InputDataConfig[]': 'inputs[{0}]',
  'InputDataConfig[].ChannelName': 'inputs[{0}] channel name',
  'InputDataConfig[].DataSource': 'inputs[{0}] data source',
  'InputDataConfig[].ContentType': 'inputs[{0}].contentType',
  'InputDataConfig[].CompressionType': 'inputs[{0}].compression',
  'InputDataConfig[].RecordWrapperType': 'inputs[{0}].recordWrapperType',
  'InputDataConfig[].InputMode': 'inputs[{0}].inputMode',
  'InputDataConfig[].ShuffleConfig': 'inputs[{0}].shuffleSeed',
  'InputDataConfig[].ShuffleConfig.Seed': 'inputs[{0}].shuffleSeed',
  'InputDataConfig[].DataSource.S3DataSource': 'inputs[{0}] (TrainingInput.fromBucket)',
  'InputDataConfig[].DataSource.S3DataSource.S3DataType': 'inputs[{0}].s3DataType',
  'InputDataConfig[].DataSource.S3DataSource.S3Uri': 'inputs[{0}] bucket and prefix',
  'InputDataConfig[].DataSource.S3DataSource.S3DataDistributionType': 'inputs[{0}].distribution',
  'InputDataConfig[].DataSource.S3DataSource.AttributeNames': 'inputs[{0}].attributeNames',
  'InputDataConfig[].DataSource.S3DataSource.AttributeNames[]': 'inputs[{0}].attributeNames[{1}]',
  'InputDataConfig[].DataSource.S3DataSource.InstanceGroupNames': 'inputs[{0}].instanceGroupNames',
  'InputDataConfig[].DataSource.S3DataSource.InstanceGroupNames[]': 'inputs[{0}].instanceGroupNames[{1}]',
  'InputDataConfig[].DataSource.FileSystemDataSource': 'inputs[{0}] (TrainingInput.fromEfs / fromFsxLustre)',
  'InputDataConfig[].DataSource.FileSystemDataSource.FileSystemId': 'inputs[{0}] file system',
  'InputDataConfig[].DataSource.FileSystemDataSource.FileSystemAccessMode': 'inputs[{0}] file system access mode',
  'InputDataConfig[].DataSource.FileSystemDataSource.FileSystemType': 'inputs[{0}] file system type',
  'InputDataConfig[].DataSource.FileSystemDataSource.DirectoryPath': 'inputs[{0}] directory path',
  'VpcConfig': 'vpc',
  'VpcConfig.SecurityGroupIds': 'securityGroups',
  'VpcConfig.SecurityGroupIds[]': 'securityGroups[{0}]',
  'VpcConfig.Subnets': 'vpcSubnets',
  'VpcConfig.Subnets[]': 'vpcSubnets (subnet {0})',
  'OutputDataConfig': 'output',
  'OutputDataConfig.S3OutputPath': 'outputBucket / outputPrefix',
  'OutputDataConfig.KmsKeyId': 'outputEncryptionKey',
  'OutputDataConfig.CompressionType': 'outputCompression',
  'ResourceConfig': 'instance settings (instanceType, instanceCount, volumeSize)',
  'ResourceConfig.InstanceType': 'instanceType',
  'ResourceConfig.InstanceCount': 'instanceCount',
  'ResourceConfig.VolumeSizeInGB': 'volumeSize',
  'ResourceConfig.VolumeKmsKeyId': 'volumeEncryptionKey',
  'ResourceConfig.KeepAlivePeriodInSeconds': 'keepAlivePeriod',
  'ResourceConfig.InstanceGroups': 'instanceGroups',
  'ResourceConfig.InstanceGroups[]': 'instanceGroups[{0}]',
  'ResourceConfig.InstanceGroups[].InstanceType': 'instanceGroups[{0}].instanceType',
  'ResourceConfig.InstanceGroups[].InstanceCount': 'instanceGroups[{0}].instanceCount',
  'ResourceConfig.InstanceGroups[].InstanceGroupName': 'instanceGroups[{0}] name',
  'HyperParameterTuningResourceConfig': 'instance settings (instanceConfigs)',
  'HyperParameterTuningResourceConfig.InstanceType': 'instanceType',
  'HyperParameterTuningResourceConfig.InstanceCount': 'instanceCount',
  'HyperParameterTuningResourceConfig.VolumeSizeInGB': 'volumeSize',
  'HyperParameterTuningResourceConfig.VolumeKmsKeyId': 'volumeEncryptionKey',
  'HyperParameterTuningResourceConfig.AllocationStrategy': 'instanceConfigs allocation strategy',
  'HyperParameterTuningResourceConfig.InstanceConfigs': 'instanceConfigs',
  'HyperParameterTuningResourceConfig.InstanceConfigs[]': 'instanceConfigs[{0}]',
  'HyperParameterTuningResourceConfig.InstanceConfigs[].InstanceType': 'instanceConfigs[{0}].instanceType',
  'HyperParameterTuningResourceConfig.InstanceConfigs[].InstanceCount': 'instanceConfigs[{0}].instanceCount',
  'HyperParameterTuningResourceConfig.InstanceConfigs[].VolumeSizeInGB': 'instanceConfigs[{0}].volumeSize',
  'StoppingCondition': 'maxRuntime / maxWaitTime / maxPendingTime',
  'StoppingCondition.MaxRuntimeInSeconds': 'maxRuntime',
  'StoppingCondition.MaxWaitTimeInSeconds': 'maxWaitTime',
  'StoppingCondition.MaxPendingTimeInSeconds': 'maxPendingTime',
  'EnableNetworkIsolation': 'networkIsolation',
  'EnableInterContainerTrafficEncryption': 'interContainerTrafficEncryption',
  'EnableManagedSpotTraining': 'spotTraining',
  'CheckpointConfig': 'checkpoint',
  'CheckpointConfig.S3Uri': 'checkpoint.bucket / checkpoint.prefix',
  'CheckpointConfig.LocalPath': 'checkpoint.localPath',
  'RetryStrategy': 'retryAttempts',
  'RetryStrategy.MaximumRetryAttempts': 'retryAttempts',
  'Environment': 'environment',
};

const JOB_FIELDS: Record<string, string> = {
  'HyperParameterTuningJobName': 'tuningJobName',
  'HyperParameterTuningJobConfig.Strategy': 'strategy',
  'HyperParameterTuningJobConfig.StrategyConfig': 'strategy (TuningStrategy.hyperband options)',
  'HyperParameterTuningJobConfig.StrategyConfig.HyperbandStrategyConfig': 'strategy (TuningStrategy.hyperband options)',
  'HyperParameterTuningJobConfig.StrategyConfig.HyperbandStrategyConfig.MinResource': 'TuningStrategy.hyperband minResource',
  'HyperParameterTuningJobConfig.StrategyConfig.HyperbandStrategyConfig.MaxResource': 'TuningStrategy.hyperband maxResource',
  'HyperParameterTuningJobConfig.HyperParameterTuningJobObjective': 'objective',
  'HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.Type': 'objective (TuningObjective.maximize / minimize)',
  'HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.MetricName': 'objective metric',
  'HyperParameterTuningJobConfig.ResourceLimits': 'maxTrainingJobs / maxParallelTrainingJobs / maxRuntime',
  'HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs': 'maxTrainingJobs',
  'HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs': 'maxParallelTrainingJobs',
  'HyperParameterTuningJobConfig.ResourceLimits.MaxRuntimeInSeconds': 'maxRuntime (tuning job)',
  'HyperParameterTuningJobConfig.ParameterRanges': 'parameterRanges',
  'HyperParameterTuningJobConfig.TrainingJobEarlyStoppingType': 'earlyStopping',
  'HyperParameterTuningJobConfig.TuningJobCompletionCriteria': 'completionCriteria',
  'HyperParameterTuningJobConfig.TuningJobCompletionCriteria.TargetObjectiveMetricValue': 'completionCriteria.targetObjectiveValue',
  'HyperParameterTuningJobConfig.TuningJobCompletionCriteria.BestObjectiveNotImproving': 'completionCriteria.maxTrainingJobsNotImproving',
  'HyperParameterTuningJobConfig.TuningJobCompletionCriteria.BestObjectiveNotImproving.MaxNumberOfTrainingJobsNotImproving': 'completionCriteria.maxTrainingJobsNotImproving',
  'HyperParameterTuningJobConfig.TuningJobCompletionCriteria.ConvergenceDetected': 'completionCriteria.completeOnConvergence',
  'HyperParameterTuningJobConfig.TuningJobCompletionCriteria.ConvergenceDetected.CompleteOnConvergence': 'completionCriteria.completeOnConvergence',
  'HyperParameterTuningJobConfig.RandomSeed': 'randomSeed',
  'TrainingJobDefinitions': 'trainingJobDefinitions',
  'WarmStartConfig': 'warmStart',
  'WarmStartConfig.ParentHyperParameterTuningJobs': 'warmStart parents',
  'WarmStartConfig.ParentHyperParameterTuningJobs[]': 'warmStart parent #{0}',
  'WarmStartConfig.ParentHyperParameterTuningJobs[].HyperParameterTuningJobName': 'warmStart parent #{0}',
  'WarmStartConfig.WarmStartType': 'warmStart (WarmStart.identicalDataAndAlgorithm / transferLearning)',
  'Tags': 'tags',
  'Tags[]': 'tags[{0}]',
  'Tags[].Key': 'tag key',
  'Tags[].Value': 'tag value',
  'Autotune': 'autotune',
  'Autotune.Mode': 'autotune',
};

function normalize(path: WirePath): { key: string; indices: number[] } {
  const indices: number[] = [];
  let key = '';
  for (const seg of path) {
    if (typeof seg === 'number') {
      indices.push(seg);
      key += '[]';
    } else {
      key += key === '' ? seg : `.${seg}`;
    }
  }
  return { key, indices };
}

function fill(template: string, indices: number[]): string {
  return template.replace(/\{(\d)\}/g, (_m, i: string) => String(indices[Number(i)] ?? '?'));
}

/** Looks `path` up, falling back to the nearest named ancestor (`instanceType > ...`). */
function lookup(table: Record<string, string>, path: WirePath): string | undefined {
  for (let len = path.length; len > 0; len--) {
    const { key, indices } = normalize(path.slice(0, len));
    const name = table[key];
    if (name !== undefined) {
      return fill(name, indices);
    }
  }
  return undefined;
}

/** The user-facing name of a field inside one training-job definition. */
export function definitionFieldName(path: WirePath): string | undefined {
  // Map keys (static hyperparameters, environment) name the entry.
  if ((path[0] === 'StaticHyperParameters' || path[0] === 'Environment') && typeof path[1] === 'string') {
    return `${path[0] === 'Environment' ? 'environment' : 'staticHyperParameters'}['${shortKey(path[1])}']`;
  }
  return lookup(DEFINITION_FIELDS, path);
}

/** The user-facing name of a field of the whole request (definitions included). */
export function requestFieldName(path: WirePath): string | undefined {
  if (path[0] === 'TrainingJobDefinition') {
    return definitionFieldName(path.slice(1)) ?? 'trainingJobDefinitions[0]';
  }
  if (path[0] === 'TrainingJobDefinitions' && typeof path[1] === 'number') {
    const inner = definitionFieldName(path.slice(2));
    return inner ? `trainingJobDefinitions[${path[1]}] ${inner}` : `trainingJobDefinitions[${path[1]}]`;
  }
  return lookup(JOB_FIELDS, path);
}
