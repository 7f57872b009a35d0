/**
 * Warm start against parents whose configuration is known at synth time: `TuningJob`s of the
 * same app. Imported parents (`TuningJob.fromTuningJobName/Arn`) are never checked: their
 * configuration is unknown. Values that hold tokens are compared only when they are equal as
 * written (the same token); otherwise they are taken as possibly equal.
 *
 * Sources: SageMaker Developer Guide, "Run a Warm Start Hyperparameter Tuning Job"
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/automatic-model-tuning-warm-start.html):
 * the same objective metric; the same total of static plus tunable hyperparameters; each
 * hyperparameter keeps its type (continuous, integer, categorical); at most 10 changes from
 * tunable to static plus changes of static values (the guide's examples count each as 2);
 * IdenticalDataAndAlgorithm uses the same input data and training image; warm start uses
 * Bayesian or Random search.
 */
import { Finding, error, isKnownString, isToken, listNames } from './core';
import { rangesOf } from './definition/rule';
import { resolveDefinitions, ResolvedDefinition } from './job/rule';
import { WireCreateRequest, WireParameterRanges, WireTrainingJobDefinition } from '../shared/wire';

/** A parent tuning job of the same app, rendered. */
export interface WarmStartParent {
  /** How messages name it, e.g. its construct path. */
  readonly label: string;
  /** Its CreateHyperParameterTuningJob request. */
  readonly request: WireCreateRequest;
}

/** Most tunable-to-static changes plus static value changes (developer guide). */
export const MAX_WARM_START_CHANGES = 10;
/** What one change counts, as the developer guide's examples count it. */
export const WARM_START_CHANGE_WEIGHT = 2;

type Kind = 'static' | 'integer' | 'continuous' | 'categorical' | 'auto';

interface Hyperparameters {
  readonly kinds: Map<string, Kind>;
  readonly statics: Map<string, string>;
  readonly values: Map<string, number>;
}

/** The hyperparameters of a definition (static and tuned), or undefined when tokens hide them. */
function hyperparametersOf(def: WireTrainingJobDefinition, ranges: WireParameterRanges | undefined): Hyperparameters | undefined {
  const statics = def?.StaticHyperParameters;
  if (isToken(statics) || isToken(ranges)) {
    return undefined;
  }
  const kinds = new Map<string, Kind>();
  const staticValues = new Map<string, string>();
  const values = new Map<string, number>();
  for (const [k, v] of Object.entries(statics ?? {})) {
    if (v === undefined) {
      continue;
    }
    if (isToken(k)) {
      return undefined;
    }
    kinds.set(k, 'static');
    staticValues.set(k, v);
  }
  for (const r of rangesOf(ranges, [])) {
    if (!isKnownString(r.name)) {
      return undefined;
    }
    kinds.set(r.name, r.kind);
    if (r.kind === 'categorical') {
      const item = (ranges![r.path[0] as keyof WireParameterRanges] as unknown[])[r.path[1] as number] as { Values?: unknown };
      values.set(r.name, Array.isArray(item?.Values) && !isToken(item.Values) ? item.Values.length : 2);
    }
  }
  return { kinds, statics: staticValues, values };
}

/** 'same', 'different' or 'unknown' (tokens that are not written the same). */
function compare(a: unknown, b: unknown): 'same' | 'different' | 'unknown' {
  const ja = JSON.stringify(a ?? null);
  const jb = JSON.stringify(b ?? null);
  if (ja === jb) {
    return 'same';
  }
  return isToken(ja) || isToken(jb) ? 'unknown' : 'different';
}

function singleDefinition(request: WireCreateRequest): ResolvedDefinition | undefined {
  const defs = resolveDefinitions(request, { definitionPaths: [] });
  return defs.length === 1 && request.TrainingJobDefinitions === undefined ? defs[0] : undefined;
}

/**
 * The warm-start rules against parents defined in the same app.
 *
 * @param request the warm-started job's request
 * @param parents the parents that are `TuningJob`s of the same app, rendered
 */
export function checkWarmStartParents(request: WireCreateRequest, parents: readonly WarmStartParent[]): Finding[] {
  const type = request.WarmStartConfig?.WarmStartType;
  if (request.WarmStartConfig === undefined || parents.length === 0) {
    return [];
  }
  const out: Finding[] = [];
  const child = singleDefinition(request);
  for (const parent of parents) {
    const p = parent.label;
    const strategy = parent.request.HyperParameterTuningJobConfig?.Strategy;
    if (isKnownString(strategy) && strategy !== 'Bayesian' && strategy !== 'Random') {
      out.push(error('TJ-WARM-START-PARENT-STRATEGY', `warmStart parent ${p} uses strategy '${strategy}', but a warm start learns only from parents that used Bayesian or Random search.`));
    }
    const parentDef = singleDefinition(parent.request);
    if (!child || !parentDef) {
      continue; // several definitions: TJ-WARM-START-SINGLE-DEFINITION speaks for the child; a multi-algorithm parent is not compared
    }
    out.push(...objective(child, parentDef, p));
    out.push(...hyperparameters(child, parentDef, p));
    if (type === 'IdenticalDataAndAlgorithm') {
      out.push(...identicalData(child, parentDef, p));
    }
  }
  return out;
}

