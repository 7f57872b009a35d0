import { Aws, Duration, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ParameterRange, renderParameterRanges } from './parameter-range';
import { dropUndefined } from './private/drop-undefined';
import { VPC_ACTIONS } from './private/training-permissions';
import { logsAndMetricsStatements, TrainingRole } from './private/training-role';
import { WireChannel, WireParameterRanges, WireTrainingJobDefinition } from './shared/wire';
import { TrainingAlgorithm, TrainingAlgorithmConfig } from './training-image';
import { InputMode, TrainingInput, renderTrainingInput } from './training-input';
import { TrainingInstanceType } from './training-instance-type';
import { TuningObjective } from './tuning-config';
import { checkDefinitionChannel, checkDefinitionProps, checkDefinitionRanges, validateTrainingJobDefinition } from './validation';
import type { Finding } from './validation/core';
import { instanceCountProblems } from './validation/definition/instances';
import {
  ChannelEntry, channelLabel, DEFAULT_VOLUME_SIZE_GIB, DefinitionEntry, RangeEntry, rangeLabel, resourceConfigOf, singleInstanceType,
  usesTuningResourceConfig,
} from './validation/definition/rule';
import { DEFAULT_TRAINING_RUNTIME_SECONDS, maxRuntimeProblem } from './validation/definition/stopping';
import { errorsOf, warn, warnFindings } from './validation/report';
import { assertNoPropProblems, wholeUnitProblems } from './validation/units';

/** A metric the training container writes to its logs, and how to find it there. */
export interface MetricDefinition {
  /** The metric's name (1-255 characters), e.g. `validation:auc`. */
  readonly name: string;
  /**
   * A regular expression (1-500 characters) whose first group captures the value in the
   * training logs, e.g. `validation-auc=([0-9.]+)`.
   */
  readonly regex: string;
}

/** Compression of the model artifacts a training job writes. */
export enum OutputCompression {
  /** Gzip (model.tar.gz). */
  GZIP = 'GZIP',
  /** Uncompressed. */
  NONE = 'NONE',
}

/** How a tuning job chooses among several instance configurations. */
export enum AllocationStrategy {
  /** Use the configurations in the order given, falling back when capacity is short. */
  PRIORITIZED = 'Prioritized',
}

/** An instance group of a heterogeneous training cluster. */
export interface InstanceGroup {
  /** The group's name (1-64 characters); S3 channels may name it in `instanceGroupNames`. */
  readonly name: string;
  /** The group's instance type. */
  readonly instanceType: TrainingInstanceType;
  /**
   * The number of instances in the group.
   * @default 1
   */
  readonly instanceCount?: number;
}

/**
 * One instance configuration a tuning job may use (instance-flexible tuning,
 * `HyperParameterTuningResourceConfig.InstanceConfigs`).
 */
export interface InstanceConfig {
  /** The instance type. */
  readonly instanceType: TrainingInstanceType;
  /**
   * The number of instances.
   * @default 1
   */
  readonly instanceCount?: number;
  /**
   * The size of each instance's ML storage volume.
   * @default Size.gibibytes(30)
   */
  readonly volumeSize?: Size;
}

/** Where managed spot training keeps checkpoints. */
export interface CheckpointConfig {
  /** The bucket that holds the checkpoints. */
  readonly bucket: s3.IBucket;
  /**
   * The key prefix of the checkpoints.
   * @default 'checkpoints'
   */
  readonly prefix?: string;
  /**
   * The directory in the container that is synchronized with S3.
   * @default '/opt/ml/checkpoints' (SageMaker's default)
   */
  readonly localPath?: string;
}

/** Properties of a `TrainingJobDefinition`. */
export interface TrainingJobDefinitionProps {
  /** What the training jobs run: an image or an algorithm resource. */
  readonly algorithm: TrainingAlgorithm;

  /**
   * Metrics the training container writes to its logs (at most 40). The tuning objective
   * must be one of them when a custom image is used.
   * @default - none (built-in algorithms and algorithm resources define their own)
   */
  readonly metricDefinitions?: MetricDefinition[];

  /**
   * How the container reads its input channels.
   * @default InputMode.FILE
   */
  readonly inputMode?: InputMode;

