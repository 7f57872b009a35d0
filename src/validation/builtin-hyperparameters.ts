/**
 * Tuned hyperparameters of a definition that runs a SageMaker built-in algorithm, checked where
 * the definition receives its ranges: names the
 * algorithm documents (TJ-BUILTIN-HYPERPARAMETER, warning with a suggestion) and ranges within
 * the hard bounds its hyperparameters page states (TJ-BUILTIN-RANGE-BOUNDS). Recommended
 * ranges of the tuning pages are hints and are only quoted in messages.
 */
import { builtInAlgorithmOfImage, BuiltInImageMatch } from './builtin-image';
import { Finding, closest, error, isKnownNumber, isKnownString, warning } from './core';
import { DefinitionEntry, rangeKind, RangeRule } from './definition/rule';
import { BuiltInBounds } from '../private/builtin-algorithms.generated';

function builtIn(d: DefinitionEntry): BuiltInImageMatch | undefined {
  const image = d.algorithm?.trainingImage;
  return typeof image === 'string' ? builtInAlgorithmOfImage(image) : undefined;
}

function hyperParametersPage(match: BuiltInImageMatch): string {
  return `SageMaker Developer Guide, https://docs.aws.amazon.com/sagemaker/latest/dg/${match.algorithm.hyperParametersPage}.html`;
}

/** Renders bounds as an interval, e.g. `[0, 1]`, `(0, ∞)`. */
export function showBounds(b: BuiltInBounds): string {
  const low = b.min === undefined ? '(-∞' : `${b.minExclusive ? '(' : '['}${b.min}`;
  const high = b.max === undefined ? '∞)' : `${b.max}${b.maxExclusive ? ')' : ']'}`;
  return `${low}, ${high}`;
}

function below(v: number, b: BuiltInBounds): boolean {
  return b.min !== undefined && (v < b.min || (v === b.min && !!b.minExclusive));
}

function above(v: number, b: BuiltInBounds): boolean {
  return b.max !== undefined && (v > b.max || (v === b.max && !!b.maxExclusive));
}

/** TJ-BUILTIN-HYPERPARAMETER (warning): a tuned hyperparameter the built-in algorithm does not document. */
export const builtInHyperParameterNames: RangeRule = (d, ranges) => {
  const match = builtIn(d);
  if (!match) {
    return [];
  }
  const known = Object.keys(match.algorithm.hyperParameters);
  const out: Finding[] = [];
  for (const { label, range } of ranges) {
    if (!isKnownString(range.name) || known.includes(range.name)) {
      continue;
    }
    const alias = match.algorithm.aliases[range.name];
    const suggestion = alias ?? closest(range.name, known);
    const hint = alias
      ? ` Did you mean '${alias}'? (${match.algorithm.displayName} calls ${range.name} '${alias}'.)`
      : suggestion ? ` Did you mean '${suggestion}'?` : '';
    out.push(warning('TJ-BUILTIN-HYPERPARAMETER', `${label}: '${range.name}' is not a hyperparameter of the built-in ${match.algorithm.displayName} algorithm (${hyperParametersPage(match)}): the training jobs may fail on it or ignore it.${hint}`));
  }
  return out;
};

/** TJ-BUILTIN-RANGE-BOUNDS: an integer or continuous range within the documented valid values. */
export const builtInRangeBounds: RangeRule = (d, ranges) => {
  const match = builtIn(d);
  if (!match) {
    return [];
  }
  const out: Finding[] = [];
  for (const { label, range } of ranges) {
    const kind = rangeKind(range);
    if ((kind !== 'integer' && kind !== 'continuous') || !isKnownString(range.name)) {
      continue;
    }
    const doc = match.algorithm.hyperParameters[range.name];
    const bounds = doc?.bounds;
    if (!bounds) {
      continue;
    }
    const problems: string[] = [];
    for (const [member, value] of [['min (MinValue)', range.min], ['max (MaxValue)', range.max]] as const) {
      if (isKnownNumber(value) && (below(value, bounds) || above(value, bounds))) {
        problems.push(`${member} is ${value}`);
      }
    }
    if (problems.length === 0) {
      continue;
    }
    const recommended = doc.recommended ? ` (recommended for tuning: ${doc.recommended})` : '';
    out.push(error('TJ-BUILTIN-RANGE-BOUNDS', `${label}: ${problems.join(' and ')}, but ${range.name} of the built-in ${match.algorithm.displayName} algorithm takes values in ${showBounds(bounds)}${recommended}: its valid values are "${doc.validValues}" (${hyperParametersPage(match)}).`));
  }
  return out;
};
