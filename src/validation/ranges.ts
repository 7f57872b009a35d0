/**
 * Value-local rules of hyperparameter ranges. The `ParameterRange` factories call these and
 * throw when they return problems; `validateTrainingJobDefinition` runs the same functions over
 * rendered ranges, so a range that reaches the wire some other way is checked by the same code.
 *
 * Decisions (see docs/RULES.md):
 * - `min >= max` is an error: min > max is an empty range, and min == max holds one value, which
 *   tunes nothing and belongs in `staticHyperParameters` (the library's specification asks for
 *   min < max wherever a range is built).
 * - Integer bounds must be whole numbers; the API sends them as strings and an integer range
 *   with `1.5` is rejected by the service.
 * - `Logarithmic` needs every value > 0, i.e. `min > 0`; `ReverseLogarithmic` only for
 *   continuous ranges with `0 <= min` and `max < 1` (developer guide, "Define hyperparameter
 *   ranges", scaling types).
 */
import { isKnownNumber, isKnownString, isToken, show, showWithLength } from './core';
import { SERVICE_SHAPES } from './service-model.generated';

const NAME_MAX = SERVICE_SHAPES.ParameterKey.max!; // 256
const VALUE_MAX = SERVICE_SHAPES.ParameterValue.max!; // 256
const VALUES_MIN = SERVICE_SHAPES.ParameterValues.min!; // 1
const VALUES_MAX = SERVICE_SHAPES.ParameterValues.max!; // 30
const SCALING_TYPES = SERVICE_SHAPES.HyperParameterScalingType.enum!;

/** Rule ids of the range rules, for docs/RULES.md and for findings built from these problems. */
export const RANGE_RULES = {
  name: 'TJ-RANGE-NAME',
  bounds: 'TJ-RANGE-BOUNDS',
  integerBounds: 'TJ-RANGE-INTEGER-WHOLE',
  minLtMax: 'TJ-RANGE-MIN-LT-MAX',
  scalingType: 'TJ-RANGE-SCALING-TYPE',
  logarithmic: 'TJ-RANGE-LOG-POSITIVE',
  reverseLogarithmic: 'TJ-RANGE-REVERSE-LOG',
  categoricalCount: 'TJ-RANGE-CATEGORICAL-COUNT',
  categoricalValue: 'TJ-RANGE-CATEGORICAL-VALUE',
  categoricalDistinct: 'TJ-RANGE-CATEGORICAL-DISTINCT',
  autoHint: 'TJ-RANGE-AUTO-HINT',
} as const;

/** A problem with the id of the rule that found it. */
export interface RangeProblem {
  readonly rule: string;
  readonly message: string;
}

function lineBreak(s: string): boolean {
  return /[\n\r\u2028\u2029]/.test(s);
}

/** Problems of a hyperparameter name, with rule ids. */
export function parameterNameProblems(name: string): RangeProblem[] {
  if (name === undefined || isToken(name)) { // a missing name is reported by the service-model rule
    return [];
  }
  if (typeof name !== 'string' || name.length === 0) {
    return [{ rule: RANGE_RULES.name, message: `name (Name) is ${show(name)}, but a hyperparameter name must be 1 to ${NAME_MAX} characters` }];
  }
  if (name.length > NAME_MAX) {
    return [{ rule: RANGE_RULES.name, message: `name (Name) is ${showWithLength(name)}, but it must be at most ${NAME_MAX} characters` }];
  }
  if (lineBreak(name)) {
    return [{ rule: RANGE_RULES.name, message: `name (Name) is ${show(name)}, but it must be a single line (no line breaks)` }];
  }
  return [];
}

/** Problems of an integer or continuous range, with rule ids. */
export function numericRangeProblems(
  kind: 'integer' | 'continuous', name: string, min: number, max: number, scaling: string,
): RangeProblem[] {
  const out: RangeProblem[] = [...parameterNameProblems(name)];
  const known = (v: number) => isKnownNumber(v);
  for (const [label, api, v] of [['min', 'MinValue', min], ['max', 'MaxValue', max]] as const) {
    if (v === undefined || isToken(v)) {
      continue;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      out.push({ rule: RANGE_RULES.bounds, message: `${label} (${api}) is ${show(v)}, but it must be a finite number` });
    } else if (kind === 'integer' && !Number.isInteger(v)) {
      out.push({ rule: RANGE_RULES.integerBounds, message: `${label} (${api}) is ${v}, but the bounds of an integer range must be whole numbers` });
    }
  }
  const minOk = known(min) && Number.isFinite(min);
  const maxOk = known(max) && Number.isFinite(max);
  if (minOk && maxOk && min > max) {
    out.push({ rule: RANGE_RULES.minLtMax, message: `min (MinValue) is ${min} and max (MaxValue) is ${max}, but min must be less than max (the range would be empty)` });
  } else if (minOk && maxOk && min === max) {
    out.push({ rule: RANGE_RULES.minLtMax, message: `min (MinValue) and max (MaxValue) are both ${min}, but min must be less than max: a range of one value tunes nothing (put it in staticHyperParameters instead)` });
  }
  if (scaling === undefined || isToken(scaling)) {
    return out;
  }
  if (!SCALING_TYPES.includes(scaling)) {
    out.push({ rule: RANGE_RULES.scalingType, message: `scaling (ScalingType) is ${show(scaling)}, but it must be one of ${SCALING_TYPES.map(s => `'${s}'`).join(', ')}` });
    return out;
  }
  if (scaling === 'Logarithmic' && minOk && min <= 0) {
    out.push({ rule: RANGE_RULES.logarithmic, message: `scaling (ScalingType) is 'Logarithmic' and min (MinValue) is ${min}, but logarithmic scaling works only when every value of the range is greater than 0 (use Linear, or a min above 0)` });
  }
  if (scaling === 'ReverseLogarithmic') {
    if (kind === 'integer') {
      out.push({ rule: RANGE_RULES.reverseLogarithmic, message: "scaling (ScalingType) is 'ReverseLogarithmic', but reverse logarithmic scaling is supported only for continuous ranges, not integer ranges (use Auto, Linear or Logarithmic)" });
    } else if ((minOk && min < 0) || (maxOk && max >= 1)) {
      out.push({ rule: RANGE_RULES.reverseLogarithmic, message: `scaling (ScalingType) is 'ReverseLogarithmic' with min (MinValue) ${minOk ? min : 'a token'} and max (MaxValue) ${maxOk ? max : 'a token'}, but reverse logarithmic scaling works only for ranges entirely within 0 <= x < 1` });
    }
  }
  return out;
}

