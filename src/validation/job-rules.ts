/**
 * Job-level and cross-definition rules. Each rule is one function; they run in
 * `validateTuningJobRequest` only and never repeat a per-definition rule.
 */
import { Finding, WirePath, error, formatPath, isKnownNumber, isKnownString, isToken, listNames, parseKnownNumber, show, warning } from './core';
import { rangesOf, tunedRangeCount, MAX_TUNED_RANGES } from './definition-rules';
import { HYPERBAND_MAX_RESOURCE, hyperbandCapProblem, hyperbandOrderProblem } from './factory-checks';
import { requestFieldName } from './field-names';
import { SERVICE_SHAPES } from './service-model.generated';
import { walkServiceModel } from './walker';
import { HANDLER_TAG_COUNT, HANDLER_TAG_KEYS } from '../shared/contract';
import { WireCreateRequest, WireObjective, WireParameterRanges, WireTrainingJobDefinition } from '../shared/wire';

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

/** Tag keys the custom-resource handler adds to every tuning job it creates. */
export { HANDLER_TAG_KEYS };
/** Tags a user can set: the service's 50 minus the handler's own. */
export const MAX_USER_TAGS = (SERVICE_SHAPES.TagList.max ?? 50) - HANDLER_TAG_COUNT;
/** Static hyperparameters Hyperband reads MaxResource from when the strategy config has none. */
export const EPOCH_HYPERPARAMETERS = ['epochs', 'numepochs', 'n-epochs', 'n_epochs', 'num_epochs'];
/** Most environment variables over all definitions of a job. */
export const MAX_JOB_ENVIRONMENT = SERVICE_SHAPES.HyperParameterTrainingJobEnvironmentMap.max!; // 48

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

function strategyOf(request: WireCreateRequest): string | undefined {
  const s = request.HyperParameterTuningJobConfig?.Strategy;
  return isKnownString(s) ? s : undefined;
}

function autotuneOn(request: WireCreateRequest): boolean {
  return request.Autotune !== undefined && (request.Autotune.Mode === 'Enabled' || isToken(request.Autotune.Mode));
}

function limits(request: WireCreateRequest) {
  const l = request.HyperParameterTuningJobConfig?.ResourceLimits;
  return {
    total: isKnownNumber(l?.MaxNumberOfTrainingJobs) ? l!.MaxNumberOfTrainingJobs : undefined,
    parallel: isKnownNumber(l?.MaxParallelTrainingJobs) ? l!.MaxParallelTrainingJobs : undefined,
  };
}

const TOTAL = ['HyperParameterTuningJobConfig', 'ResourceLimits', 'MaxNumberOfTrainingJobs'];
const PARALLEL = ['HyperParameterTuningJobConfig', 'ResourceLimits', 'MaxParallelTrainingJobs'];
const EARLY_STOPPING = ['HyperParameterTuningJobConfig', 'TrainingJobEarlyStoppingType'];
const HYPERBAND = ['HyperParameterTuningJobConfig', 'StrategyConfig', 'HyperbandStrategyConfig'];

// ---------------------------------------------------------------------------------------------
// the service model

/**
 * SM-*: the request against the service model, except the definitions' own fields (the
 * definition validator walks them) and the tag count (TJ-TAGS-MAX is stricter). The objective
 * of each definition and the job name are walked here.
 */
export const serviceModelRule: JobRule = (request, context, defs) => {
  const out = walkServiceModel(request, {
    shape: 'CreateHyperParameterTuningJobRequest',
    nameOf: requestFieldName,
    skip: ['TrainingJobDefinition', 'TrainingJobDefinitions[]', 'HyperParameterTuningJobConfig.ParameterRanges'],
    skipCount: ['Tags'],
    omitted: ['HyperParameterTuningJobName'], // the handler sends the name; checked below when fixed
  });
  for (const d of defs) {
    if (d.path[0] === 'TrainingJobDefinitions' && d.objective !== undefined) {
      out.push(...walkServiceModel(d.objective, {
        shape: 'HyperParameterTuningJobObjective',
        apiPrefix: d.objectivePath,
        nameOf: p => requestFieldName([...d.objectivePath, ...p]),
      }));
    }
  }
  if (context.jobName !== undefined) {
    out.push(...walkServiceModel(context.jobName, {
      shape: 'HyperParameterTuningJobName',
      apiPrefix: ['HyperParameterTuningJobName'],
      nameOf: () => 'tuningJobName',
    }));
  }
  return out;
};

