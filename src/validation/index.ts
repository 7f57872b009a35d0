/**
 * Synth-time validation of SageMaker hyperparameter tuning jobs.
 *
 * Two entry points, each rule running in exactly one of them (docs/RULES.md lists them all):
 * - `validateTrainingJobDefinition`: rules that concern one definition alone;
 * - `validateTuningJobRequest`: job-level and cross-definition rules.
 * Value-local range rules live in `./ranges` and are called by the ParameterRange factories.
 * Unresolved CDK tokens are never validated.
 */
import { builtInObjectiveChannel } from './builtin-channel';
import { builtInHyperParameterNames, builtInRangeBounds } from './builtin-hyperparameters';
import { builtInImageExists } from './builtin-image';
import { builtInDirection, builtInMetric } from './builtin-objective';
import { Finding } from './core';
import { algorithmOneOf, metricNamesUnique, metricsForCustomImage } from './definition/algorithm';
import { attributeNamesAugmented, augmentedManifestPipe, gzipPipe, recordIoNotFile } from './definition/channel-modes';
import { channelInstanceGroups, channelNamesUnique, fileSystemNeedsVpc } from './definition/channels';
import { noCredentials } from './definition/credentials';
import { hyperParametersTotal, staticTunedDisjoint } from './definition/hyperparameters';
import { instanceTypeNames } from './definition/instance-type-names';
import { instanceConfigsOneOf, instanceGroupsOneOf, resourceConfigOneOf } from './definition/instances';
import { DefinitionRule } from './definition/rule';
import { serviceModelRule as definitionServiceModel } from './definition/service-model';
import { maxWaitSpotOnly, spotCheckpoint, spotMaxWait } from './definition/stopping';
import { volumeKmsLocalStorage, volumeSizeEbsOnly } from './definition/storage';
import { rangeSingleValue, rangesTotal, rangeValues, tunedNamesUnique } from './definition/tuned-ranges';
import { autoParametersNeedAutotune, autotuneNothing, rangesRequired } from './job/autotune';
import { definitionNames, definitionsOneOf } from './job/definitions';
import { enoughCombinations, gridCategoricalOnly, gridMaxJobs } from './job/grid';
import {
  hyperbandEarlyStoppingOff, hyperbandMaxResource, hyperbandMaxResourceCap, hyperbandMinLeMax,
} from './job/hyperband';
import { bayesianParallelism, environmentTotal, parallelLeTotal, rangesTotalJob } from './job/limits';
import { objectiveMetricDefined, objectiveRequired } from './job/objective';
import { JobContext, JobRule, resolveDefinitions } from './job/rule';
import { serviceModelRule as jobServiceModel } from './job/service-model';
import { completionNotImproving, earlyStoppingSingleDefinition } from './job/stopping';
import { tagKeys, tagsMax } from './job/tags';
import { warmStartParentsUnique, warmStartSingleDefinition, warmStartStrategy } from './job/warm-start';
import { QUOTA_RULES } from './quotas';
import { volumeSizeLocalStorage } from './volume-size-local-storage';
import { WireCreateRequest, WireTrainingJobDefinition } from '../shared/wire';

export type { Finding, Severity } from './core';
export { checkAutoParameter, checkCategoricalRange, checkNumericRange, checkParameterName } from './ranges';
export { checkWarmStartParents } from './warm-start-parents';
export type { WarmStartParent } from './warm-start-parents';
export { jobNameCollisions } from './job-name-collisions';
export type { FixedNameJob } from './job-name-collisions';
export { builtInAlgorithmOfImage, builtInImageRegion, isBuiltInAlgorithmImage } from './builtin-image';
export type { BuiltInImageMatch } from './builtin-image';

/**
 * Every per-definition rule, in the order their findings are reported: the service model, the
 * algorithm and metrics, ranges and hyperparameters, credentials, inputs, instances and storage,
 * stopping and spot (src/validation/definition/*.ts, one concept each), then local storage and
 * the SageMaker built-in algorithm rules (src/validation/builtin-*.ts).
 */