  /**
   * The input channels (at most 20).
   * @default - no input channels
   */
  readonly inputs?: TrainingInput[];

  /** The bucket the training jobs write their model artifacts to. */
  readonly outputBucket: s3.IBucket;

  /**
   * The key prefix of the model artifacts; each training job writes
   * `<prefix>/<training job name>/output/model.tar.gz`.
   * @default - the bucket's root
   */
  readonly outputPrefix?: string;

  /**
   * The KMS key that encrypts the model artifacts.
   * @default - the bucket's default encryption
   */
  readonly outputEncryptionKey?: kms.IKey;

  /**
   * Compression of the model artifacts.
   * @default OutputCompression.GZIP (SageMaker's default)
   */
  readonly outputCompression?: OutputCompression;

  /**
   * The instance type of each training job.
   * @default TrainingInstanceType.ML_M5_XLARGE, unless `instanceGroups` or `instanceConfigs` are given
   */
  readonly instanceType?: TrainingInstanceType;

  /**
   * The number of instances of each training job (more than 1 for distributed training).
   * @default 1, unless `instanceGroups` or `instanceConfigs` are given
   */
  readonly instanceCount?: number;

  /**
   * The size of each instance's ML storage volume.
   * @default Size.gibibytes(30)
   */
  readonly volumeSize?: Size;

  /**
   * The KMS key that encrypts the instances' ML storage volumes (not allowed for instance
   * types with local instance storage).
   * @default - AWS managed encryption
   */
  readonly volumeEncryptionKey?: kms.IKey;

  /**
   * Keep instances warm for this long after a training job, for the next one (warm pools;
   * at most 6 hours).
   * @default - no warm pool
   */
  readonly keepAlivePeriod?: Duration;

  /**
   * Instance groups of a heterogeneous cluster (at most 5), instead of `instanceType` and
   * `instanceCount`.
   * @default - a homogeneous cluster
   */
  readonly instanceGroups?: InstanceGroup[];

  /**
   * Instance-flexible tuning: 1 to 6 instance configurations the tuning job may use, in
   * priority order. Renders `HyperParameterTuningResourceConfig` instead of `ResourceConfig`.
   * @default - a single instance configuration (`ResourceConfig`)
   */
  readonly instanceConfigs?: InstanceConfig[];

  /**
   * Render a single instance configuration (`instanceType`, `instanceCount`, `volumeSize`,
   * `volumeEncryptionKey`) as the tuning-specific `HyperParameterTuningResourceConfig`
   * instead of `ResourceConfig`. Implied by `instanceConfigs`.
   * @default false
   */
  readonly tuningResourceConfig?: boolean;

  /**
   * How the tuning job chooses among `instanceConfigs`.
   * @default AllocationStrategy.PRIORITIZED when `instanceConfigs` are given
   */
  readonly allocationStrategy?: AllocationStrategy;

  /**
   * The longest a training job may run (at most 28 days).
   * @default Duration.days(1)
   */
  readonly maxRuntime?: Duration;

  /**
   * The longest a managed spot training job may wait for capacity and run together; at
   * least `maxRuntime`. Required with `spotTraining`.
   * @default - none
   */
  readonly maxWaitTime?: Duration;

  /**
   * The longest a training job may stay pending (2 hours to 28 days).
   * @default - SageMaker's default
   */
  readonly maxPendingTime?: Duration;

  /**
   * Use managed spot training.
   * @default false
   */
  readonly spotTraining?: boolean;

  /**
   * Where training jobs keep checkpoints (useful with spot training).
   * @default - no checkpoints
   */
  readonly checkpoint?: CheckpointConfig;

  /**
   * Retry a training job that fails with an internal server error this many times (1-30).
   * @default - no retries
   */
  readonly retryAttempts?: number;

  /**
   * Hyperparameters that keep the same value in every training job (at most 100).
   * @default - none
   */
  readonly staticHyperParameters?: { [name: string]: string };

  /**
   * Environment variables of the training containers (at most 48 over all definitions).
   * @default - none
   */
  readonly environment?: { [name: string]: string };

