import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { brand, isBranded } from './brand';
import { acknowledgeHandlerRoles, acknowledgeProviderFramework } from './nag-acknowledgments';
import { TrainingRole } from './training-role';
import { MainFunction } from '../handler/main-function';
import { HANDLER_KIND_ENV, HandlerKind } from '../shared/handler-kind';
import { MAX_POLLED_WAIT_SECONDS, MAX_WAIT_SECONDS } from '../shared/long-wait';
import { STACK_TAG, trainingRolePath } from '../shared/ownership';

/** Options of `TuningJobProvider.getOrCreate`. */
export interface TuningJobProviderOptions {
  /** How often isComplete polls the job. */
  readonly pollInterval: Duration;
}

/**
 * The SageMaker actions each handler calls, the one place that lists them. Every grant is on
 * the tuning jobs of the handler's own stack: a name pattern (`<stack part>-*`, plus any
 * user-fixed names) and a tag condition on `STACK_TAG` = `AWS::StackId` (see
 * docs/PERMISSIONS.md for the condition keys each action supports).
 *
 * - `create`: allowed only when the request carries the stack tag (`aws:RequestTag`) and the
 *   job, if it exists, is not tagged for another stack (`aws:ResourceTag`, if it exists).
 *   SageMaker authorizes the tags of a create request as `sagemaker:AddTags`.
 * - `existing`: allowed only on a job that carries the stack tag (`aws:ResourceTag`).
 *
 * onEvent starts (Create), adopts a retried create (Describe + ListTags), checks a kept job's
 * request hash (Describe + ListTags), changes a kept job's tags in place (AddTags + DeleteTags:
 * never the handler's own tags) and stops jobs (Describe + Stop). isComplete polls
 * (Describe) and stops a job past its waitTimeout (Stop).
 */
export const HANDLER_ACTIONS: Record<'onEvent' | 'isComplete', { create: string[]; existing: string[] }> = {
  onEvent: {
    create: ['sagemaker:CreateHyperParameterTuningJob', 'sagemaker:AddTags'],
    existing: [
      'sagemaker:DescribeHyperParameterTuningJob', 'sagemaker:StopHyperParameterTuningJob',
      'sagemaker:ListTags', 'sagemaker:AddTags', 'sagemaker:DeleteTags',
    ],
  },
  isComplete: {
    create: [],
    existing: ['sagemaker:DescribeHyperParameterTuningJob', 'sagemaker:StopHyperParameterTuningJob'],
  },
};

/**
 * Most time the provider framework may spend on one operation. CloudFormation gives a
 * custom resource 3600 s; the handler enforces the per-job `waitTimeout` (at most 55
 * minutes) itself, before this. The provider's total timeout is the largest multiple of
 * the poll interval within it (the framework needs a whole number of polls).
 */
export const PROVIDER_TOTAL_TIMEOUT = Duration.minutes(57);

/** Shortest poll interval: polling more often only costs Lambda invocations and SageMaker calls. */
export const MIN_POLL_INTERVAL = Duration.seconds(10);
/** Longest poll interval: a job that ends is noticed within 15 minutes. */
export const MAX_POLL_INTERVAL = Duration.minutes(15);
/** The poll interval when `TuningJob` is given none; its provider has the stack's base id. */
export const DEFAULT_POLL_INTERVAL = Duration.minutes(1);

/**
 * The problem of a poll interval outside MIN_POLL_INTERVAL..MAX_POLL_INTERVAL, if any (a token
 * is not checked here: `TuningJob` refuses it, since it names the provider).
 */
export function pollIntervalProblem(pollInterval: Duration): string | undefined {
  if (pollInterval.isUnresolved()) {
    return undefined;
  }
  const seconds = pollInterval.toSeconds({ integral: false });
  return seconds < MIN_POLL_INTERVAL.toSeconds() || seconds > MAX_POLL_INTERVAL.toSeconds()
    ? `pollInterval must be from ${MIN_POLL_INTERVAL.toHumanString()} to ${MAX_POLL_INTERVAL.toHumanString()}, got ${seconds} seconds`
    : undefined;
}

/** The provider's total timeout for a poll interval: a whole number of polls within `PROVIDER_TOTAL_TIMEOUT`. */
export function providerTotalTimeout(pollInterval: Duration): Duration {
  const poll = pollInterval.toSeconds();
  return Duration.seconds(Math.floor(PROVIDER_TOTAL_TIMEOUT.toSeconds() / poll) * poll);
}

/** Shortest `waitTimeout`. */
export const MIN_WAIT_SECONDS = 60;

/** The wait a `TuningJob` that is not detached chose, and how it polls. */
export interface WaitSettings {
  /** The wait, in seconds: `waitTimeout`, or its default. */
  readonly waitSeconds: number;
  /** True when `waitTimeout` was not given and `waitSeconds` is its default. */
  readonly defaulted: boolean;
  /** The poll interval (concrete: `TuningJob` refuses a token). */
  readonly pollInterval: Duration;
}

