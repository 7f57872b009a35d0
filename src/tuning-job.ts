import {
  Arn, ArnFormat, CfnResource, CustomResource, Duration, IResource, ITaggable, Lazy, RemovalPolicy, Resource,
  Stack, TagManager, TagType, Token,
} from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { brand, isBranded } from './private/brand';
import { dropUndefined } from './private/drop-undefined';
import { LongWait, WAIT_SCHEDULES_PROP } from './private/long-wait';
import { responseSizeProblem } from './private/response-bound';
import { registerForStackLimits } from './private/stack-limits';
import { TrainingRole } from './private/training-role';
import { DEFAULT_POLL_INTERVAL, pollIntervalProblem, TuningJobProvider, waitProblems } from './private/tuning-job-provider';
import { defaultWaitSeconds, estimateWorstCase, hoursMinutes } from './private/wait-estimate';
import { Attr, ON_DEMAND_ATTRIBUTES, Prop } from './shared/contract';
import { jobNamePrefix, stackJobNamePattern, stackNamePrefix } from './shared/job-name-prefix';
import { MAX_POLLED_WAIT_SECONDS, MAX_WAIT_SECONDS, TUNING_JOB_RESOURCE_TYPE, TUNING_JOB_STATE_CHANGE, deadlineSeconds } from './shared/long-wait';
import { WireCreateRequest, WireTuningJobConfig } from './shared/wire';

import { TrainingJobDefinition } from './training-job-definition';
import { CompletionCriteria, ITuningJobRef, TuningObjective, TuningStrategy, WarmStart } from './tuning-config';
import {
  FixedNameJob, JobEntry, checkWarmStartParents, jobNameCollisions, validateAddedDefinition, validateTuningJobProps,
  validateTuningJobRequest,
} from './validation';
import { isToken } from './validation/core';
import { errorsOf, warn, warnFindings } from './validation/report';
import { assertNoPropProblems, wholeUnitProblems } from './validation/units';


/** `maxParallelTrainingJobs` when not given. */
const DEFAULT_MAX_PARALLEL_TRAINING_JOBS = 1;

/**
 * A SageMaker hyperparameter tuning job, created by this app or imported.
 */
export interface ITuningJob extends IResource, ITuningJobRef {
  /**
   * The tuning job's ARN.
   * @attribute
   */
  readonly tuningJobArn: string;

  /**
   * An EventBridge rule for this job's state changes.
   * @param id the rule's construct id
   * @param options rule options (target, description, ...)
   */
  onStateChange(id: string, options?: events.OnEventOptions): events.Rule;

  /**
   * An EventBridge rule for this job reaching a final state (Completed, Failed or Stopped).
   * @param id the rule's construct id
   * @param options rule options (target, description, ...)
   */
  onCompletion(id: string, options?: events.OnEventOptions): events.Rule;

  /**
   * Grants `grantee` the given SageMaker actions on this tuning job.
   * @param grantee the principal
   * @param actions the actions, e.g. 'sagemaker:DescribeHyperParameterTuningJob'
   */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;

  /**
   * Grants `grantee` the right to describe this job and list its training jobs.
   * @param grantee the principal
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;

  /**
   * Grants `grantee` the right to stop this job.
   * @param grantee the principal
   */
  grantStop(grantee: iam.IGrantable): iam.Grant;
}

abstract class TuningJobBase extends Resource implements ITuningJob {
  /** The tuning job's name. */
  public abstract readonly tuningJobName: string;
  /** The tuning job's ARN. */
  public abstract readonly tuningJobArn: string;

  /**
   * An EventBridge rule for this job's state changes.
   * @param id the rule's construct id
   * @param options rule options (target, description, ...)
   */
  public onStateChange(id: string, options: events.OnEventOptions = {}): events.Rule {
    const rule = new events.Rule(this, id, options);
    rule.addEventPattern({
      source: ['aws.sagemaker'],
      detailType: [TUNING_JOB_STATE_CHANGE],
      detail: { HyperParameterTuningJobName: [this.tuningJobName] },
    });
    rule.addTarget(options.target);
    return rule;
  }

