/**
 * Synth-time validation of SageMaker hyperparameter tuning jobs.
 *
 * Each rule runs in exactly one of these (docs/RULES.md lists them all):
 * - `checkDefinitionProps`, `checkDefinitionChannel`, `checkDefinitionRanges`: a definition's
 *   own values, where `TrainingJobDefinition` receives them (constructor, `addInput`,
 *   `addParameterRange`);
 * - `validateTrainingJobDefinition`: the service model over one rendered definition, at synth;
 * - `validateTuningJobProps` (and `validateAddedDefinition`): rules over what a `TuningJob`
 *   receives, checked by its constructor (and `addTrainingJobDefinition`) against the props;
 * - `validateTuningJobRequest`: job-level rules that span several objects (node validation).
 * Unresolved CDK tokens are never validated.
 */
import { builtInObjectiveChannel } from './builtin-channel';
import { builtInHyperParameterNames, builtInRangeBounds } from './builtin-hyperparameters';
import { builtInImageExists } from './builtin-image';
import { builtInDirection, builtInMetric } from './builtin-objective';
import { Finding } from './core';
import { algorithmOneOf, metricNamesUnique, metricsForCustomImage } from './definition/algorithm';
import { attributeNamesAugmented, augmentedManifestPipe, gzipPipe, recordIoNotFile } from './definition/channel-modes';
import { channelInstanceGroups, channelNamesUnique, channelOneSource, fileSystemNeedsVpc } from './definition/channels';
import { noCredentials, propCredentialSites, rangeCredentialSites } from './definition/credentials';
import { hyperParametersTotal, staticTunedDisjoint } from './definition/hyperparameters';
import { instanceTypeNames } from './definition/instance-type-names';
import { instanceConfigsOneOf, instanceGroupsOneOf, resourceConfigOneOf } from './definition/instances';
import { ChannelEntry, ChannelRule, DefinitionEntry, DefinitionRule, EntryRule, RangeEntry, RangeRule } from './definition/rule';
import { serviceModelRule as definitionServiceModel } from './definition/service-model';
import { maxWaitSpotOnly, spotCheckpoint, spotMaxWait } from './definition/stopping';
import { volumeKmsLocalStorage, volumeSizeEbsOnly } from './definition/storage';
import { rangeSingleValue, rangesTotal, rangeValues, tunedNamesUnique } from './definition/tuned-ranges';
import { autoParametersNeedAutotune, autotuneNothing, rangesRequired } from './job/autotune';
import { definitionNames, definitionsOneOf } from './job/definitions';
import { enoughCombinations, gridCategoricalOnly, gridMaxJobs } from './job/grid';
import {
  hyperbandEarlyStoppingOff, hyperbandMaxResource, hyperbandMaxResourceCap, hyperbandMinLeInferredMax, hyperbandMinLeMax,
} from './job/hyperband';
import { bayesianParallelism, environmentTotal, parallelLeGridCombinations, parallelLeTotal, rangesTotalJob } from './job/limits';
import { objectiveMetricDefined, objectiveRequired } from './job/objective';
import { JobContext, JobEntry, JobEntryRule, JobRule, resolveDefinitions } from './job/rule';
import { serviceModelRule as jobServiceModel } from './job/service-model';
import { completionNotImproving, earlyStoppingSingleDefinition } from './job/stopping';
import { tagKeys, tagsMax } from './job/tags';
import { warmStartParentsUnique, warmStartSingleDefinition, warmStartStrategy } from './job/warm-start';
import { QUOTA_RULES } from './quotas';
import { volumeSizeLocalStorage } from './volume-size-local-storage';
import type { ParameterRange } from '../parameter-range';
import { WireCreateRequest, WireTrainingJobDefinition } from '../shared/wire';

export type { ChannelEntry, DefinitionEntry, RangeEntry } from './definition/rule';