/**
 * The problems of a non-detached job's wait, checked where `TuningJob` receives `waitTimeout`
 * and `pollInterval`: the wait is 1 minute to 12 hours (a CloudFormation WaitCondition waits at
 * most 43,200 seconds); a polled wait (at most 55 minutes) is longer than `pollInterval`, and
 * `waitTimeout` + `pollInterval` fit in the provider's total timeout, so that the handler's
 * deadline comes first and a job that runs too long fails with the handler's message, not
 * "Operation timed out".
 */
export function waitProblems(w: WaitSettings): string[] {
  const wait = w.waitSeconds;
  const poll = w.pollInterval.toSeconds();
  const waitTimeout = `waitTimeout (${wait} s${w.defaulted ? ', the default estimated from the limits' : ''})`;
  if (wait > MAX_WAIT_SECONDS || wait < MIN_WAIT_SECONDS) {
    return [`waitTimeout must be from 1 minute to 12 hours (a CloudFormation WaitCondition waits at most ${MAX_WAIT_SECONDS} seconds), got ${wait} seconds; `
      + 'for longer jobs set detached: true and read the results of the finished job in a later deployment with TuningJobResults'];
  }
  if (wait > MAX_POLLED_WAIT_SECONDS) {
    return []; // waits driven by events: pollInterval does not apply
  }
  if (poll >= wait) {
    return [`pollInterval (${poll} s) must be shorter than ${waitTimeout}`];
  }
  const total = providerTotalTimeout(w.pollInterval).toSeconds();
  if (wait + poll > total) {
    return [`${waitTimeout} + pollInterval (${poll} s) must not exceed ${total} s, the provider's total timeout at this poll interval; `
      + `lower waitTimeout to ${total - poll} s or less, or poll more often`];
  }
  return [];
}

/**
 * The onEvent role's policy, in characters IAM counts, with realistic long ARNs
 * (bench/iam-size.ts): its fixed part (logs, the stack's job-name pattern and training-role
 * path: 1,493 measured, rounded up), and what each explicit resource adds. A user-fixed job
 * name is listed in both onEvent statements on jobs, a role given by ARN once. IAM allows a
 * role 10,240 characters of inline policy ("IAM and AWS STS quotas", IAM User Guide); past it
 * aws-cdk-lib moves statements to managed policies of 6,144 characters, and one statement
 * cannot be split, so the check keeps the whole policy inline.
 */
const ON_EVENT_POLICY_BASE = 2_000;
const FIXED_NAME_CHARS = 2 * 120;
const EXPLICIT_ROLE_CHARS = 180;
const ROLE_INLINE_LIMIT = 10_240;

const BASE_ID = 'SageMakerTuningProvider';

/**
 * The custom-resource provider of `TuningJob`: one per stack and poll interval, with an
 * onEvent and an isComplete handler. Internal: not exported from the package.
 */