  /**
   * An EventBridge rule for this job reaching a final state (Completed, Failed or Stopped).
   * @param id the rule's construct id
   * @param options rule options (target, description, ...)
   */
  public onCompletion(id: string, options: events.OnEventOptions = {}): events.Rule {
    const rule = this.onStateChange(id, options);
    rule.addEventPattern({ detail: { HyperParameterTuningJobStatus: ['Completed', 'Failed', 'Stopped'] } });
    return rule;
  }

  /**
   * Grants `grantee` the given SageMaker actions on this tuning job.
   * @param grantee the principal
   * @param actions the actions
   */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.tuningJobArn] });
  }

  /**
   * Grants `grantee` the right to describe this job and list its training jobs.
   * @param grantee the principal
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee,
      'sagemaker:DescribeHyperParameterTuningJob',
      'sagemaker:ListTrainingJobsForHyperParameterTuningJob',
      'sagemaker:ListTags');
  }

  /**
   * Grants `grantee` the right to stop this job.
   * @param grantee the principal
   */
  public grantStop(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'sagemaker:StopHyperParameterTuningJob');
  }
}

/** Properties of a `TuningJob`. */
export interface TuningJobProps {
  /**
   * The training-job definitions (1 to 10); more can be added with
   * `addTrainingJobDefinition`. One definition renders `TrainingJobDefinition`, several
   * render `TrainingJobDefinitions` (a multi-algorithm tuning job).
   * @default - none; add them with `addTrainingJobDefinition`
   */
  readonly trainingJobDefinitions?: TrainingJobDefinition[];

  /**
   * The metric to optimize. Required unless every definition has its own objective.
   * @default - each definition's own objective
   */
  readonly objective?: TuningObjective;

  /**
   * How hyperparameter values are chosen.
   * @default TuningStrategy.bayesian()
   */
  readonly strategy?: TuningStrategy;

  /**
   * The most training jobs the tuning job launches (including those of warm-start parents).
   * @default - SageMaker's default for the strategy (Grid: every combination)
   */
  readonly maxTrainingJobs?: number;

  /**
   * The most training jobs running at once.
   * @default 1
   */
  readonly maxParallelTrainingJobs?: number;

  /**
   * The longest the tuning job may run (2 minutes to 6 months).
   * @default - no limit beyond the training jobs'
   */
  readonly maxRuntime?: Duration;

  /**
   * Let SageMaker stop training jobs that are unlikely to beat the best one
   * (`TrainingJobEarlyStoppingType` Auto). Not with Hyperband.
   * @default false
   */
  readonly earlyStopping?: boolean;

  /**
   * When the tuning job may finish early.
   * @default - it runs until its training jobs are done
   */
  readonly completionCriteria?: CompletionCriteria;

  /**
   * A seed for the hyperparameter values chosen, for reproducible runs.
   * @default - none
   */
  readonly randomSeed?: number;

  /**
   * Start from the results of 1 to 5 finished tuning jobs.
   * @default - a cold start
   */
  readonly warmStart?: WarmStart;

  /**
   * Let SageMaker choose the ranges, strategy, limits and early stopping (automatic model
   * tuning's Autotune).
   * @default false
   */
  readonly autotune?: boolean;

  /**
   * Tags of the tuning job; SageMaker copies them to every training job it launches.
   * `Tags.of(scope).add()` adds to them.
   * @default - none
   */
  readonly tags?: { [key: string]: string };

  /**
   * The tuning job's name (1-32 characters: letters, digits and hyphens). A fixed name
   * cannot be replaced: any change to the job then fails until the name changes too.
   * @default - a name made of the stack and construct ids and a random suffix
   */
  readonly tuningJobName?: string;

  /**
   * Complete the deployment as soon as the job is running instead of when it finishes
   * (for jobs longer than the 12 hours a deployment can wait). The best-training-job
   * attributes are then unavailable: read them in a later deployment with
   * `TuningJobResults`, or use `onCompletion` to react to the end of the job.
   * @default false
   */
  readonly detached?: boolean;

  /**
   * How long the deployment waits for the job to finish: 1 minute to 12 hours. Up to 55
   * minutes the custom resource polls the job (CloudFormation gives a custom resource one
   * hour); longer waits are driven by SageMaker's EventBridge events and a CloudFormation
   * WaitCondition (see docs/LIFECYCLE.md, "Waiting longer than an hour"). A job still
   * running then is stopped and fails the deployment.
   * @default - the worst-case duration estimated from the limits (⌈maxTrainingJobs /
   * maxParallelTrainingJobs⌉ × the longest definition maxRuntime, capped by maxRuntime)
   * plus 25 %, in quarter hours: 50 minutes when that fits in 50 minutes, at most 12 hours,
   * and 12 hours when the limits do not bound the job. Estimated from the definitions given
   * to the constructor (not those added later with `addTrainingJobDefinition`)
   */
  readonly waitTimeout?: Duration;

