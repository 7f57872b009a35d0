import { changed, dump, ofRule, validMultiRequest, validRequest } from './wire-fixtures';
import { WireCreateRequest } from '../../src/shared/wire';
import { validateTuningJobRequest } from '../../src/validation';

type Change = (r: WireCreateRequest) => void;

interface Case {
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  readonly title: string;
  /** the request the case starts from (default: one definition) */
  readonly base?: () => WireCreateRequest;
  readonly pass?: Change;
  readonly fail: Change;
  readonly expect: string[];
  readonly jobName?: string;
  readonly passJobName?: string;
}

/** The rules checked on entry (test/validation/job-entry.test.ts). */
const ENTRY_RULE_IDS = [
  'TJ-HYPERBAND-EARLY-STOPPING', 'TJ-HYPERBAND-MAX-RESOURCE-CAP', 'TJ-PARALLEL-LE-TOTAL', 'TJ-BAYESIAN-PARALLELISM',
  'TJ-WARM-START-STRATEGY', 'TJ-WARM-START-SINGLE-DEFINITION', 'TJ-WARM-START-PARENTS-UNIQUE',
  'TJ-EARLY-STOPPING-SINGLE-DEFINITION', 'TJ-COMPLETION-NOT-IMPROVING', 'TJ-HYPERBAND-MIN-LE-MAX',
];

const CONTEXT = { definitionPaths: ['Stack/Xgboost', 'Stack/Linear', 'Stack/Third'] };
const config = (r: WireCreateRequest) => r.HyperParameterTuningJobConfig;
const hyperband = (r: WireCreateRequest, min?: number, max?: number) => {
  config(r).Strategy = 'Hyperband';
  config(r).StrategyConfig = { HyperbandStrategyConfig: { MinResource: min, MaxResource: max } };
};
const gridRanges = (r: WireCreateRequest) => {
  config(r).Strategy = 'Grid';
  config(r).ParameterRanges = { CategoricalParameterRanges: [{ Name: 'a', Values: ['1', '2', '3'] }, { Name: 'b', Values: ['x', 'y'] }] };
};
const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));

