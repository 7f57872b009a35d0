/** Instances: resource configuration, instance configs and groups, counts. */
import { error, Finding, isKnownNumber, isKnownString, isToken, WirePath } from '../core';
import { defField, DEFINITION_API_PREFIX, DefinitionRule } from './rule';

/**
 * TJ-RESOURCE-CONFIG-ONE-OF: not both ResourceConfig and HyperParameterTuningResourceConfig.
 * (The renderer always writes one of them: test/render-invariants.test.ts.)
 */
export const resourceConfigOneOf: DefinitionRule = def => {
  if (def.ResourceConfig !== undefined && def.HyperParameterTuningResourceConfig !== undefined) {
    return [error('TJ-RESOURCE-CONFIG-ONE-OF', `instance settings (${DEFINITION_API_PREFIX}.ResourceConfig and HyperParameterTuningResourceConfig) are both set, but a definition takes one: ResourceConfig (instanceType / instanceCount / volumeSize / instanceGroups) or HyperParameterTuningResourceConfig (instanceConfigs).`)];
  }
  return [];
};

/**
 * TJ-INSTANCE-CONFIGS-ONE-OF: InstanceConfigs not with InstanceType/InstanceCount/VolumeSizeInGB.
 * (Without InstanceConfigs the renderer always writes the type and count, defaulted:
 * test/render-invariants.test.ts.)
 */
export const instanceConfigsOneOf: DefinitionRule = def => {
  const rc = def.HyperParameterTuningResourceConfig;
  if (!rc || isToken(rc)) {
    return [];
  }
  const single = (['InstanceType', 'InstanceCount', 'VolumeSizeInGB'] as const).filter(k => rc[k] !== undefined);
  if (rc.InstanceConfigs !== undefined && single.length > 0) {
    return [error('TJ-INSTANCE-CONFIGS-ONE-OF', `instanceConfigs (${DEFINITION_API_PREFIX}.HyperParameterTuningResourceConfig.InstanceConfigs) is set together with ${single.join(', ')}, but with instanceConfigs the instance type, count and volume size go in each instance config only.`)];
  }
  return [];
};

/** TJ-INSTANCE-GROUPS-ONE-OF: InstanceGroups or InstanceType/InstanceCount; group names unique. */
export const instanceGroupsOneOf: DefinitionRule = def => {
  const rc = def.ResourceConfig;
  if (!rc || isToken(rc)) {
    return [];
  }
  const out: Finding[] = [];
  const groups = rc.InstanceGroups;
  const hasGroups = groups !== undefined && !(Array.isArray(groups) && groups.length === 0);
  if (hasGroups) {
    const both = (['InstanceType', 'InstanceCount'] as const).filter(k => rc[k] !== undefined);
    if (both.length > 0) {
      out.push(error('TJ-INSTANCE-GROUPS-ONE-OF', `instanceGroups (${DEFINITION_API_PREFIX}.ResourceConfig.InstanceGroups) is set together with ${both.map(b => defField(['ResourceConfig', b])).join(' and ')}, but a heterogeneous cluster takes its instance types and counts from the groups only.`));
    }
    if (Array.isArray(groups) && !isToken(groups)) {
      const seen = new Set<string>();
      groups.forEach((g, i) => {
        if (g && isKnownString(g.InstanceGroupName)) {
          if (seen.has(g.InstanceGroupName)) {
            out.push(error('TJ-INSTANCE-GROUPS-ONE-OF', `${defField(['ResourceConfig', 'InstanceGroups', i, 'InstanceGroupName'])} is '${g.InstanceGroupName}', which an earlier group already uses: instance group names must be unique.`));
          }
          seen.add(g.InstanceGroupName);
        }
      });
    }
  } else {
    const missing = (['InstanceType', 'InstanceCount'] as const).filter(k => rc[k] === undefined);
    if (missing.length > 0) {
      out.push(error('TJ-INSTANCE-GROUPS-ONE-OF', `instance settings (${DEFINITION_API_PREFIX}.ResourceConfig) have neither instanceGroups nor ${missing.map(m => defField(['ResourceConfig', m])).join(' and ')}: set instanceType and instanceCount (or instanceGroups).`));
    }
  }
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
