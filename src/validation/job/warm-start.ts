/** Warm start: strategy, definitions and parents, checked where the TuningJob receives them. */
import { error, isKnownString, listNames, warning } from '../core';
import { JobEntryRule } from './rule';

/** TJ-WARM-START-STRATEGY: warm start only with Bayesian or Random. */
export const warmStartStrategy: JobEntryRule = entry => {
  const strategy = entry.strategy;
  if (entry.warmStartParents === undefined || !isKnownString(strategy) || strategy === 'Bayesian' || strategy === 'Random') {
    return [];
  }
  return [error('TJ-WARM-START-STRATEGY', `warmStart (WarmStartConfig) is set, but strategy (HyperParameterTuningJobConfig.Strategy) is '${strategy}': warm start works with Bayesian and Random search only.`)];
};

/**
 * TJ-WARM-START-SINGLE-DEFINITION: warm start only when tuning one definition. Also checked by
 * `addTrainingJobDefinition`.
 */
export const warmStartSingleDefinition: JobEntryRule = entry => {
  if (entry.warmStartParents === undefined || entry.definitionCount < 2) {
    return [];
  }
  return [error('TJ-WARM-START-SINGLE-DEFINITION', `warmStart (WarmStartConfig) is set with ${entry.definitionCount} trainingJobDefinitions (TrainingJobDefinitions), but warm start is available only when a tuning job tunes a single definition.`)];
};

/** TJ-WARM-START-PARENTS-UNIQUE (warning): a parent listed twice. */
export const warmStartParentsUnique: JobEntryRule = entry => {
  const names = (entry.warmStartParents ?? []).filter(isKnownString).map(n => n.toLowerCase());
  const dupes = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
  return dupes.length === 0 ? [] : [warning('TJ-WARM-START-PARENTS-UNIQUE', `warmStart parents (WarmStartConfig.ParentHyperParameterTuningJobs) list ${listNames(dupes)} more than once (job names are case-insensitive).`)];
};