  /**
   * How often the deployment checks the job when it polls (waits of at most 55 minutes):
   * 10 seconds to 15 minutes. Jobs with the same interval share one provider per stack.
   * @default Duration.minutes(1)
   */
  readonly pollInterval?: Duration;

  /**
   * What happens to the tuning job when it leaves the stack: DESTROY stops it if it is
   * still running, RETAIN leaves it running.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An Amazon SageMaker hyperparameter tuning job.
 *
 * The whole configuration is checked at synth time. At deploy time a custom resource
 * creates the job, waits for it (unless `detached`), fails the deployment with SageMaker's
 * reason if it fails, and exposes the best training job; removing it stops the job.
 *
 * @resource Custom::SageMakerTuningJob
 */
export class TuningJob extends TuningJobBase implements ITaggable {
  /**
   * Whether `x` is a `TuningJob` of this app, also when another copy of this library (e.g. a
   * second version in node_modules) created it, which `instanceof` does not recognize.
   *
   * @param x any value
   */
  public static isTuningJob(x: any): x is TuningJob {
    return isBranded(x, 'TuningJob');
  }

  /**
   * Imports a tuning job by name.
   * @param scope the scope
   * @param id the construct id
   * @param tuningJobName the job's name
   */
  public static fromTuningJobName(scope: Construct, id: string, tuningJobName: string): ITuningJob {
    const arn = Stack.of(scope).formatArn({
      service: 'sagemaker',
      resource: 'hyper-parameter-tuning-job',
      resourceName: Token.isUnresolved(tuningJobName) ? tuningJobName : tuningJobName.toLowerCase(),
    });
    return new ImportedTuningJob(scope, id, tuningJobName, arn);
  }

  /**
   * Imports a tuning job by ARN.
   * @param scope the scope
   * @param id the construct id
   * @param tuningJobArn the job's ARN (`arn:aws:sagemaker:<region>:<account>:hyper-parameter-tuning-job/<name>`)
   */
  public static fromTuningJobArn(scope: Construct, id: string, tuningJobArn: string): ITuningJob {
    const parts = Arn.split(tuningJobArn, ArnFormat.SLASH_RESOURCE_NAME);
    if (!Token.isUnresolved(tuningJobArn) && (parts.service !== 'sagemaker' || parts.resource !== 'hyper-parameter-tuning-job' || !parts.resourceName)) {
      throw new Error(`TuningJob.fromTuningJobArn: '${tuningJobArn}' is not a tuning job ARN (arn:<partition>:sagemaker:<region>:<account>:hyper-parameter-tuning-job/<name>)`);
    }
    return new ImportedTuningJob(scope, id, parts.resourceName!, tuningJobArn);
  }

  /**
   * The tuning job's name.
   * @attribute
   */
  public get tuningJobName(): string {
    // Read on first use (most stacks never read it): aws-cdk-lib records each attribute read.
    this.name ??= this.resource.ref;
    return this.name;
  }

  /**
   * The tuning job's ARN.
   * @attribute
   */
  public get tuningJobArn(): string {
    this.arn ??= this.resource.getAttString(Attr.JOB_ARN);
    return this.arn;
  }

  /** Tags of the tuning job. */
  public readonly tags: TagManager;
  /** Whether the deployment completes as soon as the job runs. */
  public readonly detached: boolean;
  /**
   * The most training jobs the tuning job launches.
   * @default - SageMaker's default for the strategy
   */
  public readonly maxTrainingJobs?: number;

  private readonly props: TuningJobProps;
  private name?: string;
  private arn?: string;
  private readonly definitions: TrainingJobDefinition[] = [];
  private readonly requestedHyperParameters = new Set<string>();
  /** Attributes the app reads: the handler returns only the on-demand ones among them. */
  private readonly readAttributes = new Set<string>();
  private readonly resource: CustomResource;
  private readonly provider: TuningJobProvider;
  private readonly strategy: TuningStrategy;
  private readonly waitTimeout?: Duration;
  /** The wait chosen at construction (0 when detached). */
  private readonly chosenWaitSeconds: number;
  private readonly longWait?: LongWait;
  /** The request as rendered for this synthesis (by the Request property or the validation, whichever comes first). */
  private rendered?: WireCreateRequest;