// ---------------------------------------------------------------------------------------------
// one definition versus several

/** TJ-DEFINITIONS-ONE-OF: TrainingJobDefinition xor TrainingJobDefinitions. */
export const definitionsOneOf: JobRule = request => {
  const one = request.TrainingJobDefinition !== undefined;
  const many = request.TrainingJobDefinitions !== undefined;
  if (one && many) {
    return [error('TJ-DEFINITIONS-ONE-OF', 'trainingJobDefinitions is rendered as both TrainingJobDefinition and TrainingJobDefinitions, but the request takes one of them: TrainingJobDefinition for one definition, TrainingJobDefinitions for several.')];
  }
  if (!one && !many) {
    return [error('TJ-DEFINITIONS-ONE-OF', 'trainingJobDefinitions (TrainingJobDefinition / TrainingJobDefinitions) is empty, but a tuning job needs 1 to 10 training-job definitions.')];
  }
  return [];
};

/** TJ-SHAPE-SINGLE / TJ-SHAPE-MULTI: ranges and objective sit where the request form wants them. */
export const definitionShape: JobRule = request => {
  const out: Finding[] = [];
  const config = request.HyperParameterTuningJobConfig;
  const single = request.TrainingJobDefinition;
  if (single !== undefined && request.TrainingJobDefinitions === undefined) {
    for (const m of ['HyperParameterRanges', 'TuningObjective'] as const) {
      if (single[m] !== undefined) {
        out.push(error('TJ-SHAPE-SINGLE', `${jobField(['TrainingJobDefinition', m])} is set, but with one definition ${m === 'TuningObjective' ? 'the objective goes in HyperParameterTuningJobConfig.HyperParameterTuningJobObjective' : 'the ranges go in HyperParameterTuningJobConfig.ParameterRanges'}; SageMaker reads them only there.`));
      }
    }
  }
  if (request.TrainingJobDefinitions !== undefined && single === undefined && config) {
    if (config.ParameterRanges !== undefined) {
      out.push(error('TJ-SHAPE-MULTI', `${jobField(['HyperParameterTuningJobConfig', 'ParameterRanges'])} is set, but with several definitions each definition carries its own HyperParameterRanges.`));
    }
    if (config.HyperParameterTuningJobObjective !== undefined) {
      out.push(error('TJ-SHAPE-MULTI', `${jobField(['HyperParameterTuningJobConfig', 'HyperParameterTuningJobObjective'])} is set, but with several definitions each definition carries its own TuningObjective.`));
    }
  }
  return out;
};

/** TJ-DEFINITION-NAMES: with several definitions each has a name, and names differ. */
export const definitionNames: JobRule = (_request, _context, defs) => {
  if (defs.length < 2 || defs[0].path[0] !== 'TrainingJobDefinitions') {
    return [];
  }
  const out: Finding[] = [];
  const seen = new Map<string, string>();
  for (const d of defs) {
    const name = d.def?.DefinitionName;
    if (name === undefined) {
      out.push(error('TJ-DEFINITION-NAMES', `${jobField([...d.path, 'DefinitionName'])} of ${d.label} is not set, but with several definitions every definition needs a definitionName.`));
    } else if (isKnownString(name)) {
      const lower = name.toLowerCase();
      const other = seen.get(lower);
      if (other !== undefined) {
        out.push(error('TJ-DEFINITION-NAMES', `${jobField([...d.path, 'DefinitionName'])} of ${d.label} is '${name}', which ${other} already uses: definition names must differ.`));
      } else {
        seen.set(lower, d.label);
      }
    }
  }
  return out;
};

