/** Static and tuned hyperparameters together, checked where a definition receives its ranges. */
import { error, isKnownString, isToken } from '../core';
import { SERVICE_SHAPES } from '../service-model.generated';
import { DEFINITION_API_PREFIX, entries, RangeRule } from './rule';

/** Most hyperparameters (static + tuned) a training job takes, and the one SageMaker adds itself. */
export const MAX_HYPERPARAMETERS = 100;

/** SageMaker adds `_tuning_objective_metric` to every training job's hyperparameters. */
export const RESERVED_HYPERPARAMETERS = 1;

/** TJ-STATIC-TUNED-DISJOINT: a hyperparameter is either static or tuned. */
export const staticTunedDisjoint: RangeRule = ({ props }, ranges) => {
  const statics = new Set(entries(props.staticHyperParameters).map(([k]) => k));
  return ranges
    .filter(r => isKnownString(r.range.name) && statics.has(r.range.name))
    .map(r => error('TJ-STATIC-TUNED-DISJOINT', `${r.label} tunes '${r.range.name}', which staticHyperParameters (${DEFINITION_API_PREFIX}.StaticHyperParameters) also sets: a hyperparameter is either static or tuned, not both. Remove it from staticHyperParameters (or drop the range).`));
};

/** TJ-HYPERPARAMETERS-TOTAL: static + tuned hyperparameters, plus the one SageMaker adds, at most 100. */
export const hyperParametersTotal: RangeRule = ({ props }, ranges, earlier) => {
  const statics = entries(props.staticHyperParameters).length;
  if (ranges.length === 0 || isToken(props.staticHyperParameters) || statics > (SERVICE_SHAPES.HyperParameters.max ?? MAX_HYPERPARAMETERS)) {
    return []; // the service-model rule reports a static map over its own limit
  }
  const tuned = earlier.length + ranges.length;
  const limit = MAX_HYPERPARAMETERS - RESERVED_HYPERPARAMETERS;
  if (statics + tuned <= limit) {
    return [];
  }
  return [error('TJ-HYPERPARAMETERS-TOTAL', `staticHyperParameters + parameterRanges (${DEFINITION_API_PREFIX}.StaticHyperParameters, HyperParameterRanges) make ${statics} + ${tuned} = ${statics + tuned} hyperparameters, but a training job takes at most ${MAX_HYPERPARAMETERS} and SageMaker adds _tuning_objective_metric itself: at most ${limit} are yours.`)];
};
