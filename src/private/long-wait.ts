import { createHash } from 'crypto';
import {
  AspectPriority, Aspects, Aws, CfnWaitCondition, CfnWaitConditionHandle, CustomResource, Duration, Fn,
  IAspect, Lazy, Stack,
} from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { brand, isBranded } from './brand';
import { acknowledgeHandlerRoles, acknowledgeProviderFramework } from './nag-acknowledgments';
import { handlerRoleAndLogGroup } from './tuning-job-provider';
import { MainFunction } from '../handler/main-function';
import { HANDLER_KIND_ENV, HandlerKind } from '../shared/handler-kind';
import {
  deadlineSeconds, FINAL_TRAINING_JOB_STATUSES, ResultsProp, SAFETY_CHECK_MINUTES, SignalInput, SignalTrigger,
  TRAINING_JOB_STATE_CHANGE, TUNING_JOB_STATE_CHANGE, waitConditionTimeoutSeconds, WaitWindowAttr,
} from '../shared/long-wait';
import { STACK_TAG } from '../shared/ownership';

/** The resource type of the results custom resource. */
export const RESULTS_RESOURCE_TYPE = 'Custom::SageMakerTuningJobResults';

const INFRA_ID = 'SageMakerTuningLongWait';

/**
 * Property of a long wait's job resource: the fingerprint of its schedules (see
 * `LongWait.scheduleFingerprint`). The handlers ignore it; it only makes CloudFormation update
 * the job resource (a fresh wait window) whenever the schedules change.
 */
export const WAIT_SCHEDULES_PROP = 'WaitSchedules';

/**
 * What every long wait and every `TuningJobResults` of a stack share: the signal handler
 * (EventBridge target), the results handler behind its own provider (onEvent only: reading
 * a finished job never waits), and the role EventBridge Scheduler invokes the signal
 * handler with. One per stack, created on first use. Internal.
 */
export class LongWaitInfra extends Construct {
  /** The stack's instance, created on first use. */
  public static of(scope: Construct): LongWaitInfra {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(INFRA_ID);
    if (existing) {
      if (!isBranded(existing, 'LongWaitInfra')) {
        throw new Error(`The construct id "${INFRA_ID}" is reserved for the SageMaker tuning long-wait handlers, but ${existing.node.path} uses it`);
      }
      return existing as LongWaitInfra;
    }
    return new LongWaitInfra(stack, INFRA_ID);
  }

  /** Signals WaitConditions; logs progress. */
  public readonly signalHandler: MainFunction;
  /** Reads finished jobs' results. */
  public readonly resultsHandler: MainFunction;
  /** Service token of the results custom resource. */
  public readonly resultsServiceToken: string;
  /** The role EventBridge Scheduler invokes the signal handler with. */
  public readonly schedulerRole: iam.Role;

  private readonly signalStatement: iam.PolicyStatement;
  private readonly resultsStatement: iam.PolicyStatement;
  private readonly signalPatterns = new Set<string>();
  private readonly resultsPatterns = new Set<string>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    brand(this, 'LongWaitInfra');
    const signal = handlerRoleAndLogGroup(this, 'Signal');
    this.signalHandler = new MainFunction(this, 'Signal', {
      environment: { [HANDLER_KIND_ENV]: HandlerKind.SIGNAL },
      description: 'cdk-sagemaker-tuning: signals the WaitCondition of a long-running SageMaker tuning job and logs its progress',
      memorySize: 256,
      // Describe (SDK retries) + Stop at the deadline + the signal PUT (4 attempts of at most 10 s).
      timeout: Duration.minutes(2),
      ...signal,
    });
    const results = handlerRoleAndLogGroup(this, 'Results');
    this.resultsHandler = new MainFunction(this, 'Results', {
      environment: { [HANDLER_KIND_ENV]: HandlerKind.RESULTS },
      description: 'cdk-sagemaker-tuning: reads the best training job of a finished SageMaker tuning job',
      memorySize: 256,
      timeout: Duration.minutes(1),
      ...results,
    });
    const provider = new cr.Provider(this, 'ResultsProvider', { onEventHandler: this.resultsHandler });
    this.resultsServiceToken = provider.serviceToken;
    acknowledgeProviderFramework(provider, [this.resultsHandler]);

    // Only the jobs this stack's handler created (it tags them with the stack id): the name
    // pattern is the stack's, which another stack with a similar name may share.
    this.signalStatement = new iam.PolicyStatement({
      actions: ['sagemaker:DescribeHyperParameterTuningJob', 'sagemaker:StopHyperParameterTuningJob'],
      conditions: { StringEquals: { [`aws:ResourceTag/${STACK_TAG}`]: Aws.STACK_ID } },
    });
    this.resultsStatement = new iam.PolicyStatement({ actions: ['sagemaker:DescribeHyperParameterTuningJob'] });