const CASES: Case[] = [
  // ---- service model outside the definitions
  {
    rule: 'SM-RANGE',
    severity: 'error',
    title: 'parallel jobs below 1',
    fail: r => { config(r).ResourceLimits.MaxParallelTrainingJobs = 0; },
    expect: ['maxParallelTrainingJobs (HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs) is 0', 'at least 1'],
  },
  {
    rule: 'SM-RANGE',
    severity: 'error',
    title: 'tuning runtime below 120 s',
    pass: r => { config(r).ResourceLimits.MaxRuntimeInSeconds = 120; },
    fail: r => { config(r).ResourceLimits.MaxRuntimeInSeconds = 60; },
    expect: ['maxRuntime (tuning job) (HyperParameterTuningJobConfig.ResourceLimits.MaxRuntimeInSeconds) is 60 s (1 min)', 'at least 120 s (2 min)'],
  },
  {
    rule: 'SM-RANGE',
    severity: 'error',
    title: 'tuning runtime above 15,768,000 s',
    pass: r => { config(r).ResourceLimits.MaxRuntimeInSeconds = 15768000; },
    fail: r => { config(r).ResourceLimits.MaxRuntimeInSeconds = 15768001; },
    expect: ['at most 15768000 s'],
  },
  {
    rule: 'SM-RANGE',
    severity: 'error',
    title: 'not-improving count below 3',
    pass: r => { config(r).TuningJobCompletionCriteria = { BestObjectiveNotImproving: { MaxNumberOfTrainingJobsNotImproving: 3 } }; },
    fail: r => { config(r).TuningJobCompletionCriteria = { BestObjectiveNotImproving: { MaxNumberOfTrainingJobsNotImproving: 2 } }; },
    expect: ['completionCriteria.maxTrainingJobsNotImproving', 'is 2', 'at least 3'],
  },
  {
    rule: 'SM-RANGE',
    severity: 'error',
    title: 'negative random seed',
    pass: r => { config(r).RandomSeed = 0; },
    fail: r => { config(r).RandomSeed = -1; },
    expect: ['randomSeed (HyperParameterTuningJobConfig.RandomSeed) is -1'],
  },
  {
    rule: 'SM-RANGE',
    severity: 'error',
    title: 'Hyperband min resource 0',
    fail: r => { hyperband(r, 0, 10); },
    expect: ['TuningStrategy.hyperband minResource', 'is 0'],
  },
  {
    rule: 'SM-ENUM-OPEN',
    severity: 'warning',
    title: 'a strategy the model does not list (TuningStrategy.of is an open set): a warning',
    fail: r => { config(r).Strategy = 'Bayes'; },
    expect: ["strategy (HyperParameterTuningJobConfig.Strategy) is 'Bayes'", 'TuningStrategy.of()', "Did you mean 'Bayesian'?"],
  },
  {
    rule: 'SM-ENUM',
    severity: 'error',
    title: 'objective type',
    fail: r => { config(r).HyperParameterTuningJobObjective!.Type = 'Max'; },
    expect: ["is 'Max'", "'Maximize', 'Minimize'"],
  },
  {
    rule: 'SM-REQUIRED',
    severity: 'error',
    title: 'no strategy',
    fail: r => { delete (config(r) as { Strategy?: string }).Strategy; },
    expect: ['strategy (HyperParameterTuningJobConfig.Strategy) is missing'],
  },
  {
    rule: 'SM-COUNT',
    severity: 'error',
    title: 'more than 10 definitions',
    base: () => validMultiRequest(10),
    fail: r => { r.TrainingJobDefinitions!.push({ ...r.TrainingJobDefinitions![0], DefinitionName: 'algo-10' }); },
    expect: ['trainingJobDefinitions (TrainingJobDefinitions) has 11 entries', 'at most 10'],
  },
  {
    rule: 'SM-COUNT',
    severity: 'error',
    title: 'more than 5 warm-start parents',
    pass: r => { r.WarmStartConfig = { WarmStartType: 'TransferLearning', ParentHyperParameterTuningJobs: Array.from({ length: 5 }, (_, i) => ({ HyperParameterTuningJobName: `p${i}` })) }; },
    fail: r => { r.WarmStartConfig = { WarmStartType: 'TransferLearning', ParentHyperParameterTuningJobs: Array.from({ length: 6 }, (_, i) => ({ HyperParameterTuningJobName: `p${i}` })) }; },
    expect: ['warmStart parents (WarmStartConfig.ParentHyperParameterTuningJobs) has 6 entries', 'at most 5'],
  },
  {
    rule: 'SM-PATTERN',
    severity: 'error',
    title: 'tag key characters (Unicode letters allowed)',
    pass: r => { r.Tags = [{ Key: 'Équipe: données', Value: 'ml@équipe' }]; },
    fail: r => { r.Tags = [{ Key: 'team#1', Value: 'ml' }]; },
    expect: ["tag key (Tags[0].Key) is 'team#1'", 'pattern'],
  },
  {
    rule: 'SM-PATTERN',
    severity: 'error',
    title: 'a fixed job name',
    passJobName: 'my-tuning-job-1',
    jobName: 'my_tuning_job',
    fail: () => undefined,
    expect: ["tuningJobName (HyperParameterTuningJobName) is 'my_tuning_job'"],
  },
  {
    rule: 'SM-LENGTH',
    severity: 'error',
    title: 'a fixed job name over 32 characters',
    passJobName: 'a'.repeat(32),
    jobName: 'a'.repeat(33),
    fail: () => undefined,
    expect: ['tuningJobName', '33 characters', '1 to 32 characters'],
  },
  {
    rule: 'SM-LENGTH',
    severity: 'error',
    title: 'a per-definition objective metric too long',
    base: () => validMultiRequest(),
    fail: r => { r.TrainingJobDefinitions![1].TuningObjective!.MetricName = 'm'.repeat(256); },
    expect: ['trainingJobDefinitions[1] objective (definition override) metric (TrainingJobDefinitions[1].TuningObjective.MetricName)', '1 to 255 characters'],
  },
  {
    rule: 'SM-UNKNOWN-FIELD',
    severity: 'error',
    title: 'a job-level member the API does not have',
    fail: r => { (config(r) as unknown as Record<string, unknown>).EarlyStopping = 'Auto'; },
    expect: ['HyperParameterTuningJobConfig.EarlyStopping is not a field of HyperParameterTuningJobConfig'],
  },

  // ---- one definition versus several
  {
    rule: 'TJ-DEFINITIONS-ONE-OF',
    severity: 'error',
    title: 'no definition',
    fail: r => { delete r.TrainingJobDefinition; },
    expect: ['needs 1 to 10 training-job definitions'],
  },
  {
    rule: 'TJ-DEFINITION-NAMES',
    severity: 'error',
    title: 'two definitions with one name (case-insensitive)',
    base: () => validMultiRequest(),
    fail: r => { r.TrainingJobDefinitions![1].DefinitionName = 'ALGO-0'; },
    expect: ["is 'ALGO-0', which definition 'Stack/Xgboost' (name 'algo-0') already uses"],
  },

  // ---- objective
  {
    rule: 'TJ-OBJECTIVE-REQUIRED',
    severity: 'error',
    title: 'one definition, no objective',
    fail: r => { delete config(r).HyperParameterTuningJobObjective; },
    expect: ["objective (HyperParameterTuningJobConfig.HyperParameterTuningJobObjective) is missing for definition 'Stack/Xgboost'", 'neither'],
  },
  {
    rule: 'TJ-OBJECTIVE-REQUIRED',
    severity: 'error',
    title: 'several definitions, one without an objective',
    base: () => validMultiRequest(),
    fail: r => { delete r.TrainingJobDefinitions![1].TuningObjective; },
    expect: ["TrainingJobDefinitions[1].TuningObjective) is missing for definition 'Stack/Linear'"],
  },
  {
    rule: 'TJ-OBJECTIVE-METRIC-DEFINED',
    severity: 'error',
    title: 'objective metric not among metric definitions',
    pass: r => { delete r.TrainingJobDefinition!.AlgorithmSpecification.MetricDefinitions; r.TrainingJobDefinition!.AlgorithmSpecification.AlgorithmName = 'xgb'; delete r.TrainingJobDefinition!.AlgorithmSpecification.TrainingImage; config(r).HyperParameterTuningJobObjective!.MetricName = 'validation:rmse'; },
    fail: r => { config(r).HyperParameterTuningJobObjective!.MetricName = 'validation:rmse'; },
    expect: ["objective metric (HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.MetricName) of definition 'Stack/Xgboost' is 'validation:rmse'", "define 'validation:auc'"],
  },

  // ---- strategies
  {
    rule: 'TJ-HYPERBAND-MAX-RESOURCE',
    severity: 'error',
    title: 'Hyperband without max resource or epochs',
    pass: r => { hyperband(r, 1); r.TrainingJobDefinition!.StaticHyperParameters!.num_epochs = '50'; },
    fail: r => { hyperband(r, 1); },
    expect: ["definition 'Stack/Xgboost' has none of the static hyperparameters 'epochs'", 'cannot infer MaxResource'],
  },
  {
    rule: 'TJ-HYPERBAND-MAX-RESOURCE',
    severity: 'error',
    title: 'Hyperband inferring from a non-numeric epochs',
    fail: r => { hyperband(r, 1); r.TrainingJobDefinition!.StaticHyperParameters!.epochs = 'many'; },
    expect: ["staticHyperParameters['epochs']", "'many'", 'whole number'],
  },
  {
    rule: 'TJ-HYPERBAND-MAX-RESOURCE',
    severity: 'error',
    title: 'Hyperband inferring more than 20000',
    pass: r => { hyperband(r, 1); r.TrainingJobDefinition!.StaticHyperParameters!.epochs = '20000'; },
    fail: r => { hyperband(r, 1); r.TrainingJobDefinition!.StaticHyperParameters!.epochs = '20001'; },
    expect: ['which is 20001', 'at most 20000'],
  },
  {
    rule: 'TJ-HYPERBAND-MIN-LE-MAX',
    severity: 'error',
    title: 'min resource above the inferred max',
    fail: r => { hyperband(r, 60); r.TrainingJobDefinition!.StaticHyperParameters!.epochs = '50'; },
    expect: ["inferred from staticHyperParameters['epochs']", 'is 50'],
  },
  {
    rule: 'TJ-HYPERBAND-MIN-LE-MAX',
    severity: 'warning',
    title: 'min resource equal to the inferred max',
    pass: r => { hyperband(r, 49); r.TrainingJobDefinition!.StaticHyperParameters!.epochs = '50'; },
    fail: r => { hyperband(r, 50); r.TrainingJobDefinition!.StaticHyperParameters!.epochs = '50'; },
    expect: ["equals the MaxResource inferred from staticHyperParameters['epochs']", 'runs like Random search'],
  },
  {
    rule: 'TJ-GRID-CATEGORICAL-ONLY',
    severity: 'error',
    title: 'Grid with integer and continuous ranges',
    pass: r => { gridRanges(r); delete config(r).ResourceLimits.MaxNumberOfTrainingJobs; },
    fail: r => { config(r).Strategy = 'Grid'; delete config(r).ResourceLimits.MaxNumberOfTrainingJobs; },
    expect: ["strategy (HyperParameterTuningJobConfig.Strategy) is 'Grid'", "'max_depth' (integer), 'eta' (continuous)"],
  },
  {
    rule: 'TJ-GRID-MAX-JOBS',
    severity: 'error',
    title: 'Grid with a job count other than the combinations',
    pass: r => { gridRanges(r); config(r).ResourceLimits = { MaxNumberOfTrainingJobs: 6, MaxParallelTrainingJobs: 2 }; },
    fail: r => { gridRanges(r); config(r).ResourceLimits = { MaxNumberOfTrainingJobs: 5, MaxParallelTrainingJobs: 2 }; },
    expect: ['maxTrainingJobs (HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs) is 5', '6 distinct combinations', 'Leave maxTrainingJobs unset'],
  },
  {
    rule: 'TJ-GRID-MAX-JOBS',
    severity: 'error',
    title: 'Grid without a job count passes; with too many fails',
    pass: r => { gridRanges(r); config(r).ResourceLimits = { MaxParallelTrainingJobs: 2 }; },
    fail: r => { gridRanges(r); config(r).ResourceLimits = { MaxNumberOfTrainingJobs: 7, MaxParallelTrainingJobs: 2 }; },
    expect: ['is 7', 'set it to 6'],
  },
  {
    rule: 'TJ-COMBINATIONS-ENOUGH',
    severity: 'error',
    title: 'Random over 6 combinations with 10 jobs',
    pass: r => { config(r).Strategy = 'Random'; config(r).ParameterRanges = { CategoricalParameterRanges: [{ Name: 'a', Values: ['1', '2', '3'] }], IntegerParameterRanges: [{ Name: 'b', MinValue: '1', MaxValue: '2' }] }; config(r).ResourceLimits = { MaxNumberOfTrainingJobs: 6, MaxParallelTrainingJobs: 2 }; },
    fail: r => { config(r).Strategy = 'Random'; config(r).ParameterRanges = { CategoricalParameterRanges: [{ Name: 'a', Values: ['1', '2', '3'] }], IntegerParameterRanges: [{ Name: 'b', MinValue: '1', MaxValue: '2' }] }; config(r).ResourceLimits = { MaxNumberOfTrainingJobs: 10, MaxParallelTrainingJobs: 2 }; },
    expect: ['is 10', 'have 6 distinct combinations', 'fewer combinations than maxTrainingJobs'],
  },
  {
    rule: 'TJ-RANGES-REQUIRED',
    severity: 'error',
    title: 'nothing to tune',
    pass: r => { r.Autotune = { Mode: 'Enabled' }; config(r).ParameterRanges = { AutoParameters: [{ Name: 'eta', ValueHint: '0.1' }] }; },
    fail: r => { delete config(r).ParameterRanges; },
    expect: ["parameterRanges (HyperParameterTuningJobConfig.ParameterRanges) of definition 'Stack/Xgboost' is empty"],
  },
  {
    rule: 'TJ-AUTO-PARAMETERS-AUTOTUNE',
    severity: 'error',
    title: 'auto parameters without autotune',
    pass: r => { r.Autotune = { Mode: 'Enabled' }; config(r).ParameterRanges!.AutoParameters = [{ Name: 'alpha', ValueHint: '1' }]; },
    fail: r => { config(r).ParameterRanges!.AutoParameters = [{ Name: 'alpha', ValueHint: '1' }]; },
    expect: ["has auto parameters 'alpha'", 'autotune (Autotune.Mode) is not enabled'],
  },
  {
    rule: 'TJ-AUTOTUNE-NOTHING',
    severity: 'warning',
    title: 'autotune with no ranges at all',
    pass: r => { r.Autotune = { Mode: 'Enabled' }; },
    fail: r => { r.Autotune = { Mode: 'Enabled' }; delete config(r).ParameterRanges; },
    expect: ['has no parameterRanges'],
  },
  {
    rule: 'TJ-RANGES-TOTAL-JOB',
    severity: 'warning',
    title: 'more than 30 ranges over all definitions',
    base: () => validMultiRequest(),
    pass: r => { r.TrainingJobDefinitions![0].HyperParameterRanges = { CategoricalParameterRanges: Array.from({ length: 27 }, (_, i) => ({ Name: `c${i}`, Values: ['a', 'b'] })) }; },
    fail: r => { r.TrainingJobDefinitions![0].HyperParameterRanges = { CategoricalParameterRanges: Array.from({ length: 28 }, (_, i) => ({ Name: `c${i}`, Values: ['a', 'b'] })) }; },
    expect: ['add up to 31'],
  },

  // ---- limits
  {
    rule: 'TJ-PARALLEL-LE-TOTAL',
    severity: 'error',
    title: 'Grid without maxTrainingJobs, more parallel jobs than combinations',
    pass: r => { gridRanges(r); config(r).ResourceLimits = { MaxParallelTrainingJobs: 6 }; },
    fail: r => { gridRanges(r); config(r).ResourceLimits = { MaxParallelTrainingJobs: 7 }; },
    expect: ["is 7, but strategy is 'Grid' and its ranges have 6 combinations", 'Lower maxParallelTrainingJobs to 6'],
  },
  {
    rule: 'TJ-ENVIRONMENT-TOTAL',
    severity: 'error',
    title: 'more than 48 variables over definitions',
    base: () => validMultiRequest(),
    pass: r => { r.TrainingJobDefinitions![0].Environment = Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`A${i}`, 'x'])); r.TrainingJobDefinitions![1].Environment = Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`B${i}`, 'x'])); },
    fail: r => { r.TrainingJobDefinitions![0].Environment = Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`A${i}`, 'x'])); r.TrainingJobDefinitions![1].Environment = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`B${i}`, 'x'])); },
    expect: ["49 variables (24 in definition 'Stack/Xgboost' (name 'algo-0'), 25 in definition 'Stack/Linear' (name 'algo-1'))", 'at most 48'],
  },

  // ---- warm start, early stopping, completion

  // ---- tags
  {
    rule: 'TJ-TAGS-MAX',
    severity: 'error',
    title: 'more than 45 tags',
    pass: r => { r.Tags = tags(45); },
    fail: r => { r.Tags = tags(46); },
    expect: ['tags (Tags) has 46 tags, but at most 45', 'cdk-sagemaker-tuning:request-id', 'cdk-sagemaker-tuning:request-sha256', 'cdk-sagemaker-tuning:stack-id', 'cdk-sagemaker-tuning:replaces', 'cdk-sagemaker-tuning:wait'],
  },
  {
    rule: 'TJ-TAG-KEYS',
    severity: 'error',
    title: "the handler's reserved tag key",
    fail: r => { r.Tags = [{ Key: 'cdk-sagemaker-tuning:request-id', Value: 'x' }]; },
    expect: ["tag key (Tags[0].Key) is 'cdk-sagemaker-tuning:request-id'", 'reserved'],
  },
  {
    rule: 'TJ-TAG-KEYS',
    severity: 'error',
    title: "the handler's reserved request-hash tag key",
    fail: r => { r.Tags = [{ Key: 'cdk-sagemaker-tuning:request-sha256', Value: 'x' }]; },
    expect: ["tag key (Tags[0].Key) is 'cdk-sagemaker-tuning:request-sha256'", 'reserved'],
  },
  {
    rule: 'TJ-TAG-KEYS',
    severity: 'error',
    title: 'an aws: tag key',
    fail: r => { r.Tags = [{ Key: 'aws:cloudformation:stack-name', Value: 'x' }]; },
    expect: ["starting with 'aws:' are reserved"],
  },
  {
    rule: 'TJ-TAG-KEYS',
    severity: 'error',
    title: 'a tag key twice',
    fail: r => { r.Tags = [{ Key: 'team', Value: 'a' }, { Key: 'team', Value: 'b' }]; },
    expect: ["tag key (Tags[1].Key) is 'team', which an earlier tag already uses"],
  },
  // ---- 32-bit integers (the generator adds the type's bounds where the model has none)
  {
    rule: 'SM-RANGE',
    severity: 'error',
    title: 'random seed at 2^31',
    pass: r => { config(r).RandomSeed = 2 ** 31 - 1; },
    fail: r => { config(r).RandomSeed = 2 ** 31; },
    expect: ['randomSeed (HyperParameterTuningJobConfig.RandomSeed) is 2147483648', 'at most 2147483647, the largest 32-bit integer'],
  },
  {
    rule: 'SM-RANGE',
    severity: 'error',
    title: 'maxTrainingJobs beyond the 32-bit range',
    pass: r => { config(r).ResourceLimits.MaxNumberOfTrainingJobs = 2 ** 31 - 1; config(r).ParameterRanges!.ContinuousParameterRanges = [{ Name: 'eta', MinValue: '0.01', MaxValue: '0.3' }]; },
    fail: r => { config(r).ResourceLimits.MaxNumberOfTrainingJobs = 2 ** 32; },
    expect: ['maxTrainingJobs (HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs) is 4294967296', '32-bit'],
  },
  {
    rule: 'SM-RANGE',
    severity: 'error',
    title: 'a lower bound violation does not mention the 32-bit upper bound',
    fail: r => { config(r).ResourceLimits.MaxParallelTrainingJobs = 0; },
    expect: ['is 0, but it must be at least 1.'],
  },

  {
    rule: 'SM-TYPE',
    severity: 'error',
    title: 'an infinite target objective value (JSON would carry null)',
    pass: r => { config(r).TuningJobCompletionCriteria = { TargetObjectiveMetricValue: 0.99 }; },
    fail: r => { config(r).TuningJobCompletionCriteria = { TargetObjectiveMetricValue: Infinity }; },
    expect: ['is Infinity, but SageMaker expects a finite number'],
  },

  // ---- default quotas (warnings naming the quota and how to raise it)
  {
    rule: 'TJ-QUOTA-PARALLEL-TRAINING-JOBS',
    severity: 'warning',
    title: 'more than 10 parallel training jobs',
    pass: r => { config(r).Strategy = 'Random'; config(r).ResourceLimits.MaxParallelTrainingJobs = 10; },
    fail: r => { config(r).Strategy = 'Random'; config(r).ResourceLimits.MaxParallelTrainingJobs = 11; },
    expect: ['is 11, above the default quota "Number of parallel training jobs per hyperparameter tuning job" (10)', 'increased to 100', 'Service Quotas'],
  },
  {
    rule: 'TJ-QUOTA-PARALLEL-TRAINING-JOBS',
    severity: 'warning',
    title: 'more than 100 parallel training jobs: beyond what the quota can be raised to',
    fail: r => { config(r).Strategy = 'Random'; config(r).ResourceLimits.MaxNumberOfTrainingJobs = 500; config(r).ResourceLimits.MaxParallelTrainingJobs = 101; config(r).ParameterRanges!.IntegerParameterRanges = []; },
    expect: ['is 101', 'increased to 100 at most'],
  },
  {
    rule: 'TJ-QUOTA-TRAINING-JOBS',
    severity: 'warning',
    title: 'more than 750 training jobs with Random search (raisable to 10,000)',
    pass: r => { config(r).Strategy = 'Random'; config(r).ResourceLimits.MaxNumberOfTrainingJobs = 750; config(r).ParameterRanges!.IntegerParameterRanges = []; },
    fail: r => { config(r).Strategy = 'Random'; config(r).ResourceLimits.MaxNumberOfTrainingJobs = 751; config(r).ParameterRanges!.IntegerParameterRanges = []; },
    expect: ['maxTrainingJobs (HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs) is 751', '"Number of training jobs per hyperparameter tuning job" (750)', 'increased to 10000', 'AWS Support Center'],
  },
  {
    rule: 'TJ-QUOTA-TRAINING-JOBS',
    severity: 'warning',
    title: 'Grid without maxTrainingJobs over more than 750 combinations',
    pass: r => { gridRanges(r); delete config(r).ResourceLimits.MaxNumberOfTrainingJobs; },
    fail: r => {
      config(r).Strategy = 'Grid';
      delete config(r).ResourceLimits.MaxNumberOfTrainingJobs;
      const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
      config(r).ParameterRanges = { CategoricalParameterRanges: [{ Name: 'a', Values: values(28) }, { Name: 'b', Values: values(28) }] };
    },
    expect: ["strategy 'Grid' runs one training job per combination of the categorical ranges, 784 in all", 'lists no increase for Grid'],
  },
  {
    rule: 'TJ-QUOTA-METRICS',
    severity: 'warning',
    title: 'more than 20 metrics defined',
    pass: r => { r.TrainingJobDefinition!.AlgorithmSpecification.MetricDefinitions = Array.from({ length: 20 }, (_, i) => ({ Name: i === 0 ? 'validation:auc' : `m${i}`, Regex: 'x=(.*)' })); },
    fail: r => { r.TrainingJobDefinition!.AlgorithmSpecification.MetricDefinitions = Array.from({ length: 21 }, (_, i) => ({ Name: i === 0 ? 'validation:auc' : `m${i}`, Regex: 'x=(.*)' })); },
    expect: ['define 21 distinct metrics', '"Number of metrics defined per hyperparameter tuning job" (20 by default'],
  },

];