// ---------------------------------------------------------------------------------------------
// objective

/** TJ-OBJECTIVE-REQUIRED: every definition is tuned for an objective. */
export const objectiveRequired: JobRule = (_request, _context, defs) => defs
  .filter(d => d.objective === undefined)
  .map(d => error('TJ-OBJECTIVE-REQUIRED', `${jobField(d.objectivePath)} is missing for ${d.label}: it has neither the job's objective nor its own override. Set objective (TuningObjective.maximize / minimize) on the tuning job or on the definition.`));

/** TJ-OBJECTIVE-METRIC-DEFINED: the objective metric is one of the definition's metric definitions. */
export const objectiveMetricDefined: JobRule = (_request, _context, defs) => {
  const out: Finding[] = [];
  for (const d of defs) {
    const metric = d.objective?.MetricName;
    const metrics = d.def?.AlgorithmSpecification?.MetricDefinitions;
    if (!isKnownString(metric) || !Array.isArray(metrics) || isToken(metrics) || metrics.length === 0) {
      continue;
    }
    const names = metrics.map(m => m?.Name);
    if (names.some(n => !isKnownString(n))) {
      continue; // a token name could be the one
    }
    if (!names.includes(metric)) {
      out.push(error('TJ-OBJECTIVE-METRIC-DEFINED', `${jobField([...d.objectivePath, 'MetricName'])} of ${d.label} is '${metric}', but its metricDefinitions define ${listNames(names as string[])}: the objective metric must be one of them, or SageMaker finds no value to optimize.`));
    }
  }
  return out;
};

// ---------------------------------------------------------------------------------------------
// strategies

/** TJ-STRATEGY-CONFIG-HYPERBAND: StrategyConfig only with the Hyperband strategy. */
export const strategyConfigHyperbandOnly: JobRule = request => {
  const strategy = strategyOf(request);
  if (request.HyperParameterTuningJobConfig?.StrategyConfig === undefined || strategy === undefined || strategy === 'Hyperband') {
    return [];
  }
  return [error('TJ-STRATEGY-CONFIG-HYPERBAND', `${jobField(['HyperParameterTuningJobConfig', 'StrategyConfig'])} is set, but strategy (HyperParameterTuningJobConfig.Strategy) is '${strategy}': the strategy config is the Hyperband configuration and may be given only with TuningStrategy.hyperband(...).`)];
};

/** TJ-HYPERBAND-EARLY-STOPPING: Hyperband needs TrainingJobEarlyStoppingType Off. */
export const hyperbandEarlyStoppingOff: JobRule = request => {
  const es = request.HyperParameterTuningJobConfig?.TrainingJobEarlyStoppingType;
  if (strategyOf(request) !== 'Hyperband' || es === undefined || es === 'Off' || isToken(es)) {
    return [];
  }
  return [error('TJ-HYPERBAND-EARLY-STOPPING', `${jobField(EARLY_STOPPING)} is ${show(es)}, but strategy is 'Hyperband', which has its own early stopping: earlyStopping must be false (Off) with Hyperband.`)];
};

/** The MaxResource Hyperband infers from a definition's static hyperparameters, or why it cannot. */
function inferredMaxResource(def: WireTrainingJobDefinition): { value?: number; key?: string; raw?: string; token?: boolean } {
  const statics = def?.StaticHyperParameters;
  if (!statics || isToken(statics)) {
    return { token: isToken(statics) };
  }
  const key = EPOCH_HYPERPARAMETERS.find(k => statics[k] !== undefined);
  if (!key) {
    return {};
  }
  const raw = statics[key];
  if (isToken(raw)) {
    return { key, token: true };
  }
  const n = parseKnownNumber(raw);
  return { key, raw, value: n !== undefined && Number.isInteger(n) ? n : undefined };
}

