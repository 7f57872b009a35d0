/** What every job rule shares: the rule type and context, how messages name a field of the request, and the definitions, strategy and limits of a rendered request. */
import { WireCreateRequest, WireObjective, WireParameterRanges, WireTrainingJobDefinition } from '../../shared/wire';
import { Finding, formatPath, isKnownNumber, isKnownString, isToken, WirePath } from '../core';
import { requestFieldName } from '../field-names';

/** What the job validator knows besides the request. */
export interface JobContext {
  /** The tuning job name, when the user fixed one (the handler picks one otherwise). */
  readonly jobName?: string;
  /** Construct paths of the definitions, in the order of the request's definitions. */
  readonly definitionPaths: string[];
}

/** One definition of the request with the objective, ranges and label that apply to it. */
export interface ResolvedDefinition {
  readonly def: WireTrainingJobDefinition;
  /** API path of the definition in the request. */
  readonly path: WirePath;
  /** How messages name it: construct path, definition name or index. */
  readonly label: string;
  /** The objective this definition is tuned for (job objective or its own override). */
  readonly objective?: WireObjective;
  /** API path of that objective. */
  readonly objectivePath: WirePath;
  /** The ranges tuned for this definition. */
  readonly ranges?: WireParameterRanges;
  /** API path of those ranges. */
  readonly rangesPath: WirePath;
}

/** A rule over the whole request. */
export type JobRule = (request: WireCreateRequest, context: JobContext, defs: readonly ResolvedDefinition[]) => Finding[];


/** `userName (Api.Path)` for a field of the request. */
export function jobField(path: WirePath): string {
  const api = formatPath(path);
  const user = requestFieldName(path);
  return user ? `${user} (${api})` : api;
}

/** The definitions of a request with what applies to each (single or several). */
export function resolveDefinitions(request: WireCreateRequest, context: JobContext): ResolvedDefinition[] {
  const config = request.HyperParameterTuningJobConfig;
  const labelOf = (def: WireTrainingJobDefinition, i: number, path: WirePath) => {
    const construct = context.definitionPaths[i];
    const named = isKnownString(def?.DefinitionName) ? `'${def.DefinitionName}'` : undefined;
    if (construct) {
      return `definition '${construct}'${named ? ` (name ${named})` : ''}`;
    }
    return named ? `definition ${named}` : `definition ${jobField(path)}`;
  };
  if (Array.isArray(request.TrainingJobDefinitions) && !isToken(request.TrainingJobDefinitions)) {
    return request.TrainingJobDefinitions.map((def, i) => {
      const path: WirePath = ['TrainingJobDefinitions', i];
      return {
        def,
        path,
        label: labelOf(def, i, path),
        objective: def?.TuningObjective,
        objectivePath: [...path, 'TuningObjective'],
        ranges: def?.HyperParameterRanges,
        rangesPath: [...path, 'HyperParameterRanges'],
      };
    });
  }
  if (request.TrainingJobDefinition !== undefined && !isToken(request.TrainingJobDefinition)) {
    const path: WirePath = ['TrainingJobDefinition'];
    return [{
      def: request.TrainingJobDefinition,
      path,
      label: labelOf(request.TrainingJobDefinition, 0, path),
      objective: config?.HyperParameterTuningJobObjective,
      objectivePath: ['HyperParameterTuningJobConfig', 'HyperParameterTuningJobObjective'],
      ranges: config?.ParameterRanges,
      rangesPath: ['HyperParameterTuningJobConfig', 'ParameterRanges'],
    }];
  }
  return [];
}

/** The strategy the request names, when known at synth time. */
export function strategyOf(request: WireCreateRequest): string | undefined {
  const s = request.HyperParameterTuningJobConfig?.Strategy;
  return isKnownString(s) ? s : undefined;
}

/** True when autotune is on (or may be: a token mode). */
export function autotuneOn(request: WireCreateRequest): boolean {
  return request.Autotune !== undefined && (request.Autotune.Mode === 'Enabled' || isToken(request.Autotune.Mode));
}

/** MaxNumberOfTrainingJobs and MaxParallelTrainingJobs, when known at synth time. */
export function limits(request: WireCreateRequest) {
  const l = request.HyperParameterTuningJobConfig?.ResourceLimits;
  return {
    total: isKnownNumber(l?.MaxNumberOfTrainingJobs) ? l!.MaxNumberOfTrainingJobs : undefined,
    parallel: isKnownNumber(l?.MaxParallelTrainingJobs) ? l!.MaxParallelTrainingJobs : undefined,
  };
}

/** API path of MaxNumberOfTrainingJobs. */
export const TOTAL = ['HyperParameterTuningJobConfig', 'ResourceLimits', 'MaxNumberOfTrainingJobs'];

/** API path of MaxParallelTrainingJobs. */
export const PARALLEL = ['HyperParameterTuningJobConfig', 'ResourceLimits', 'MaxParallelTrainingJobs'];

/** API path of TrainingJobEarlyStoppingType. */
export const EARLY_STOPPING = ['HyperParameterTuningJobConfig', 'TrainingJobEarlyStoppingType'];

/** API path of HyperbandStrategyConfig. */
export const HYPERBAND = ['HyperParameterTuningJobConfig', 'StrategyConfig', 'HyperbandStrategyConfig'];

/**
 * What a `TuningJob` received, as the rules checked where it receives its props read it: the
 * constructor and `addTrainingJobDefinition` (docs/RULES.md, "checked on entry"). Values are as
 * the user gave them; a token is never checked.
 */
export interface JobEntry {
  /** The strategy's API name (`TuningStrategy`). */
  readonly strategy: string;
  /** `TuningStrategy.hyperband` options, for a Hyperband strategy. */
  readonly hyperband?: { readonly minResource?: number; readonly maxResource?: number };
  /** `maxTrainingJobs`, when given. */
  readonly maxTrainingJobs?: number;
  /** `maxParallelTrainingJobs`, or its default. */
  readonly maxParallelTrainingJobs: number;
  /** `earlyStopping`, when given. */
  readonly earlyStopping?: boolean;
  /** `completionCriteria.maxTrainingJobsNotImproving`, when given. */
  readonly maxTrainingJobsNotImproving?: number;
  /** The names of the warm-start parents, when `warmStart` is given. */
  readonly warmStartParents?: readonly string[];
  /** How many training-job definitions the job has (with the one being added). */
  readonly definitionCount: number;
}

/** A rule over what a `TuningJob` received, checked where it receives it. */
export type JobEntryRule = (entry: JobEntry) => Finding[];