  /**
   * The VPC the training jobs run in.
   * @default - no VPC
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Which subnets of `vpc` to use (1-16 subnets).
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Security groups of the training jobs (1-5).
   * @default - one security group is created when `vpc` is given
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * Isolate the training containers from the network.
   * @default false
   */
  readonly networkIsolation?: boolean;

  /**
   * Encrypt traffic between the instances of distributed training jobs.
   * @default false
   */
  readonly interContainerTrafficEncryption?: boolean;

  /**
   * The definition's name (1-64 characters: letters, digits and hyphens). Required by the
   * API when a tuning job has several definitions.
   * @default - with several definitions, derived from the construct id
   */
  readonly definitionName?: string;

  /**
   * The role the training jobs run with.
   * @default - a role that can read the inputs, write the output and checkpoints, use the
   * keys, pull the image, write logs and metrics, and attach to the VPC, and nothing more
   */
  readonly role?: iam.IRole;

  /**
   * The hyperparameters the tuning job searches with this definition (at most 30 integer,
   * continuous and categorical ranges together, and 100 auto parameters).
   * @default - none; add them with `addParameterRange`
   */
  readonly parameterRanges?: ParameterRange[];

  /**
   * The objective for this definition, overriding the tuning job's.
   * @default - the tuning job's objective
   */
  readonly objective?: TuningObjective;
}

/**
 * What a `TrainingJobDefinition` knows about itself.
 */
export interface ITrainingJobDefinition extends ec2.IConnectable, iam.IGrantable {
  /** The role the training jobs run with. */
  readonly role: iam.IRole;
}

/**
 * The training jobs a tuning job launches: algorithm, data, output, instances, limits,
 * network and the hyperparameter ranges to search.
 *
 * It creates a least-privilege role when none is given. It checks what it receives where it
 * receives it: the constructor throws one error with every problem of its props (inputs and
 * ranges included), `addInput` and `addParameterRange` every problem of what they add; the
 * service model's constraints on the rendered definition are checked at synth.
 */
export class TrainingJobDefinition extends Construct implements ITrainingJobDefinition {
  /** The role the training jobs run with. */
  public readonly role: iam.IRole;
  /** The principal to grant further permissions to (the role). */
  public readonly grantPrincipal: iam.IPrincipal;
  /** The network connections of the training jobs (their security groups). */
  public readonly connections: ec2.Connections;
  /** The bucket the model artifacts are written to. */
  public readonly outputBucket: s3.IBucket;
  /** The key prefix of the model artifacts, without a trailing slash ('' for the bucket's root). */
  public readonly outputPrefix: string;
  /**
   * The definition's name.
   * @default - none given
   */
  public readonly definitionName?: string;
  /**
   * This definition's objective, overriding the tuning job's.
   * @default - the tuning job's
   */
  public readonly objective?: TuningObjective;

  private readonly props: TrainingJobDefinitionProps;
  private readonly ranges: ParameterRange[] = [];
  private readonly channels: TrainingInput[] = [];
  private readonly renderedChannels: WireChannel[] = [];
  private readonly channelEntries: ChannelEntry[] = [];
  private readonly algorithm: TrainingAlgorithmConfig;
  /** What the definition rules check: the props and the bound algorithm. */
  private readonly entry: DefinitionEntry;
  private readonly securityGroups: ec2.ISecurityGroup[];
  private readonly subnetIds: string[];
  /** The role this definition created, when it created one. */
  private readonly ownRole?: TrainingRole;
  /** The definition rendered without the parts that depend on how a job uses it (see `_render`). */
  private renderedCore?: WireTrainingJobDefinition;
  /** The ranges rendered (see `_renderRanges`); undefined until rendered, and again after `addParameterRange`. */
  private renderedRanges?: { readonly ranges?: WireParameterRanges };

