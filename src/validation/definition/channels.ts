/** Input channels: names, instance groups, file systems (one data source each is the renderer's: renderTrainingInput). */
import { error, Finding, isKnownString, isToken, listNames } from '../core';
import { channelLabel, channels, defField, DEFINITION_API_PREFIX, DefinitionRule } from './rule';

/** TJ-CHANNEL-NAMES-UNIQUE: channel names differ within a definition. */
export const channelNamesUnique: DefinitionRule = def => {
  const seen = new Map<string, number>();
  const out: Finding[] = [];
  channels(def).forEach((c, i) => {
    if (!c || !isKnownString(c.ChannelName)) {
      return;
    }
    const first = seen.get(c.ChannelName);
    if (first !== undefined) {
      out.push(error('TJ-CHANNEL-NAMES-UNIQUE', `${defField(['InputDataConfig', i, 'ChannelName'])} is '${c.ChannelName}', which inputs[${first}] already uses: channel names must be unique within a definition.`));
    } else {
      seen.set(c.ChannelName, i);
    }
  });
  return out;
};

/** TJ-CHANNEL-INSTANCE-GROUPS: S3 channels name instance groups that exist. */
export const channelInstanceGroups: DefinitionRule = def => {
  const out: Finding[] = [];
  const groups = def.ResourceConfig?.InstanceGroups;
  const groupsKnown = !isToken(groups);
  const known = Array.isArray(groups) ? groups.map(g => g?.InstanceGroupName).filter(isKnownString) : [];
  channels(def).forEach((c, i) => {
    const names = c?.DataSource?.S3DataSource?.InstanceGroupNames;
    if (!Array.isArray(names) || isToken(names) || names.length === 0 || !groupsKnown) {
      return;
    }
    const missing = names.filter(n => isKnownString(n) && !known.includes(n));
    if (missing.length > 0) {
      const have = known.length > 0 ? `the definition's instance groups are ${listNames(known)}` : 'the definition has no instanceGroups';
      out.push(error('TJ-CHANNEL-INSTANCE-GROUPS', `${defField(['InputDataConfig', i, 'DataSource', 'S3DataSource', 'InstanceGroupNames'])} of ${channelLabel(c, i)} names ${listNames(missing)}, but ${have}: a channel can only feed instance groups of its definition's heterogeneous cluster.`));
    }
  });
  return out;
};

/** TJ-FILE-SYSTEM-VPC: EFS and FSx for Lustre inputs need the training jobs in a VPC. */
export const fileSystemNeedsVpc: DefinitionRule = def => {
  if (def.VpcConfig !== undefined) {
    return [];
  }
  const out: Finding[] = [];
  channels(def).forEach((c, i) => {
    const fs = c?.DataSource?.FileSystemDataSource;
    if (fs) {
      out.push(error('TJ-FILE-SYSTEM-VPC', `${defField(['InputDataConfig', i, 'DataSource', 'FileSystemDataSource'])} of ${channelLabel(c, i)} reads from ${isKnownString(fs.FileSystemType) ? fs.FileSystemType : 'a file system'}, but vpc (${DEFINITION_API_PREFIX}.VpcConfig) is not set: training jobs reach EFS and FSx for Lustre only from inside a VPC. Set vpc (and vpcSubnets / securityGroups).`));
    }
  });
  return out;
};
