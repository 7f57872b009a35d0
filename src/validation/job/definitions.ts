/** One definition versus several: which request members, definition names. */
import { error, Finding, isKnownString } from '../core';
import { jobField, JobRule } from './rule';

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