/** TJ-HYPERBAND-MAX-RESOURCE: MaxResource given, or inferable from an epochs hyperparameter; at most 20,000. */
export const hyperbandMaxResource: JobRule = (request, _context, defs) => {
  if (strategyOf(request) !== 'Hyperband') {
    return [];
  }
  const cfg = request.HyperParameterTuningJobConfig?.StrategyConfig?.HyperbandStrategyConfig;
  if (cfg?.MaxResource !== undefined) {
    return []; // the service model bounds it (1..); the 20,000 cap is checked below
  }
  const out: Finding[] = [];
  for (const d of defs) {
    const inferred = inferredMaxResource(d.def);
    if (inferred.token) {
      continue;
    }
    if (!inferred.key) {
      out.push(error('TJ-HYPERBAND-MAX-RESOURCE', `TuningStrategy.hyperband maxResource (${HYPERBAND.join('.')}.MaxResource) is not set and ${d.label} has none of the static hyperparameters ${listNames(EPOCH_HYPERPARAMETERS)}, so Hyperband cannot infer MaxResource and SageMaker rejects the request. Set maxResource, or an epochs static hyperparameter.`));
    } else if (inferred.value === undefined || inferred.value < 1) {
      out.push(error('TJ-HYPERBAND-MAX-RESOURCE', `TuningStrategy.hyperband maxResource is not set, so Hyperband reads it from ${jobField([...d.path, 'StaticHyperParameters', inferred.key])} of ${d.label}, which is ${show(inferred.raw)}: it must be a whole number of at least 1. Set maxResource, or fix the hyperparameter.`));
    } else if (inferred.value > HYPERBAND_MAX_RESOURCE) {
      out.push(error('TJ-HYPERBAND-MAX-RESOURCE', `TuningStrategy.hyperband maxResource is not set, so Hyperband reads it from ${jobField([...d.path, 'StaticHyperParameters', inferred.key])} of ${d.label}, which is ${inferred.value}: Hyperband allows at most ${HYPERBAND_MAX_RESOURCE}. Set maxResource to ${HYPERBAND_MAX_RESOURCE} or less.`));
    }
  }
  return out;
};

/** TJ-HYPERBAND-MAX-RESOURCE-CAP: an explicit MaxResource is at most 20,000. */
export const hyperbandMaxResourceCap: JobRule = request => {
  const max = request.HyperParameterTuningJobConfig?.StrategyConfig?.HyperbandStrategyConfig?.MaxResource;
  const problem = hyperbandCapProblem(max);
  return problem ? [error('TJ-HYPERBAND-MAX-RESOURCE-CAP', `${jobField([...HYPERBAND, 'MaxResource'])} ${problem}.`)] : [];
};

/** TJ-HYPERBAND-MIN-LE-MAX: MinResource <= MaxResource (given or inferred); equal warns. */
export const hyperbandMinLeMax: JobRule = (request, _context, defs) => {
  if (strategyOf(request) !== 'Hyperband') {
    return [];
  }
  const cfg = request.HyperParameterTuningJobConfig?.StrategyConfig?.HyperbandStrategyConfig;
  const min = cfg?.MinResource;
  if (!isKnownNumber(min)) {
    return [];
  }
  const maxes: Array<{ value: number; where: string }> = [];
  if (isKnownNumber(cfg?.MaxResource)) {
    maxes.push({ value: cfg!.MaxResource, where: jobField([...HYPERBAND, 'MaxResource']) });
  } else if (cfg?.MaxResource === undefined) {
    for (const d of defs) {
      const inferred = inferredMaxResource(d.def);
      if (inferred.value !== undefined && inferred.key) {
        maxes.push({ value: inferred.value, where: `the MaxResource inferred from ${jobField([...d.path, 'StaticHyperParameters', inferred.key])} of ${d.label}` });
      }
    }
  }
  const out: Finding[] = [];
  for (const m of maxes) {
    const problem = hyperbandOrderProblem(min, m.value);
    if (problem) {
      out.push(error('TJ-HYPERBAND-MIN-LE-MAX', `${jobField([...HYPERBAND, 'MinResource'])} is ${min}, but ${m.where} is ${m.value}: ${problem}.`));
    } else if (min === m.value) {
      out.push(warning('TJ-HYPERBAND-MIN-LE-MAX', `${jobField([...HYPERBAND, 'MinResource'])} equals ${m.where} (${min}): Hyperband can stop no job before it reaches maxResource, so it runs like Random search.`));
    }
  }
  return out;
};

