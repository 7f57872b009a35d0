/**
 * Storage of SageMaker training instance families.
 *
 * Instance types with local NVMe instance storage encrypt it with a hardware module: SageMaker
 * rejects a `VolumeKmsKeyId` for them and uses the instance storage instead of an EBS volume.
 * EBS-only types need an EBS volume size (`VolumeSizeInGB`). Source: the service model's
 * documentation of `ResourceConfig.VolumeSizeInGB` / `VolumeKmsKeyId` (examples: ml.p4d,
 * ml.g4dn and ml.g5 have NVMe storage; ml.c5 and ml.p2 are EBS-only) and the EC2 instance
 * store table for the other families of the training instance enum (botocore 1.43).
 */

/** Families of the training instance enum that have local NVMe instance storage. */
export const LOCAL_STORAGE_FAMILIES: readonly string[] = [
  'g4dn', 'g5', 'g6', 'g6e', 'g7e',
  'p3dn', 'p4d', 'p4de', 'p5', 'p5e', 'p5en', 'p6-b200', 'p6-b300', 'p6e-gb200',
  'r5d',
  'trn1', 'trn1n', 'trn2',
];

/** Families of the training instance enum that are EBS-only. */
export const EBS_ONLY_FAMILIES: readonly string[] = [
  'c4', 'c5', 'c5n', 'c6i', 'c7i',
  'm4', 'm5', 'm6i', 'm7i',
  'p2', 'p3',
  'r5', 'r7i',
  't3',
];

/** The family of `ml.<family>.<size>`, or undefined when the type has another form. */
export function instanceFamily(instanceType: string): string | undefined {
  const m = /^ml\.([a-z0-9-]+)\.[a-z0-9]+$/.exec(instanceType);
  return m ? m[1] : undefined;
}

/** What the library knows of an instance type's storage. */
export type InstanceStorage = 'local' | 'ebs' | 'unknown';

/**
 * The storage of an instance type: `local` for families with NVMe instance storage, `ebs` for
 * EBS-only families, `unknown` otherwise (a family newer than this table: no storage rule applies).
 * Families named with a `d` after the generation (`m5d`, `c6id`) have instance storage.
 */
export function instanceStorage(instanceType: string): InstanceStorage {
  const family = instanceFamily(instanceType);
  if (!family) {
    return 'unknown';
  }
  if (LOCAL_STORAGE_FAMILIES.includes(family)) {
    return 'local';
  }
  if (EBS_ONLY_FAMILIES.includes(family)) {
    return 'ebs';
  }
  if (/^[a-z]+\d+[a-z]*d[a-z]*$/.test(family)) {
    return 'local';
  }
  return 'unknown';
}
