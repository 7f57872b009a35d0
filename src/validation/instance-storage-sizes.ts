/**
 * Total local NVMe instance storage, in GB, of the SageMaker training instance types that have
 * it, for the types whose size this table knows. SageMaker does not provision an EBS volume for
 * these types: the storage is fixed to the instance's NVMe capacity, and `VolumeSizeInGB`
 * cannot be greater than it.
 *
 * Sources (public):
 * - SageMaker API Reference, HyperParameterTuningResourceConfig (VolumeSizeInGB: "Some instance
 *   types have a fixed total local storage size. If you select one of these instances for
 *   training, VolumeSizeInGB cannot be greater than this total size"), and ResourceConfig
 *   (VolumeSizeInGB: "Available storage is fixed to the NVMe-type instance's storage capacity"),
 *   https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_HyperParameterTuningResourceConfig.html
 * - SageMaker Developer Guide, "Managing storage paths for different types of instance local
 *   storage" (SageMaker "doesn't provision Amazon EBS gp2 storage. Available storage is fixed to
 *   the NVMe-type instance's storage capacity"),
 *   https://docs.aws.amazon.com/sagemaker/latest/dg/model-train-storage-tips-considerations.html
 * - Amazon EC2 Instance Types guide, instance store specifications (number x size of the NVMe
 *   SSD volumes of each type; the ml.* type has the storage of the EC2 type of the same name),
 *   https://docs.aws.amazon.com/ec2/latest/instancetypes/ac.html (accelerated computing) and
 *   https://docs.aws.amazon.com/ec2/latest/instancetypes/mo.html (memory optimized).
 *
 * Types with local storage that are missing here (newer families, e.g. ml.p5.4xlarge,
 * ml.p6-b200, ml.p6-b300, ml.p6e-gb200, ml.g7e) are not checked: no size is guessed.
 */
export const LOCAL_STORAGE_GB: Readonly<Record<string, number>> = {
  // G4dn: 1 x 125 / 1 x 225 / 1 x 900 GB
  'ml.g4dn.xlarge': 125,
  'ml.g4dn.2xlarge': 225,
  'ml.g4dn.4xlarge': 225,
  'ml.g4dn.8xlarge': 900,
  'ml.g4dn.12xlarge': 900,
  'ml.g4dn.16xlarge': 900,
  // G5
  'ml.g5.xlarge': 250,
  'ml.g5.2xlarge': 450,
  'ml.g5.4xlarge': 600,
  'ml.g5.8xlarge': 900,
  'ml.g5.12xlarge': 3800,
  'ml.g5.16xlarge': 1900,
  'ml.g5.24xlarge': 3800,
  'ml.g5.48xlarge': 7600,
  // G6
  'ml.g6.xlarge': 250,
  'ml.g6.2xlarge': 450,
  'ml.g6.4xlarge': 600,
  'ml.g6.8xlarge': 900,
  'ml.g6.12xlarge': 3760,
  'ml.g6.16xlarge': 1880,
  'ml.g6.24xlarge': 3760,
  'ml.g6.48xlarge': 7520,
  // G6e
  'ml.g6e.xlarge': 250,
  'ml.g6e.2xlarge': 450,
  'ml.g6e.4xlarge': 600,
  'ml.g6e.8xlarge': 900,
  'ml.g6e.12xlarge': 3800,
  'ml.g6e.16xlarge': 1900,
  'ml.g6e.24xlarge': 3800,
  'ml.g6e.48xlarge': 7600,
  // P3dn, P4d, P4de, P5 (48xlarge), P5e, P5en
  'ml.p3dn.24xlarge': 1800,
  'ml.p4d.24xlarge': 8000,
  'ml.p4de.24xlarge': 8000,
  'ml.p5.48xlarge': 30720,
  'ml.p5e.48xlarge': 30720,
  'ml.p5en.48xlarge': 30720,
  // Trn1, Trn1n, Trn2
  'ml.trn1.2xlarge': 474,
  'ml.trn1.32xlarge': 7600,
  'ml.trn1n.32xlarge': 7600,
  'ml.trn2.48xlarge': 7600,
  // R5d
  'ml.r5d.large': 75,
  'ml.r5d.xlarge': 150,
  'ml.r5d.2xlarge': 300,
  'ml.r5d.4xlarge': 600,
  'ml.r5d.8xlarge': 1200,
  'ml.r5d.12xlarge': 1800,
  'ml.r5d.16xlarge': 2400,
  'ml.r5d.24xlarge': 3600,
};

/** The fixed local storage of an instance type in GB, or undefined when it has none or it is not known. */
export function localStorageGb(instanceType: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(LOCAL_STORAGE_GB, instanceType) ? LOCAL_STORAGE_GB[instanceType] : undefined;
}
