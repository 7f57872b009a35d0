/** SM-*: the request (outside the definitions) against the SageMaker service model. */
import { requestFieldName } from '../field-names';
import { walkServiceModel, WalkOptions } from '../walker';
import { JobRule } from './rule';

/** How a request is walked: the same for every job (built once). */
const REQUEST_WALK: WalkOptions = {
  shape: 'CreateHyperParameterTuningJobRequest',
  nameOf: requestFieldName,
  skip: ['TrainingJobDefinition', 'TrainingJobDefinitions[]', 'HyperParameterTuningJobConfig.ParameterRanges'],
  skipCount: ['Tags'],
  omitted: ['HyperParameterTuningJobName'], // the handler sends the name; checked below when fixed
};

/**
 * SM-*: the request against the service model, except the definitions' own fields (the
 * definition validator walks them) and the tag count (TJ-TAGS-MAX is stricter). The objective
 * of each definition and the job name are walked here.
 */
export const serviceModelRule: JobRule = (request, context, defs) => {
  const out = walkServiceModel(request, REQUEST_WALK);
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