/** Problems of a categorical range, with rule ids. */
export function categoricalRangeProblems(name: string, values: readonly string[]): RangeProblem[] {
  const out: RangeProblem[] = [...parameterNameProblems(name)];
  if (values === undefined || isToken(values)) {
    return out;
  }
  if (!Array.isArray(values) || values.length < VALUES_MIN || values.length > VALUES_MAX) {
    const count = Array.isArray(values) ? values.length : 0;
    out.push({ rule: RANGE_RULES.categoricalCount, message: `values (Values) has ${count} ${count === 1 ? 'value' : 'values'}, but a categorical range takes ${VALUES_MIN} to ${VALUES_MAX} values` });
    if (!Array.isArray(values)) {
      return out;
    }
  }
  values.forEach((v, i) => {
    if (isToken(v)) {
      return;
    }
    if (typeof v !== 'string') {
      out.push({ rule: RANGE_RULES.categoricalValue, message: `values[${i}] (Values[${i}]) is ${show(v)}, but categorical values are strings` });
    } else if (v.length > VALUE_MAX) {
      out.push({ rule: RANGE_RULES.categoricalValue, message: `values[${i}] (Values[${i}]) is ${showWithLength(v)}, but a categorical value must be at most ${VALUE_MAX} characters` });
    } else if (lineBreak(v)) {
      out.push({ rule: RANGE_RULES.categoricalValue, message: `values[${i}] (Values[${i}]) is ${show(v)}, but a categorical value must be a single line (no line breaks)` });
    }
  });
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const v of values) {
    if (isKnownString(v)) {
      if (seen.has(v)) {
        dupes.add(v);
      }
      seen.add(v);
    }
  }
  if (dupes.size > 0) {
    out.push({ rule: RANGE_RULES.categoricalDistinct, message: `values (Values) repeats ${[...dupes].map(d => show(d)).join(', ')}, but the values of a categorical range must be distinct` });
  }
  return out;
}

/** Problems of an auto parameter (autotune), with rule ids. */
export function autoParameterProblems(name: string, valueHint: string): RangeProblem[] {
  const out: RangeProblem[] = [...parameterNameProblems(name)];
  if (valueHint === undefined || isToken(valueHint)) {
    return out;
  }
  if (typeof valueHint !== 'string') {
    out.push({ rule: RANGE_RULES.autoHint, message: `valueHint (ValueHint) is ${show(valueHint)}, but it must be a string` });
  } else if (valueHint.length > VALUE_MAX) {
    out.push({ rule: RANGE_RULES.autoHint, message: `valueHint (ValueHint) is ${showWithLength(valueHint)}, but it must be at most ${VALUE_MAX} characters` });
  } else if (lineBreak(valueHint)) {
    out.push({ rule: RANGE_RULES.autoHint, message: `valueHint (ValueHint) is ${show(valueHint)}, but it must be a single line (no line breaks)` });
  }
  return out;
}

/**
 * Checks an integer or continuous range.
 *
 * @param kind `integer` or `continuous`
 * @param name the hyperparameter's name
 * @param min the smallest value searched (unresolved tokens are not checked)
 * @param max the largest value searched (unresolved tokens are not checked)
 * @param scaling `Auto`, `Linear`, `Logarithmic` or `ReverseLogarithmic`
 * @returns the problems found, each naming the field, the value and what is allowed; empty when valid
 */
export function checkNumericRange(kind: 'integer' | 'continuous', name: string, min: number, max: number, scaling: string): string[] {
  return numericRangeProblems(kind, name, min, max, scaling).map(p => p.message);
}

/**
 * Checks a categorical range: 1 to 30 distinct values of at most 256 characters.
 *
 * @param name the hyperparameter's name
 * @param values the values searched (an unresolved list token is not checked)
 * @returns the problems found; empty when valid
 */
export function checkCategoricalRange(name: string, values: string[]): string[] {
  return categoricalRangeProblems(name, values).map(p => p.message);
}

/**
 * Checks an auto parameter (autotune): its name and its value hint (at most 256 characters).
 *
 * @param name the hyperparameter's name
 * @param valueHint the example value SageMaker infers the range from
 * @returns the problems found; empty when valid
 */
export function checkAutoParameter(name: string, valueHint: string): string[] {
  return autoParameterProblems(name, valueHint).map(p => p.message);
}

/**
 * Checks a hyperparameter name: 1 to 256 characters on one line.
 *
 * @param name the name (an unresolved token is not checked)
 * @returns the problems found; empty when valid
 */
export function checkParameterName(name: string): string[] {
  return parameterNameProblems(name).map(p => p.message);
}
