/** The tuned hyperparameter ranges of one definition, checked where it receives them (`parameterRanges`, `addParameterRange`). */
import { error, Finding, isKnownString, show, warning } from '../core';
import { autoParameterProblems, categoricalRangeProblems, numericRangeProblems, RangeProblem } from '../ranges';
import { DEFINITION_API_PREFIX, MAX_TUNED_RANGES, rangeKind, RangeRule } from './rule';

/** TJ-RANGE-*: the value rules of every range (src/validation/ranges.ts). */
export const rangeValues: RangeRule = (_d, ranges) => {
  const out: Finding[] = [];
  for (const { label, range } of ranges) {
    const kind = rangeKind(range);
    let problems: RangeProblem[];
    if (kind === 'integer' || kind === 'continuous') {
      problems = numericRangeProblems(kind, range.name, range.min!, range.max!, range.scaling ?? 'Auto');
    } else if (kind === 'categorical') {
      problems = categoricalRangeProblems(range.name, range.values!);
    } else {
      problems = autoParameterProblems(range.name, range.valueHint!);
    }
    out.push(...problems.map(p => error(p.rule, `${label}: ${p.message}.`)));
  }
  return out;
};

/** TJ-RANGE-SINGLE-VALUE (warning): a categorical range of a single value tunes nothing. */
export const rangeSingleValue: RangeRule = (_d, ranges) => ranges
  // min = max is an error of the range itself (TJ-RANGE-MIN-LT-MAX); one categorical value is legal.
  .filter(r => rangeKind(r.range) === 'categorical' && Array.isArray(r.range.values) && r.range.values.length === 1)
  .map(r => warning('TJ-RANGE-SINGLE-VALUE', `${r.label} has a single value ${show(r.range.values![0])}: it tunes nothing. Put it in staticHyperParameters instead.`));

/** TJ-RANGES-TOTAL: at most 30 integer + continuous + categorical ranges in one ParameterRanges. */
export const rangesTotal: RangeRule = (_d, ranges, earlier) => {
  const tuned = (rs: readonly { type: string }[]) => rs.filter(r => r.type !== 'Auto').length;
  const had = tuned(earlier);
  const added = tuned(ranges.map(r => r.range));
  if (added === 0 || had + added <= MAX_TUNED_RANGES) {
    return [];
  }
  const source = had > 0 ? ` (${had} it had and ${added} more)` : '';
  return [error('TJ-RANGES-TOTAL', `parameterRanges (${DEFINITION_API_PREFIX}.HyperParameterRanges) has ${had + added} integer, continuous and categorical ranges${source}, but SageMaker allows at most ${MAX_TUNED_RANGES} in total (the limit of each list is also the limit of their sum).`)];
};

/** TJ-TUNED-NAMES-UNIQUE: a hyperparameter is tuned by one range only. */
export const tunedNamesUnique: RangeRule = (_d, ranges, earlier) => {
  const seen = new Map<string, string>();
  for (const r of earlier) {
    if (isKnownString(r.name) && !seen.has(r.name)) {
      seen.set(r.name, `the definition's ${rangeKind(r)} range`);
    }
  }
  const out: Finding[] = [];
  for (const { label, range } of ranges) {
    if (!isKnownString(range.name)) {
      continue;
    }
    const first = seen.get(range.name);
    if (first !== undefined) {
      out.push(error('TJ-TUNED-NAMES-UNIQUE', `${label} tunes hyperparameter '${range.name}', which ${first} already tunes, but each hyperparameter can have one range only.`));
    } else {
      seen.set(range.name, label);
    }
  }
  return out;
};
