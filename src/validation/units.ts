/**
 * Durations and sizes as the API takes them: whole seconds (`...InSeconds`) and whole GiB
 * (`VolumeSizeInGB`). aws-cdk-lib converts a `Duration` or `Size` only when the result is
 * whole (otherwise it throws "cannot be converted into a whole number of seconds", naming
 * neither the prop nor the construct), and converts a token only from the unit asked for.
 * These checks run where the constructs receive the props, so that such a value fails with
 * the construct path, the prop, the value and what is allowed; a token in the right unit
 * passes unchecked.
 */
import { Duration, Size, SizeRoundingBehavior } from 'aws-cdk-lib';

/** Rule ids (docs/RULES.md, construct-level checks). */
export const UNIT_RULES = {
  wholeSeconds: 'TJ-DURATION-WHOLE-SECONDS',
  wholeGib: 'TJ-SIZE-WHOLE-GIB',
} as const;

/** One Duration prop to check. */
export interface DurationProp {
  /** The prop as the user wrote it, e.g. `maxRuntime`. */
  readonly prop: string;
  /**
   * The API field it renders, e.g. `StoppingCondition.MaxRuntimeInSeconds`.
   * @default - none: a deployment setting of the construct, not part of the request
   */
  readonly apiField?: string;
  /** The value (undefined: not set, nothing to check). */
  readonly value?: Duration;
  /**
   * Why the value must be known at synth time, when it must (it shapes the deployment itself,
   * not only the request); a token is then a problem too.
   * @default - a token in seconds passes unchecked
   */
  readonly concreteBecause?: string;
}

/** One Size prop to check. */
export interface SizeProp {
  /** The prop as the user wrote it, e.g. `instanceConfigs[0].volumeSize`. */
  readonly prop: string;
  /** The API field it renders, e.g. `ResourceConfig.VolumeSizeInGB`. */
  readonly apiField: string;
  /** The value (undefined: not set, nothing to check). */
  readonly value?: Size;
}

/**
 * The TJ-DURATION-WHOLE-SECONDS problem of a Duration prop, if any: a value that is not a
 * whole number of seconds, a token not given with `Duration.seconds(...)` (it cannot be
 * converted), or a token where the value must be known at synth time.
 */
export function durationProblem(p: DurationProp): string | undefined {
  const d = p.value;
  if (d === undefined) {
    return undefined;
  }
  if (d.isUnresolved()) {
    if (p.concreteBecause) {
      return `${p.prop} is a token, but it must be known at synth time: ${p.concreteBecause}`;
    }
    try {
      d.toSeconds();
      return undefined;
    } catch {
      return `${named(p)} is a token given in another unit than seconds, which cannot be converted before deployment: write it as Duration.seconds(...)`;
    }
  }
  const seconds = d.toSeconds({ integral: false });
  if (Number.isInteger(seconds)) {
    return undefined;
  }
  return `${named(p)} is ${seconds} seconds (${d.toString()}), but SageMaker takes a whole number of seconds: use e.g. Duration.seconds(${Math.round(seconds)})`;
}

function named(p: DurationProp): string {
  return p.apiField ? `${p.prop} (${p.apiField})` : p.prop;
}

/**
 * The TJ-SIZE-WHOLE-GIB problem of a Size prop, if any: a value that is not a whole number of
 * GiB, or a token not given with `Size.gibibytes(...)` (it cannot be converted).
 */
export function sizeProblem(p: SizeProp): string | undefined {
  const s = p.value;
  if (s === undefined) {
    return undefined;
  }
  if (s.isUnresolved()) {
    try {
      s.toGibibytes({ rounding: SizeRoundingBehavior.FAIL });
      return undefined;
    } catch {
      return `${p.prop} (${p.apiField}) is a token given in another unit than GiB, which cannot be converted before deployment: write it as Size.gibibytes(...)`;
    }
  }
  try {
    s.toGibibytes({ rounding: SizeRoundingBehavior.FAIL });
    return undefined;
  } catch {
    return `${p.prop} must be a whole number of GiB (${p.apiField}), got ${s.toMebibytes({ rounding: SizeRoundingBehavior.NONE })} mebibytes`;
  }
}

/** The problems of the given props (empty when there is none), without the construct path. */
export function wholeUnitProblems(durations: readonly DurationProp[], sizes: readonly SizeProp[]): string[] {
  return [
    ...sizes.map(sizeProblem),
    ...durations.map(durationProblem),
  ].filter((p): p is string => p !== undefined);
}

/**
 * Throws the problems of the props a construct received, all together (one error), each
 * prefixed with the construct path; does nothing when there is none.
 *
 * @param path the construct path of the construct that received the props
 */
export function assertNoPropProblems(path: string, problems: readonly string[]): void {
  if (problems.length > 0) {
    throw new Error(problems.map(p => `${path}: ${p}`).join('\n'));
  }
}

/**
 * Every problem of the given props, each prefixed with the construct path; throws them all
 * together (one error) when there is any.
 *
 * @param path the construct path of the construct that received the props
 */
export function assertWholeUnits(path: string, durations: readonly DurationProp[], sizes: readonly SizeProp[]): void {
  assertNoPropProblems(path, wholeUnitProblems(durations, sizes));
}
