import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { acknowledgeNagFindings, nagWildcardResourceId } from './nag';
import { IsCompleteFunction } from '../handler/is-complete-function';
import { OnEventFunction } from '../handler/on-event-function';

/** Options of `TuningJobProvider.getOrCreate`. */
export interface TuningJobProviderOptions {
  /** How often isComplete polls the job. */
  readonly pollInterval: Duration;
}

/**
 * The SageMaker actions the handlers call. Creating a job with tags needs `AddTags`;
 * `ListTags` lets a retried create recognise its own job; a tags-only update changes them in
 * place (`AddTags` / `DeleteTags`).
 */
export const TUNING_JOB_ACTIONS = [
  'sagemaker:CreateHyperParameterTuningJob',
  'sagemaker:DescribeHyperParameterTuningJob',
  'sagemaker:StopHyperParameterTuningJob',
  'sagemaker:AddTags',
  'sagemaker:ListTags',
  'sagemaker:DeleteTags',
];

/**
 * Most time the provider framework may spend on one operation. CloudFormation gives a
 * custom resource 3600 s; the handler enforces the per-job `waitTimeout` (at most 55
 * minutes) itself, before this. The provider's total timeout is the largest multiple of
 * the poll interval within it (the framework needs a whole number of polls).
 */
export const PROVIDER_TOTAL_TIMEOUT = Duration.minutes(57);

/** The provider's total timeout for a poll interval: a whole number of polls within `PROVIDER_TOTAL_TIMEOUT`. */
export function providerTotalTimeout(pollInterval: Duration): Duration {
  const poll = pollInterval.toSeconds();
  return Duration.seconds(Math.floor(PROVIDER_TOTAL_TIMEOUT.toSeconds() / poll) * poll);
}

const DEFAULT_POLL_SECONDS = 60;
const BASE_ID = 'SageMakerTuningProvider';

/**
 * The custom-resource provider of `TuningJob`: one per stack and poll interval, with an
 * onEvent and an isComplete handler. Internal: not exported from the package.
 */
