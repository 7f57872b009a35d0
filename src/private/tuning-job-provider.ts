import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { IsCompleteFunction } from '../handler/is-complete-function';
import { OnEventFunction } from '../handler/on-event-function';

/** Options of `TuningJobProvider.getOrCreate`. */
export interface TuningJobProviderOptions {
  /** How often isComplete polls the job. */
  readonly pollInterval: Duration;
}

/**
 * The SageMaker actions the handlers call. Creating a job with tags needs `AddTags`;
 * `ListTags` lets a retried create recognise its own job.
 */
export const TUNING_JOB_ACTIONS = [
  'sagemaker:CreateHyperParameterTuningJob',
  'sagemaker:DescribeHyperParameterTuningJob',
  'sagemaker:StopHyperParameterTuningJob',
  'sagemaker:AddTags',
  'sagemaker:ListTags',
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

  private readonly jobStatements: iam.PolicyStatement[] = [];
  private readonly jobPatterns = new Set<string>();
  private passRoleStatement?: iam.PolicyStatement;
  private readonly passedRoles = new Set<string>();

  private constructor(scope: Construct, id: string, options: TuningJobProviderOptions) {
    super(scope, id);
    this.onEventHandler = new OnEventFunction(this, 'OnEvent', {
      description: 'cdk-sagemaker-tuning: starts, replaces and stops SageMaker hyperparameter tuning jobs',
      memorySize: 256,
      timeout: Duration.minutes(2),
    });
    this.isCompleteHandler = new IsCompleteFunction(this, 'IsComplete', {
      description: 'cdk-sagemaker-tuning: polls SageMaker hyperparameter tuning jobs',
      memorySize: 256,
      timeout: Duration.minutes(1),
    });
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.onEventHandler,
      isCompleteHandler: this.isCompleteHandler,
      queryInterval: options.pollInterval,
      totalTimeout: providerTotalTimeout(options.pollInterval),
    });
    this.serviceToken = provider.serviceToken;
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