export class TuningJobProvider extends Construct {
  /** Whether `x` is a tuning-job provider (of any copy of the library: see ./brand.ts). */
  public static isTuningJobProvider(x: unknown): x is TuningJobProvider {
    return isBranded(x, 'TuningJobProvider');
  }

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
    const problem = pollIntervalProblem(options.pollInterval);
    if (!Number.isInteger(seconds) || problem) {
      throw new Error(problem ?? `pollInterval must be a whole number of seconds, got ${seconds} seconds`);
    }
    const id = seconds === DEFAULT_POLL_INTERVAL.toSeconds() ? BASE_ID : `${BASE_ID}${seconds}s`;
    const existing = stack.node.tryFindChild(id);
    if (existing) {
      if (!TuningJobProvider.isTuningJobProvider(existing)) {
        throw new Error(`The construct id "${id}" is reserved for the SageMaker tuning-job provider, but ${existing.node.path} uses it`);
      }
      return existing;
    }
    return new TuningJobProvider(stack, id, options);
  }

  /** The service token of the custom resource. */
  public readonly serviceToken: string;
  /** The onEvent handler (creates, replaces and stops jobs). */
  public readonly onEventHandler: lambda.Function;
  /** The isComplete handler (polls the job). */
  public readonly isCompleteHandler: lambda.Function;

  private readonly handlerRoles: iam.Role[];
  /** The statements on tuning jobs, all with the same resources (the stack's name pattern and fixed names). */
  private readonly jobStatements: iam.PolicyStatement[] = [];
  private readonly jobPatterns = new Set<string>();
  private passRoleStatement?: iam.PolicyStatement;
  private readonly passedRoles = new Set<string>();
  private trainingRolesGranted = false;

  private constructor(scope: Construct, id: string, options: TuningJobProviderOptions) {
    super(scope, id);
    brand(this, 'TuningJobProvider');
    // Each handler gets its own role (no AWS managed policy) and its own log group, with a
    // retention, that the role may write to and nothing else.
    // Both run the library's one handler bundle (one asset); the environment picks the handler.
    const onEvent = handlerRoleAndLogGroup(this, 'OnEvent');
    this.onEventHandler = new MainFunction(this, 'OnEvent', {
      description: 'cdk-sagemaker-tuning: starts, replaces and stops SageMaker hyperparameter tuning jobs',
      memorySize: 256,
      timeout: Duration.minutes(2),
      environment: { [HANDLER_KIND_ENV]: HandlerKind.ON_EVENT },
      ...onEvent,
    });
    const isComplete = handlerRoleAndLogGroup(this, 'IsComplete');
    this.isCompleteHandler = new MainFunction(this, 'IsComplete', {
      description: 'cdk-sagemaker-tuning: polls SageMaker hyperparameter tuning jobs',
      memorySize: 256,
      timeout: Duration.minutes(1),
      environment: { [HANDLER_KIND_ENV]: HandlerKind.IS_COMPLETE },
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
    this.node.addValidation({ validate: () => this.checkPolicySize() });
  }

  /**
   * Fixed job names and roles given by ARN are the only entries of the handlers' policies that
   * grow with the jobs: fail at synth, naming the way out, before the policy passes IAM's limit.
   */
  private checkPolicySize(): string[] {
    const fixed = [...this.jobPatterns].filter(p => !p.endsWith('*')).length;
    const roles = this.passedRoles.size - (this.trainingRolesGranted ? 1 : 0);
    const estimate = ON_EVENT_POLICY_BASE + fixed * FIXED_NAME_CHARS + roles * EXPLICIT_ROLE_CHARS;
    if (estimate <= ROLE_INLINE_LIMIT) {
      return [];
    }
    return [`the onEvent handler's policy would list ${fixed} fixed tuning-job names (tuningJobName) and ${roles} training roles given by ARN: `
      + `about ${estimate} characters with realistic ARNs, but IAM allows a role ${ROLE_INLINE_LIMIT} characters of inline policy. `
      + 'Let the library name the jobs (one name pattern covers every generated name of the stack), let the definitions create their training roles '
      + '(one path covers them) or share fewer roles, or put some of the tuning jobs in another stack.'];
  }

  /**
   * Allow the handlers their actions (`HANDLER_ACTIONS`) on the tuning jobs whose names match
   * `namePattern` (lower case: SageMaker ARNs are; the stack's generated names `<stack part>-*`,
   * or a user-fixed name), under the stack-tag conditions. Idempotent; every pattern is one
   * more resource of the same statements, so the policies grow with the fixed names only.
   */
  public grantTuningJob(namePattern: string): void {
    if (this.jobPatterns.has(namePattern)) {
      return;
    }
    const arn = `arn:${Aws.PARTITION}:sagemaker:${Aws.REGION}:${Aws.ACCOUNT_ID}:hyper-parameter-tuning-job/${namePattern}`;
    if (this.jobStatements.length === 0) {
      const handlers: Array<[lambda.Function, { create: string[]; existing: string[] }]> = [
        [this.onEventHandler, HANDLER_ACTIONS.onEvent],
        [this.isCompleteHandler, HANDLER_ACTIONS.isComplete],
      ];
      const stackTag = `aws:ResourceTag/${STACK_TAG}`;
      for (const [fn, actions] of handlers) {
        if (actions.create.length > 0) {
          this.jobStatements.push(new iam.PolicyStatement({
            actions: [...actions.create],
            resources: [arn],
            conditions: {
              StringEquals: { [`aws:RequestTag/${STACK_TAG}`]: Aws.STACK_ID },
              StringEqualsIfExists: { [stackTag]: Aws.STACK_ID },
            },
          }));
          fn.addToRolePolicy(this.jobStatements[this.jobStatements.length - 1]);
        }
        this.jobStatements.push(new iam.PolicyStatement({
          actions: [...actions.existing],
          resources: [arn],
          conditions: { StringEquals: { [stackTag]: Aws.STACK_ID } },
        }));
        fn.addToRolePolicy(this.jobStatements[this.jobStatements.length - 1]);
      }
    } else {
      this.jobStatements.forEach(s => s.addResources(arn));
    }
    this.jobPatterns.add(namePattern);
    acknowledgeHandlerRoles(this.handlerRoles, { kind: 'tuning-jobs', handler: 'provider', arn, namePattern });
  }

  /**
   * Allow the onEvent handler (the only one that creates jobs) to pass `role` to SageMaker
   * (`iam:PassRole` with `iam:PassedToService` sagemaker.amazonaws.com). A training role the
   * library created in this stack is covered by one pattern, its path
   * (`role/cdk-sagemaker-tuning/<stack name>/*`); any other role (given by the user, or from
   * another stack) is added by its ARN. Idempotent per role.
   */
  public grantPassRole(role: iam.IRole): void {
    if (TrainingRole.isTrainingRole(role) && Stack.of(role) === Stack.of(this)) {
      if (!this.trainingRolesGranted) {
        this.trainingRolesGranted = true;
        const pattern = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role${trainingRolePath(Stack.of(this).stackName)}*`;
        this.addPassRole(pattern);
        acknowledgeHandlerRoles([this.handlerRoles[0]], { kind: 'pass-training-roles', arn: pattern });
      }
      return;
    }
    this.addPassRole(role.roleArn);
  }

  private addPassRole(arn: string): void {
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
