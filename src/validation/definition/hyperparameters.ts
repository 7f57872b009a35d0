/** Static and tuned hyperparameters together. */
import { error, isKnownString, isToken, listNames } from '../core';
import { SERVICE_SHAPES } from '../service-model.generated';
import { DEFINITION_API_PREFIX, DefinitionRule, entries, rangesOf } from './rule';

/** Most hyperparameters (static + tuned) a training job takes, and the one SageMaker adds itself. */
export const MAX_HYPERPARAMETERS = 100;

/** SageMaker adds `_tuning_objective_metric` to every training job's hyperparameters. */
export const RESERVED_HYPERPARAMETERS = 1;

/** TJ-STATIC-TUNED-DISJOINT: a hyperparameter is either static or tuned. */
export const staticTunedDisjoint: DefinitionRule = def => {
  const statics = new Set(entries(def.StaticHyperParameters).map(([k]) => k));
  const both = [...new Set(rangesOf(def.HyperParameterRanges, []).map(r => r.name).filter(n => isKnownString(n) && statics.has(n)))];
  if (both.length === 0) {
    return [];
  }
  return [error('TJ-STATIC-TUNED-DISJOINT', `staticHyperParameters (${DEFINITION_API_PREFIX}.StaticHyperParameters) sets ${listNames(both)}, which parameterRanges also tunes: a hyperparameter is either static or tuned, not both. Remove ${both.length === 1 ? 'it' : 'them'} from staticHyperParameters.`)];
};

/** TJ-HYPERPARAMETERS-TOTAL: static + tuned hyperparameters, plus the one SageMaker adds, at most 100. */
export const hyperParametersTotal: DefinitionRule = def => {
  const statics = entries(def.StaticHyperParameters).length;
  if (isToken(def.StaticHyperParameters) || statics > (SERVICE_SHAPES.HyperParameters.max ?? MAX_HYPERPARAMETERS)) {
    return []; // the service-model rule reports a static map over its own limit
  }
  const tuned = rangesOf(def.HyperParameterRanges, []).length;
  const limit = MAX_HYPERPARAMETERS - RESERVED_HYPERPARAMETERS;
  if (statics + tuned <= limit) {
    return [];
  }
  return [error('TJ-HYPERPARAMETERS-TOTAL', `staticHyperParameters + parameterRanges (${DEFINITION_API_PREFIX}.StaticHyperParameters, HyperParameterRanges) make ${statics} + ${tuned} = ${statics + tuned} hyperparameters, but a training job takes at most ${MAX_HYPERPARAMETERS} and SageMaker adds _tuning_objective_metric itself: at most ${limit} are yours.`)];
};
