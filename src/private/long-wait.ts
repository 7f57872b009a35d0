import { createHash } from 'crypto';
import {
  AspectPriority, Aspects, Aws, CfnWaitCondition, CfnWaitConditionHandle, CustomResource, Duration, Fn,
  IAspect, Lazy, Stack, Token,
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
import { MAX_PREFIX_LENGTH, NAME_SUFFIX_LENGTH } from '../shared/job-name-prefix';
import {
  FINAL_TRAINING_JOB_STATUSES, ResultsProp, SAFETY_CHECK_MINUTES, SIGNAL_STACK_ID_ENV, SignalInput, SignalTrigger,
  TRAINING_JOB_STATE_CHANGE, TUNING_JOB_STATE_CHANGE, waitConditionLogicalId, waitConditionTimeoutSeconds, waitHandleLogicalId, WaitWindowAttr,
} from '../shared/long-wait';
import { STACK_TAG } from '../shared/ownership';

/** The resource type of the results custom resource. */
export const RESULTS_RESOURCE_TYPE = 'Custom::SageMakerTuningJobResults';

const INFRA_ID = 'SageMakerTuningLongWait';

/**
 * EventBridge's default quota on the size of an event pattern, in characters (Amazon
 * EventBridge User Guide, "Amazon EventBridge quotas", https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html:
 * "Event pattern size", 2,048, adjustable). The stack's rules list every fixed name of its
 * long waits: synth fails before a pattern outgrows it.
 */
export const EVENT_PATTERN_MAX_CHARS = 2048;

/** The longest values the pattern's tokens can take (partition, region, account, a fixed name). */
const LONGEST = { partition: 'aws-us-gov', region: 'ap-southeast-5', account: '123456789012', name: 'x'.repeat(MAX_PREFIX_LENGTH + 1 + NAME_SUFFIX_LENGTH) }; // (the longest name SageMaker takes)

/** The ARN of a tuning job without its name. */
function jobArnBase(partition: string, region: string, account: string): string {
  return `arn:${partition}:sagemaker:${region}:${account}:hyper-parameter-tuning-job/`;
}

/**
 * The stack's two event patterns: the state changes of the tuning jobs whose names start
 * with the stack's prefix or are one of its fixed names, and the final states of their
 * training jobs (matched by the tuning job's ARN, which carries the name in lower case).
 */
function eventPatterns(stackPrefix: string, fixedNames: string[], arnBase: string, lower: (name: string) => string | undefined) {
  return {
    tuning: {
      'source': ['aws.sagemaker'],
      'detail-type': [TUNING_JOB_STATE_CHANGE],
      'detail': { HyperParameterTuningJobName: [{ prefix: `${stackPrefix}-` }, ...fixedNames] },
    },
    training: {
      'source': ['aws.sagemaker'],
      'detail-type': [TRAINING_JOB_STATE_CHANGE],
      'detail': {
        TuningJobArn: [{ prefix: `${arnBase}${stackPrefix}-` }, ...fixedNames.map(name => {
          const l = lower(name);
          return l === undefined ? { suffix: { 'equals-ignore-case': `/${name}` } } : { suffix: `/${l}` };
        })],
        TrainingJobStatus: FINAL_TRAINING_JOB_STATUSES,
      },
    },
  };
}

/** The size (characters of compact JSON) of the stack's largest event pattern, with every token at its longest. */
export function largestEventPattern(stackPrefix: string, fixedNames: string[]): number {
  const names = fixedNames.map(n => Token.isUnresolved(n) ? LONGEST.name : n);
  const p = eventPatterns(stackPrefix, names, jobArnBase(LONGEST.partition, LONGEST.region, LONGEST.account), n => n.toLowerCase());
  return Math.max(JSON.stringify(p.tuning).length, JSON.stringify(p.training).length);
}

/**
 * Property of a long wait's job resource: the fingerprint of its schedules (see
 * `LongWait.scheduleFingerprint`). The handlers ignore it; it only makes CloudFormation update
 * the job resource (a fresh wait window) whenever the schedules change.
 */
export const WAIT_SCHEDULES_PROP = 'WaitSchedules';

/**
 * What every long wait and every `TuningJobResults` of a stack share: the signal handler,
 * the results handler behind its own provider (onEvent only: reading a finished job never
 * waits), and the role EventBridge Scheduler invokes the signal handler with. With the first
 * long wait (`enableWaits`) also the stack's two EventBridge rules (its jobs' state changes,
 * their training jobs' final states) and the hourly safety check. One per stack, created on
 * first use. Internal.
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
  private waits?: { tuningJobRule: events.Rule; trainingJobRule: events.Rule; safetyCheck: scheduler.CfnSchedule };
  private waitPrefix?: string;
  private readonly fixedNames: string[] = [];

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    brand(this, 'LongWaitInfra');
    const signal = handlerRoleAndLogGroup(this, 'Signal');
    this.signalHandler = new MainFunction(this, 'Signal', {
      environment: { [HANDLER_KIND_ENV]: HandlerKind.SIGNAL, [SIGNAL_STACK_ID_ENV]: Aws.STACK_ID },
      description: 'cdk-sagemaker-tuning: signals the WaitConditions of the long-running SageMaker tuning jobs of this stack and logs their progress',
      memorySize: 256,
      // Describe, ListTags and DescribeStackResource (SDK retries) + Stop at the deadline + the
      // signal PUT (4 attempts of at most 10 s); the safety check does that for each wait in progress.
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
      actions: ['sagemaker:DescribeHyperParameterTuningJob', 'sagemaker:ListTags', 'sagemaker:StopHyperParameterTuningJob'],
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
   * The stack's rules and safety check, created with the first long wait: `stackPrefix` is the
   * stack part of its generated job names (the same for every job of the stack), `fixedName`
   * the job's `tuningJobName`, if any.
   */
  public enableWaits(stackPrefix: string, fixedName?: string): { tuningJobRule: events.Rule; trainingJobRule: events.Rule } {
    if (fixedName !== undefined && !this.fixedNames.includes(fixedName)) {
      this.fixedNames.push(fixedName);
    }
    if (this.waits) {
      return this.waits;
    }
    this.waitPrefix = stackPrefix;
    // (built when the template is written: every fixed name of the stack by then)
    const patterns = () => eventPatterns(stackPrefix, this.fixedNames, jobArnBase(Aws.PARTITION, Aws.REGION, Aws.ACCOUNT_ID),
      name => Token.isUnresolved(name) ? undefined : name.toLowerCase());
    const fixed = patterns();
    const lazy = (produce: () => unknown) => Lazy.any({ produce }) as unknown as any[];
    const tuningJobRule = new events.Rule(this, 'TuningJobEvents', {
      description: 'cdk-sagemaker-tuning: state changes of the tuning jobs of this stack (those of long waits signal their WaitCondition)',
      eventPattern: {
        source: fixed.tuning.source,
        detailType: fixed.tuning['detail-type'],
        detail: { HyperParameterTuningJobName: lazy(() => patterns().tuning.detail.HyperParameterTuningJobName) },
      },
    });
    tuningJobRule.addTarget(new targets.LambdaFunction(this.signalHandler, {
      event: events.RuleTargetInput.fromObject({
        [SignalInput.TRIGGER]: SignalTrigger.TUNING_JOB_EVENT,
        [SignalInput.JOB_NAME]: events.EventField.fromPath('$.detail.HyperParameterTuningJobName'),
      }),
    }));
    const trainingJobRule = new events.Rule(this, 'TrainingJobEvents', {
      description: 'cdk-sagemaker-tuning: training jobs that end, of the tuning jobs of this stack (progress of the long waits)',
      eventPattern: {
        source: fixed.training.source,
        detailType: fixed.training['detail-type'],
        detail: {
          TuningJobArn: lazy(() => patterns().training.detail.TuningJobArn),
          TrainingJobStatus: FINAL_TRAINING_JOB_STATUSES,
        },
      },
    });
    trainingJobRule.addTarget(new targets.LambdaFunction(this.signalHandler, {
      event: events.RuleTargetInput.fromObject({
        [SignalInput.TRIGGER]: SignalTrigger.TRAINING_JOB_EVENT,
        [SignalInput.JOB_ARN]: events.EventField.fromPath('$.detail.TuningJobArn'),
        [SignalInput.TRAINING_JOB_NAME]: events.EventField.fromPath('$.detail.TrainingJobName'),
        [SignalInput.TRAINING_JOB_STATUS]: events.EventField.fromPath('$.detail.TrainingJobStatus'),
      }),
    }));
    const safetyCheck = new scheduler.CfnSchedule(this, 'SafetyCheck', {
      description: 'cdk-sagemaker-tuning: hourly check of the waits of this stack in progress, in case an event was lost or came early',
      scheduleExpression: `rate(${SAFETY_CHECK_MINUTES} minutes)`,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: this.signalHandler.functionArn,
        roleArn: this.schedulerRole.roleArn,
        input: JSON.stringify({ [SignalInput.TRIGGER]: SignalTrigger.SAFETY_CHECK }),
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 900 },
      },
    });
    // The handle's URL (DescribeStackResource) and the safety check's view (ListStackResources): this stack only.
    this.signalHandler.addToRolePolicy(new iam.PolicyStatement({
      actions: ['cloudformation:DescribeStackResource', 'cloudformation:ListStackResources'],
      resources: [Aws.STACK_ID],
    }));
    this.node.addValidation({ validate: () => this.validatePatterns() });
    this.waits = { tuningJobRule, trainingJobRule, safetyCheck };
    return this.waits;
  }

  /**
   * The signal handler may describe, read the tags of and stop (at the deadline) the tuning
   * jobs of this stack whose names match `namePattern` (lower case, e.g. `mystack-*`); nothing else.
   */
  public grantSignal(namePattern: string): void {
    this.grant(this.signalHandler, this.signalStatement, this.signalPatterns, namePattern, 'signal');
  }

  /** The results handler may describe the tuning jobs whose names match `namePattern`; nothing else. */
  public grantResults(namePattern: string): void {
    this.grant(this.resultsHandler, this.resultsStatement, this.resultsPatterns, namePattern, 'results');
  }

  private validatePatterns(): string[] {
    const size = largestEventPattern(this.waitPrefix!, this.fixedNames);
    if (size <= EVENT_PATTERN_MAX_CHARS) {
      return [];
    }
    return ['the stack\'s EventBridge rules for the tuning jobs that wait more than 55 minutes list every fixed tuningJobName of them '
      + `(${this.fixedNames.length}): their event pattern would be up to ${size} characters, but EventBridge takes at most ${EVENT_PATTERN_MAX_CHARS} `
      + '(its default quota "Event pattern size"). Let the library name some of these jobs (remove tuningJobName: one prefix covers every generated name), '
      + 'put some of them in another stack, or give them a waitTimeout of at most 55 minutes (polled: no rule)'];
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
  /** The IAM name pattern of the job (`<stack prefix>-*` or the fixed name, lower case). */
  readonly jobNamePattern: string;
  /** The stack part of generated job names (`stackNamePrefix`). */
  readonly stackPrefix: string;
  /** The user's fixed `tuningJobName`, if any. */
  readonly fixedName?: string;
  /** How long the deployment waits, in seconds (56 min to 12 h). */
  readonly waitTimeoutSeconds: number;
  /** What identifies the job: a change replaces it, so the wait needs a new handle and condition. Called at synth. */
  readonly identity: () => unknown;
  /** The hyperparameter names whose `BestHyperParameter.<name>` attributes are read. Called at synth. */
  readonly hyperParameterNames: () => string[];
}

