/** SM-*: one definition against the SageMaker service model. */
import { definitionFieldName } from '../field-names';
import { walkServiceModel, WalkOptions } from '../walker';
import { DEFINITION_API_PREFIX, DefinitionRule } from './rule';

/** How a definition is walked: the same for every definition (built once). */
const DEFINITION_WALK: WalkOptions = {
  shape: 'HyperParameterTrainingJobDefinition',
  apiPrefix: [DEFINITION_API_PREFIX],
  nameOf: definitionFieldName,
  skip: [
    'TuningObjective',
    // the range rules (ranges.ts) check names, bounds, scaling, values and hints
    ...['IntegerParameterRanges', 'ContinuousParameterRanges'].flatMap(l => ['Name', 'MinValue', 'MaxValue', 'ScalingType'].map(m => `HyperParameterRanges.${l}[].${m}`)),
    'HyperParameterRanges.CategoricalParameterRanges[].Name',
    'HyperParameterRanges.CategoricalParameterRanges[].Values',
    'HyperParameterRanges.AutoParameters[].Name',
    'HyperParameterRanges.AutoParameters[].ValueHint',
  ],
};

/** SM-*: the definition against the service model (the objective is checked with the job). */
export const serviceModelRule: DefinitionRule = def => walkServiceModel(def, DEFINITION_WALK);
