/**
 * What every definition rule shares: the rule types (over the props, channels and ranges a
 * definition receives), how messages name a field of a definition, the instance types its props
 * name, and the ranges of a rendered ParameterRanges (the job rules count them).
 */
import { Duration, Size, SizeRoundingBehavior } from 'aws-cdk-lib';
import type { ParameterRange } from '../../parameter-range';
import { WireParameterRanges, WireTrainingJobDefinition } from '../../shared/wire';
import type { TrainingAlgorithmConfig } from '../../training-image';
import type { TrainingInputConfig } from '../../training-input';
import { TrainingInstanceType } from '../../training-instance-type';
import type { TrainingJobDefinitionProps } from '../../training-job-definition';
import { Finding, formatPath, isKnownString, isToken, shortKey, WirePath } from '../core';
import { definitionFieldName } from '../field-names';
import { SERVICE_SHAPES } from '../service-model.generated';

/** Prefix of API paths in definition messages (the definition rendered on its own). */
export const DEFINITION_API_PREFIX = 'TrainingJobDefinition';

/** `userName (TrainingJobDefinition.Api.Path)` for a field of a definition. */
export function defField(path: WirePath): string {
  const api = formatPath([DEFINITION_API_PREFIX, ...path]);
  const user = definitionFieldName(path);
  return user ? `${user} (${api})` : api;
}

/** A rule over one rendered definition (the service model's, at synth). */
export type DefinitionRule = (def: WireTrainingJobDefinition) => Finding[];

export interface NamedRange {
  readonly kind: 'integer' | 'continuous' | 'categorical' | 'auto';
  readonly name: string;
  readonly path: WirePath;
}

const RANGE_LISTS: Array<[keyof WireParameterRanges, NamedRange['kind']]> = [
  ['IntegerParameterRanges', 'integer'],
  ['ContinuousParameterRanges', 'continuous'],
  ['CategoricalParameterRanges', 'categorical'],
  ['AutoParameters', 'auto'],
];

/** Every range of a ParameterRanges object with its kind and path (token lists skipped). */
export function rangesOf(ranges: WireParameterRanges | undefined, base: WirePath): NamedRange[] {
  const out: NamedRange[] = [];
  if (!ranges || isToken(ranges)) {
    return out;
  }
  for (const [list, kind] of RANGE_LISTS) {
    const items = ranges[list];
    if (!Array.isArray(items) || isToken(items)) {
      continue;
    }
    items.forEach((r, i) => out.push({ kind, name: (r as { Name: string }).Name, path: [...base, list, i] }));
  }
  return out;
}

/** Number of integer + continuous + categorical ranges (auto parameters not counted). */
export function tunedRangeCount(ranges: WireParameterRanges | undefined): number {
  return rangesOf(ranges, []).filter(r => r.kind !== 'auto').length;
}

/** Most ranges (integer + continuous + categorical) in one ParameterRanges. */
export const MAX_TUNED_RANGES = SERVICE_SHAPES.IntegerParameterRanges.max!; // 30

export function entries(map: Record<string, string> | undefined): Array<[string, string]> {
  if (!map || isToken(map) || typeof map !== 'object') {
    return [];
  }
  return Object.entries(map).filter(([, v]) => v !== undefined);
}

/** An instance type a definition names, with its path. */
export interface TypedInstance {
  readonly type: string;
  readonly path: WirePath;
}

/** Whether a definition's instances render as HyperParameterTuningResourceConfig (else ResourceConfig). */
export function usesTuningResourceConfig(p: TrainingJobDefinitionProps): boolean {
  return !!p.instanceConfigs || !!p.tuningResourceConfig;
}

/**
 * The instance type a definition renders outside its instance configs and groups: the prop, or
 * the default (ml.m5.xlarge) unless instance configs or groups replace it.
 */
export function singleInstanceType(p: TrainingJobDefinitionProps): TrainingInstanceType | undefined {
  if (p.instanceType || !(p.instanceConfigs || p.instanceGroups)) {
    return p.instanceType ?? TrainingInstanceType.ML_M5_XLARGE;
  }
  return undefined;
}

/** The wire member that holds a definition's instances. */
export function resourceConfigOf(p: TrainingJobDefinitionProps): 'ResourceConfig' | 'HyperParameterTuningResourceConfig' {
  return usesTuningResourceConfig(p) ? 'HyperParameterTuningResourceConfig' : 'ResourceConfig';
}

