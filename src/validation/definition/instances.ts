/** Instances: resource configuration, instance configs and groups, counts; checked against the props. */
import { error, Finding, isKnownNumber, isKnownString, isToken, WirePath } from '../core';
import { defField, DEFINITION_API_PREFIX, EntryRule, usesTuningResourceConfig } from './rule';

/**
 * TJ-RESOURCE-CONFIG-ONE-OF: not both ResourceConfig and HyperParameterTuningResourceConfig:
 * `instanceConfigs` (or `tuningResourceConfig`) render the latter, and the warm pool
 * (`keepAlivePeriod`) and heterogeneous clusters (`instanceGroups`) exist only in the former.
 */
export const resourceConfigOneOf: EntryRule = ({ props }) => {
  if (!usesTuningResourceConfig(props)) {
    return [];
  }
  const resourceOnly = ([['keepAlivePeriod', props.keepAlivePeriod], ['instanceGroups', props.instanceGroups]] as const)
    .filter(([, v]) => v !== undefined).map(([k]) => k);
  if (resourceOnly.length === 0) {
    return [];
  }
  const tuning = props.instanceConfigs ? 'instanceConfigs' : 'tuningResourceConfig';
  return [error('TJ-RESOURCE-CONFIG-ONE-OF', `instance settings (${DEFINITION_API_PREFIX}.ResourceConfig and HyperParameterTuningResourceConfig) are both set: ${tuning} renders HyperParameterTuningResourceConfig, and ${resourceOnly.join(' and ')} ${resourceOnly.length === 1 ? 'exists' : 'exist'} only in ResourceConfig, but a definition takes one of them. Remove ${resourceOnly.join(' and ')}, or ${tuning}.`)];
};

/** TJ-INSTANCE-CONFIGS-ONE-OF: instanceConfigs not with instanceType / instanceCount / volumeSize. */
export const instanceConfigsOneOf: EntryRule = ({ props }) => {
  if (props.instanceConfigs === undefined) {
    return [];
  }
  const single = (['instanceType', 'instanceCount', 'volumeSize'] as const).filter(k => props[k] !== undefined);
  if (single.length === 0) {
    return [];
  }
  return [error('TJ-INSTANCE-CONFIGS-ONE-OF', `instanceConfigs (${DEFINITION_API_PREFIX}.HyperParameterTuningResourceConfig.InstanceConfigs) is set together with ${single.join(', ')}, but with instanceConfigs the instance type, count and volume size go in each instance config only.`)];
};

/** TJ-INSTANCE-GROUPS-ONE-OF: instanceGroups or instanceType / instanceCount; group names unique. */
export const instanceGroupsOneOf: EntryRule = ({ props }) => {
  const groups = props.instanceGroups;
  if (groups === undefined || isToken(groups)) {
    return [];
  }
  const out: Finding[] = [];
  const single = (['InstanceType', 'InstanceCount'] as const).filter(k => props[k === 'InstanceType' ? 'instanceType' : 'instanceCount'] !== undefined);
  if (groups.length > 0 && single.length > 0) {
    out.push(error('TJ-INSTANCE-GROUPS-ONE-OF', `instanceGroups (${DEFINITION_API_PREFIX}.ResourceConfig.InstanceGroups) is set together with ${single.map(b => defField(['ResourceConfig', b])).join(' and ')}, but a heterogeneous cluster takes its instance types and counts from the groups only.`));
  }
  if (groups.length === 0 && single.length < 2) {
    const missing = (['InstanceType', 'InstanceCount'] as const).filter(k => !single.includes(k));
    out.push(error('TJ-INSTANCE-GROUPS-ONE-OF', `instanceGroups (${DEFINITION_API_PREFIX}.ResourceConfig.InstanceGroups) is an empty list, and ${missing.map(m => defField(['ResourceConfig', m])).join(' and ')} is not set: give the groups, or leave instanceGroups out (a homogeneous cluster of instanceType and instanceCount).`));
  }
  const seen = new Set<string>();
  groups.forEach((g, i) => {
    if (g && isKnownString(g.name)) {
      if (seen.has(g.name)) {
        out.push(error('TJ-INSTANCE-GROUPS-ONE-OF', `${defField(['ResourceConfig', 'InstanceGroups', i, 'InstanceGroupName'])} is '${g.name}', which an earlier group already uses: instance group names must be unique.`));
      }
      seen.add(g.name);
    }
  });
  return out;
};

/** An instance count prop: the API path it renders to and its value. */
export interface InstanceCountProp {
  readonly path: WirePath;
  readonly value?: number;
}

/** Rule id (docs/RULES.md, construct-level checks). */
export const INSTANCE_COUNT_RULE = 'TJ-INSTANCE-COUNT-MIN';

/**
 * TJ-INSTANCE-COUNT-MIN: the problems of a definition's instance count props (`instanceCount`,
 * `instanceGroups[i].instanceCount`, `instanceConfigs[i].instanceCount`): every count is at
 * least 1 (the service model allows 0). Single-prop rules, checked where `TrainingJobDefinition`
 * receives its props; tokens pass unchecked.
 */
export function instanceCountProblems(counts: readonly InstanceCountProp[]): string[] {
  return counts
    .filter(c => isKnownNumber(c.value) && c.value < 1)
    .map(c => `${defField(c.path)} is ${c.value}, but a training job needs at least 1 instance.`);
}
