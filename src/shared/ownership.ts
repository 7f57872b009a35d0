/**
 * How the tuning jobs and training roles of one stack are told apart from everything else in
 * the account, so that the handlers' permissions are one name pattern, one tag condition and
 * one role path per stack, whatever the number of jobs. Shared by the constructs (which write
 * the IAM policies) and the handlers (which set the tag). See docs/PERMISSIONS.md.
 */

/**
 * Tag the handler puts on every tuning job it creates, valued with the CloudFormation stack id
 * of the custom resource (`StackId` of the event = `AWS::StackId` of the stack: the stack's
 * ARN, unique per stack instance). The handler roles may create a job only with this tag
 * (`aws:RequestTag`) and describe, stop, tag and read the tags of a job only when it carries
 * it (`aws:ResourceTag`), so jobs of other stacks that share the name prefix stay out of reach.
 */
export const STACK_TAG = 'cdk-sagemaker-tuning:stack-id';

/**
 * IAM path of the training roles the library creates (`/cdk-sagemaker-tuning/<stack name>/`):
 * the onEvent handler may pass the roles under its own stack's path, to SageMaker only, with
 * one ARN pattern.
 */
export const TRAINING_ROLE_PATH_ROOT = 'cdk-sagemaker-tuning';

/** The training-role path of a stack: `/cdk-sagemaker-tuning/<stackName>/`. */
export function trainingRolePath(stackName: string): string {
  return `/${TRAINING_ROLE_PATH_ROOT}/${stackName}/`;
}