  /**
   * @param scope the construct scope
   * @param id the construct id
   * @param props the properties of the training-job definition
   */
  constructor(scope: Construct, id: string, props: TrainingJobDefinitionProps) {
    super(scope, id);
    this.props = props;
    this.definitionName = props.definitionName;
    this.objective = props.objective;
    this.outputBucket = props.outputBucket;
    this.outputPrefix = trimSlashes(props.outputPrefix ?? '');

    // Durations and sizes become whole seconds and GiB on the wire (fail here, with the path and
    // the prop, rather than inside aws-cdk-lib while rendering), the runtime limit, the instance counts.
    const resources = resourceConfigOf(props);
    const runtimeProblem = maxRuntimeProblem(props.maxRuntime);
    const propProblems = [
      ...wholeUnitProblems([
        { prop: 'maxRuntime', apiField: 'StoppingCondition.MaxRuntimeInSeconds', value: props.maxRuntime },
        { prop: 'maxWaitTime', apiField: 'StoppingCondition.MaxWaitTimeInSeconds', value: props.maxWaitTime },
        { prop: 'maxPendingTime', apiField: 'StoppingCondition.MaxPendingTimeInSeconds', value: props.maxPendingTime },
        { prop: 'keepAlivePeriod', apiField: 'ResourceConfig.KeepAlivePeriodInSeconds', value: props.keepAlivePeriod },
      ], [
        { prop: 'volumeSize', apiField: 'ResourceConfig.VolumeSizeInGB', value: props.volumeSize },
        ...(props.instanceConfigs ?? []).map((c, i) =>
          ({ prop: `instanceConfigs[${i}].volumeSize`, apiField: `InstanceConfigs[${i}].VolumeSizeInGB`, value: c.volumeSize })),
      ]),
      ...(runtimeProblem ? [runtimeProblem] : []),
      ...instanceCountProblems([
        { path: [resources, 'InstanceCount'], value: props.instanceCount },
        ...(props.instanceGroups ?? []).map((g, i) => ({ path: ['ResourceConfig', 'InstanceGroups', i, 'InstanceCount'], value: g.instanceCount })),
        ...(props.instanceConfigs ?? []).map((c, i) => ({ path: ['HyperParameterTuningResourceConfig', 'InstanceConfigs', i, 'InstanceCount'], value: c.instanceCount })),
      ]),
    ];

    this.ownRole = props.role ? undefined : new TrainingRole(this, 'Role', {
      description: `Training jobs of the SageMaker tuning definition ${this.node.path}`,
    });
    this.role = props.role ?? this.ownRole!;
    this.grantPrincipal = this.role;

    // Network: security groups are created (or taken) only with a VPC.
    if (props.vpc) {
      this.securityGroups = props.securityGroups ?? [new ec2.SecurityGroup(this, 'SecurityGroup', {
        vpc: props.vpc,
        description: `SageMaker training jobs of ${this.node.path}`,
        allowAllOutbound: true,
      })];
      this.subnetIds = props.vpc.selectSubnets(props.vpcSubnets).subnetIds;
    } else {
      if (props.securityGroups || props.vpcSubnets) {
        warn(this, 'vpc-missing',
          'securityGroups / vpcSubnets are ignored without vpc: the training jobs do not run in a VPC');
      }
      this.securityGroups = [];
      this.subnetIds = [];
    }
    this.connections = new ec2.Connections({ securityGroups: this.securityGroups });

    // Binding may refuse the algorithm (e.g. a built-in algorithm's version it does not have):
    // the problem joins the others, with the construct path.
    let algorithm: TrainingAlgorithmConfig | undefined;
    try {
      algorithm = props.algorithm.bind(this, this.role);
    } catch (e) {
      propProblems.push((e as Error).message);
    }
    this.algorithm = algorithm ?? {};
    this.entry = { props, algorithm };
    this.grantLogsAndMetrics();
    this.grantOutput();
    this.grantKeys();
    if (props.vpc) {
      this.grantVpcAccess();
    }

    // Every rule about the definition's own values, checked here against the props (the inputs
    // and ranges given as props included): every problem in one error, warnings as annotations.
    this.report(propProblems, [
      ...checkDefinitionProps(this.entry),
      ...(props.inputs ?? []).flatMap((input, i) => this.receiveInput(input, `inputs[${i}]`)),
      ...this.receiveRanges((props.parameterRanges ?? []).map((range, i) => ({ label: rangeLabel(`parameterRanges[${i}]`, range), range }))),
    ]);

    // What is left for synth: the service model's constraints (generated from the model, so they
    // walk the wire shape) over the definition as a job renders it among several, with its own
    // name and ranges (the objective is the job's to check).
    this.node.addValidation({
      validate: () => {
        const findings = validateTrainingJobDefinition(this._render({ multi: true, definitionName: this.definitionName }));
        warnFindings(this, findings);
        return errorsOf(findings);
      },
    });
  }

