import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';
import { IConstruct } from 'constructs';
import { acknowledgeNagFindings, nagWildcardResourceId, withdrawNagFinding } from './nag';
import { TRAINING_LOG_GROUP, VPC_ACTIONS } from './training-permissions';
import { STACK_TAG } from '../shared/ownership';

// Every acknowledgment the library records for policy-validation plugins such as cdk-nag
// (AwsSolutions pack): which findings it acknowledges, on which construct, and why. One
// function per kind of construct that owns findings; the constructs call it and hold no
// finding id or reason of their own. How an acknowledgment is recorded, and how a finding
// id names an IAM resource, is nag.ts.
//
// The library acknowledges only what it configures itself and can explain: wildcards its own
// roles need (names that exist only at run time, actions without resource-level permissions)
// and the parts of aws-cdk-lib's provider framework it cannot configure. Nothing on a role
// the user gave.

/** The finding of a wildcard resource (`Resource::*`) in a policy. */
const ANY_RESOURCE_ID = 'AwsSolutions-IAM5[Resource::*]';

/**
 * Why a training role may use an action on every resource (`Resource::*`), per action: these
 * actions have no resource-level permissions. A role whose `*` statements hold any other
 * action gets no acknowledgment at all (the finding shows).
 */
const ANY_RESOURCE_REASONS: ReadonlyArray<{ actions: readonly string[]; reason: string }> = [
  {
    actions: ['cloudwatch:PutMetricData'],
    reason: `cloudwatch:PutMetricData has no resource-level permissions; it is limited to the ${TRAINING_LOG_GROUP} namespace by a cloudwatch:namespace condition`,
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

// ---------------------------------------------------------------------------------------
// The stack's logs-and-metrics policy of the training roles (SageMakerTrainingLogsAndMetrics)

/**
 * Acknowledges the wildcards of the training roles' shared logs-and-metrics policy: the log
 * streams of the training log group (`logStreamsArn`) and metrics on every resource.
 */
export function acknowledgeLogsAndMetricsPolicy(policy: IConstruct, logStreamsArn: string): void {
  acknowledgeNagFindings(policy, [nagWildcardResourceId(policy, logStreamsArn)],
    `logs:CreateLogStream and logs:PutLogEvents on the log streams of the ${TRAINING_LOG_GROUP} log group only: `
    + 'SageMaker names each stream after the training job it launches (<job name>/algo-<n>-<timestamp>), unknown at synth time');
  acknowledgeNagFindings(policy, [ANY_RESOURCE_ID], ANY_RESOURCE_REASONS[0].reason);
}

// ---------------------------------------------------------------------------------------
// Training roles the library creates (TrainingRole)

/** A wildcard granted to a training role the library created, and what it is for. */
export type TrainingRoleWildcard =
  /** The actions the role holds on every resource (all of them, each time one is added). */
  | { readonly kind: 'any-resource'; readonly actions: ReadonlySet<string> }
  /** s3:GetObject on the objects of an S3 input channel (`resource`: the object ARN pattern). */
  | { readonly kind: 's3-input'; readonly resource: string; readonly channelName: string; readonly dataType: string; readonly keyPrefix: boolean }
  /** s3:PutObject on the objects of the output location. */
  | { readonly kind: 'output'; readonly resource: string; readonly bucketRoot: boolean }
  /** Read, write and delete on the objects under the checkpoint prefix. */
  | { readonly kind: 'checkpoint'; readonly resource: string };

/**
 * Acknowledges (or, for `any-resource`, withdraws) the finding of `wildcard` on `role`, a
 * training role the library created.
 */
export function acknowledgeTrainingRole(role: IConstruct, wildcard: TrainingRoleWildcard): void {
  switch (wildcard.kind) {
    case 'any-resource': {
      const known = ANY_RESOURCE_REASONS.filter(r => r.actions.some(a => wildcard.actions.has(a)));
      if ([...wildcard.actions].some(a => !known.some(r => r.actions.includes(a)))) {
        withdrawNagFinding(role, ANY_RESOURCE_ID);
        return;
      }
      for (const { reason } of known) {
        acknowledgeNagFindings(role, [ANY_RESOURCE_ID], reason);
      }
      return;
    }
    case 's3-input':
      acknowledgeNagFindings(role, [nagWildcardResourceId(role, wildcard.resource)], wildcard.keyPrefix
        ? `s3:GetObject on the objects under the key prefix of input channel '${wildcard.channelName}' (an S3Prefix channel reads every object under it; their names are data, unknown at synth time)`
        : `s3:GetObject on the objects of the bucket of input channel '${wildcard.channelName}': its ${wildcard.dataType} may list objects under any key of the bucket`);
      return;
    case 'output':
      acknowledgeNagFindings(role, [nagWildcardResourceId(role, wildcard.resource)], wildcard.bucketRoot
        ? 's3:PutObject on the objects of the output bucket: the output prefix is the bucket root, and each training job writes <training job name>/output/model.tar.gz under it, named at run time'
        : 's3:PutObject under the output prefix only: each training job writes <prefix>/<training job name>/output/model.tar.gz, named at run time');
      return;
    case 'checkpoint':
      acknowledgeNagFindings(role, [nagWildcardResourceId(role, wildcard.resource)],
        's3:GetObject, s3:PutObject and s3:DeleteObject under the checkpoint prefix only: SageMaker synchronizes the checkpoint directory of each training job with it, file names chosen by the training code');
      return;
  }
}

// ---------------------------------------------------------------------------------------
// The library's handler roles (TuningJobProvider, LongWaitInfra)

/** A wildcard granted to the roles of the library's handlers. */
export type HandlerRoleWildcard =
  /**
   * The tuning jobs of a name pattern (`arn`: their ARN pattern). `handler` says which handlers
   * hold it: the provider's onEvent and isComplete, the long-wait signal handler, or the
   * results handler. A fixed name (no `*`) is no wildcard: nothing is acknowledged.
   */
  | { readonly kind: 'tuning-jobs'; readonly handler: 'provider' | 'signal' | 'results'; readonly arn: string; readonly namePattern: string }
  /** iam:PassRole of the training roles the library creates in the stack (`arn`: their path pattern). */
  | { readonly kind: 'pass-training-roles'; readonly arn: string };

/** Acknowledges the finding of `wildcard` on each of `roles`, the roles of the library's handlers. */
export function acknowledgeHandlerRoles(roles: IConstruct[], wildcard: HandlerRoleWildcard): void {
  const reason = handlerReason(wildcard);
  if (reason === undefined) {
    return;
  }
  for (const role of roles) {
    acknowledgeNagFindings(role, [nagWildcardResourceId(role, wildcard.arn)], reason);
  }
}

function handlerReason(wildcard: HandlerRoleWildcard): string | undefined {
  if (wildcard.kind === 'pass-training-roles') {
    return 'iam:PassRole, to sagemaker.amazonaws.com only, of the training roles this library creates in this stack: '
      + 'they are created under the IAM path /cdk-sagemaker-tuning/<stack name>/ and nothing else of the library is';
  }
  if (!wildcard.namePattern.includes('*')) {
    return undefined;
  }
  switch (wildcard.handler) {
    case 'provider':
      return `The handler names each tuning job of this stack ${wildcard.namePattern.replace(/\*$/, '<construct id>-<random suffix>')} at create time, `
        + 'so the names are unknown at synth time: the handlers may create, describe, stop and tag the tuning jobs of this name prefix '
        + `that carry the ${STACK_TAG} tag of this stack (AWS::StackId) only`;
    case 'signal':
      return 'The signal handler describes the tuning jobs of this stack that wait longer than an hour, reads their tags and stops them at '
        + `their deadline; the jobs are named ${wildcard.namePattern.replace(/\*$/, '<construct id>-<random suffix>')} at create time, `
        + `so the names are unknown at synth time; it may act only on jobs that carry the ${STACK_TAG} tag of this stack (AWS::StackId)`;
    case 'results':
      return 'The results handler describes the tuning job whose results it reads; the job is named '
        + `${wildcard.namePattern.replace(/\*$/, '<random suffix>')} at create time, so the name is unknown at synth time`;
  }
}

// ---------------------------------------------------------------------------------------
// aws-cdk-lib's custom-resource provider framework (cr.Provider)

/**
 * Acknowledges the findings on aws-cdk-lib's custom-resource provider framework (its three
 * functions, their roles and the waiter state machine), each on the construct that owns it.
 * This library configures none of them: `cr.Provider` creates them as they are. `handlers`
 * are the user functions (onEvent, isComplete) the framework invokes.
 */
export function acknowledgeProviderFramework(provider: cr.Provider, handlers: lambda.IFunction[]): void {
  const invokes = (fns: lambda.IFunction[]) => fns.map(fn => nagWildcardResourceId(provider, `${fn.functionArn}:*`));
  const frameworkFunctions: lambda.IFunction[] = [];
  for (const id of ['framework-onEvent', 'framework-isComplete', 'framework-onTimeout']) {
    // aws-cdk-lib has no Function.isFunction: a function is recognized by its CfnFunction
    const child = provider.node.tryFindChild(id);
    if (!child?.node.defaultChild || !lambda.CfnFunction.isCfnFunction(child.node.defaultChild)) {
      continue;
    }
    const fn = child as lambda.IFunction;
    frameworkFunctions.push(fn);
    acknowledgeNagFindings(fn.node.defaultChild as IConstruct, ['AwsSolutions-L1'],
      'aws-cdk-lib custom-resources Provider framework function: aws-cdk-lib picks its Node.js runtime, this library cannot set it');
    if (fn.role) {
      acknowledgeNagFindings(fn.role, ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]'],
        'aws-cdk-lib custom-resources Provider framework function: aws-cdk-lib creates its role with the AWSLambdaBasicExecutionRole managed policy (CloudWatch Logs only)');
      acknowledgeNagFindings(fn.role, invokes(handlers),
        'aws-cdk-lib custom-resources Provider framework function: lambda:InvokeFunction on the versions and aliases (<function ARN>:*) of the onEvent and isComplete handlers it calls, and nothing else');
    }
  }
  const waiter = provider.node.tryFindChild('waiter-state-machine');
  if (waiter) {
    const stateMachine = waiter.node.tryFindChild('Resource');
    if (stateMachine) {
      acknowledgeNagFindings(stateMachine, ['AwsSolutions-SF1'],
        'aws-cdk-lib custom-resources Provider framework waiter state machine: it only retries isComplete; its failures surface in the isComplete handler log group and the CloudFormation event, and ALL-level logging would log every poll');
      acknowledgeNagFindings(stateMachine, ['AwsSolutions-SF2'],
        'aws-cdk-lib custom-resources Provider framework waiter state machine: the Provider construct offers no X-Ray tracing option');
    }
    const role = waiter.node.tryFindChild('Role');
    if (role) {
      acknowledgeNagFindings(role, invokes(frameworkFunctions.filter(f => f.node.id !== 'framework-onEvent')),
        'aws-cdk-lib custom-resources Provider framework waiter state machine: lambda:InvokeFunction on the versions and aliases (<function ARN>:*) of the framework isComplete and onTimeout functions it calls, and nothing else');
    }
  }
}