    this.schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: `cdk-sagemaker-tuning: EventBridge Scheduler runs the long-wait signal handler of ${this.node.path}`,
    });
    this.schedulerRole.addToPolicy(new iam.PolicyStatement({
      actions: ['lambda:InvokeFunction'],
      resources: [this.signalHandler.functionArn],
    }));
  }

  /**
   * The signal handler may describe and stop (at the deadline) the tuning jobs whose names
   * match `namePattern` (lower case, e.g. `mystack-tuning-*`); nothing else.
   */
  public grantSignal(namePattern: string): void {
    this.grant(this.signalHandler, this.signalStatement, this.signalPatterns, namePattern, 'signal');
  }

  /** The results handler may describe the tuning jobs whose names match `namePattern`; nothing else. */
  public grantResults(namePattern: string): void {
    this.grant(this.resultsHandler, this.resultsStatement, this.resultsPatterns, namePattern, 'results');
  }

  private grant(fn: MainFunction, statement: iam.PolicyStatement, patterns: Set<string>,
    namePattern: string, handler: 'signal' | 'results'): void {
    if (patterns.has(namePattern)) {
      return;
    }
    const arn = `arn:${Aws.PARTITION}:sagemaker:${Aws.REGION}:${Aws.ACCOUNT_ID}:hyper-parameter-tuning-job/${namePattern}`;
    statement.addResources(arn);
    if (patterns.size === 0) {
      fn.addToRolePolicy(statement);
    }
    patterns.add(namePattern);
    if (fn.role) {
      acknowledgeHandlerRoles([fn.role], { kind: 'tuning-jobs', handler, arn, namePattern });
    }
  }
}

/** Properties of a `LongWait`. */
export interface LongWaitProps {
  /** The job custom resource (detached: complete once the job runs; its Data has the wait window). */
  readonly job: CustomResource;
  /** The job's name (the job resource's Ref). */
  readonly jobName: string;
  /** The job's ARN (an attribute of the job resource). */
  readonly jobArn: string;
  /** The IAM name pattern of the job (`<prefix>-*` or the fixed name, lower case). */
  readonly jobNamePattern: string;
  /** How long the deployment waits, in seconds (56 min to 12 h). */
  readonly waitTimeoutSeconds: number;
  /** What identifies the job: a change replaces it, so the wait needs a new handle and condition. Called at synth. */
  readonly identity: () => unknown;
  /** The hyperparameter names whose `BestHyperParameter.<name>` attributes are read. Called at synth. */
  readonly hyperParameterNames: () => string[];
}

/**
 * A tuning job's wait of more than an hour (docs/LIFECYCLE.md, "Waiting longer than an
 * hour"): EventBridge rules on the job's and its training jobs' state changes, an hourly
 * safety check and a one-time deadline schedule run the signal handler, which signals a
 * WaitCondition; a results resource after the WaitCondition reads the best training job.
 *
 * The handle and the condition cannot be updated, so their logical ids carry a hash of the
 * job's identity and the wait: every new job (and every new wait) gets new ones. They are
 * added by an aspect, once the job's request is complete.
 */
export class LongWait extends Construct {
  /** The results custom resource (the best-job attributes). */
  public readonly results: CustomResource;
  /** The rule on the tuning job's state changes. */
  public readonly tuningJobRule: events.Rule;
  /** The rule on its training jobs' final states (progress lines). */
  public readonly trainingJobRule: events.Rule;
  /** The hourly safety check. */
  public readonly safetyCheck: scheduler.CfnSchedule;
  /** The one-time check at the deadline. */
  public readonly deadlineCheck: scheduler.CfnSchedule;

  private readonly scheduleDefinitions: unknown[];
  private handle?: CfnWaitConditionHandle;
  private condition?: CfnWaitCondition;
  private readonly props: LongWaitProps;