/** The findings of `rules`, in rule order (a plain loop: most rules find nothing). */
function runRules<R>(rules: readonly R[], run: (rule: R) => Finding[]): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    const found = run(rule);
    for (const f of found) {
      out.push(f);
    }
  }
  return out;
}

export type { Finding, Severity } from './core';
export type { JobEntry } from './job/rule';
export { checkAutoParameter, checkCategoricalRange, checkNumericRange, checkParameterName } from './ranges';
export { checkWarmStartParents } from './warm-start-parents';
export type { WarmStartParent } from './warm-start-parents';
export { jobNameCollisions } from './job-name-collisions';
export type { FixedNameJob } from './job-name-collisions';
export { builtInAlgorithmOfImage, builtInImageRegion, isBuiltInAlgorithmImage } from './builtin-image';
export type { BuiltInImageMatch } from './builtin-image';

/**
 * The rules over a definition's own props, run by its constructor, in the order their findings
 * are reported: the algorithm and metrics, credentials, instances and storage, stopping and spot
 * (src/validation/definition/*.ts, one concept each), then local storage and the built-in image
 * (src/validation/*.ts).
 */
const DEFINITION_PROP_RULES: readonly EntryRule[] = [
  algorithmOneOf,
  metricsForCustomImage,
  metricNamesUnique,
  d => noCredentials(propCredentialSites(d)),
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
];

/** The rules over a channel, run where the definition receives it (`inputs`, `addInput`). */
const DEFINITION_CHANNEL_RULES: readonly ChannelRule[] = [
  channelOneSource,
  channelNamesUnique,
  augmentedManifestPipe,
  gzipPipe,
  recordIoNotFile,
  attributeNamesAugmented,
  channelInstanceGroups,
  fileSystemNeedsVpc,
];

/** The rules over ranges, run where the definition receives them (`parameterRanges`, `addParameterRange`). */
const DEFINITION_RANGE_RULES: readonly RangeRule[] = [
  rangeValues,
  rangeSingleValue,
  rangesTotal,
  tunedNamesUnique,
  staticTunedDisjoint,
  hyperParametersTotal,
  (_d, ranges) => noCredentials(rangeCredentialSites(ranges)),
  builtInHyperParameterNames,
  builtInRangeBounds,
];

/** The rules over a whole rendered definition, run at synth: the service model's. */
const DEFINITION_RULES: readonly DefinitionRule[] = [
  definitionServiceModel,
];

/**
 * The problems of a definition's own props (and its bound algorithm), checked where the
 * `TrainingJobDefinition` constructor receives them.
 *
 * @param d the props and the bound algorithm
 * @returns errors and warnings, in rule order; empty when the props are valid
 */
export function checkDefinitionProps(d: DefinitionEntry): Finding[] {
  return runRules(DEFINITION_PROP_RULES, rule => rule(d));
}

/**
 * The problems of a channel a definition receives (from `inputs` or `addInput`), against the
 * definition's props and the channels it already has.
 *
 * @param d the definition's props and bound algorithm
 * @param channel the channel, bound
 * @param earlier the channels the definition already has
 */
export function checkDefinitionChannel(d: DefinitionEntry, channel: ChannelEntry, earlier: readonly ChannelEntry[]): Finding[] {
  return runRules(DEFINITION_CHANNEL_RULES, rule => rule(d, channel, earlier));
}

/**
 * The problems of ranges a definition receives in one call (from `parameterRanges` or
 * `addParameterRange`), against its props and the ranges it already has.
 *
 * @param d the definition's props and bound algorithm
 * @param ranges the ranges received, with how messages name them
 * @param earlier the ranges the definition already has
 */
export function checkDefinitionRanges(d: DefinitionEntry, ranges: readonly RangeEntry[], earlier: readonly ParameterRange[]): Finding[] {
  return runRules(DEFINITION_RANGE_RULES, rule => rule(d, ranges, earlier));
}

/**
 * Every rule checked where a `TuningJob` receives its props (the constructor throws their errors
 * together with its other prop problems), in the order their findings are reported: the
 * strategy's values and its compatibility with early stopping, the limits, warm start, stopping
 * and completion (src/validation/job/*.ts, each rule in its concept's file).
 */
