/**
 * TJ-VOLUME-SIZE-LOCAL-STORAGE: for instance types with fixed local NVMe storage, the volume
 * size cannot be greater than that storage (see `./instance-storage-sizes` for the facts and
 * their sources). A definition rule, run by `validateTrainingJobDefinition`.
 */
import { Finding, WirePath, error, isKnownNumber, isKnownString, isToken } from './core';
import { defField } from './definition/rule';
import { localStorageGb } from './instance-storage-sizes';
import { WireTrainingJobDefinition } from '../shared/wire';

interface Pair {
  readonly type: unknown;
  readonly typePath: WirePath;
  readonly size: unknown;
  readonly sizePath: WirePath;
}

/** Every (instance type, volume size) pair a definition renders. */
function pairs(def: WireTrainingJobDefinition): Pair[] {
  const out: Pair[] = [];
  const rc = def.ResourceConfig;
  if (rc && !isToken(rc)) {
    const sizePath: WirePath = ['ResourceConfig', 'VolumeSizeInGB'];
    out.push({ type: rc.InstanceType, typePath: ['ResourceConfig', 'InstanceType'], size: rc.VolumeSizeInGB, sizePath });
    if (Array.isArray(rc.InstanceGroups) && !isToken(rc.InstanceGroups)) {
      // every instance of a heterogeneous cluster gets the same volume size
      rc.InstanceGroups.forEach((g, i) => out.push({ type: g?.InstanceType, typePath: ['ResourceConfig', 'InstanceGroups', i, 'InstanceType'], size: rc.VolumeSizeInGB, sizePath }));
    }
  }
  const hrc = def.HyperParameterTuningResourceConfig;
  if (hrc && !isToken(hrc)) {
    out.push({ type: hrc.InstanceType, typePath: ['HyperParameterTuningResourceConfig', 'InstanceType'], size: hrc.VolumeSizeInGB, sizePath: ['HyperParameterTuningResourceConfig', 'VolumeSizeInGB'] });
    if (Array.isArray(hrc.InstanceConfigs) && !isToken(hrc.InstanceConfigs)) {
      hrc.InstanceConfigs.forEach((c, i) => out.push({
        type: c?.InstanceType,
        typePath: ['HyperParameterTuningResourceConfig', 'InstanceConfigs', i, 'InstanceType'],
        size: c?.VolumeSizeInGB,
        sizePath: ['HyperParameterTuningResourceConfig', 'InstanceConfigs', i, 'VolumeSizeInGB'],
      }));
    }
  }
  return out;
}

/** TJ-VOLUME-SIZE-LOCAL-STORAGE: the volume size fits the fixed local storage of the instance type. */
export function volumeSizeLocalStorage(def: WireTrainingJobDefinition): Finding[] {
  const out: Finding[] = [];
  for (const p of pairs(def)) {
    if (!isKnownString(p.type) || !isKnownNumber(p.size)) {
      continue;
    }
    const storage = localStorageGb(p.type);
    if (storage !== undefined && p.size > storage) {
      out.push(error('TJ-VOLUME-SIZE-LOCAL-STORAGE', `${defField(p.sizePath)} is ${p.size} GB, but ${defField(p.typePath)} is '${p.type}', whose storage is fixed to its ${storage} GB of local NVMe instance storage (SageMaker provisions no EBS volume for it): the volume size cannot be greater. Lower volumeSize to Size.gibibytes(${storage}) or less, or choose a larger instance type.`));
    }
  }
  return out;
}
