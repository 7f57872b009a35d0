/** Warm start: strategy, definitions and parents. */
import { error, isKnownString, isToken, listNames, warning } from '../core';
import { JobRule, strategyOf } from './rule';

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