  /**
   * @param scope the construct scope
   * @param id the construct id
   * @param props the properties of the tuning job
   */
  constructor(scope: Construct, id: string, props: TuningJobProps = {}) {
    super(scope, id, { physicalName: props.tuningJobName });
    brand(this, 'TuningJob');
    this.props = props;
    this.detached = props.detached ?? false;
    this.maxTrainingJobs = props.maxTrainingJobs;
    this.strategy = props.strategy ?? TuningStrategy.bayesian();
    this.tags = new TagManager(TagType.KEY_VALUE, TUNING_JOB_RESOURCE_TYPE, props.tags);
    this.waitTimeout = props.waitTimeout;
    this.definitions.push(...props.trainingJobDefinitions ?? []);
    const pollInterval = props.pollInterval ?? DEFAULT_POLL_INTERVAL;

    // Every problem of the props, thrown together: whole units, the poll interval, the rules over
    // what the job received, and the wait (its default is estimated from the rendered request,
    // which needs whole units).
    const pollProblem = props.pollInterval ? pollIntervalProblem(props.pollInterval) : undefined;
    const unitProblems = [
      ...wholeUnitProblems([
        { prop: 'maxRuntime', apiField: 'HyperParameterTuningJobConfig.ResourceLimits.MaxRuntimeInSeconds', value: props.maxRuntime },
        { prop: 'pollInterval', value: props.pollInterval, concreteBecause: 'it sets how often the provider polls and how long it waits' },
        { prop: 'waitTimeout', value: props.waitTimeout, concreteBecause: this.detached ? undefined : 'it decides whether the deployment polls the job or waits for its events, and sets their timeouts' },
      ], []),
      ...(pollProblem ? [pollProblem] : []),
    ];
    const findings = validateTuningJobProps(this.entry(this.definitions.length));
    const waits = !this.detached && unitProblems.length === 0;
    const waitSeconds = waits ? this.waitSeconds() : 0;
    assertNoPropProblems(this.node.path, [
      ...unitProblems,
      ...errorsOf(findings),
      ...(waits ? waitProblems({ waitSeconds, defaulted: props.waitTimeout === undefined, pollInterval }) : []),
    ]);
    warnFindings(this, findings);
    this.provider = TuningJobProvider.getOrCreate(this, { pollInterval });

    // Generated names share the stack's prefix: one IAM pattern covers every job of the stack.
    const stack = Stack.of(this);
    const stackPrefix = stackNamePrefix(Token.isUnresolved(stack.stackName) ? undefined : stack.stackName);
    const prefix = jobNamePrefix(stackPrefix, this.node.id);
    const namePattern = props.tuningJobName !== undefined
      ? (Token.isUnresolved(props.tuningJobName) ? props.tuningJobName : props.tuningJobName.toLowerCase())
      : stackJobNamePattern(stackPrefix);
    this.provider.grantTuningJob(namePattern);

    // Waits of more than 55 minutes (the default for long jobs) do not poll: the job
    // resource completes once the job runs, and a LongWait waits for its events.
    this.chosenWaitSeconds = waitSeconds;
    const longWait = !this.detached && waitSeconds > MAX_POLLED_WAIT_SECONDS;
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.provider.serviceToken,
      resourceType: TUNING_JOB_RESOURCE_TYPE,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
      serviceTimeout: Duration.seconds(Math.min(3600,
        (this.detached || longWait ? 600 : waitSeconds) + 2 * pollInterval.toSeconds() + 120)),
      properties: {
        [Prop.REQUEST]: Lazy.string({ produce: () => Stack.of(this).toJsonString(this.renderOnce()) }),
        [Prop.JOB_NAME]: props.tuningJobName,
        [Prop.JOB_NAME_PREFIX]: prefix,
        [Prop.DETACHED]: String(this.detached || longWait),
        [Prop.WAIT_TIMEOUT_SECONDS]: String(waitSeconds),
        [Prop.READ_ATTRIBUTES]: Lazy.string({
          produce: () => {
            // Attribute names are literals unless a hyperparameter name is a token.
            const names = this.onDemandAttributes();
            return names.some(n => isToken(n)) ? Stack.of(this).toJsonString(names) : JSON.stringify(names);
          },
        }),
        [WAIT_SCHEDULES_PROP]: longWait ? Lazy.string({ produce: () => this.longWait!.scheduleFingerprint() }) : undefined,
        [Prop.LONG_WAIT]: longWait ? Lazy.string({ produce: () => this.longWait!.waitKey() }) : undefined,
      },
    });