const ENTRY_RULES: readonly JobEntryRule[] = [
  hyperbandEarlyStoppingOff,
  hyperbandMaxResourceCap,
  hyperbandMinLeMax,
  parallelLeTotal,
  bayesianParallelism,
  warmStartStrategy,
  warmStartSingleDefinition,
  warmStartParentsUnique,
  earlyStoppingSingleDefinition,
  completionNotImproving,
];

/** The entry rules that depend on the number of definitions: `addTrainingJobDefinition` checks them again. */
const DEFINITION_COUNT_RULES: readonly JobEntryRule[] = [
  warmStartSingleDefinition,
  earlyStoppingSingleDefinition,
];

/**
 * Every job rule checked at synth (node validation), in the order their findings are reported:
 * the service model, one definition versus several, the objective, the strategies against the
 * definitions, autotune, limits over the definitions and tags (src/validation/job/*.ts, one
 * concept each), then the default quotas and the built-in algorithm rules.
 */
const JOB_RULES: readonly JobRule[] = [
  jobServiceModel,
  definitionsOneOf,
  definitionNames,
  objectiveRequired,
  objectiveMetricDefined,
  hyperbandMaxResource,
  hyperbandMinLeInferredMax,
  gridCategoricalOnly,
  gridMaxJobs,
  enoughCombinations,
  rangesRequired,
  autoParametersNeedAutotune,
  autotuneNothing,
  rangesTotalJob,
  parallelLeGridCombinations,
  environmentTotal,
  tagsMax,
  tagKeys,
  ...QUOTA_RULES,
  builtInMetric,
  builtInDirection,
  builtInObjectiveChannel,
];

/**
 * The service model's constraints on every field of one rendered definition (SM-*), run at
 * synth by the definition's node validation: generated from the model, so it walks the wire
 * shape. Every other definition rule runs where the value enters (`checkDefinitionProps`,
 * `checkDefinitionChannel`, `checkDefinitionRanges`).
 *
 * @param def the definition rendered as one of several, with its own name and objective: its ranges in `HyperParameterRanges`,
 *   `TuningObjective` only if it has its own override, `DefinitionName` if given
 * @returns errors and warnings; empty when the definition is valid
 */
export function validateTrainingJobDefinition(def: WireTrainingJobDefinition): Finding[] {
  return runRules(DEFINITION_RULES, rule => rule(def));
}

/**
 * The rules checked where a `TuningJob` receives its props: the strategy's own values, the
 * strategy against early stopping and warm start, maxParallelTrainingJobs against
 * maxTrainingJobs, warm-start parents, and what depends on the number of definitions.
 *
 * @param entry what the job received (tokens are not checked)
 * @returns errors and warnings, in rule order; empty when the props are valid
 */
export function validateTuningJobProps(entry: JobEntry): Finding[] {
  return runRules(ENTRY_RULES, rule => rule(entry));
}

/**
 * The rules of `validateTuningJobProps` that a definition added with `addTrainingJobDefinition`
 * can break (those that depend on the number of definitions).
 *
 * @param entry what the job received, with `definitionCount` counting the definition added
 * @returns errors and warnings, in rule order
 */
export function validateAddedDefinition(entry: JobEntry): Finding[] {
  return runRules(DEFINITION_COUNT_RULES, rule => rule(entry));
}

/**
 * Job-level and cross-definition rules, checked at synth (node validation): the service model's
 * constraints on everything outside the definitions (and on each definition's objective and the
 * job name), one versus several definitions, objective versus metric definitions, the strategy
 * against the definitions' ranges and hyperparameters, limits summed over definitions, autotune,
 * and tags (`Tags.of()` adds them late). Never repeats a rule of `validateTrainingJobDefinition`
 * or `validateTuningJobProps`.
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
  return runRules(JOB_RULES, rule => rule(request, ctx, defs));
}