/** TJ-GRID-CATEGORICAL-ONLY: Grid searches categorical ranges only. */
export const gridCategoricalOnly: JobRule = (request, _context, defs) => {
  if (strategyOf(request) !== 'Grid') {
    return [];
  }
  const out: Finding[] = [];
  for (const d of defs) {
    const other = rangesOf(d.ranges, d.rangesPath).filter(r => r.kind !== 'categorical');
    if (other.length > 0) {
      out.push(error('TJ-GRID-CATEGORICAL-ONLY', `strategy (HyperParameterTuningJobConfig.Strategy) is 'Grid', but ${d.label} tunes ${other.map(r => `'${r.name}' (${r.kind})`).join(', ')}: grid search supports categorical ranges only. Use ParameterRange.categorical(...) or another strategy.`));
    }
  }
  return out;
};

/** Number of value combinations of a definition's ranges, or undefined when infinite or unknown. */
export function combinationsOf(ranges: WireParameterRanges | undefined): number | undefined {
  if (ranges === undefined) {
    return undefined;
  }
  if (isToken(ranges)) {
    return undefined;
  }
  let total = 1;
  let any = false;
  for (const r of rangesOf(ranges, [])) {
    any = true;
    if (r.kind === 'continuous' || r.kind === 'auto') {
      return undefined;
    }
    const item = (ranges[r.path[0] as keyof WireParameterRanges] as unknown[])[r.path[1] as number] as Record<string, unknown>;
    if (r.kind === 'categorical') {
      if (!Array.isArray(item?.Values) || isToken(item.Values)) {
        return undefined;
      }
      total *= new Set(item.Values as string[]).size;
    } else {
      const min = parseKnownNumber(item?.MinValue);
      const max = parseKnownNumber(item?.MaxValue);
      if (min === undefined || max === undefined || max < min) {
        return undefined;
      }
      total *= Math.floor(max) - Math.ceil(min) + 1;
    }
  }
  return any ? total : undefined;
}

function sumCombinations(defs: readonly ResolvedDefinition[]): number | undefined {
  let sum = 0;
  for (const d of defs) {
    const c = combinationsOf(d.ranges);
    if (c === undefined) {
      return undefined;
    }
    sum += c;
  }
  return defs.length > 0 ? sum : undefined;
}

/** TJ-GRID-MAX-JOBS: with Grid, maxTrainingJobs (if set) equals the number of combinations. */
export const gridMaxJobs: JobRule = (request, _context, defs) => {
  const { total } = limits(request);
  if (strategyOf(request) !== 'Grid' || total === undefined) {
    return [];
  }
  const combos = sumCombinations(defs);
  if (combos === undefined || combos === total) {
    return [];
  }
  return [error('TJ-GRID-MAX-JOBS', `${jobField(TOTAL)} is ${total}, but strategy is 'Grid' and the categorical ranges have ${combos} distinct combinations: grid search runs every combination once, so SageMaker takes maxTrainingJobs only when it equals that number. Leave maxTrainingJobs unset (recommended with Grid) or set it to ${combos}.`)];
};

