/** Training volumes: KMS keys and sizes against the instance types' storage, checked against the props. */
import { error, show } from '../core';
import { instanceStorage } from '../instance-types';
import { defField, DEFINITION_API_PREFIX, EntryRule, instanceTypesOf, knownGib, resourceConfigOf } from './rule';

/** TJ-VOLUME-KMS-LOCAL-STORAGE: no volume KMS key with instance types that have local storage. */
export const volumeKmsLocalStorage: EntryRule = ({ props }) => {
  if (props.volumeEncryptionKey === undefined) {
    return [];
  }
  const local = instanceTypesOf(props).filter(t => instanceStorage(t.type) === 'local');
  return local.map(t => error('TJ-VOLUME-KMS-LOCAL-STORAGE', `volumeEncryptionKey (${DEFINITION_API_PREFIX}.${resourceConfigOf(props)}.VolumeKmsKeyId) is set, but ${defField(t.path)} is '${t.type}', which has local NVMe instance storage: SageMaker encrypts that storage with a hardware module and rejects a volume KMS key for it. Remove volumeEncryptionKey, or choose an EBS-only instance type.`));
};

/**
 * TJ-VOLUME-SIZE-EBS-ONLY: EBS-only instance types need a volume of at least 1 GB. (Without
 * `volumeSize` the renderer writes the default, 30 GiB; each instance config has its own size,
 * at least 1 by the service model.)
 */
export const volumeSizeEbsOnly: EntryRule = ({ props }) => {
  const size = knownGib(props.volumeSize);
  if (props.instanceConfigs !== undefined || size === undefined || size >= 1) {
    return [];
  }
  const field = `volumeSize (${DEFINITION_API_PREFIX}.${resourceConfigOf(props)}.VolumeSizeInGB)`;
  return instanceTypesOf(props)
    .filter(t => instanceStorage(t.type) === 'ebs')
    .map(t => error('TJ-VOLUME-SIZE-EBS-ONLY', `${field} is ${show(size)}, but ${defField(t.path)} is '${t.type}', an EBS-only instance type: it needs an EBS volume of at least 1 GB. Set volumeSize.`));
};
