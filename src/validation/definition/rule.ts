/** What every definition rule shares: the rule type, how messages name a field of a definition, and the ranges, channels and instance types of a rendered definition. */
import { WireChannel, WireParameterRanges, WireTrainingJobDefinition } from '../../shared/wire';
import { Finding, formatPath, isKnownString, isToken, WirePath } from '../core';
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

/** A rule over one definition. */
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

export function channels(def: WireTrainingJobDefinition): WireChannel[] {
  const list = def.InputDataConfig;
  return Array.isArray(list) && !isToken(list) ? list : [];
}

export function channelLabel(channel: WireChannel, i: number): string {
  return isKnownString(channel.ChannelName) ? `channel '${channel.ChannelName}'` : `inputs[${i}]`;
}

/** An instance type a definition names, with its path. */
export interface TypedInstance {
  readonly type: string;
  readonly path: WirePath;
}

/** Every instance type a definition names, with its path. */
export function instanceTypes(def: WireTrainingJobDefinition): { rc?: 'ResourceConfig' | 'HyperParameterTuningResourceConfig'; types: TypedInstance[] } {
  const types: TypedInstance[] = [];
  const add = (v: unknown, path: WirePath) => {
    if (isKnownString(v)) {
      types.push({ type: v, path });
    }
  };
  if (def.ResourceConfig && !isToken(def.ResourceConfig)) {
    add(def.ResourceConfig.InstanceType, ['ResourceConfig', 'InstanceType']);
    (Array.isArray(def.ResourceConfig.InstanceGroups) ? def.ResourceConfig.InstanceGroups : [])
      .forEach((g, i) => add(g?.InstanceType, ['ResourceConfig', 'InstanceGroups', i, 'InstanceType']));
    return { rc: 'ResourceConfig', types };
  }
  if (def.HyperParameterTuningResourceConfig && !isToken(def.HyperParameterTuningResourceConfig)) {
    const rc = def.HyperParameterTuningResourceConfig;
    add(rc.InstanceType, ['HyperParameterTuningResourceConfig', 'InstanceType']);
    (Array.isArray(rc.InstanceConfigs) ? rc.InstanceConfigs : [])
      .forEach((c, i) => add(c?.InstanceType, ['HyperParameterTuningResourceConfig', 'InstanceConfigs', i, 'InstanceType']));
    return { rc: 'HyperParameterTuningResourceConfig', types };
  }
  return { types };
}
