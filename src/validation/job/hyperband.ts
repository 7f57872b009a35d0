/** The Hyperband strategy: its configuration, resources and early stopping. */
import { error, Finding, isKnownNumber, isToken, listNames, parseKnownNumber, show, warning } from '../core';
import { EARLY_STOPPING, JobEntryRule, HYPERBAND, jobField, JobRule, strategyOf } from './rule';
import { WireTrainingJobDefinition } from '../../shared/wire';

/** Largest Hyperband MaxResource (service model docs: "The maximum value is 20,000 epochs"). */
export const HYPERBAND_MAX_RESOURCE = 20000;

/** The TJ-HYPERBAND-MAX-RESOURCE-CAP problem of a MaxResource value, if any. */
function hyperbandCapProblem(maxResource: unknown): string | undefined {
  return isKnownNumber(maxResource) && maxResource > HYPERBAND_MAX_RESOURCE
    ? `is ${maxResource}, but Hyperband allows at most ${HYPERBAND_MAX_RESOURCE}`
    : undefined;
}

/** The TJ-HYPERBAND-MIN-LE-MAX problem of a MinResource / MaxResource pair, if any. */
function hyperbandOrderProblem(minResource: unknown, maxResource: unknown): string | undefined {
  return isKnownNumber(minResource) && isKnownNumber(maxResource) && minResource > maxResource
    ? 'minResource must not be greater than maxResource'
    : undefined;
}

/** Static hyperparameters Hyperband reads MaxResource from when the strategy config has none. */
export const EPOCH_HYPERPARAMETERS = ['epochs', 'numepochs', 'n-epochs', 'n_epochs', 'num_epochs'];

/**
 * TJ-HYPERBAND-EARLY-STOPPING: Hyperband needs TrainingJobEarlyStoppingType Off. Checked where
 * the TuningJob receives `strategy` and `earlyStopping`.
 */
export const hyperbandEarlyStoppingOff: JobEntryRule = entry => {
  if (entry.strategy !== 'Hyperband' || entry.earlyStopping !== true) {
    return [];
  }
  return [error('TJ-HYPERBAND-EARLY-STOPPING', `${jobField(EARLY_STOPPING)} is true ('Auto'), but strategy is 'Hyperband', which has its own early stopping: earlyStopping must be false (Off) or unset with Hyperband.`)];
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

/**
 * TJ-HYPERBAND-MAX-RESOURCE-CAP: an explicit MaxResource is at most 20,000. Checked where the
 * TuningJob receives the strategy (`TuningStrategy.hyperband({ maxResource })`).
 */
export const hyperbandMaxResourceCap: JobEntryRule = entry => {
  const problem = hyperbandCapProblem(entry.hyperband?.maxResource);
  return problem ? [error('TJ-HYPERBAND-MAX-RESOURCE-CAP', `${jobField([...HYPERBAND, 'MaxResource'])} ${problem}.`)] : [];
};

/** The TJ-HYPERBAND-MIN-LE-MAX finding of MinResource against a MaxResource, if any. */
function minLeMax(min: number, max: number, where: string): Finding[] {
  const problem = hyperbandOrderProblem(min, max);
  if (problem) {
    return [error('TJ-HYPERBAND-MIN-LE-MAX', `${jobField([...HYPERBAND, 'MinResource'])} is ${min}, but ${where} is ${max}: ${problem}.`)];
  }
  return min === max
    ? [warning('TJ-HYPERBAND-MIN-LE-MAX', `${jobField([...HYPERBAND, 'MinResource'])} equals ${where} (${min}): Hyperband can stop no job before it reaches maxResource, so it runs like Random search.`)]
    : [];
}

/**
 * TJ-HYPERBAND-MIN-LE-MAX, given bounds: MinResource <= MaxResource; equal warns. Checked where
 * the TuningJob receives the strategy (`TuningStrategy.hyperband({ minResource, maxResource })`).
 */
export const hyperbandMinLeMax: JobEntryRule = entry => {
  const min = entry.hyperband?.minResource;
  const max = entry.hyperband?.maxResource;
  return isKnownNumber(min) && isKnownNumber(max) ? minLeMax(min, max, jobField([...HYPERBAND, 'MaxResource'])) : [];
};

/**
 * TJ-HYPERBAND-MIN-LE-MAX, inferred bounds: without maxResource, MinResource <= the MaxResource
 * each definition's epochs hyperparameter gives; equal warns. Spans the definitions: a node
 * validation.
 */
export const hyperbandMinLeInferredMax: JobRule = (request, _context, defs) => {
  if (strategyOf(request) !== 'Hyperband') {
    return [];
  }
  const cfg = request.HyperParameterTuningJobConfig?.StrategyConfig?.HyperbandStrategyConfig;
  const min = cfg?.MinResource;
  if (!isKnownNumber(min) || cfg?.MaxResource !== undefined) {
    return [];
  }
  const out: Finding[] = [];
  for (const d of defs) {
    const inferred = inferredMaxResource(d.def);
    if (inferred.value !== undefined && inferred.key) {
      out.push(...minLeMax(min, inferred.value, `the MaxResource inferred from ${jobField([...d.path, 'StaticHyperParameters', inferred.key])} of ${d.label}`));
    }
  }
  return out;
};