  /**
   * Adds hyperparameter ranges to search.
   *
   * Checks them here, against the definition and the ranges it already has, and throws one
   * error with every problem (each naming the construct path, the range, its value and what is
   * allowed); adds none of them when there is one.
   *
   * @param ranges the ranges
   */
  public addParameterRange(...ranges: ParameterRange[]): void {
    this.report([], this.receiveRanges(ranges.map((range, i) => ({ label: rangeLabel(`addParameterRange(): ranges[${i}]`, range), range }))));
  }

  /**
   * Adds an input channel and grants the role access to it.
   *
   * Checks it here, against the definition and the channels it already has, and throws one
   * error with every problem; the channel is not added when there is one.
   *
   * @param input the channel
   */
  public addInput(input: TrainingInput): void {
    this.report([], this.receiveInput(input, 'addInput()'));
  }

  /** Checks ranges against the definition and keeps them when nothing is wrong; returns the findings. */
  private receiveRanges(ranges: RangeEntry[]): Finding[] {
    const findings = checkDefinitionRanges(this.entry, ranges, this.ranges);
    if (!findings.some(f => f.severity === 'error')) {
      this.ranges.push(...ranges.map(r => r.range));
      this.renderedRanges = undefined;
    }
    return findings;
  }

  /** Binds a channel, checks it against the definition and keeps it when nothing is wrong; returns the findings. */
  private receiveInput(input: TrainingInput, label: string): Finding[] {
    const config = input.bind(this, { grantee: this.role, connections: this.connections });
    const channel: ChannelEntry = {
      label: channelLabel(label, input.channelName), name: input.channelName, inputClass: input.constructor.name, config,
    };
    const findings = checkDefinitionChannel(this.entry, channel, this.channelEntries);
    if (!findings.some(f => f.severity === 'error')) {
      this.renderedCore = undefined;
      this.channels.push(input);
      this.channelEntries.push(channel);
      this.renderedChannels.push(renderTrainingInput(input, config));
    }
    return findings;
  }

  /**
   * Reports what the definition received: throws every error (and every problem in `problems`)
   * together, each prefixed with the construct path; adds the warnings as annotations.
   */
  private report(problems: readonly string[], findings: readonly Finding[]): void {
    warnFindings(this, findings);
    assertNoPropProblems(this.node.path, [...problems, ...errorsOf(findings)]);
  }

  /** The hyperparameter ranges searched with this definition. */
  public get parameterRanges(): ParameterRange[] {
    return [...this.ranges];
  }

  /** The input channels. */
  public get inputs(): TrainingInput[] {
    return [...this.channels];
  }

  /**
   * The S3 URI the model artifacts are written under (`s3://bucket/prefix`).
   */
  public get outputPath(): string {
    return this.outputPrefix === ''
      ? `s3://${this.outputBucket.bucketName}/`
      : `s3://${this.outputBucket.bucketName}/${this.outputPrefix}`;
  }

  /**
   * Renders this definition in the API's `HyperParameterTrainingJobDefinition` shape.
   *
   * - `multi`: as one of several definitions: the name, ranges and objective the job gives
   *   (`definitionName`, `objective`) are inside;
   * - otherwise: the single definition of a job (ranges and objective go to the job config).
   *
   * @internal
   */
  public _render(options: { multi?: boolean; objective?: TuningObjective; definitionName?: string }): WireTrainingJobDefinition {
    const objective = options.multi ? options.objective : undefined;
    return dropUndefined<WireTrainingJobDefinition>({
      DefinitionName: options.multi ? options.definitionName : this.definitionName,
      TuningObjective: objective ? { Type: objective.type, MetricName: objective.metricName } : undefined,
      HyperParameterRanges: options.multi ? this._renderRanges() : undefined,
      ...this.renderCore(),
    });
  }

