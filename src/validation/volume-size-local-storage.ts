/**
 * TJ-VOLUME-SIZE-LOCAL-STORAGE: for instance types with fixed local NVMe storage, the volume
 * size cannot be greater than that storage (see `./instance-storage-sizes` for the facts and
 * their sources). Checked against the props where `TrainingJobDefinition` receives them.
 */
import { Finding, WirePath, error } from './core';
import { defField, DEFAULT_VOLUME_SIZE_GIB, instanceTypesOf, knownGib, resourceConfigOf } from './definition/rule';
import { localStorageGb } from './instance-storage-sizes';
import type { TrainingJobDefinitionProps } from '../training-job-definition';

/** TJ-VOLUME-SIZE-LOCAL-STORAGE: the volume size fits the fixed local storage of each instance type. */
export function volumeSizeLocalStorage({ props }: { props: TrainingJobDefinitionProps }): Finding[] {
  const out: Finding[] = [];
  const shared = props.volumeSize === undefined ? DEFAULT_VOLUME_SIZE_GIB : knownGib(props.volumeSize);
  const sharedPath: WirePath = [resourceConfigOf(props), 'VolumeSizeInGB'];
  for (const t of instanceTypesOf(props)) {
    // an instance config has its own size; the single type and every instance group share volumeSize
    const config = t.path[1] === 'InstanceConfigs' ? props.instanceConfigs![t.path[2] as number] : undefined;
    const size = config ? (config.volumeSize === undefined ? DEFAULT_VOLUME_SIZE_GIB : knownGib(config.volumeSize)) : shared;
    const sizePath: WirePath = config ? ['HyperParameterTuningResourceConfig', 'InstanceConfigs', t.path[2], 'VolumeSizeInGB'] : sharedPath;
    const storage = localStorageGb(t.type);
    if (size !== undefined && storage !== undefined && size > storage) {
      out.push(error('TJ-VOLUME-SIZE-LOCAL-STORAGE', `${defField(sizePath)} is ${size} GB, but ${defField(t.path)} is '${t.type}', whose storage is fixed to its ${storage} GB of local NVMe instance storage (SageMaker provisions no EBS volume for it): the volume size cannot be greater. Lower volumeSize to Size.gibibytes(${storage}) or less, or choose a larger instance type.`));
    }
  }
  return out;
}