  constructor(scope: Construct, id: string, props: LongWaitProps) {
    super(scope, id);
    this.props = props;
    const infra = LongWaitInfra.of(this);
    infra.grantSignal(props.jobNamePattern);
    infra.grantResults(props.jobNamePattern);

    const handleUrl = Lazy.string({ produce: () => this.materialized().handle.ref });
    const deadline = String(deadlineSeconds(props.waitTimeoutSeconds));
    const input = (trigger: string, extra: Record<string, string> = {}) => ({
      [SignalInput.TRIGGER]: trigger,
      [SignalInput.HANDLE_URL]: handleUrl,
      [SignalInput.JOB_NAME]: props.jobName,
      [SignalInput.DEADLINE_SECONDS]: deadline,
      ...extra,
    });

    // The rules match the job by its name / ARN, which the job resource returns once it
    // started the job: they are created after it (Ref / GetAtt).
    this.tuningJobRule = new events.Rule(this, 'TuningJobEvents', {
      description: 'cdk-sagemaker-tuning: state changes of a tuning job the deployment waits for',
      eventPattern: {
        source: ['aws.sagemaker'],
        detailType: [TUNING_JOB_STATE_CHANGE],
        detail: { HyperParameterTuningJobName: [props.jobName] },
      },
    });
    this.tuningJobRule.addTarget(new targets.LambdaFunction(infra.signalHandler, {
      event: events.RuleTargetInput.fromObject(input(SignalTrigger.TUNING_JOB_EVENT)),
    }));
    this.trainingJobRule = new events.Rule(this, 'TrainingJobEvents', {
      description: 'cdk-sagemaker-tuning: training jobs that end, of a tuning job the deployment waits for (progress)',
      eventPattern: {
        source: ['aws.sagemaker'],
        detailType: [TRAINING_JOB_STATE_CHANGE],
        detail: { TuningJobArn: [props.jobArn], TrainingJobStatus: FINAL_TRAINING_JOB_STATUSES },
      },
    });
    this.trainingJobRule.addTarget(new targets.LambdaFunction(infra.signalHandler, {
      event: events.RuleTargetInput.fromObject(input(SignalTrigger.TRAINING_JOB_EVENT, {
        [SignalInput.TRAINING_JOB_NAME]: events.EventField.fromPath('$.detail.TrainingJobName'),
        [SignalInput.TRAINING_JOB_STATUS]: events.EventField.fromPath('$.detail.TrainingJobStatus'),
      })),
    }));

    // Schedules end at the deadline (the job resource's Data): nothing runs once the wait is over.
    const target = (trigger: string): scheduler.CfnSchedule.TargetProperty => ({
      arn: infra.signalHandler.functionArn,
      roleArn: infra.schedulerRole.roleArn,
      input: Stack.of(this).toJsonString(input(trigger)),
      retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 900 },
    });
    // Everything but the window, which comes from the job resource (see `scheduleFingerprint`).
    const safety = {
      description: 'cdk-sagemaker-tuning: hourly check of a tuning job the deployment waits for, in case an event was lost',
      scheduleExpression: `rate(${SAFETY_CHECK_MINUTES} minutes)`,
      flexibleTimeWindow: { mode: 'OFF' },
      target: target(SignalTrigger.SAFETY_CHECK),
    };
    const once = {
      description: 'cdk-sagemaker-tuning: stops a tuning job still running when the deployment stops waiting',
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: target(SignalTrigger.DEADLINE),
    };
    this.scheduleDefinitions = [safety, once];
    this.safetyCheck = new scheduler.CfnSchedule(this, 'SafetyCheck', {
      ...safety,
      endDate: props.job.getAttString(WaitWindowAttr.DEADLINE),
    });
    this.deadlineCheck = new scheduler.CfnSchedule(this, 'DeadlineCheck', {
      ...once,
      scheduleExpression: Fn.join('', ['at(', props.job.getAttString(WaitWindowAttr.DEADLINE_AT), ')']),
    });

    this.results = new CustomResource(this, 'Results', {
      serviceToken: infra.resultsServiceToken,
      resourceType: RESULTS_RESOURCE_TYPE,
      properties: {
        [ResultsProp.JOB_NAME]: props.jobName,
        [ResultsProp.HYPERPARAMETERS]: Lazy.string({ produce: () => JSON.stringify(props.hyperParameterNames()) }),
        [ResultsProp.REPORT_UNFINISHED_ON_UPDATE]: 'true',
        [ResultsProp.WAIT_CONDITION]: Lazy.string({ produce: () => this.materialized().condition.ref }),
      },
    });

    const self = this;
    const aspect: IAspect = {
      visit(node: IConstruct) {
        if (node === self) {
          self.materialized();
        }
      },
    };
    // After the tag aspects (MUTATING): the job's tags are part of its identity.
    Aspects.of(this).add(aspect, { priority: AspectPriority.DEFAULT });
  }

  /**
   * A hash of the schedules without their window. The job resource carries it as a property:
   * a deployment that changes the schedules (a new library version) also updates the job
   * resource, whose Data then holds a fresh window, so that CloudFormation never updates a
   * schedule to an end date or a one-time date in the past. Called at synth.
   */
  public scheduleFingerprint(): string {
    const resolved = JSON.stringify(Stack.of(this).resolve(this.scheduleDefinitions));
    return createHash('sha256').update(resolved).digest('hex').slice(0, 16);
  }

  /** The handle and the condition, under ids derived from the job's identity and the wait. */
  private materialized(): { handle: CfnWaitConditionHandle; condition: CfnWaitCondition } {
    if (!this.handle || !this.condition) {
      const stack = Stack.of(this);
      const identity = JSON.stringify(stack.resolve({ job: this.props.identity(), wait: this.props.waitTimeoutSeconds }));
      const hash = createHash('sha256').update(identity).digest('hex').slice(0, 8).toUpperCase();
      this.handle = new CfnWaitConditionHandle(this, `Handle${hash}`);
      this.condition = new CfnWaitCondition(this, `Condition${hash}`, {
        handle: this.handle.ref,
        timeout: String(waitConditionTimeoutSeconds(this.props.waitTimeoutSeconds)),
        count: 1,
      });
      // Wait once everything that may signal exists. (The results resource refers to the
      // condition: it comes after the wait, and every new wait updates it.)
      for (const dep of [this.props.job, this.tuningJobRule, this.trainingJobRule, this.safetyCheck, this.deadlineCheck]) {
        this.condition.node.addDependency(dep);
      }
    }
    return { handle: this.handle, condition: this.condition };
  }
}