describe('validateTuningJobRequest', () => {
  test('the baseline requests have no findings at all', () => {
    expect(dump(validateTuningJobRequest(validRequest(), CONTEXT))).toBe('');
    expect(dump(validateTuningJobRequest(validMultiRequest(), CONTEXT))).toBe('');
    expect(dump(validateTuningJobRequest(validRequest(), { jobName: 'my-job', definitionPaths: [] }))).toBe('');
  });

  describe.each(CASES)('$rule: $title', c => {
    const base = c.base ?? (() => validRequest());
    test('passes', () => {
      const request = c.pass ? changed(base(), c.pass) : base();
      const findings = validateTuningJobRequest(request, { ...CONTEXT, jobName: c.passJobName });
      expect(dump(ofRule(findings, c.rule))).toBe('');
      if (c.pass) {
        expect(dump(findings.filter(f => f.severity === 'error'))).toBe('');
      }
    });

    test(`fails with ${c.severity}`, () => {
      const findings = ofRule(validateTuningJobRequest(changed(base(), c.fail), { ...CONTEXT, jobName: c.jobName }), c.rule);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every(f => f.severity === c.severity)).toBe(true);
      const text = findings.map(f => f.message).join('\n');
      for (const e of c.expect) {
        expect(text).toContain(e);
      }
    });
  });

  test('the job validator does not repeat per-definition rules', () => {
    // a broken definition: the job validator must stay silent about it
    const request = changed(validRequest(), r => {
      r.TrainingJobDefinition!.ResourceConfig!.InstanceType = 'ml.bogus';
      r.TrainingJobDefinition!.RoleArn = 'nope';
      r.TrainingJobDefinition!.StaticHyperParameters = { key: 'AKIAIOSFODNN7EXAMPLE' };
      r.HyperParameterTuningJobConfig.ParameterRanges!.IntegerParameterRanges![0].MinValue = '99';
    });
    expect(dump(validateTuningJobRequest(request, CONTEXT))).toBe('');
  });

  test('several problems are all reported', () => {
    const request = changed(validRequest(), r => {
      config(r).HyperParameterTuningJobObjective!.MetricName = 'validation:rmse';
      hyperband(r, 1);
      r.Tags = [{ Key: 'aws:x', Value: 'y' }];
    });
    const rules = validateTuningJobRequest(request, CONTEXT).map(f => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['TJ-HYPERBAND-MAX-RESOURCE', 'TJ-OBJECTIVE-METRIC-DEFINED', 'TJ-TAG-KEYS']));
  });

  test('the rules checked where the TuningJob receives its props are not repeated at synth', () => {
    // test/validation/job-entry.test.ts checks them on entry; the rendered request does not re-check them
    const request = changed(validRequest(), r => {
      config(r).ResourceLimits = { MaxNumberOfTrainingJobs: 5, MaxParallelTrainingJobs: 10 };
      config(r).TrainingJobEarlyStoppingType = 'Auto';
      hyperband(r, 11, 20001);
      config(r).TuningJobCompletionCriteria = { BestObjectiveNotImproving: { MaxNumberOfTrainingJobsNotImproving: 5 } };
      r.WarmStartConfig = { WarmStartType: 'TransferLearning', ParentHyperParameterTuningJobs: [{ HyperParameterTuningJobName: 'p' }, { HyperParameterTuningJobName: 'P' }] };
    });
    expect(validateTuningJobRequest(request, CONTEXT).map(f => f.rule).filter(r => ENTRY_RULE_IDS.includes(r))).toEqual([]);
  });
});