  /**
   * The ranges in the API's `ParameterRanges` shape (undefined without ranges), rendered once
   * (again only after `addParameterRange`): the job's request and the definition's own check
   * share them, and must not change them.
   * @internal
   */
  public _renderRanges(): WireParameterRanges | undefined {
    this.renderedRanges ??= { ranges: renderParameterRanges(this.ranges) };
    return this.renderedRanges.ranges;
  }

  /**
   * Everything but the name, objective and ranges: the same for every use of the definition,
   * rendered once (again only after `addInput`). Callers get copies of the top level; nested
   * values are shared and must not be changed.
   */
  private renderCore(): WireTrainingJobDefinition {
    if (this.renderedCore) {
      return this.renderedCore;
    }
    const p = this.props;
    this.renderedCore = dropUndefined<WireTrainingJobDefinition>({
      StaticHyperParameters: p.staticHyperParameters ? { ...p.staticHyperParameters } : undefined,
      AlgorithmSpecification: dropUndefined({
        TrainingImage: this.algorithm.trainingImage,
        AlgorithmName: this.algorithm.algorithmName,
        TrainingInputMode: (p.inputMode ?? InputMode.FILE).mode,
        MetricDefinitions: p.metricDefinitions?.map(m => ({ Name: m.name, Regex: m.regex })),
      }),
      RoleArn: this.role.roleArn,
      InputDataConfig: this.renderedChannels.length > 0 ? [...this.renderedChannels] : undefined,
      VpcConfig: p.vpc ? {
        SecurityGroupIds: this.securityGroups.map(sg => sg.securityGroupId),
        Subnets: [...this.subnetIds],
      } : undefined,
      OutputDataConfig: dropUndefined({
        S3OutputPath: this.outputPath,
        KmsKeyId: p.outputEncryptionKey?.keyArn,
        CompressionType: p.outputCompression,
      }),
      ...this.renderResources(),
      StoppingCondition: dropUndefined({
        MaxRuntimeInSeconds: p.maxRuntime?.toSeconds() ?? DEFAULT_TRAINING_RUNTIME_SECONDS,
        MaxWaitTimeInSeconds: p.maxWaitTime?.toSeconds(),
        MaxPendingTimeInSeconds: p.maxPendingTime?.toSeconds(),
      }),
      EnableNetworkIsolation: p.networkIsolation,
      EnableInterContainerTrafficEncryption: p.interContainerTrafficEncryption,
      EnableManagedSpotTraining: p.spotTraining,
      CheckpointConfig: p.checkpoint ? dropUndefined({
        S3Uri: `s3://${p.checkpoint.bucket.bucketName}/${trimSlashes(p.checkpoint.prefix ?? 'checkpoints')}`,
        LocalPath: p.checkpoint.localPath,
      }) : undefined,
      RetryStrategy: p.retryAttempts !== undefined ? { MaximumRetryAttempts: p.retryAttempts } : undefined,
      Environment: p.environment ? { ...p.environment } : undefined,
    });
    return this.renderedCore;
  }

