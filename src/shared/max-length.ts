/**
 * The service maximum lengths the constructs and the handlers bound values with (the
 * response size in `response-size.ts`, generated names in `job-name-prefix.ts`). A module of
 * its own, importing nothing, so that every shared module can use it.
 */

/**
 * Longest values, in characters, of the fields in the response. From the SageMaker API model
 * (CreateHyperParameterTuningJob / DescribeHyperParameterTuningJob shapes) unless noted.
 */
export const MAX_LENGTH = {
  /** HyperParameterTuningJobName: 1-32, `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}` (ASCII). */
  TUNING_JOB_NAME: 32,
  /** TrainingJobName: 1-63, `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}` (ASCII). */
  TRAINING_JOB_NAME: 63,
  /** HyperParameterTuningJobStatus: the longest enum value, `DeleteFailed`. */
  STATUS: 12,
  /** S3Uri (S3OutputPath): 0-1024, any characters. */
  S3_URI: 1024,
  /** S3 bucket names: 3-63 characters of `[a-z0-9.-]` (Amazon S3 User Guide, "General purpose bucket naming rules"). */
  BUCKET_NAME: 63,
  /** ParameterValue (a categorical or auto parameter's value, and TunedHyperParameters values): 0-256. */
  PARAMETER_VALUE: 256,
  /** ParameterKey (a range's Name, and TunedHyperParameters keys): 0-256. */
  PARAMETER_NAME: 256,
  /**
   * A number as printed: the longest shortest-round-trip form of an IEEE-754 double, e.g.
   * `-2.2250738585072014e-308` (sign, 17 digits, point, exponent). The objective value is
   * printed by the handler (`String(number)`); numeric hyperparameter values are printed by
   * SageMaker in the same form.
   */
  NUMBER: 24,
  /** An ISO-8601 time from `Date.toISOString()` (`2026-11-23T09:32:43.123Z`). */
  ISO_TIME: 24,
  /** `true` / `false`. */
  BOOLEAN: 5,
  /** CloudFormation stack names: 1-128 (ASCII letters, digits, hyphens). */
  STACK_NAME: 128,
  /** CloudFormation logical ids: at most 255 ASCII alphanumerics. */
  LOGICAL_ID: 255,
  /**
   * CloudFormation request ids: UUIDs (36 characters) in every request the service sends; the
   * documentation does not fix the format, so the bound leaves room for 64 ASCII characters.
   */
  REQUEST_ID: 64,
  /** AWS partitions (`aws`, `aws-cn`, `aws-us-gov`, `aws-iso-b`, ...: 10 today), with room. */
  PARTITION: 16,
  /** AWS regions (`ap-southeast-7`, `us-isob-east-1`: 14 today), with room. */
  REGION: 20,
} as const;
