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
import { DEFINITION_RULES, DefinitionRule } from './definition-rules';
import { JOB_RULES, JobContext, JobRule, resolveDefinitions } from './job-rules';
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
 * Definition rules kept in files of their own (one concept each), after DEFINITION_RULES:
 * local storage, and the SageMaker built-in algorithm rules (src/validation/builtin-*.ts).
 */
const MORE_DEFINITION_RULES: readonly DefinitionRule[] = [
  volumeSizeLocalStorage,
  builtInImageExists,
  builtInHyperParameterNames,
  builtInRangeBounds,
];

/** Job rules kept in files of their own, after JOB_RULES: default quotas, built-in algorithm rules. */
const MORE_JOB_RULES: readonly JobRule[] = [
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
 * @param def the definition rendered standalone: its ranges in `HyperParameterRanges`,
 *   `TuningObjective` only if it has its own override, `DefinitionName` if given
 * @returns errors and warnings, in rule order; empty when the definition is valid
 */
export function validateTrainingJobDefinition(def: WireTrainingJobDefinition): Finding[] {
  return [...DEFINITION_RULES, ...MORE_DEFINITION_RULES].flatMap(rule => rule(def));
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
  return [...JOB_RULES, ...MORE_JOB_RULES].flatMap(rule => rule(request, ctx, defs));
}