  private renderResources(): Pick<WireTrainingJobDefinition, 'ResourceConfig' | 'HyperParameterTuningResourceConfig'> {
    const p = this.props;
    const volumeKmsKeyId = p.volumeEncryptionKey?.keyArn;
    if (usesTuningResourceConfig(p)) {
      const configs = p.instanceConfigs;
      // keepAlivePeriod and instanceGroups exist only in ResourceConfig: the constructor refuses
      // them here (TJ-RESOURCE-CONFIG-ONE-OF).
      return {
        HyperParameterTuningResourceConfig: configs ? dropUndefined({
          // InstanceConfigs exclude InstanceType/Count/VolumeSizeInGB: rendered only when given.
          InstanceType: p.instanceType?.instanceType,
          InstanceCount: p.instanceCount,
          VolumeSizeInGB: p.volumeSize ? gib(p.volumeSize) : undefined,
          VolumeKmsKeyId: volumeKmsKeyId,
          AllocationStrategy: p.allocationStrategy ?? AllocationStrategy.PRIORITIZED,
          InstanceConfigs: configs.map(c => ({
            InstanceType: c.instanceType.instanceType,
            InstanceCount: c.instanceCount ?? 1,
            VolumeSizeInGB: gib(c.volumeSize ?? Size.gibibytes(DEFAULT_VOLUME_SIZE_GIB)),
          })),
        }) : dropUndefined({
          InstanceType: singleInstanceType(p)?.instanceType,
          InstanceCount: p.instanceCount ?? 1,
          VolumeSizeInGB: gib(p.volumeSize ?? Size.gibibytes(DEFAULT_VOLUME_SIZE_GIB)),
          VolumeKmsKeyId: volumeKmsKeyId,
          AllocationStrategy: p.allocationStrategy,
        }),
      };
    }
    const groups = p.instanceGroups;
    return {
      ResourceConfig: dropUndefined({
        InstanceType: singleInstanceType(p)?.instanceType,
        InstanceCount: groups && p.instanceCount === undefined ? undefined : (p.instanceCount ?? 1),
        VolumeSizeInGB: gib(p.volumeSize ?? Size.gibibytes(DEFAULT_VOLUME_SIZE_GIB)),
        VolumeKmsKeyId: volumeKmsKeyId,
        KeepAlivePeriodInSeconds: p.keepAlivePeriod?.toSeconds(),
        InstanceGroups: groups?.map(renderInstanceGroup),
      }),
    };
  }

  /**
   * Logs and metrics: a role this definition created has them from the stack's shared policy
   * (see TrainingRole); a role the user gave gets the same statements.
   */
  private grantLogsAndMetrics(): void {
    if (this.ownRole) {
      return;
    }
    for (const statement of logsAndMetricsStatements(this)) {
      this.role.addToPrincipalPolicy(statement);
    }
  }

  private grantOutput(): void {
    const p = this.props;
    const outputObjects = this.outputBucket.arnForObjects(this.outputPrefix === '' ? '*' : `${this.outputPrefix}/*`);
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [outputObjects] }));
    TrainingRole.acknowledge(this.role, { kind: 'output', resource: outputObjects, bucketRoot: this.outputPrefix === '' });
    const keys = [p.outputEncryptionKey, this.outputBucket.encryptionKey].filter((k): k is kms.IKey => !!k);
    for (const key of keys) {
      key.grant(this.role, 'kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey');
    }
    if (p.checkpoint) {
      const bucket = p.checkpoint.bucket;
      const prefix = trimSlashes(p.checkpoint.prefix ?? 'checkpoints');
      iam.Grant.addToPrincipal({
        grantee: this.role,
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resourceArns: [bucket.arnForObjects(`${prefix}/*`)],
      });
      TrainingRole.acknowledge(this.role, { kind: 'checkpoint', resource: bucket.arnForObjects(`${prefix}/*`) });
      iam.Grant.addToPrincipal({
        grantee: this.role,
        actions: ['s3:ListBucket'],
        resourceArns: [bucket.bucketArn],
        conditions: Token.isUnresolved(prefix) ? undefined : { StringLike: { 's3:prefix': [`${prefix}/*`] } },
      });
      bucket.encryptionKey?.grant(this.role, 'kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey');
    }
  }

  private grantKeys(): void {
    // SageMaker creates grants for EBS to encrypt the ML storage volumes with this key.
    this.props.volumeEncryptionKey?.grant(this.role, 'kms:CreateGrant', 'kms:DescribeKey');
  }

  private grantVpcAccess(): void {
    // SageMaker attaches ENIs in the VPC on the role's behalf. The Describe* actions and
    // CreateNetworkInterfacePermission do not support resource-level permissions.
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: [...VPC_ACTIONS],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:RequestedRegion': Aws.REGION } },
    }));
  }
}

function renderInstanceGroup(g: InstanceGroup) {
  return { InstanceType: g.instanceType.instanceType, InstanceCount: g.instanceCount ?? 1, InstanceGroupName: g.name };
}

function gib(size: Size): number {
  return size.toGibibytes({ rounding: SizeRoundingBehavior.FAIL });
}

function trimSlashes(s: string): string {
  if (Token.isUnresolved(s)) {
    return s;
  }
  return s.replace(/^\/+/, '').replace(/\/+$/, '');
}