const DEFINITION_RULES: readonly DefinitionRule[] = [
  definitionServiceModel,
  algorithmOneOf,
  metricsForCustomImage,
  metricNamesUnique,
  rangeValues,
  rangeSingleValue,
  rangesTotal,
  tunedNamesUnique,
  staticTunedDisjoint,
  hyperParametersTotal,
  noCredentials,
  channelNamesUnique,
  augmentedManifestPipe,
  gzipPipe,
  recordIoNotFile,
  attributeNamesAugmented,
  channelInstanceGroups,
  fileSystemNeedsVpc,
  resourceConfigOneOf,
  instanceConfigsOneOf,
  instanceGroupsOneOf,
  instanceTypeNames,
  volumeKmsLocalStorage,
  volumeSizeEbsOnly,
  spotMaxWait,
  maxWaitSpotOnly,
  spotCheckpoint,
  volumeSizeLocalStorage,
  builtInImageExists,
  builtInHyperParameterNames,
  builtInRangeBounds,
];

/**
 * Every job rule, in the order their findings are reported: the service model, one definition
 * versus several, the objective, the strategies, autotune, limits, warm start, stopping and tags
 * (src/validation/job/*.ts, one concept each), then the default quotas and the built-in algorithm
 * rules.
 */
const JOB_RULES: readonly JobRule[] = [
  jobServiceModel,
  definitionsOneOf,
  definitionNames,
  objectiveRequired,
  objectiveMetricDefined,
  hyperbandEarlyStoppingOff,
  hyperbandMaxResource,
  hyperbandMaxResourceCap,
  hyperbandMinLeMax,
  gridCategoricalOnly,
  gridMaxJobs,
  enoughCombinations,
  rangesRequired,
  autoParametersNeedAutotune,
  autotuneNothing,
  rangesTotalJob,
  parallelLeTotal,
  bayesianParallelism,
  environmentTotal,
  warmStartStrategy,
  warmStartSingleDefinition,
  warmStartParentsUnique,
  earlyStoppingSingleDefinition,
  completionNotImproving,
  tagsMax,
  tagKeys,
  ...QUOTA_RULES,
  builtInMetric,
  builtInDirection,
  builtInObjectiveChannel,
];

/**
 * Rules that concern one definition alone: the service model's constraints on every field of
 * the definition, range values, hyperparameter and channel rules, instances and storage,
 * stopping conditions and spot training, credentials in hyperparameters or environment.
 *
 * @param def the definition rendered as one of several, with its own name and objective: its ranges in `HyperParameterRanges`,
 *   `TuningObjective` only if it has its own override, `DefinitionName` if given
 * @returns errors and warnings, in rule order; empty when the definition is valid
 */
export function validateTrainingJobDefinition(def: WireTrainingJobDefinition): Finding[] {
  return DEFINITION_RULES.flatMap(rule => rule(def));
}

/**
 * Job-level and cross-definition rules: the service model's constraints on everything outside
 * the definitions (and on each definition's objective and the job name), one versus several
 * definitions, objective versus metric definitions, strategy compatibility, limits summed over
 * definitions, warm start, early stopping, completion criteria, autotune and tags. Never
 * repeats a rule of `validateTrainingJobDefinition`.
 *
 * @param request the full rendered request: one definition renders `TrainingJobDefinition`
 *   with `HyperParameterTuningJobConfig.ParameterRanges` and `HyperParameterTuningJobObjective`;
 *   several render `TrainingJobDefinitions[]`, each with `DefinitionName`,
 *   `HyperParameterRanges` and `TuningObjective`
 * @param context the job name when the user fixed one, and the construct paths of the
 *   definitions in request order (used to name them in messages)
 * @returns errors and warnings, in rule order; empty when the request is valid
 */
export function validateTuningJobRequest(request: WireCreateRequest, context: { jobName?: string; definitionPaths: string[] }): Finding[] {
  const ctx: JobContext = { jobName: context.jobName, definitionPaths: context.definitionPaths ?? [] };
  const defs = resolveDefinitions(request, ctx);
  return JOB_RULES.flatMap(rule => rule(request, ctx, defs));
}