    for (const definition of this.definitions) {
      this.provider.grantPassRole(definition.role);
    }
    if (longWait) {
      this.longWait = new LongWait(this, 'Wait', {
        job: this.resource,
        jobName: this.tuningJobName,
        jobNamePattern: namePattern,
        stackPrefix,
        fixedName: props.tuningJobName,
        waitTimeoutSeconds: waitSeconds,
        identity: () => ({ request: this.renderOnce(), name: props.tuningJobName }),
        hyperParameterNames: () => [...this.requestedHyperParameters],
      });
    }

    // A warm start needs finished parents: a parent of this app that waits for its events
    // completes its job resource while the job still runs, so start only after its wait.
    for (const parent of props.warmStart?.parents ?? []) {
      if (TuningJob.isTuningJob(parent) && parent.longWait) {
        this.resource.node.addDependency(parent.longWait);
      }
    }

    this.node.addValidation({
      validate: () => this.validate(),
    });
    registerForStackLimits(this);
  }

  /**
   * Adds a training-job definition (at most 10 in all). With several, the job becomes a
   * multi-algorithm tuning job and each definition needs a distinct name (derived from its
   * construct id when not given).
   * @param definition the definition
   */
  public addTrainingJobDefinition(definition: TrainingJobDefinition): void {
    assertNoPropProblems(this.node.path, errorsOf(validateAddedDefinition(this.entry(this.definitions.length + 1)))
      .map(p => `addTrainingJobDefinition(${definition.node.path}): ${p}`));
    this.rendered = undefined;
    this.definitions.push(definition);
    this.provider.grantPassRole(definition.role);
  }

  /** The training-job definitions. */
  public get trainingJobDefinitions(): TrainingJobDefinition[] {
    return [...this.definitions];
  }

  /**
   * The job's status when the deployment finished (InProgress when detached).
   * @attribute
   */
  public get tuningJobStatus(): string {
    return (this.longWait?.results ?? this.resource).getAttString(Attr.STATUS);
  }

  /**
   * The name of the best training job. Not available when `detached`.
   * @attribute
   */
  public get bestTrainingJobName(): string {
    return this.completedAttribute('bestTrainingJobName', Attr.BEST_TRAINING_JOB_NAME);
  }

  /**
   * The best training job's final objective metric value (as a string). Not available when `detached`.
   * @attribute
   */
  public get bestObjectiveValue(): string {
    return this.completedAttribute('bestObjectiveValue', Attr.BEST_OBJECTIVE_VALUE);
  }

  /**
   * The name of the best training job including warm-start parents' jobs ('' without warm
   * start). Not available when `detached`.
   * @attribute
   */
  public get overallBestTrainingJobName(): string {
    return this.completedAttribute('overallBestTrainingJobName', Attr.OVERALL_BEST_TRAINING_JOB_NAME);
  }

  /**
   * The S3 URI of the best training job's model artifact
   * (`<output path>/<best training job>/output/model.tar.gz`). Not available when `detached`.
   * @attribute
   */
  public get bestModelDataUri(): string {
    return this.completedAttribute('bestModelDataUri', Attr.BEST_MODEL_DATA_URI);
  }

  /**
   * The key of the best model artifact in the definition's output bucket, for
   * `ModelData.fromBucket(definition.outputBucket, tuning.bestModelDataKey)`. Only for a
   * job with one definition (with several, the winner's bucket is known only at deploy
   * time: use `bestModelDataUri`). Not available when `detached`.
   */
  public get bestModelDataKey(): string {
    const name = this.completedAttribute('bestModelDataKey', Attr.BEST_TRAINING_JOB_NAME);
    if (this.definitions.length !== 1) {
      throw new Error(`${this.node.path}: bestModelDataKey needs exactly one training-job definition (this job has ${this.definitions.length}); use bestModelDataUri`);
    }
    const prefix = this.definitions[0].outputPrefix;
    return prefix === '' ? `${name}/output/model.tar.gz` : `${prefix}/${name}/output/model.tar.gz`;
  }

  /**
   * The value of a tuned hyperparameter in the best training job ('' if the best job's
   * definition does not tune it). The name must be tuned by a definition of this job.
   * Not available when `detached`.
   * @param name the hyperparameter's name
   */
  public bestHyperParameter(name: string): string {
    this.requestedHyperParameters.add(name);
    return this.completedAttribute(`bestHyperParameter('${name}')`, `${Attr.BEST_HYPERPARAMETER_PREFIX}${name}`);
  }

  private completedAttribute(what: string, attribute: string): string {
    if (this.detached) {
      throw new Error(`${this.node.path}: ${what} is not available because the tuning job is detached: ` +
        'the deployment completes while the job is still running, before there is a best training job. ' +
        'Remove `detached` (the deployment then waits, up to 12 hours), react to the end of the job with `onCompletion()`, '
        + 'or read the results of the finished job in a later deployment with `TuningJobResults`.');
    }
    this.readAttributes.add(attribute);
    return (this.longWait?.results ?? this.resource).getAttString(attribute);
  }

  /** What the job received, for the rules checked on entry (`validateTuningJobProps`). */
  private entry(definitionCount: number): JobEntry {
    const p = this.props;
    return {
      strategy: this.strategy.name,
      hyperband: this.strategy.hyperbandOptions,
      maxTrainingJobs: p.maxTrainingJobs,
      maxParallelTrainingJobs: p.maxParallelTrainingJobs ?? DEFAULT_MAX_PARALLEL_TRAINING_JOBS,
      earlyStopping: p.earlyStopping,
      maxTrainingJobsNotImproving: p.completionCriteria?.maxTrainingJobsNotImproving,
      warmStartParents: p.warmStart?.parents.map(parent => parent.tuningJobName),
      definitionCount,
    };
  }

  /**
   * How long the deployment waits, in seconds: `waitTimeout`, or the default estimated
   * from the definitions given to the constructor.
   */
  private waitSeconds(): number {
    if (this.waitTimeout !== undefined) {
      // Concrete: the constructor (wholeUnitProblems) refuses a token waitTimeout.
      return this.waitTimeout.toSeconds();
    }
    return defaultWaitSeconds(estimateWorstCase(this.renderRequest()));
  }

  /** The on-demand attributes the app reads (`ReadAttributes`), sorted. */
  private onDemandAttributes(): string[] {
    return [...this.readAttributes]
      .filter(a => ON_DEMAND_ATTRIBUTES.includes(a) || a.startsWith(Attr.BEST_HYPERPARAMETER_PREFIX))
      .sort();
  }

  /**
   * Renders the `CreateHyperParameterTuningJob` request (without the name).
   * @internal
   */
  public _renderRequest(): WireCreateRequest {
    return this.renderRequest();
  }

  /** TJ-JOB-NAME-UNIQUE: this job's fixed name against the fixed names of the app's other tuning jobs. */
  private nameCollisions() {
    const self = fixedNameJob(this);
    if (!self) {
      return [];
    }
    const others = this.node.root.node.findAll()
      .filter((c): c is TuningJob => TuningJob.isTuningJob(c) && c !== this)
      .map(fixedNameJob)
      .filter((j): j is FixedNameJob => j !== undefined);
    return jobNameCollisions(self, others);
  }

  /**
   * The fixed tuningJobName, if the user gave one.
   * @internal
   */
  public _fixedName(): string | undefined {
    return this.props.tuningJobName;
  }

  /**
   * The request, rendered once: the Request property (a cached Lazy, produced when the app
   * prepares its references) and the validation both use this one rendering.
   */
  private renderOnce(): WireCreateRequest {
    this.rendered ??= this.renderRequest();
    return this.rendered;
  }

  /**
   * Whether the deployment waits for this job's events (a wait over 55 minutes).
   * @internal
   */
  public _waitsForEvents(): boolean {
    return this.longWait !== undefined;
  }

  /**
   * What the job puts in its stack's template, for the stack-limit check (stack-limits.ts):
   * its custom resource and the training roles its definitions created.
   * @internal
   */
  public _templateParts(): { resource: CfnResource; roles: TrainingRole[] } {
    return {
      resource: this.resource.node.defaultChild as CfnResource,
      roles: this.definitions.map(d => d.role).filter(TrainingRole.isTrainingRole),
    };
  }

  private renderRequest(): WireCreateRequest {
    const p = this.props;
    const defs = this.definitions;
    const multi = defs.length > 1;
    const single = defs.length === 1 ? defs[0] : undefined;
    const objective = single ? (single.objective ?? p.objective) : undefined;
    const hyperband = this.strategy.hyperbandOptions;
    const criteria = p.completionCriteria;

    const config: WireTuningJobConfig = dropUndefined<WireTuningJobConfig>({
      Strategy: this.strategy.name,
      StrategyConfig: hyperband && (hyperband.minResource !== undefined || hyperband.maxResource !== undefined)
        ? { HyperbandStrategyConfig: dropUndefined({ MinResource: hyperband.minResource, MaxResource: hyperband.maxResource }) }
        : undefined,
      HyperParameterTuningJobObjective: objective ? { Type: objective.type, MetricName: objective.metricName } : undefined,
      ResourceLimits: dropUndefined({
        MaxNumberOfTrainingJobs: p.maxTrainingJobs,
        MaxParallelTrainingJobs: p.maxParallelTrainingJobs ?? DEFAULT_MAX_PARALLEL_TRAINING_JOBS,
        MaxRuntimeInSeconds: p.maxRuntime?.toSeconds(),
      }),
      ParameterRanges: single ? single._renderRanges() : undefined,
      TrainingJobEarlyStoppingType: p.earlyStopping === undefined ? undefined : (p.earlyStopping ? 'Auto' : 'Off'),
      TuningJobCompletionCriteria: criteria && (criteria.targetObjectiveValue !== undefined
        || criteria.maxTrainingJobsNotImproving !== undefined || criteria.completeOnConvergence !== undefined)
        ? dropUndefined({
          TargetObjectiveMetricValue: criteria.targetObjectiveValue,
          BestObjectiveNotImproving: criteria.maxTrainingJobsNotImproving !== undefined
            ? { MaxNumberOfTrainingJobsNotImproving: criteria.maxTrainingJobsNotImproving } : undefined,
          ConvergenceDetected: criteria.completeOnConvergence !== undefined
            ? { CompleteOnConvergence: criteria.completeOnConvergence ? 'Enabled' : 'Disabled' } : undefined,
        })
        : undefined,
      RandomSeed: p.randomSeed,
    });

    const tags = this.tags.renderTags() as { Key: string; Value: string }[] | undefined;
    return dropUndefined<WireCreateRequest>({
      HyperParameterTuningJobConfig: config,
      TrainingJobDefinition: single ? single._render({}) : undefined,
      TrainingJobDefinitions: multi
        ? defs.map(d => d._render({
          multi: true,
          objective: d.objective ?? p.objective,
          definitionName: d.definitionName ?? definitionNameFromId(d),
        }))
        : undefined,
      WarmStartConfig: p.warmStart ? {
        ParentHyperParameterTuningJobs: p.warmStart.parents.map(parent => ({ HyperParameterTuningJobName: parent.tuningJobName })),
        WarmStartType: p.warmStart.type,
      } : undefined,
      Tags: tags && tags.length > 0 ? tags : undefined,
      Autotune: p.autotune ? { Mode: 'Enabled' } : undefined,
    });
  }

  private validate(): string[] {
    const errors: string[] = [];

    // The job may outlast the wait (the wait's own bounds are checked where the constructor
    // receives waitTimeout and pollInterval). Over the whole request: definitions may be added later.
    const wait = this.chosenWaitSeconds;
    if (!this.detached) {
      const estimate = estimateWorstCase(this.renderOnce());
      const effective = wait > MAX_POLLED_WAIT_SECONDS ? deadlineSeconds(wait) : wait;
      if (estimate.seconds !== undefined && estimate.seconds > effective) {
        warn(this, 'wait-estimate', `this tuning job may run ${estimate.explanation}, longer than the deployment waits `
          + `(${hoursMinutes(effective)}${this.waitTimeout ? '' : ', the default'}); a job still running then is stopped and the deployment fails. `
          + `Raise waitTimeout (at most 12 h${effective < wait ? `; the job is stopped ${hoursMinutes(MAX_WAIT_SECONDS - effective)} before the 12-hour WaitCondition ends` : ''}), `
          + 'lower maxTrainingJobs or the definitions\' maxRuntime, raise maxParallelTrainingJobs, set the tuning job\'s maxRuntime, '
          + 'or set detached: true and read the results in a later deployment with TuningJobResults');
      }
    }

    // Attributes asked for must exist.
    const tuned = new Set(this.definitions.flatMap(d => d.parameterRanges.map(r => r.name)));
    for (const name of this.requestedHyperParameters) {
      if (!isToken(name) && !tuned.has(name)) {
        errors.push(`bestHyperParameter('${name}'): no training-job definition of this job tunes '${name}'; tuned: ${[...tuned].sort().join(', ') || '(none)'}`);
      }
    }

    // CloudFormation caps a custom resource's response at 4096 bytes: the handler returns
    // only the attributes the app reads, and their upper bound must fit.
    const tooLarge = responseSizeProblem(this, {
      resource: this.resource.node.defaultChild as CfnResource,
      outputs: this.definitions.map(d => ({ bucketName: d.outputBucket.bucketName, prefix: d.outputPrefix })),
      ranges: this.definitions.flatMap(d => d.parameterRanges),
      readAttributes: this.onDemandAttributes(),
      longWait: this.longWait !== undefined,
    });
    if (tooLarge) {
      errors.push(tooLarge);
    }

    // Warm-start parents defined in this app: they must be finished, and their training jobs count.
    const parents = this.props.warmStart?.parents ?? [];
    let parentJobs = 0;
    for (const parent of parents) {
      if (TuningJob.isTuningJob(parent)) {
        if (parent.detached) {
          warn(this, 'warm-start-parent-detached', `warm start parent ${parent.node.path} is detached: it may still be running when this job is created, and SageMaker only warm-starts from finished jobs`);
        }
        parentJobs += parent.maxTrainingJobs ?? 0;
      }
    }
    const max = this.props.maxTrainingJobs;
    if (parentJobs > 0 && max !== undefined && !Token.isUnresolved(max) && max <= parentJobs) {
      warn(this, 'warm-start-parent-jobs', `maxTrainingJobs is ${max}, but the warm-start parents in this app may have run ${parentJobs} training jobs, ` +
        'and all of them count against this limit: this job may launch no training job at all');
    }

    const request = this.renderOnce();
    for (const f of [
      ...validateTuningJobRequest(request, { jobName: this.props.tuningJobName, definitionPaths: this.definitions.map(d => d.node.path) }),
      // what only the app knows: warm-start parents of this app, fixed names of the app's other jobs
      ...checkWarmStartParents(request, parents.filter((j): j is TuningJob => TuningJob.isTuningJob(j))
        .map(j => ({ label: `'${j.node.path}'`, request: j.renderOnce() }))),
      ...this.nameCollisions(),
    ]) {
      if (f.severity === 'error') {
        errors.push(f.message);
      } else {
        warn(this, f.rule, f.message);
      }
    }
    return errors;
  }
}

class ImportedTuningJob extends TuningJobBase {
  constructor(scope: Construct, id: string, public readonly tuningJobName: string, public readonly tuningJobArn: string) {
    // The job's account and region are the ARN's (another account or region than the stack's).
    super(scope, id, { environmentFromArn: tuningJobArn });
  }
}


/** A job with a fixed name and where it deploys (undefined without a fixed name). */
function fixedNameJob(job: TuningJob): FixedNameJob | undefined {
  const name = job._fixedName();
  if (name === undefined || Token.isUnresolved(name)) {
    return undefined;
  }
  const stack = Stack.of(job);
  return {
    path: job.node.path,
    name,
    stackPath: stack.node.path,
    account: Token.isUnresolved(stack.account) ? undefined : stack.account,
    region: Token.isUnresolved(stack.region) ? undefined : stack.region,
  };
}

/** A valid DefinitionName from a definition's construct id. */
function definitionNameFromId(definition: Construct): string {
  const raw = definition.node.id.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-+/, '').replace(/-+$/, '').slice(0, 64).replace(/-+$/, '');
  return raw === '' ? 'definition' : raw;
}

