/** Autotune: ranges and auto parameters with and without it. */
import { error, Finding, isToken, listNames, warning } from '../core';
import { autotuneOn, jobField, JobRule } from './rule';
import { rangesOf } from '../definition/rule';

/** TJ-RANGES-REQUIRED: without autotune, every definition tunes at least one hyperparameter. */
export const rangesRequired: JobRule = (request, _context, defs) => {
  if (autotuneOn(request)) {
    return [];
  }
  return defs
    .filter(d => !isToken(d.ranges) && rangesOf(d.ranges, []).length === 0)
    .map(d => error('TJ-RANGES-REQUIRED', `${jobField(d.rangesPath)} of ${d.label} is empty, but a tuning job needs at least one hyperparameter range to search (or autotune with ParameterRange.auto).`));
};

/** TJ-AUTO-PARAMETERS-AUTOTUNE: auto parameters only with autotune. */
export const autoParametersNeedAutotune: JobRule = (request, _context, defs) => {
  if (autotuneOn(request)) {
    return [];
  }
  const out: Finding[] = [];
  for (const d of defs) {
    const autos = rangesOf(d.ranges, d.rangesPath).filter(r => r.kind === 'auto');
    if (autos.length > 0) {
      out.push(error('TJ-AUTO-PARAMETERS-AUTOTUNE', `${d.label} has auto parameters ${listNames(autos.map(a => String(a.name)))} (${jobField([...d.rangesPath, 'AutoParameters'])}), but autotune (Autotune.Mode) is not enabled: SageMaker infers ranges from value hints only with autotune. Set autotune: true, or use integer / continuous / categorical ranges.`));
    }
  }
  return out;
};

/** TJ-AUTOTUNE-NOTHING (warning): autotune with no hyperparameter to tune. */
export const autotuneNothing: JobRule = (request, _context, defs) => {
  if (!autotuneOn(request)) {
    return [];
  }
  return defs
    .filter(d => !isToken(d.ranges) && rangesOf(d.ranges, []).length === 0)
    .map(d => warning('TJ-AUTOTUNE-NOTHING', `autotune (Autotune.Mode) is enabled, but ${d.label} has no parameterRanges: autotune chooses ranges for the hyperparameters given with ParameterRange.auto(name, valueHint); with none it has nothing to tune.`));
};
