/**
 * Tuned hyperparameters of a definition that runs a SageMaker built-in algorithm: names the
 * algorithm documents (TJ-BUILTIN-HYPERPARAMETER, warning with a suggestion) and ranges within
 * the hard bounds its hyperparameters page states (TJ-BUILTIN-RANGE-BOUNDS). Recommended
 * ranges of the tuning pages are hints and are only quoted in messages.
 */
import { builtInAlgorithmOfImage, BuiltInImageMatch } from './builtin-image';
import { Finding, closest, error, isKnownString, parseKnownNumber, warning } from './core';
import { defField, rangesOf } from './definition/rule';
import { BuiltInBounds } from '../private/builtin-algorithms.generated';
import { WireIntegerOrContinuousRange, WireTrainingJobDefinition } from '../shared/wire';

function builtIn(def: WireTrainingJobDefinition): BuiltInImageMatch | undefined {
  const image = def.AlgorithmSpecification?.TrainingImage;
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
export const builtInHyperParameterNames = (def: WireTrainingJobDefinition): Finding[] => {
  const match = builtIn(def);
  if (!match) {
    return [];
  }
  const known = Object.keys(match.algorithm.hyperParameters);
  const out: Finding[] = [];
  for (const r of rangesOf(def.HyperParameterRanges, ['HyperParameterRanges'])) {
    if (!isKnownString(r.name) || known.includes(r.name)) {
      continue;
    }
    const alias = match.algorithm.aliases[r.name];
    const suggestion = alias ?? closest(r.name, known);
    const hint = alias
      ? ` Did you mean '${alias}'? (${match.algorithm.displayName} calls ${r.name} '${alias}'.)`
      : suggestion ? ` Did you mean '${suggestion}'?` : '';
    out.push(warning('TJ-BUILTIN-HYPERPARAMETER', `${defField([...r.path, 'Name'])} is '${r.name}', which is not a hyperparameter of the built-in ${match.algorithm.displayName} algorithm (${hyperParametersPage(match)}): the training jobs may fail on it or ignore it.${hint}`));
  }
  return out;
};

/** TJ-BUILTIN-RANGE-BOUNDS: an integer or continuous range within the documented valid values. */
export const builtInRangeBounds = (def: WireTrainingJobDefinition): Finding[] => {
  const match = builtIn(def);
  if (!match) {
    return [];
  }
  const out: Finding[] = [];
  for (const r of rangesOf(def.HyperParameterRanges, ['HyperParameterRanges'])) {
    if ((r.kind !== 'integer' && r.kind !== 'continuous') || !isKnownString(r.name)) {
      continue;
    }
    const doc = match.algorithm.hyperParameters[r.name];
    const bounds = doc?.bounds;
    if (!bounds) {
      continue;
    }
    const range = rangeAt(def, r.path);
    const problems: string[] = [];
    for (const [member, value] of [['MinValue', range?.MinValue], ['MaxValue', range?.MaxValue]] as const) {
      const v = parseKnownNumber(value);
      if (v !== undefined && (below(v, bounds) || above(v, bounds))) {
        problems.push(`${defField([...r.path, member])} is ${v}`);
      }
    }
    if (problems.length === 0) {
      continue;
    }
    const recommended = doc.recommended ? ` (recommended for tuning: ${doc.recommended})` : '';
    out.push(error('TJ-BUILTIN-RANGE-BOUNDS', `${problems.join(' and ')}, but ${r.name} of the built-in ${match.algorithm.displayName} algorithm takes values in ${showBounds(bounds)}${recommended}: its valid values are "${doc.validValues}" (${hyperParametersPage(match)}).`));
  }
  return out;
};

function rangeAt(def: WireTrainingJobDefinition, path: ReadonlyArray<string | number>): WireIntegerOrContinuousRange | undefined {
  const list = (def.HyperParameterRanges as Record<string, unknown> | undefined)?.[path[1] as string];
  return Array.isArray(list) ? list[path[2] as number] as WireIntegerOrContinuousRange : undefined;
}
