/** The Grid strategy: categorical ranges only, combinations and the training job count. */
import { error, Finding, isToken, parseKnownNumber } from '../core';
import { jobField, JobRule, limits, ResolvedDefinition, strategyOf, TOTAL } from './rule';
import { WireParameterRanges } from '../../shared/wire';
import { rangesOf } from '../definition/rule';

/** TJ-GRID-CATEGORICAL-ONLY: Grid searches categorical ranges only. */
export const gridCategoricalOnly: JobRule = (request, _context, defs) => {
  if (strategyOf(request) !== 'Grid') {
    return [];
  }
  const out: Finding[] = [];
  for (const d of defs) {
    const other = rangesOf(d.ranges, d.rangesPath).filter(r => r.kind !== 'categorical');
    if (other.length > 0) {
      out.push(error('TJ-GRID-CATEGORICAL-ONLY', `strategy (HyperParameterTuningJobConfig.Strategy) is 'Grid', but ${d.label} tunes ${other.map(r => `'${r.name}' (${r.kind})`).join(', ')}: grid search supports categorical ranges only. Use ParameterRange.categorical(...) or another strategy.`));
    }
  }
  return out;
};

/** Number of value combinations of a definition's ranges, or undefined when infinite or unknown. */
export function combinationsOf(ranges: WireParameterRanges | undefined): number | undefined {
  if (ranges === undefined) {
    return undefined;
  }
  if (isToken(ranges)) {
    return undefined;
  }
  let total = 1;
  let any = false;
  for (const r of rangesOf(ranges, [])) {
    any = true;
    if (r.kind === 'continuous' || r.kind === 'auto') {
      return undefined;
    }
    const item = (ranges[r.path[0] as keyof WireParameterRanges] as unknown[])[r.path[1] as number] as Record<string, unknown>;
    if (r.kind === 'categorical') {
      if (!Array.isArray(item?.Values) || isToken(item.Values)) {
        return undefined;
      }
      total *= new Set(item.Values as string[]).size;
    } else {
      const min = parseKnownNumber(item?.MinValue);
      const max = parseKnownNumber(item?.MaxValue);
      if (min === undefined || max === undefined || max < min) {
        return undefined;
      }
      total *= Math.floor(max) - Math.ceil(min) + 1;
    }
  }
  return any ? total : undefined;
}

/** The combinations of all definitions together, or undefined when one is infinite or unknown. */
export function sumCombinations(defs: readonly ResolvedDefinition[]): number | undefined {
  let sum = 0;
  for (const d of defs) {
    const c = combinationsOf(d.ranges);
    if (c === undefined) {
      return undefined;
    }
    sum += c;
  }
  return defs.length > 0 ? sum : undefined;
}

/** TJ-GRID-MAX-JOBS: with Grid, maxTrainingJobs (if set) equals the number of combinations. */
export const gridMaxJobs: JobRule = (request, _context, defs) => {
  const { total } = limits(request);
  if (strategyOf(request) !== 'Grid' || total === undefined) {
    return [];
  }
  const combos = sumCombinations(defs);
  if (combos === undefined || combos === total) {
    return [];
  }
  return [error('TJ-GRID-MAX-JOBS', `${jobField(TOTAL)} is ${total}, but strategy is 'Grid' and the categorical ranges have ${combos} distinct combinations: grid search runs every combination once, so SageMaker takes maxTrainingJobs only when it equals that number. Leave maxTrainingJobs unset (recommended with Grid) or set it to ${combos}.`)];
};

/** TJ-COMBINATIONS-ENOUGH: Bayesian/Random over finite ranges need at least maxTrainingJobs combinations. */
export const enoughCombinations: JobRule = (request, _context, defs) => {
  const strategy = strategyOf(request);
  const { total } = limits(request);
  if ((strategy !== 'Bayesian' && strategy !== 'Random') || total === undefined) {
    return [];
  }
  const combos = sumCombinations(defs);
  if (combos === undefined || combos >= total) {
    return [];
  }
  return [error('TJ-COMBINATIONS-ENOUGH', `${jobField(TOTAL)} is ${total}, but the ranges (integer and categorical only) have ${combos} distinct combinations: SageMaker rejects a job whose ranges have fewer combinations than maxTrainingJobs. Lower maxTrainingJobs to ${combos} or less, or widen the ranges.`)];
};
