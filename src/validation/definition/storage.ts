/** Training volumes: KMS keys and sizes against the instance types' storage. */
import { error, Finding, isKnownNumber, isToken, show } from '../core';
import { instanceStorage } from '../instance-types';
import { defField, DEFINITION_API_PREFIX, DefinitionRule, instanceTypes } from './rule';

/** TJ-VOLUME-KMS-LOCAL-STORAGE: no volume KMS key with instance types that have local storage. */
export const volumeKmsLocalStorage: DefinitionRule = def => {
  const { rc, types } = instanceTypes(def);
  if (!rc) {
    return [];
  }
  const key = (def[rc] as { VolumeKmsKeyId?: string }).VolumeKmsKeyId;
  if (key === undefined) {
    return [];
  }
  const local = types.filter(t => instanceStorage(t.type) === 'local');
  return local.map(t => error('TJ-VOLUME-KMS-LOCAL-STORAGE', `volumeEncryptionKey (${DEFINITION_API_PREFIX}.${rc}.VolumeKmsKeyId) is set, but ${defField(t.path)} is '${t.type}', which has local NVMe instance storage: SageMaker encrypts that storage with a hardware module and rejects a volume KMS key for it. Remove volumeEncryptionKey, or choose an EBS-only instance type.`));
};

/** TJ-VOLUME-SIZE-EBS-ONLY: EBS-only instance types need a volume size. */
export const volumeSizeEbsOnly: DefinitionRule = def => {
  const { rc, types } = instanceTypes(def);
  if (!rc) {
    return [];
  }
  const out: Finding[] = [];
  if (rc === 'ResourceConfig') {
    const size = def.ResourceConfig!.VolumeSizeInGB;
    if (isToken(size) || (isKnownNumber(size) && size >= 1)) {
      return [];
    }
    for (const t of types.filter(x => instanceStorage(x.type) === 'ebs')) {
      out.push(error('TJ-VOLUME-SIZE-EBS-ONLY', `volumeSize (${DEFINITION_API_PREFIX}.ResourceConfig.VolumeSizeInGB) is ${show(size)}, but ${defField(t.path)} is '${t.type}', an EBS-only instance type: it needs an EBS volume of at least 1 GB. Set volumeSize.`));
    }
    return out;
  }
  const hrc = def.HyperParameterTuningResourceConfig!;
  if (hrc.InstanceConfigs !== undefined) {
    return []; // each instance config carries a required VolumeSizeInGB >= 1 (service model)
  }
  const size = hrc.VolumeSizeInGB;
  if (isToken(size) || (isKnownNumber(size) && size >= 1)) {
    return [];
  }
  for (const t of types.filter(x => instanceStorage(x.type) === 'ebs')) {
    out.push(error('TJ-VOLUME-SIZE-EBS-ONLY', `volumeSize (${DEFINITION_API_PREFIX}.HyperParameterTuningResourceConfig.VolumeSizeInGB) is ${show(size)}, but ${defField(t.path)} is '${t.type}', an EBS-only instance type: it needs an EBS volume of at least 1 GB. Set volumeSize.`));
  }
  return out;
};