/**
 * Every instance type a definition's props name (the default included), with the API path it
 * renders to (for messages). Types that are tokens are left out.
 */
export function instanceTypesOf(p: TrainingJobDefinitionProps): TypedInstance[] {
  const types: TypedInstance[] = [];
  const add = (v: unknown, path: WirePath) => {
    if (isKnownString(v)) {
      types.push({ type: v, path });
    }
  };
  add(singleInstanceType(p)?.instanceType, [resourceConfigOf(p), 'InstanceType']);
  (p.instanceGroups ?? []).forEach((g, i) => add(g.instanceType.instanceType, ['ResourceConfig', 'InstanceGroups', i, 'InstanceType']));
  (p.instanceConfigs ?? []).forEach((c, i) => add(c.instanceType.instanceType, ['HyperParameterTuningResourceConfig', 'InstanceConfigs', i, 'InstanceType']));
  return types;
}

/** The volume size of each instance when the props give none, 30 GiB. */
export const DEFAULT_VOLUME_SIZE_GIB = 30;

/** A Size prop as whole GiB, or undefined when it is a token or not whole (the unit checks report that). */
export function knownGib(size: Size | undefined): number | undefined {
  if (size === undefined || size.isUnresolved()) {
    return undefined;
  }
  try {
    return size.toGibibytes({ rounding: SizeRoundingBehavior.FAIL });
  } catch {
    return undefined;
  }
}

/** A Duration prop in seconds, or undefined when it is a token. */
export function knownSeconds(d: Duration | undefined): number | undefined {
  return d === undefined || d.isUnresolved() ? undefined : d.toSeconds({ integral: false });
}

/**
 * What the definition rules check, where the construct receives it: the props, and what
 * binding the algorithm returned.
 */
export interface DefinitionEntry {
  /** The props the construct received. */
  readonly props: TrainingJobDefinitionProps;
  /**
   * The algorithm, bound.
   * @default - binding failed (the constructor reports why): the algorithm's rules do not apply
   */
  readonly algorithm?: TrainingAlgorithmConfig;
}

/** A rule over a definition's props, run by its constructor. */
export type EntryRule = (d: DefinitionEntry) => Finding[];

/** A channel a definition receives (`inputs[i]` or `addInput()`), bound. */
export interface ChannelEntry {
  /** How messages name it, e.g. `inputs[0] (channel 'train')`. */
  readonly label: string;
  /** The channel's name. */
  readonly name: string;
  /** The class of the input (a user's `TrainingInput` subclass, or the library's), for messages. */
  readonly inputClass: string;
  /** What binding it returned. */
  readonly config: TrainingInputConfig;
}

/** A rule over a channel, run where the definition receives it; `earlier` are the channels it already has. */
export type ChannelRule = (d: DefinitionEntry, channel: ChannelEntry, earlier: readonly ChannelEntry[]) => Finding[];

/** A range a definition receives (`parameterRanges[i]` or `addParameterRange()`). */
export interface RangeEntry {
  /** How messages name it, e.g. `parameterRanges[2] (integer 'epochs')`. */
  readonly label: string;
  /** The range. */
  readonly range: ParameterRange;
}

/**
 * A rule over the ranges a definition receives in one call, run where it receives them;
 * `earlier` are the ranges it already has.
 */
export type RangeRule = (d: DefinitionEntry, ranges: readonly RangeEntry[], earlier: readonly ParameterRange[]) => Finding[];

/**
 * How messages name a range a definition receives: where it came from and what it is, e.g.
 * `parameterRanges[2] (integer 'epochs')` or `addParameterRange(): ranges[0] (categorical 'booster')`.
 */
export function rangeLabel(where: string, range: ParameterRange): string {
  return `${where} (${rangeKind(range)} '${shortKey(String(range.name))}')`;
}

/** How messages name a channel a definition receives, e.g. `inputs[0] (channel 'train')` or `addInput() (channel 'train')`. */
export function channelLabel(where: string, channelName: string): string {
  return `${where} (channel '${shortKey(String(channelName))}')`;
}

/** The kind of a range as messages and the range rules name it: `integer`, `continuous`, `categorical`, `auto`. */
export function rangeKind(range: ParameterRange): NamedRange['kind'] {
  return range.type.toLowerCase() as NamedRange['kind'];
}
