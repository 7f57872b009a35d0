import { ArnFormat, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { brand, isBranded } from './brand';
import { acknowledgeLogsAndMetricsPolicy, acknowledgeTrainingRole, TrainingRoleWildcard } from './nag-acknowledgments';
import { TRAINING_LOG_GROUP } from './training-permissions';
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

/**
 * The stack's managed policy of logs and metrics, shared by every training role the library
 * creates in the stack (created on first use).
 */
export function logsAndMetricsPolicy(scope: IConstruct): iam.ManagedPolicy {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(LOGS_AND_METRICS_ID);
  if (existing) {
    // aws-cdk-lib has no ManagedPolicy.isManagedPolicy: its resource is recognized across copies
    if (!existing.node.defaultChild || !iam.CfnManagedPolicy.isCfnManagedPolicy(existing.node.defaultChild)) {
      throw new Error(`The construct id "${LOGS_AND_METRICS_ID}" is reserved for the training roles' logs and metrics policy, but ${existing.node.path} uses it`);
    }
    return existing as iam.ManagedPolicy;
  }
  const policy = new iam.ManagedPolicy(stack, LOGS_AND_METRICS_ID, {
    description: 'cdk-sagemaker-tuning: CloudWatch Logs and metrics of the SageMaker training jobs of this stack (shared by its training roles)',
    statements: logsAndMetricsStatements(stack),
  });
  acknowledgeLogsAndMetricsPolicy(policy, `${logGroupArn(stack)}:log-stream:*`);
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
  /** Whether `x` is a training role the library created (any copy of it: see ./brand.ts). */
  public static isTrainingRole(x: unknown): x is TrainingRole {
    return isBranded(x, 'TrainingRole');
  }

  /**
   * Records why `wildcard`, granted to `grantee`, is deliberate (for policy checks such as
   * cdk-nag), when `grantee` is a training role the library created; nothing on a role the
   * user gave (its findings show).
   */
  public static acknowledge(grantee: iam.IGrantable, wildcard: TrainingRoleWildcard): void {
    const role = grantee.grantPrincipal;
    if (TrainingRole.isTrainingRole(role)) {
      acknowledgeTrainingRole(role, wildcard);
    }
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
    brand(this, 'TrainingRole');
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
      acknowledgeTrainingRole(this, { kind: 'any-resource', actions: this.anyResourceActions });
    }
    return { statementAdded: true, policyDependable: this };
  }
}
