import { ArnFormat, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { acknowledgeNagFindings, nagWildcardResourceId, withdrawNagFinding } from './nag';
import { trainingRolePath } from '../shared/ownership';

// The training roles the library creates: one per TrainingJobDefinition that was given no
// role. Internal: not exported from the package.
//
// Per stack, not per job:
// - the statements every training job needs whatever its inputs (CloudWatch Logs of
//   /aws/sagemaker/TrainingJobs and metrics in its namespace) are one customer managed
//   policy shared by every training role of the stack;
// - the roles sit under the IAM path /cdk-sagemaker-tuning/<stack name>/, so the onEvent
//   handler passes them with one ARN pattern.
// Per job, the role's own statements (its S3 prefixes, keys, image, VPC) are one inline policy
// of the role: no separate AWS::IAM::Policy resource.

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

/** The log group SageMaker writes training job logs to. */
export const TRAINING_LOG_GROUP = '/aws/sagemaker/TrainingJobs';

/**
 * Why a training role may use an action on every resource (`Resource::*`), per action: these
 * actions have no resource-level permissions. A role whose `*` statements hold any other
 * action gets no acknowledgment at all (the finding shows).
 */
const ANY_RESOURCE_REASONS: Array<{ actions: string[]; reason: string }> = [
  {
    actions: ['cloudwatch:PutMetricData'],
    reason: 'cloudwatch:PutMetricData has no resource-level permissions; it is limited to the /aws/sagemaker/TrainingJobs namespace by a cloudwatch:namespace condition',
  },
  {
    actions: ['ecr:GetAuthorizationToken'],
    reason: 'ecr:GetAuthorizationToken (to pull the training image) has no resource-level permissions; the pull actions are granted on the image repository only',
  },
  {
    actions: VPC_ACTIONS,
    reason: 'the EC2 network-interface actions SageMaker uses to attach the training jobs to the VPC (Describe*, CreateNetworkInterfacePermission) support no resource-level permissions and ENIs are created at run time; limited to the stack region by an aws:RequestedRegion condition',
  },
];

const ANY_RESOURCE_ID = 'AwsSolutions-IAM5[Resource::*]';
const LOGS_AND_METRICS_ID = 'SageMakerTrainingLogsAndMetrics';

/** The statements every training job of any definition needs: logs and metrics. */
export function logsAndMetricsStatements(scope: IConstruct): iam.PolicyStatement[] {
  const logGroup = logGroupArn(scope);
  return [
    new iam.PolicyStatement({ actions: ['logs:CreateLogGroup', 'logs:DescribeLogStreams'], resources: [logGroup] }),
    new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logGroup}:log-stream:*`] }),
    new iam.PolicyStatement({
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': TRAINING_LOG_GROUP } },
    }),
  ];
}

function logGroupArn(scope: IConstruct): string {
  return Stack.of(scope).formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: TRAINING_LOG_GROUP,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

const LOG_STREAMS_REASON = 'logs:CreateLogStream and logs:PutLogEvents on the log streams of the /aws/sagemaker/TrainingJobs log group only: '
  + 'SageMaker names each stream after the training job it launches (<job name>/algo-<n>-<timestamp>), unknown at synth time';

/**
 * The stack's managed policy of logs and metrics, shared by every training role the library
 * creates in the stack (created on first use).
 */
export function logsAndMetricsPolicy(scope: IConstruct): iam.ManagedPolicy {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(LOGS_AND_METRICS_ID);
  if (existing) {
    if (!(existing instanceof iam.ManagedPolicy)) {
      throw new Error(`The construct id "${LOGS_AND_METRICS_ID}" is reserved for the training roles' logs and metrics policy, but ${existing.node.path} uses it`);
    }
    return existing;
  }
  const policy = new iam.ManagedPolicy(stack, LOGS_AND_METRICS_ID, {
    description: 'cdk-sagemaker-tuning: CloudWatch Logs and metrics of the SageMaker training jobs of this stack (shared by its training roles)',
    statements: logsAndMetricsStatements(stack),
  });
  acknowledgeNagFindings(policy, [nagWildcardResourceId(stack, `${logGroupArn(stack)}:log-stream:*`)], LOG_STREAMS_REASON);
  acknowledgeNagFindings(policy, [ANY_RESOURCE_ID], ANY_RESOURCE_REASONS[0].reason);
  return policy;
}

/** Properties of a `TrainingRole`. */
export interface TrainingRoleProps {
  /** The role's description. */
  readonly description: string;
}

/**
 * A training role of the library: trusted by SageMaker, under the stack's training-role path,
 * with the stack's logs-and-metrics policy and one inline policy that holds every statement
 * granted to it. It knows which actions it was granted on every resource, so it acknowledges
 * `Resource::*` (for cdk-nag) only while all of them are ones the library explains.
 */
export class TrainingRole extends iam.Role {
  /** Whether `x` is a training role the library created. */
  public static isTrainingRole(x: unknown): x is TrainingRole {
    return x instanceof TrainingRole;
  }

  private readonly inline = new iam.PolicyDocument();
  private readonly anyResourceActions = new Set<string>();

  constructor(scope: Construct, id: string, props: TrainingRoleProps) {
    super(scope, id, {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
      description: props.description,
      path: trainingRolePath(Stack.of(scope).stackName),
      managedPolicies: [logsAndMetricsPolicy(scope)],
    });
    (this.node.defaultChild as iam.CfnRole).policies = Lazy.any({
      produce: () => (this.inline.isEmpty ? undefined : [{ policyName: 'TrainingJobs', policyDocument: this.inline }]),
    }, { omitEmptyArray: true });
    this.node.addValidation({ validate: () => this.inline.validateForIdentityPolicy() });
  }

  /**
   * Adds `statement` to the role's inline policy (not to a separate policy resource).
   * @param statement the statement
   */
  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.inline.addStatements(statement);
    if (statement.effect === iam.Effect.ALLOW && statement.resources.includes('*')) {
      statement.actions.forEach(a => this.anyResourceActions.add(a));
      this.acknowledgeAnyResource();
    }
    return { statementAdded: true, policyDependable: this };
  }

  private acknowledgeAnyResource(): void {
    const actions = [...this.anyResourceActions];
    const known = ANY_RESOURCE_REASONS.filter(r => r.actions.some(a => this.anyResourceActions.has(a)));
    if (actions.some(a => !known.some(r => r.actions.includes(a)))) {
      withdrawNagFinding(this, ANY_RESOURCE_ID);
      return;
    }
    for (const { reason } of known) {
      acknowledgeNagFindings(this, [ANY_RESOURCE_ID], reason);
    }
  }
}