/** TJ-COMBINATIONS-ENOUGH: Bayesian/Random over finite ranges need at least maxTrainingJobs combinations. */
export const enoughCombinations: JobRule = (request, _context, defs) => {
  const strategy = strategyOf(request);
  const { total } = limits(request);
  if ((strategy !== 'Bayesian' && strategy !== 'Random') || total === undefined) {
    return [];
  }
  const combos = sumCombinations(defs);
  if (combos === undefined || combos >= total) {
    return [];
  }
  return [error('TJ-COMBINATIONS-ENOUGH', `${jobField(TOTAL)} is ${total}, but the ranges (integer and categorical only) have ${combos} distinct combinations: SageMaker rejects a job whose ranges have fewer combinations than maxTrainingJobs. Lower maxTrainingJobs to ${combos} or less, or widen the ranges.`)];
};

/** TJ-RANGES-REQUIRED: without autotune, every definition tunes at least one hyperparameter. */
export const rangesRequired: JobRule = (request, _context, defs) => {
  if (autotuneOn(request)) {
    return [];
  }
  return defs
    .filter(d => !isToken(d.ranges) && rangesOf(d.ranges, []).length === 0)
    .map(d => error('TJ-RANGES-REQUIRED', `${jobField(d.rangesPath)} of ${d.label} is empty, but a tuning job needs at least one hyperparameter range to search (or autotune with ParameterRange.auto).`));
};

/** TJ-AUTO-PARAMETERS-AUTOTUNE: auto parameters only with autotune. */
export const autoParametersNeedAutotune: JobRule = (request, _context, defs) => {
  if (autotuneOn(request)) {
    return [];
  }
  const out: Finding[] = [];
  for (const d of defs) {
    const autos = rangesOf(d.ranges, d.rangesPath).filter(r => r.kind === 'auto');
    if (autos.length > 0) {
      out.push(error('TJ-AUTO-PARAMETERS-AUTOTUNE', `${d.label} has auto parameters ${listNames(autos.map(a => String(a.name)))} (${jobField([...d.rangesPath, 'AutoParameters'])}), but autotune (Autotune.Mode) is not enabled: SageMaker infers ranges from value hints only with autotune. Set autotune: true, or use integer / continuous / categorical ranges.`));
    }
  }
  return out;
};

/** TJ-AUTOTUNE-NOTHING (warning): autotune with no hyperparameter to tune. */
export const autotuneNothing: JobRule = (request, _context, defs) => {
  if (!autotuneOn(request)) {
    return [];
  }
  return defs
    .filter(d => !isToken(d.ranges) && rangesOf(d.ranges, []).length === 0)
    .map(d => warning('TJ-AUTOTUNE-NOTHING', `autotune (Autotune.Mode) is enabled, but ${d.label} has no parameterRanges: autotune chooses ranges for the hyperparameters given with ParameterRange.auto(name, valueHint); with none it has nothing to tune.`));
};

/** TJ-RANGES-TOTAL-JOB (warning): more than 30 tuned ranges over all definitions. */
export const rangesTotalJob: JobRule = (_request, _context, defs) => {
  if (defs.length < 2) {
    return [];
  }
  const total = defs.reduce((n, d) => n + tunedRangeCount(d.ranges), 0);
  if (total <= MAX_TUNED_RANGES) {
    return [];
  }
  return [warning('TJ-RANGES-TOTAL-JOB', `parameterRanges of all definitions add up to ${total} integer, continuous and categorical ranges; the API reference says ${MAX_TUNED_RANGES} is also the maximum "for the hyperparameter tuning job itself", so SageMaker may reject more than ${MAX_TUNED_RANGES} over the whole job.`)];
};

// ---------------------------------------------------------------------------------------------
// limits

/**
 * TJ-PARALLEL-LE-TOTAL: maxParallelTrainingJobs <= maxTrainingJobs (with Grid and no
 * maxTrainingJobs, the number of combinations is the total).
 */
