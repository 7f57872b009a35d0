// What every training role needs beyond its own inputs and outputs: the log group the
// training jobs write to and the EC2 actions of training jobs in a VPC. Internal: not
// exported from the package. Granted by TrainingRole and TrainingJobDefinition; explained
// (for cdk-nag) by nag-acknowledgments.ts.

/** The log group SageMaker writes training job logs to (also the metrics namespace). */
export const TRAINING_LOG_GROUP = '/aws/sagemaker/TrainingJobs';

/** What SageMaker does in the VPC on the training role's behalf. */
export const VPC_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:CreateNetworkInterfacePermission',
  'ec2:DeleteNetworkInterface',
  'ec2:DeleteNetworkInterfacePermission',
  'ec2:DescribeDhcpOptions',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcs',
];