/**
 * A tuning job's wait of more than an hour (docs/LIFECYCLE.md, "Waiting longer than an
 * hour"): the stack's EventBridge rules and hourly safety check (`LongWaitInfra`) and this
 * wait's one-time deadline schedule run the signal handler, which signals this wait's
 * WaitCondition; a results resource after the WaitCondition reads the best training job.
 *
 * The handle and the condition cannot be updated, so their logical ids carry the wait key, a
 * hash of the job's construct path, identity and wait: every new job (and every new wait) gets
 * new ones. The job resource passes the key to its handler, which tags the job with it: the
 * signal handler finds the handle by it. They are added by an aspect, once the job's request
 * is complete.
 */
export class LongWait extends Construct {
  /** The results custom resource (the best-job attributes). */
  public readonly results: CustomResource;
  /** The one-time check at the deadline. */
  public readonly deadlineCheck: scheduler.CfnSchedule;

  private readonly scheduleDefinitions: unknown[];
  private handle?: CfnWaitConditionHandle;
  private condition?: CfnWaitCondition;
  private key?: string;
  private readonly props: LongWaitProps;

  constructor(scope: Construct, id: string, props: LongWaitProps) {
    super(scope, id);
    this.props = props;
    const infra = LongWaitInfra.of(this);
    infra.grantSignal(props.jobNamePattern);
    infra.grantResults(props.jobNamePattern);
    const rules = infra.enableWaits(props.stackPrefix, props.fixedName);
    // The rules exist before the job starts: even its first events reach the handler.
    props.job.node.addDependency(rules.tuningJobRule, rules.trainingJobRule);

    // The deadline schedule ends the wait: it names the job and the wait (never the handle's URL).
    const once = {
      description: 'cdk-sagemaker-tuning: stops a tuning job still running when the deployment stops waiting',
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: infra.signalHandler.functionArn,
        roleArn: infra.schedulerRole.roleArn,
        input: Stack.of(this).toJsonString({
          [SignalInput.TRIGGER]: SignalTrigger.DEADLINE,
          [SignalInput.JOB_NAME]: props.jobName,
          [SignalInput.WAIT_KEY]: Lazy.string({ produce: () => this.waitKey() }),
        }),
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 900 },
      },
    };
    this.scheduleDefinitions = [once];
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
   * The wait key (16 upper-case hex digits): the job resource's `LongWait` property, the
   * job's `WAIT_TAG`, and the logical ids of the handle and the condition. Called at synth.
   */
  public waitKey(): string {
    if (this.key === undefined) {
      const identity = JSON.stringify(Stack.of(this).resolve({
        path: this.node.path, job: this.props.identity(), wait: this.props.waitTimeoutSeconds,
      }));
      this.key = createHash('sha256').update(identity).digest('hex').slice(0, 16).toUpperCase();
    }
    return this.key;
  }

  /**
   * A hash of the deadline schedule without its time. The job resource carries it as a
   * property: a deployment that changes the schedule (a new library version) also updates the
   * job resource, whose Data then holds a fresh window, so that CloudFormation never updates a
   * one-time schedule to a date in the past. Called at synth.
   */
  public scheduleFingerprint(): string {
    const resolved = JSON.stringify(Stack.of(this).resolve(this.scheduleDefinitions));
    return createHash('sha256').update(resolved).digest('hex').slice(0, 16);
  }

  /** The handle and the condition, under logical ids derived from the wait key. */
  private materialized(): { handle: CfnWaitConditionHandle; condition: CfnWaitCondition } {
    if (!this.handle || !this.condition) {
      const key = this.waitKey();
      this.handle = new CfnWaitConditionHandle(this, 'Handle');
      this.handle.overrideLogicalId(waitHandleLogicalId(key));
      this.condition = new CfnWaitCondition(this, 'Condition', {
        handle: this.handle.ref,
        timeout: String(waitConditionTimeoutSeconds(this.props.waitTimeoutSeconds)),
        count: 1,
      });
      this.condition.overrideLogicalId(waitConditionLogicalId(key));
      // The handle exists before the job starts (the handler may signal as soon as it ends);
      // the wait starts once everything that may signal exists. (The results resource refers
      // to the condition: it comes after the wait, and every new wait updates it.)
      this.props.job.node.addDependency(this.handle);
      for (const dep of [this.props.job, this.deadlineCheck]) {
        this.condition.node.addDependency(dep);
      }
    }
    return { handle: this.handle, condition: this.condition };
  }
}
