import { Tokenization } from 'aws-cdk-lib';
import { WireParameterRanges } from './shared/wire';
import { isToken } from './validation/core';

/**
 * How a tuning job searches the values of an integer or continuous range.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/automatic-model-tuning-define-ranges.html
 */
export enum ScalingType {
  /** SageMaker chooses the best scale for the range. */
  AUTO = 'Auto',
  /** Values are searched on a linear scale. */
  LINEAR = 'Linear',
  /** Values are searched on a logarithmic scale; every value must be above 0. */
  LOGARITHMIC = 'Logarithmic',
  /**
   * Values are searched on a reverse logarithmic scale; only for continuous ranges
   * within 0 <= x < 1.
   */
  REVERSE_LOGARITHMIC = 'ReverseLogarithmic',
}

/** The kind of a hyperparameter range. */
export enum ParameterRangeType {
  /** Whole numbers between a minimum and a maximum. */
  INTEGER = 'Integer',
  /** Real numbers between a minimum and a maximum. */
  CONTINUOUS = 'Continuous',
  /** A set of discrete values. */
  CATEGORICAL = 'Categorical',
  /** A range SageMaker chooses itself from a value hint (autotune). */
  AUTO = 'Auto',
}

/** Bounds of an integer range. */
export interface IntegerRangeOptions {
  /** The smallest value searched (a whole number). */
  readonly min: number;
  /** The largest value searched (a whole number). */
  readonly max: number;
  /**
   * The scale the range is searched on.
   * @default ScalingType.AUTO
   */
  readonly scaling?: ScalingType;
}

/** Bounds of a continuous range. */
export interface ContinuousRangeOptions {
  /** The smallest value searched. */
  readonly min: number;
  /** The largest value searched. */
  readonly max: number;
  /**
   * The scale the range is searched on.
   * @default ScalingType.AUTO
   */
  readonly scaling?: ScalingType;
}

/**
 * A hyperparameter that a tuning job searches, and the values it may take.
 *
 * The factories do not throw: the `TrainingJobDefinition` that receives a range (in its
 * `parameterRanges` prop or through `addParameterRange`) checks it there (names and values
 * within the API's lengths, min < max, whole integer bounds, logarithmic scaling only above 0,
 * reverse logarithmic scaling only for continuous ranges within [0, 1), 1 to 30 distinct
 * categorical values, one range per hyperparameter, none also static) and throws every problem
 * with its construct path, the range (`parameterRanges[2] (integer 'epochs')`), the value and
 * what is allowed, together with the definition's other problems. Values that are unresolved
 * tokens are not checked.
 */
export class ParameterRange {
  /**
   * An integer hyperparameter searched between `min` and `max`.
   *
   * @param name the hyperparameter's name, as the training algorithm reads it
   * @param options bounds and scaling
   */
  public static integer(name: string, options: IntegerRangeOptions): ParameterRange {
    const scaling = options.scaling ?? ScalingType.AUTO;
    return new ParameterRange(name, ParameterRangeType.INTEGER, {
      min: options.min, max: options.max, scaling,
    });
  }

  /**
   * A continuous (real-valued) hyperparameter searched between `min` and `max`.
   *
   * @param name the hyperparameter's name, as the training algorithm reads it
   * @param options bounds and scaling
   */
  public static continuous(name: string, options: ContinuousRangeOptions): ParameterRange {
    const scaling = options.scaling ?? ScalingType.AUTO;
    return new ParameterRange(name, ParameterRangeType.CONTINUOUS, {
      min: options.min, max: options.max, scaling,
    });
  }

  /**
   * A categorical hyperparameter that takes one of `values`.
   *
   * @param name the hyperparameter's name, as the training algorithm reads it
   * @param values 1 to 30 distinct values
   */
  public static categorical(name: string, values: string[]): ParameterRange {
    return new ParameterRange(name, ParameterRangeType.CATEGORICAL, { values: [...values] });
  }

  /**
   * A hyperparameter whose range SageMaker chooses itself from a hint (used with autotune).
   *
   * @param name the hyperparameter's name, as the training algorithm reads it
   * @param valueHint an example value from which SageMaker infers the range, e.g. '0.1'
   */
  public static auto(name: string, valueHint: string): ParameterRange {
    return new ParameterRange(name, ParameterRangeType.AUTO, { valueHint });
  }

  /** The hyperparameter's name. */
  public readonly name: string;
  /** The kind of range. */
  public readonly type: ParameterRangeType;
  /**
   * The smallest value searched (integer and continuous ranges).
   * @default - not applicable to this kind of range
   */
  public readonly min?: number;
  /**
   * The largest value searched (integer and continuous ranges).
   * @default - not applicable to this kind of range
   */
  public readonly max?: number;
  /**
   * The scale the range is searched on (integer and continuous ranges).
   * @default - not applicable to this kind of range
   */
  public readonly scaling?: ScalingType;
  /**
   * The values searched (categorical ranges).
   * @default - not applicable to this kind of range
   */
  public readonly values?: string[];
  /**
   * The hint SageMaker infers the range from (auto parameters).
   * @default - not applicable to this kind of range
   */
  public readonly valueHint?: string;

  private constructor(name: string, type: ParameterRangeType, spec: RangeSpec) {
    this.name = name;
    this.type = type;
    this.min = spec.min;
    this.max = spec.max;
    this.scaling = spec.scaling;
    this.values = spec.values;
    this.valueHint = spec.valueHint;
  }
}

interface RangeSpec {
  readonly min?: number;
  readonly max?: number;
  readonly scaling?: ScalingType;
  readonly values?: string[];
  readonly valueHint?: string;
}

function numberToWire(n: number): string {
  // Tokenization.stringifyNumber keeps number tokens resolvable inside strings.
  return isToken(n) ? Tokenization.stringifyNumber(n) : String(n);
}

/**
 * Renders ranges in the API's `ParameterRanges` shape, or undefined when there are none.
 * @internal
 */
export function renderParameterRanges(ranges: readonly ParameterRange[]): WireParameterRanges | undefined {
  if (ranges.length === 0) {
    return undefined;
  }
  const out: WireParameterRanges = {};
  const integer = ranges.filter(r => r.type === ParameterRangeType.INTEGER);
  const continuous = ranges.filter(r => r.type === ParameterRangeType.CONTINUOUS);
  const categorical = ranges.filter(r => r.type === ParameterRangeType.CATEGORICAL);
  const auto = ranges.filter(r => r.type === ParameterRangeType.AUTO);
  if (integer.length > 0) {
    out.IntegerParameterRanges = integer.map(r => ({
      Name: r.name, MinValue: numberToWire(r.min!), MaxValue: numberToWire(r.max!), ScalingType: r.scaling,
    }));
  }
  if (continuous.length > 0) {
    out.ContinuousParameterRanges = continuous.map(r => ({
      Name: r.name, MinValue: numberToWire(r.min!), MaxValue: numberToWire(r.max!), ScalingType: r.scaling,
    }));
  }
  if (categorical.length > 0) {
    out.CategoricalParameterRanges = categorical.map(r => ({ Name: r.name, Values: [...r.values!] }));
  }
  if (auto.length > 0) {
    out.AutoParameters = auto.map(r => ({ Name: r.name, ValueHint: r.valueHint! }));
  }
  return out;
}
