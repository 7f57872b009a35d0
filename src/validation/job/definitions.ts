/** One definition versus several: which request members, definition names. */
import { error, Finding, isKnownString } from '../core';
import { jobField, JobRule } from './rule';

/**
 * TJ-DEFINITIONS-ONE-OF: a request needs a definition. (The renderer never writes both
 * TrainingJobDefinition and TrainingJobDefinitions: test/render-invariants.test.ts.)
 */
export const definitionsOneOf: JobRule = request => {
  if (request.TrainingJobDefinition === undefined && request.TrainingJobDefinitions === undefined) {
    return [error('TJ-DEFINITIONS-ONE-OF', 'trainingJobDefinitions (TrainingJobDefinition / TrainingJobDefinitions) is empty, but a tuning job needs 1 to 10 training-job definitions.')];
  }
  return [];
};

/**
 * TJ-DEFINITION-NAMES: with several definitions, names differ. (Every definition has one: the
 * renderer names an unnamed definition after its construct id, test/render-invariants.test.ts.)
 */
export const definitionNames: JobRule = (_request, _context, defs) => {
  if (defs.length < 2 || defs[0].path[0] !== 'TrainingJobDefinitions') {
    return [];
  }
  const out: Finding[] = [];
  const seen = new Map<string, string>();
  for (const d of defs) {
    const name = d.def?.DefinitionName;
    if (isKnownString(name)) {
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
