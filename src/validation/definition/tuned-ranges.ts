/** The tuned hyperparameter ranges of one definition. */
import { error, Finding, isKnownString, isToken, parseKnownNumber, show, warning, WirePath } from '../core';
import { autoParameterProblems, categoricalRangeProblems, numericRangeProblems, RangeProblem } from '../ranges';
import { defField, DEFINITION_API_PREFIX, DefinitionRule, MAX_TUNED_RANGES, rangesOf, tunedRangeCount } from './rule';
import { WireParameterRanges } from '../../shared/wire';

function rangeFinding(path: WirePath, name: unknown, p: RangeProblem): Finding {
  return error(p.rule, `${defField(path)} for hyperparameter ${show(name)}: ${p.message}.`);
}

/** TJ-RANGE-*: the value rules of every range (the same functions the ParameterRange factories call). */
export const rangeValues: DefinitionRule = def => {
  const out: Finding[] = [];
  const ranges = def.HyperParameterRanges;
  for (const r of rangesOf(ranges, ['HyperParameterRanges'])) {
    const list = ranges![r.path[1] as keyof WireParameterRanges] as unknown[];
    const item = list[r.path[2] as number] as Record<string, unknown>;
    if (!item || isToken(item)) {
      continue;
    }
    let problems: RangeProblem[];
    if (r.kind === 'integer' || r.kind === 'continuous') {
      const min = boundOf(item.MinValue);
      const max = boundOf(item.MaxValue);
      problems = numericRangeProblems(r.kind, r.name, min, max, (item.ScalingType as string | undefined) ?? 'Auto');
    } else if (r.kind === 'categorical') {
      problems = categoricalRangeProblems(r.name, item.Values as string[]);
    } else {
      problems = autoParameterProblems(r.name, item.ValueHint as string);
    }
    out.push(...problems.map(p => rangeFinding(r.path, r.name, p)));
  }
  return out;
};

/**
 * A wire bound (a string) as the number the range helpers take: tokens stay tokens, a missing
 * bound stays undefined (the service-model rule reports it), junk is NaN.
 */
function boundOf(v: unknown): number {
  if (v === undefined || isToken(v)) {
    return v as number; // an unresolved token or undefined; the helpers skip it
  }
  const n = parseKnownNumber(v);
  return n === undefined ? NaN : n;
}

/** TJ-RANGE-SINGLE-VALUE (warning): a categorical range of a single value tunes nothing. */
export const rangeSingleValue: DefinitionRule = def => {
  const out: Finding[] = [];
  const ranges = def.HyperParameterRanges;
  for (const r of rangesOf(ranges, ['HyperParameterRanges'])) {
    const item = (ranges![r.path[1] as keyof WireParameterRanges] as unknown[])[r.path[2] as number] as Record<string, unknown>;
    if (!item || isToken(item)) {
      continue;
    }
    // min = max is an error of the range itself (TJ-RANGE-MIN-LT-MAX); one categorical value is legal.
    if (r.kind === 'categorical' && Array.isArray(item.Values) && !isToken(item.Values) && item.Values.length === 1) {
      out.push(warning('TJ-RANGE-SINGLE-VALUE', `${defField(r.path)} for hyperparameter ${show(r.name)} has a single value ${show(item.Values[0])}: it tunes nothing. Put it in staticHyperParameters instead.`));
    }
  }
  return out;
};

/** TJ-RANGES-TOTAL: at most 30 integer + continuous + categorical ranges in one ParameterRanges. */
export const rangesTotal: DefinitionRule = def => {
  const count = tunedRangeCount(def.HyperParameterRanges);
  if (count <= MAX_TUNED_RANGES) {
    return [];
  }
  return [error('TJ-RANGES-TOTAL', `parameterRanges (${DEFINITION_API_PREFIX}.HyperParameterRanges) has ${count} integer, continuous and categorical ranges, but SageMaker allows at most ${MAX_TUNED_RANGES} in total (the limit of each list is also the limit of their sum).`)];
};

/** TJ-TUNED-NAMES-UNIQUE: a hyperparameter is tuned by one range only. */
export const tunedNamesUnique: DefinitionRule = def => {
  const byName = new Map<string, string[]>();
  for (const r of rangesOf(def.HyperParameterRanges, [])) {
    if (isKnownString(r.name)) {
      byName.set(r.name, [...(byName.get(r.name) ?? []), r.kind]);
    }
  }
  const out: Finding[] = [];
  for (const [name, kinds] of byName) {
    if (kinds.length > 1) {
      out.push(error('TJ-TUNED-NAMES-UNIQUE', `parameterRanges (${DEFINITION_API_PREFIX}.HyperParameterRanges) tunes hyperparameter '${name}' ${kinds.length} times (${kinds.join(', ')}), but each hyperparameter can have one range only.`));
    }
  }
  return out;
};