export const parallelLeTotal: JobRule = (request, _context, defs) => {
  const { total, parallel } = limits(request);
  if (parallel === undefined) {
    return [];
  }
  if (total !== undefined) {
    return parallel <= total ? [] : [error('TJ-PARALLEL-LE-TOTAL', `${jobField(PARALLEL)} is ${parallel}, but maxTrainingJobs (${TOTAL.join('.')}) is ${total}: a tuning job cannot run more training jobs at once than it runs in total. Lower maxParallelTrainingJobs to ${total} or less.`)];
  }
  const combos = strategyOf(request) === 'Grid' ? sumCombinations(defs) : undefined;
  if (combos === undefined || parallel <= combos) {
    return [];
  }
  return [error('TJ-PARALLEL-LE-TOTAL', `${jobField(PARALLEL)} is ${parallel}, but strategy is 'Grid' and its ranges have ${combos} combinations, which is the number of training jobs it runs: a tuning job cannot run more training jobs at once than it runs in total. Lower maxParallelTrainingJobs to ${combos} or less.`)];
};

/** TJ-BAYESIAN-PARALLELISM (warning): Bayesian search with more than half the jobs in parallel. */
export const bayesianParallelism: JobRule = request => {
  const { total, parallel } = limits(request);
  if (strategyOf(request) !== 'Bayesian' || total === undefined || parallel === undefined || parallel <= 1 || parallel * 2 <= total || parallel > total) {
    return [];
  }
  return [warning('TJ-BAYESIAN-PARALLELISM', `${jobField(PARALLEL)} is ${parallel} of maxTrainingJobs ${total}: Bayesian search picks each job from the results of finished ones, and with more than half of the jobs running at once it has little to learn from and behaves like Random search. Lower maxParallelTrainingJobs (at most ${Math.floor(total / 2)}) or use TuningStrategy.random().`)];
};

/** TJ-ENVIRONMENT-TOTAL: at most 48 environment variables over all definitions. */
export const environmentTotal: JobRule = (_request, _context, defs) => {
  if (defs.length < 2 || defs.some(d => isToken(d.def?.Environment))) {
    return [];
  }
  const counts = defs.map(d => Object.values(d.def?.Environment ?? {}).filter(v => v !== undefined).length);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= MAX_JOB_ENVIRONMENT) {
    return [];
  }
  return [error('TJ-ENVIRONMENT-TOTAL', `environment of all definitions has ${total} variables (${defs.map((d, i) => `${counts[i]} in ${d.label}`).join(', ')}), but SageMaker allows at most ${MAX_JOB_ENVIRONMENT} for the whole tuning job.`)];
};

// ---------------------------------------------------------------------------------------------
// warm start, early stopping, completion

/** TJ-WARM-START-STRATEGY: warm start only with Bayesian or Random. */
export const warmStartStrategy: JobRule = request => {
  const strategy = strategyOf(request);
  if (request.WarmStartConfig === undefined || strategy === undefined || strategy === 'Bayesian' || strategy === 'Random') {
    return [];
  }
  return [error('TJ-WARM-START-STRATEGY', `warmStart (WarmStartConfig) is set, but strategy (HyperParameterTuningJobConfig.Strategy) is '${strategy}': warm start works with Bayesian and Random search only.`)];
};

/** TJ-WARM-START-SINGLE-DEFINITION: warm start only when tuning one definition. */
export const warmStartSingleDefinition: JobRule = (request, _context, defs) => {
  if (request.WarmStartConfig === undefined || request.TrainingJobDefinitions === undefined) {
    return [];
  }
  return [error('TJ-WARM-START-SINGLE-DEFINITION', `warmStart (WarmStartConfig) is set with ${defs.length} trainingJobDefinitions (TrainingJobDefinitions), but warm start is available only when a tuning job tunes a single definition.`)];
};

/** TJ-WARM-START-PARENTS-UNIQUE (warning): a parent listed twice. */
export const warmStartParentsUnique: JobRule = request => {
  const parents = request.WarmStartConfig?.ParentHyperParameterTuningJobs;
  if (!Array.isArray(parents) || isToken(parents)) {
    return [];
  }
  const names = parents.map(p => p?.HyperParameterTuningJobName).filter(isKnownString).map(n => n.toLowerCase());
  const dupes = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
  return dupes.length === 0 ? [] : [warning('TJ-WARM-START-PARENTS-UNIQUE', `warmStart parents (WarmStartConfig.ParentHyperParameterTuningJobs) list ${listNames(dupes)} more than once (job names are case-insensitive).`)];
};

