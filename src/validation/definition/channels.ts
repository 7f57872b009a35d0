/** Input channels: data source, names, instance groups, file systems; checked where a definition receives a channel. */
import { error, isKnownString, isToken, listNames } from '../core';
import { ChannelRule, DEFINITION_API_PREFIX } from './rule';

/**
 * TJ-CHANNEL-ONE-SOURCE: a bound channel reads exactly one data source. The library's inputs
 * always return one; a user's `TrainingInput.bind()` may return both or neither.
 */
export const channelOneSource: ChannelRule = (_d, c) => {
  const { s3DataSource, fileSystemDataSource } = c.config;
  if ((s3DataSource === undefined) !== (fileSystemDataSource === undefined)) {
    return [];
  }
  const got = s3DataSource ? 'both s3DataSource and fileSystemDataSource' : 'neither s3DataSource nor fileSystemDataSource';
  return [error('TJ-CHANNEL-ONE-SOURCE', `${c.label}: ${c.inputClass}.bind() returned ${got}, but a channel reads exactly one data source: TrainingInput.bind() must return one of them.`)];
};

/** TJ-CHANNEL-NAMES-UNIQUE: channel names differ within a definition. */
export const channelNamesUnique: ChannelRule = (_d, c, earlier) => {
  if (!isKnownString(c.name)) {
    return [];
  }
  const first = earlier.find(e => e.name === c.name);
  return first ? [error('TJ-CHANNEL-NAMES-UNIQUE', `${c.label}: the channel name (ChannelName) is '${c.name}', which ${first.label} already uses: channel names must be unique within a definition.`)] : [];
};

/** TJ-CHANNEL-INSTANCE-GROUPS: S3 channels name instance groups the definition has. */
export const channelInstanceGroups: ChannelRule = ({ props }, c) => {
  const names = c.config.s3DataSource?.instanceGroupNames;
  const groups = props.instanceGroups;
  if (!Array.isArray(names) || isToken(names) || names.length === 0 || isToken(groups)) {
    return [];
  }
  const known = (groups ?? []).map(g => g.name).filter(isKnownString);
  if (known.length < (groups ?? []).length) {
    return []; // a group name is a token: it may be any of them
  }
  const missing = names.filter(n => isKnownString(n) && !known.includes(n));
  if (missing.length === 0) {
    return [];
  }
  const have = known.length > 0 ? `the definition's instanceGroups are ${listNames(known)}` : 'the definition has no instanceGroups';
  return [error('TJ-CHANNEL-INSTANCE-GROUPS', `${c.label}: instanceGroupNames (S3DataSource.InstanceGroupNames) names ${listNames(missing)}, but ${have}: a channel can only feed instance groups of its definition's heterogeneous cluster.`)];
};

/** TJ-FILE-SYSTEM-VPC: EFS and FSx for Lustre inputs need the training jobs in a VPC. */
export const fileSystemNeedsVpc: ChannelRule = ({ props }, c) => {
  const fs = c.config.fileSystemDataSource;
  if (props.vpc !== undefined || !fs) {
    return [];
  }
  return [error('TJ-FILE-SYSTEM-VPC', `${c.label} reads from ${isKnownString(fs.fileSystemType) ? fs.fileSystemType : 'a file system'}, but vpc (${DEFINITION_API_PREFIX}.VpcConfig) is not set: training jobs reach EFS and FSx for Lustre only from inside a VPC. Set vpc (and vpcSubnets / securityGroups).`)];
};