function objective(child: ResolvedDefinition, parent: ResolvedDefinition, label: string): Finding[] {
  const a = child.objective;
  const b = parent.objective;
  if (!a || !b) {
    return [];
  }
  const diffs: string[] = [];
  if (compare(a.MetricName, b.MetricName) === 'different') {
    diffs.push(`metric '${a.MetricName}' where the parent has '${b.MetricName}'`);
  }
  if (compare(a.Type, b.Type) === 'different') {
    diffs.push(`type '${a.Type}' where the parent has '${b.Type}'`);
  }
  return diffs.length === 0 ? [] : [error('TJ-WARM-START-PARENT-OBJECTIVE', `objective (HyperParameterTuningJobObjective) has ${diffs.join(' and ')} (warmStart parent ${label}): a warm-start job must use the same objective metric as its parents.`)];
}

function hyperparameters(child: ResolvedDefinition, parent: ResolvedDefinition, label: string): Finding[] {
  const a = hyperparametersOf(child.def, child.ranges);
  const b = hyperparametersOf(parent.def, parent.ranges);
  if (!a || !b) {
    return [];
  }
  const out: Finding[] = [];
  if (a.kinds.size !== b.kinds.size) {
    out.push(error('TJ-WARM-START-PARENT-HYPERPARAMETERS', `staticHyperParameters + parameterRanges hold ${a.kinds.size} hyperparameters, but warmStart parent ${label} has ${b.kinds.size}: the total number of static plus tunable hyperparameters must stay the same as in every parent (add the missing ones as static hyperparameters).`));
  }
  const retyped: string[] = [];
  for (const [name, kind] of a.kinds) {
    const before = b.kinds.get(name);
    if (before && kind !== 'static' && before !== 'static' && kind !== 'auto' && before !== 'auto' && kind !== before) {
      retyped.push(`'${name}' (${before} in the parent, ${kind} here)`);
    }
  }
  if (retyped.length > 0) {
    out.push(error('TJ-WARM-START-PARENT-HYPERPARAMETERS', `parameterRanges change the type of ${retyped.join(', ')} from warmStart parent ${label}: the type of each hyperparameter (continuous, integer, categorical) must not change between the parents and a warm-start job.`));
  }
  const changes: string[] = [];
  let count = 0;
  for (const [name, kind] of a.kinds) {
    const before = b.kinds.get(name);
    if (kind === 'static' && before && before !== 'static') {
      const weight = before === 'categorical' ? Math.min(WARM_START_CHANGE_WEIGHT, b.values.get(name) ?? WARM_START_CHANGE_WEIGHT) : WARM_START_CHANGE_WEIGHT;
      count += weight;
      changes.push(name);
    } else if (kind === 'static' && before === 'static' && compare(a.statics.get(name), b.statics.get(name)) === 'different') {
      count += WARM_START_CHANGE_WEIGHT;
      changes.push(name);
    }
  }
  if (count > MAX_WARM_START_CHANGES) {
    out.push(error('TJ-WARM-START-PARENT-CHANGES', `staticHyperParameters change ${changes.length} hyperparameters from warmStart parent ${label} (${listNames(changes)}: tunable there and static here, or a different static value), which counts as ${count} changes, but SageMaker allows at most ${MAX_WARM_START_CHANGES} (the developer guide counts each such change as ${WARM_START_CHANGE_WEIGHT}).`));
  }
  return out;
}

function identicalData(child: ResolvedDefinition, parent: ResolvedDefinition, label: string): Finding[] {
  const out: Finding[] = [];
  const a = child.def?.AlgorithmSpecification;
  const b = parent.def?.AlgorithmSpecification;
  for (const field of ['TrainingImage', 'AlgorithmName'] as const) {
    if (compare(a?.[field], b?.[field]) === 'different') {
      out.push(error('TJ-WARM-START-PARENT-DATA', `algorithm (AlgorithmSpecification.${field}) is ${a?.[field] === undefined ? 'not set' : `'${a[field]}'`}, but warmStart parent ${label} uses ${b?.[field] === undefined ? 'none' : `'${b[field]}'`}: WarmStart.identicalDataAndAlgorithm needs the same training image (or algorithm) as the parents. Use WarmStart.transferLearning for a new image.`));
    }
  }
  const channels = (def: WireTrainingJobDefinition) => {
    const list = def?.InputDataConfig;
    if (isToken(list)) {
      return undefined;
    }
    const map = new Map<string, unknown>();
    for (const c of Array.isArray(list) ? list : []) {
      if (!isKnownString(c?.ChannelName)) {
        return undefined;
      }
      map.set(c.ChannelName, c.DataSource);
    }
    return map;
  };
  const ca = channels(child.def);
  const cb = channels(parent.def);
  if (ca && cb) {
    const differing: string[] = [];
    for (const name of new Set([...ca.keys(), ...cb.keys()])) {
      if (!ca.has(name) || !cb.has(name) || compare(ca.get(name), cb.get(name)) === 'different') {
        differing.push(name);
      }
    }
    if (differing.length > 0) {
      out.push(error('TJ-WARM-START-PARENT-DATA', `inputs (InputDataConfig) differ from warmStart parent ${label} in channel ${listNames(differing)}: WarmStart.identicalDataAndAlgorithm needs the same input data as the parents. Use WarmStart.transferLearning for new data.`));
    }
  }
  return out;
}
