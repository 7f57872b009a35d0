/**
 * The wire shape of the SageMaker `CreateHyperParameterTuningJob` request, as the
 * constructs render it and the custom-resource handler sends it (minus the job name).
 *
 * Internal: not exported from the package. Values may be unresolved CDK tokens
 * (strings like `${Token[...]}` or encoded numbers); validators must skip those.
 */

export interface WireObjective {
  Type: string;
  MetricName: string;
}

export interface WireIntegerOrContinuousRange {
  Name: string;
  MinValue: string;
  MaxValue: string;
  ScalingType?: string;
}

export interface WireCategoricalRange {
  Name: string;
  Values: string[];
}

export interface WireAutoParameter {
  Name: string;
  ValueHint: string;
}

export interface WireParameterRanges {
  IntegerParameterRanges?: WireIntegerOrContinuousRange[];
  ContinuousParameterRanges?: WireIntegerOrContinuousRange[];
  CategoricalParameterRanges?: WireCategoricalRange[];
  AutoParameters?: WireAutoParameter[];
}

export interface WireMetricDefinition {
  Name: string;
  Regex: string;
}

export interface WireAlgorithmSpecification {
  TrainingImage?: string;
  AlgorithmName?: string;
  TrainingInputMode: string;
  MetricDefinitions?: WireMetricDefinition[];
}

export interface WireS3DataSource {
  S3DataType: string;
  S3Uri: string;
  S3DataDistributionType?: string;
  AttributeNames?: string[];
  InstanceGroupNames?: string[];
  ModelAccessConfig?: { AcceptEula: boolean };
}

export interface WireFileSystemDataSource {
  FileSystemId: string;
  FileSystemAccessMode: string;
  FileSystemType: string;
  DirectoryPath: string;
}

export interface WireChannel {
  ChannelName: string;
  DataSource: {
    S3DataSource?: WireS3DataSource;
    FileSystemDataSource?: WireFileSystemDataSource;
  };
  ContentType?: string;
  CompressionType?: string;
  RecordWrapperType?: string;
  InputMode?: string;
  ShuffleConfig?: { Seed: number };
}

export interface WireOutputDataConfig {
  S3OutputPath: string;
  KmsKeyId?: string;
  CompressionType?: string;
}

export interface WireInstanceGroup {
  InstanceType: string;
  InstanceCount: number;
  InstanceGroupName: string;
}

export interface WireResourceConfig {
  InstanceType?: string;
  InstanceCount?: number;
  VolumeSizeInGB: number;
  VolumeKmsKeyId?: string;
  KeepAlivePeriodInSeconds?: number;
  InstanceGroups?: WireInstanceGroup[];
}

export interface WireTuningInstanceConfig {
  InstanceType: string;
  InstanceCount: number;
  VolumeSizeInGB: number;
}

export interface WireTuningResourceConfig {
  InstanceType?: string;
  InstanceCount?: number;
  VolumeSizeInGB?: number;
  VolumeKmsKeyId?: string;
  AllocationStrategy?: string;
  InstanceConfigs?: WireTuningInstanceConfig[];
}

export interface WireStoppingCondition {
  MaxRuntimeInSeconds?: number;
  MaxWaitTimeInSeconds?: number;
  MaxPendingTimeInSeconds?: number;
}

export interface WireTrainingJobDefinition {
  DefinitionName?: string;
  TuningObjective?: WireObjective;
  HyperParameterRanges?: WireParameterRanges;
  StaticHyperParameters?: Record<string, string>;
  AlgorithmSpecification: WireAlgorithmSpecification;
  RoleArn: string;
  InputDataConfig?: WireChannel[];
  VpcConfig?: { SecurityGroupIds: string[]; Subnets: string[] };
  OutputDataConfig: WireOutputDataConfig;
  ResourceConfig?: WireResourceConfig;
  HyperParameterTuningResourceConfig?: WireTuningResourceConfig;
  StoppingCondition: WireStoppingCondition;
  EnableNetworkIsolation?: boolean;
  EnableInterContainerTrafficEncryption?: boolean;
  EnableManagedSpotTraining?: boolean;
  CheckpointConfig?: { S3Uri: string; LocalPath?: string };
  RetryStrategy?: { MaximumRetryAttempts: number };
  Environment?: Record<string, string>;
}

export interface WireTuningJobConfig {
  Strategy: string;
  StrategyConfig?: { HyperbandStrategyConfig?: { MinResource?: number; MaxResource?: number } };
  HyperParameterTuningJobObjective?: WireObjective;
  ResourceLimits: {
    MaxNumberOfTrainingJobs?: number;
    MaxParallelTrainingJobs: number;
    MaxRuntimeInSeconds?: number;
  };
  ParameterRanges?: WireParameterRanges;
  TrainingJobEarlyStoppingType?: string;
  TuningJobCompletionCriteria?: {
    TargetObjectiveMetricValue?: number;
    BestObjectiveNotImproving?: { MaxNumberOfTrainingJobsNotImproving: number };
    ConvergenceDetected?: { CompleteOnConvergence: string };
  };
  RandomSeed?: number;
}

/** `CreateHyperParameterTuningJob` without `HyperParameterTuningJobName`. */
export interface WireCreateRequest {
  HyperParameterTuningJobConfig: WireTuningJobConfig;
  TrainingJobDefinition?: WireTrainingJobDefinition;
  TrainingJobDefinitions?: WireTrainingJobDefinition[];
  WarmStartConfig?: {
    ParentHyperParameterTuningJobs: { HyperParameterTuningJobName: string }[];
    WarmStartType: string;
  };
  Tags?: { Key: string; Value: string }[];
  Autotune?: { Mode: string };
}