export class TuningJobProvider extends Construct {
  /**
   * The stack's provider for this poll interval, created on first use.
   * Ids: `SageMakerTuningProvider` for one minute, `SageMakerTuningProvider<seconds>s` otherwise.
   */
  public static getOrCreate(scope: Construct, options: TuningJobProviderOptions): TuningJobProvider {
    const stack = Stack.of(scope);
    if (options.pollInterval.isUnresolved()) {
      throw new Error('pollInterval must be a concrete duration, not a token');
    }
    const seconds = options.pollInterval.toSeconds({ integral: false });
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > PROVIDER_TOTAL_TIMEOUT.toSeconds()) {
      throw new Error(`pollInterval must be a whole number of seconds between 1 second and ${PROVIDER_TOTAL_TIMEOUT.toMinutes()} minutes, got ${seconds} seconds`);
    }
    const id = seconds === DEFAULT_POLL_SECONDS ? BASE_ID : `${BASE_ID}${seconds}s`;
    const existing = stack.node.tryFindChild(id);
    if (existing) {
      if (!(existing instanceof TuningJobProvider)) {
        throw new Error(`The construct id "${id}" is reserved for the SageMaker tuning-job provider, but ${existing.node.path} uses it`);
      }
      return existing;
    }
    return new TuningJobProvider(stack, id, options);
  }

  /** The service token of the custom resource. */
  public readonly serviceToken: string;
  /** The onEvent handler (creates, replaces and stops jobs). */
  public readonly onEventHandler: OnEventFunction;
  /** The isComplete handler (polls the job). */
  public readonly isCompleteHandler: IsCompleteFunction;

  private readonly handlerRoles: iam.Role[];
  private readonly jobStatements: iam.PolicyStatement[] = [];
  private readonly jobPatterns = new Set<string>();
  private passRoleStatement?: iam.PolicyStatement;
  private readonly passedRoles = new Set<string>();

  private constructor(scope: Construct, id: string, options: TuningJobProviderOptions) {
    super(scope, id);
    // Each handler gets its own role (no AWS managed policy) and its own log group, with a
    // retention, that the role may write to and nothing else.
    const onEvent = handlerRoleAndLogGroup(this, 'OnEvent');
    this.onEventHandler = new OnEventFunction(this, 'OnEvent', {
      description: 'cdk-sagemaker-tuning: starts, replaces and stops SageMaker hyperparameter tuning jobs',
      memorySize: 256,
      timeout: Duration.minutes(2),
      ...onEvent,
    });
    const isComplete = handlerRoleAndLogGroup(this, 'IsComplete');
    this.isCompleteHandler = new IsCompleteFunction(this, 'IsComplete', {
      description: 'cdk-sagemaker-tuning: polls SageMaker hyperparameter tuning jobs',
      memorySize: 256,
      timeout: Duration.minutes(1),
      ...isComplete,
    });
    this.handlerRoles = [onEvent.role, isComplete.role];
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.onEventHandler,
      isCompleteHandler: this.isCompleteHandler,
      queryInterval: options.pollInterval,
      totalTimeout: providerTotalTimeout(options.pollInterval),
    });
    this.serviceToken = provider.serviceToken;
    acknowledgeProviderFramework(provider, [this.onEventHandler, this.isCompleteHandler]);
  }

  /**
   * Allow both handlers to create, describe, stop and tag tuning jobs whose names match
   * `namePattern` (lower case: SageMaker ARNs are, e.g. `mystack-tuning-*`). Idempotent;
   * all patterns share one statement per handler.
   */
  public grantTuningJob(namePattern: string): void {
    if (this.jobPatterns.has(namePattern)) {
      return;
    }
    const arn = `arn:${Aws.PARTITION}:sagemaker:${Aws.REGION}:${Aws.ACCOUNT_ID}:hyper-parameter-tuning-job/${namePattern}`;
    if (this.jobStatements.length === 0) {
      for (const fn of [this.onEventHandler, this.isCompleteHandler]) {
        const statement = new iam.PolicyStatement({ actions: [...TUNING_JOB_ACTIONS], resources: [arn] });
        this.jobStatements.push(statement);
        fn.addToRolePolicy(statement);
      }
    } else {
      this.jobStatements.forEach(s => s.addResources(arn));
    }
    this.jobPatterns.add(namePattern);
    if (namePattern.includes('*')) {
      for (const role of this.handlerRoles) {
        acknowledgeNagFindings(role, [nagWildcardResourceId(this, arn)],
          `The handler names each tuning job it creates ${namePattern.replace(/\*$/, '<random suffix>')} at create time, `
          + 'so the name is unknown at synth time: the handlers may create, describe, stop and tag the tuning jobs of this name prefix only');
      }
    }
  }

  /**
   * Allow the onEvent handler (the only one that creates jobs) to pass `role` to SageMaker:
   * `iam:PassRole` on the role, only to `sagemaker.amazonaws.com`. Idempotent per role.
   */
  public grantPassRole(role: iam.IRole): void {
    const arn = role.roleArn;
    if (this.passedRoles.has(arn)) {
      return;
    }
    this.passedRoles.add(arn);
    if (!this.passRoleStatement) {
      this.passRoleStatement = new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [arn],
        conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      });
      this.onEventHandler.addToRolePolicy(this.passRoleStatement);
    } else {
      this.passRoleStatement.addResources(arn);
    }
  }
}

/** The role and the log group of a handler function. */
export function handlerRoleAndLogGroup(scope: Construct, id: string): { role: iam.Role; logGroup: logs.LogGroup } {
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `cdk-sagemaker-tuning ${id} handler of ${scope.node.path}`,
  });
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  logGroup.grantWrite(role);
  return { role, logGroup };
}

/**
 * Acknowledges the findings on aws-cdk-lib's custom-resource provider framework (its three
 * functions, their roles and the waiter state machine), each on the construct that owns it.
 * This library configures none of them: `cr.Provider` creates them as they are.
 */
export function acknowledgeProviderFramework(provider: cr.Provider, handlers: lambda.IFunction[]): void {
  const invokes = (fns: lambda.IFunction[]) => fns.map(fn => nagWildcardResourceId(provider, `${fn.functionArn}:*`));
  const frameworkFunctions: lambda.Function[] = [];
  for (const id of ['framework-onEvent', 'framework-isComplete', 'framework-onTimeout']) {
    const fn = provider.node.tryFindChild(id);
    if (!(fn instanceof lambda.Function)) {
      continue;
    }
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