/** TJ-EARLY-STOPPING-SINGLE-DEFINITION: early stopping only when tuning one definition. */
export const earlyStoppingSingleDefinition: JobRule = (request, _context, defs) => {
  const es = request.HyperParameterTuningJobConfig?.TrainingJobEarlyStoppingType;
  if (es !== 'Auto' || request.TrainingJobDefinitions === undefined) {
    return [];
  }
  return [error('TJ-EARLY-STOPPING-SINGLE-DEFINITION', `${jobField(EARLY_STOPPING)} is 'Auto' with ${defs.length} trainingJobDefinitions (TrainingJobDefinitions), but early stopping is available only when a tuning job tunes a single definition.`)];
};

/** TJ-COMPLETION-NOT-IMPROVING (warning): a not-improving count that can never be reached. */
export const completionNotImproving: JobRule = request => {
  const n = request.HyperParameterTuningJobConfig?.TuningJobCompletionCriteria?.BestObjectiveNotImproving?.MaxNumberOfTrainingJobsNotImproving;
  const { total } = limits(request);
  if (!isKnownNumber(n) || total === undefined || n < total) {
    return [];
  }
  return [warning('TJ-COMPLETION-NOT-IMPROVING', `${jobField(['HyperParameterTuningJobConfig', 'TuningJobCompletionCriteria', 'BestObjectiveNotImproving', 'MaxNumberOfTrainingJobsNotImproving'])} is ${n}, but maxTrainingJobs is ${total}: the job ends before ${n} jobs can fail to improve, so this criterion never stops it.`)];
};

// ---------------------------------------------------------------------------------------------
// tags

/** TJ-TAGS-MAX: at most 46 tags (50, minus the four the handler may add). */
export const tagsMax: JobRule = request => {
  const tags = request.Tags;
  if (!Array.isArray(tags) || isToken(tags) || tags.length <= MAX_USER_TAGS) {
    return [];
  }
  return [error('TJ-TAGS-MAX', `tags (Tags) has ${tags.length} tags, but at most ${MAX_USER_TAGS} are allowed: SageMaker takes 50 and the library adds its own ${HANDLER_TAG_KEYS.map(k => `'${k}'`).join(', ')} tags to find, check and own the job.`)];
};

/** TJ-TAG-KEYS: tag keys are unique, not reserved by the library, and do not start with aws:. */
export const tagKeys: JobRule = request => {
  const tags = request.Tags;
  if (!Array.isArray(tags) || isToken(tags)) {
    return [];
  }
  const out: Finding[] = [];
  const seen = new Set<string>();
  tags.forEach((t, i) => {
    const k = t?.Key;
    if (!isKnownString(k)) {
      return;
    }
    if (HANDLER_TAG_KEYS.includes(k)) {
      out.push(error('TJ-TAG-KEYS', `${jobField(['Tags', i, 'Key'])} is '${k}', but that key is reserved: the library tags every tuning job it creates with it.`));
    } else if (k.toLowerCase().startsWith('aws:')) {
      out.push(error('TJ-TAG-KEYS', `${jobField(['Tags', i, 'Key'])} is '${k}', but tag keys starting with 'aws:' are reserved for AWS.`));
    }
    if (seen.has(k)) {
      out.push(error('TJ-TAG-KEYS', `${jobField(['Tags', i, 'Key'])} is '${k}', which an earlier tag already uses: tag keys must be unique.`));
    }
    seen.add(k);
  });
  return out;
};

/** Every job-level rule, in the order their findings are reported. */
export const JOB_RULES: readonly JobRule[] = [
  serviceModelRule,
  definitionsOneOf,
  definitionShape,
  definitionNames,
  objectiveRequired,
  objectiveMetricDefined,
  strategyConfigHyperbandOnly,
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
];
