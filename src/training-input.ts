import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as fsx from 'aws-cdk-lib/aws-fsx';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { dropUndefined } from './private/drop-undefined';
import { TrainingRole } from './private/training-role';
import { WireChannel } from './shared/wire';
import { isToken } from './validation/core';

/**
 * How a training container reads its input: a file copy, a pipe, or a lazily mounted file
 * system. An open set: `InputMode.of()` takes modes newer than this library.
 */
export class InputMode {
  /** Copy the data to the training volume before training starts. */
  public static readonly FILE = new InputMode('File');
  /** Stream the data from S3 through a Unix named pipe. */
  public static readonly PIPE = new InputMode('Pipe');
  /** Present S3 data as a file system, fetched as it is read. */
  public static readonly FAST_FILE = new InputMode('FastFile');

  /**
   * An input mode by its API name. A mode the library's copy of the SageMaker API model does
   * not list passes synth with a warning (SM-ENUM-OPEN).
   * @param mode the API value, e.g. 'File'
   */
  public static of(mode: string): InputMode {
    return new InputMode(mode);
  }

  /** @param mode the API value */
  private constructor(
    /** The API value. */
    public readonly mode: string,
  ) {}
}

/**
 * What an S3 URI names. An open set: `S3DataType.of()` takes types newer than this library.
 */
export class S3DataType {
  /** Every object under the key prefix. */
  public static readonly S3_PREFIX = new S3DataType('S3Prefix');
  /** A manifest file listing the objects to use. */
  public static readonly MANIFEST_FILE = new S3DataType('ManifestFile');
  /** An augmented manifest file (JSON lines with attributes); needs Pipe input mode. */
  public static readonly AUGMENTED_MANIFEST_FILE = new S3DataType('AugmentedManifestFile');

  /**
   * An S3 data type by its API name. A type the library's copy of the SageMaker API model does
   * not list passes synth with a warning (SM-ENUM-OPEN).
   * @param dataType the API value, e.g. 'S3Prefix'
   */
  public static of(dataType: string): S3DataType {
    return new S3DataType(dataType);
  }

  /** @param dataType the API value */
  private constructor(
    /** The API value. */
    public readonly dataType: string,
  ) {}
}

/** How S3 data is distributed across the instances of a training job. */
export enum S3DataDistribution {
  /** Every instance gets a full copy. */
  FULLY_REPLICATED = 'FullyReplicated',
  /** Each instance gets a shard of the objects. */
  SHARDED_BY_S3_KEY = 'ShardedByS3Key',
}

/** Compression of a channel's data. */
export enum CompressionType {
  /** Uncompressed. */
  NONE = 'None',
  /** Gzip-compressed (Pipe input mode only). */
  GZIP = 'Gzip',
}

/** Record wrapping of a channel's data. */
export enum RecordWrapperType {
  /** The data is not wrapped. */
  NONE = 'None',
  /** The data is in RecordIO format. */
  RECORD_IO = 'RecordIO',
}

/** Access to a file-system channel. */
export enum FileSystemAccessMode {
  /** Read only. */
  READ_ONLY = 'ro',
  /** Read and write. */
  READ_WRITE = 'rw',
}

/** Options every channel takes. */
export interface ChannelOptions {
  /**
   * The MIME type of the data.
   * @default - none
   */
  readonly contentType?: string;
  /**
   * Compression of the data.
   * @default CompressionType.NONE
   */
  readonly compression?: CompressionType;
  /**
   * Record wrapping of the data.
   * @default RecordWrapperType.NONE
   */
  readonly recordWrapperType?: RecordWrapperType;
  /**
   * The input mode of this channel, overriding the definition's.
   * @default - the definition's input mode
   */
  readonly inputMode?: InputMode;
  /**
   * Shuffle the S3 objects (or augmented manifest lines) before each epoch, with this seed.
   * @default - no shuffling
   */
  readonly shuffleSeed?: number;
}

/** What an S3 channel reads besides its URI: how its data is typed and distributed. */
export interface S3DataSourceOptions {
  /**
   * What the key names: a prefix, a manifest file or an augmented manifest file.
   * @default S3DataType.S3_PREFIX
   */
  readonly dataType?: S3DataType;
  /**
   * How the data is distributed across instances.
   * @default S3DataDistribution.FULLY_REPLICATED
   */
  readonly distribution?: S3DataDistribution;
  /**
   * The attributes of an augmented manifest file to use, in order (1 to 16).
   * @default - all attributes
   */
  readonly attributeNames?: string[];
  /**
   * The instance groups (heterogeneous clusters) that receive this channel (at most 5).
   * @default - every instance
   */
  readonly instanceGroupNames?: string[];
  /**
   * Accept the end-user license agreement of a gated model this channel reads.
   * @default - no model access configuration
   */
  readonly acceptEula?: boolean;
}

/** Options of an S3 channel. */
export interface S3InputOptions extends ChannelOptions, S3DataSourceOptions {}

/** Where a file-system channel reads: a directory, and how. */
export interface FileSystemDataSourceOptions {
  /**
   * The directory of the file system that holds the data. For FSx for Lustre it starts
   * with the file system's mount name, e.g. `/fsx-mount-name/data`.
   */
  readonly directoryPath: string;
  /**
   * Read-only or read-write access.
   * @default FileSystemAccessMode.READ_ONLY
   */
  readonly accessMode?: FileSystemAccessMode;
}

/** Options of an EFS or FSx for Lustre channel. */
export interface FileSystemInputOptions extends ChannelOptions, FileSystemDataSourceOptions {}

/** The kind of file system a channel reads. */
export enum FileSystemType {
  /** Amazon EFS. */
  EFS = 'EFS',
  /** Amazon FSx for Lustre. */
  FSX_LUSTRE = 'FSxLustre',
}

/** The S3 data of a bound channel. */
export interface S3DataSourceConfig extends S3DataSourceOptions {
  /** The S3 URI of the key prefix (or of the manifest file), e.g. `s3://bucket/data/train/`. */
  readonly s3Uri: string;
}

/** The file-system data of a bound channel. */
export interface FileSystemDataSourceConfig extends FileSystemDataSourceOptions {
  /** The file system's ID. */
  readonly fileSystemId: string;
  /** The kind of file system. */
  readonly fileSystemType: FileSystemType;
}

/**
 * The result of binding a training input to a definition: the channel's data source (exactly
 * one of `s3DataSource` and `fileSystemDataSource`) and its channel options. The definition
 * renders it as a `Channel` of the request's `InputDataConfig`.
 */
export interface TrainingInputConfig extends ChannelOptions {
  /**
   * The S3 data the channel reads.
   * @default - none: `fileSystemDataSource` must be given
   */
  readonly s3DataSource?: S3DataSourceConfig;
  /**
   * The file-system data the channel reads.
   * @default - none: `s3DataSource` must be given
   */
  readonly fileSystemDataSource?: FileSystemDataSourceConfig;
}

/** What a training input is bound with: the definition's principal and network. */
export interface TrainingInputBindOptions {
  /**
   * The principal the training jobs run as (the definition's role): binding grants it what
   * it needs to read the channel's data.
   */
  readonly grantee: iam.IGrantable;
  /**
   * The network connections of the definition's security groups: a file-system input
   * allows them to its mount targets. Empty when the definition does not run in a VPC.
   * @default - no security groups to allow
   */
  readonly connections?: ec2.Connections;
}

/**
 * A channel of training data: S3 objects, or a directory of an EFS or FSx for Lustre file
 * system. Binding it grants the training role read access (and opens the file system's
 * security groups to the definition's).
 *
 * Other kinds of input subclass it: `bind()` grants what the channel needs and returns its
 * data source and options.
 */
export abstract class TrainingInput {
  /**
   * Objects in an S3 bucket under a key prefix (or a manifest file at that key).
   *
   * @param channelName the channel's name (1-64 characters: letters, digits, `.`, `-`, `_`)
   * @param bucket the bucket
   * @param keyPrefix the key prefix (or manifest key)
   * @default keyPrefix - the whole bucket
   * @param options S3 and channel options
   */
  public static fromBucket(channelName: string, bucket: s3.IBucket, keyPrefix: string = '', options: S3InputOptions = {}): TrainingInput {
    return new S3Input(channelName, bucket, keyPrefix, options);
  }

  /**
   * A directory of an Amazon EFS file system. The definition must run in a VPC.
   *
   * @param channelName the channel's name
   * @param fileSystem the file system
   * @param options directory, access mode and channel options
   */
  public static fromEfs(channelName: string, fileSystem: efs.IFileSystem, options: FileSystemInputOptions): TrainingInput {
    return new EfsInput(channelName, fileSystem, options);
  }

  /**
   * A directory of an Amazon FSx for Lustre file system. The definition must run in a VPC.
   *
   * @param channelName the channel's name
   * @param fileSystem the file system
   * @param options directory (starting with the mount name), access mode and channel options
   */
  public static fromFsxLustre(channelName: string, fileSystem: fsx.IFileSystem, options: FileSystemInputOptions): TrainingInput {
    return new FsxLustreInput(channelName, fileSystem, options);
  }

  /**
   * @param channelName the channel's name
   */
  protected constructor(
    /** The channel's name. */
    public readonly channelName: string,
  ) {}

  /**
   * Binds the channel to a definition: grants `options.grantee` what the training jobs need
   * to read it (and opens file systems to `options.connections`), and returns its data source
   * and options. Called once per definition the input is added to.
   *
   * @param scope the definition binding the input
   * @param options the principal and network to bind to
   */
  public abstract bind(scope: Construct, options: TrainingInputBindOptions): TrainingInputConfig;
}

class S3Input extends TrainingInput {
  constructor(
    channelName: string,
    private readonly bucket: s3.IBucket,
    private readonly keyPrefix: string,
    private readonly options: S3InputOptions,
  ) {
    super(channelName);
  }

  public bind(_scope: Construct, options: TrainingInputBindOptions): TrainingInputConfig {
    const dataType = this.options.dataType ?? S3DataType.S3_PREFIX;
    // A manifest lists objects anywhere in its bucket: read the bucket. A prefix: read below it.
    const keyPrefix = dataType === S3DataType.S3_PREFIX;
    const objects = keyPrefix ? `${this.keyPrefix}*` : '*';
    const granted = grantS3Read(options.grantee, this.bucket, objects, keyPrefix ? this.keyPrefix : undefined);
    TrainingRole.acknowledge(options.grantee,
      { kind: 's3-input', resource: granted, channelName: this.channelName, dataType: dataType.dataType, keyPrefix });
    const o = this.options;
    return {
      ...channelOptions(o),
      s3DataSource: {
        s3Uri: `s3://${this.bucket.bucketName}/${this.keyPrefix}`,
        dataType,
        distribution: o.distribution,
        attributeNames: o.attributeNames,
        instanceGroupNames: o.instanceGroupNames,
        acceptEula: o.acceptEula,
      },
    };
  }
}

class EfsInput extends TrainingInput {
  constructor(channelName: string, private readonly fileSystem: efs.IFileSystem, private readonly options: FileSystemInputOptions) {
    super(channelName);
  }

  public bind(_scope: Construct, options: TrainingInputBindOptions): TrainingInputConfig {
    const accessMode = this.options.accessMode ?? FileSystemAccessMode.READ_ONLY;
    if (options.connections) {
      this.fileSystem.connections.allowDefaultPortFrom(options.connections, 'SageMaker training jobs mount this file system');
    }
    const actions = ['elasticfilesystem:ClientMount'];
    if (accessMode === FileSystemAccessMode.READ_WRITE) {
      actions.push('elasticfilesystem:ClientWrite');
    }
    this.fileSystem.grant(options.grantee, ...actions);
    return {
      ...channelOptions(this.options),
      fileSystemDataSource: {
        fileSystemId: this.fileSystem.fileSystemId,
        fileSystemType: FileSystemType.EFS,
        directoryPath: this.options.directoryPath,
        accessMode,
      },
    };
  }
}

class FsxLustreInput extends TrainingInput {
  constructor(channelName: string, private readonly fileSystem: fsx.IFileSystem, private readonly options: FileSystemInputOptions) {
    super(channelName);
  }

  public bind(_scope: Construct, options: TrainingInputBindOptions): TrainingInputConfig {
    if (options.connections) {
      // Lustre uses 988 and 1018-1023 (the file system's default port covers 988 only).
      this.fileSystem.connections.allowFrom(options.connections, ec2.Port.tcp(988), 'SageMaker training jobs mount this file system');
      this.fileSystem.connections.allowFrom(options.connections, ec2.Port.tcpRange(1018, 1023), 'SageMaker training jobs mount this file system');
    }
    return {
      ...channelOptions(this.options),
      fileSystemDataSource: {
        fileSystemId: this.fileSystem.fileSystemId,
        fileSystemType: FileSystemType.FSX_LUSTRE,
        directoryPath: this.options.directoryPath,
        accessMode: this.options.accessMode ?? FileSystemAccessMode.READ_ONLY,
      },
    };
  }
}

/** The channel options of `options` (without the data-source options). */
function channelOptions(options: ChannelOptions): ChannelOptions {
  return {
    contentType: options.contentType,
    compression: options.compression,
    recordWrapperType: options.recordWrapperType,
    inputMode: options.inputMode,
    shuffleSeed: options.shuffleSeed,
  };
}

/**
 * A bound channel in the API's `Channel` shape. `config` holds exactly one data source: the
 * definition checks that before rendering (TJ-CHANNEL-ONE-SOURCE).
 * @internal
 */
export function renderTrainingInput(input: TrainingInput, config: TrainingInputConfig): WireChannel {
  const s3Source = config.s3DataSource;
  const fileSystem = config.fileSystemDataSource;
  return dropUndefined<WireChannel>({
    ChannelName: input.channelName,
    DataSource: s3Source ? {
      S3DataSource: dropUndefined({
        S3DataType: (s3Source.dataType ?? S3DataType.S3_PREFIX).dataType,
        S3Uri: s3Source.s3Uri,
        S3DataDistributionType: s3Source.distribution,
        AttributeNames: s3Source.attributeNames ? [...s3Source.attributeNames] : undefined,
        InstanceGroupNames: s3Source.instanceGroupNames ? [...s3Source.instanceGroupNames] : undefined,
        ModelAccessConfig: s3Source.acceptEula !== undefined ? { AcceptEula: s3Source.acceptEula } : undefined,
      }),
    } : {
      FileSystemDataSource: {
        FileSystemId: fileSystem!.fileSystemId,
        FileSystemAccessMode: fileSystem!.accessMode ?? FileSystemAccessMode.READ_ONLY,
        FileSystemType: fileSystem!.fileSystemType,
        DirectoryPath: fileSystem!.directoryPath,
      },
    },
    ContentType: config.contentType,
    CompressionType: config.compression,
    RecordWrapperType: config.recordWrapperType,
    InputMode: config.inputMode?.mode,
    ShuffleConfig: config.shuffleSeed !== undefined ? { Seed: config.shuffleSeed } : undefined,
  });
}

/**
 * Grants s3:GetObject on `objects` (a key pattern) and s3:ListBucket, limited to `listPrefix`
 * when given, plus kms:Decrypt on the bucket's key. Explicit actions, no action wildcards.
 * Returns the ARN of the objects granted.
 * @internal
 */
export function grantS3Read(grantee: iam.IGrantable, bucket: s3.IBucket, objects: string, listPrefix?: string): string {
  const objectsArn = bucket.arnForObjects(objects);
  // Statements added to the principal directly (what iam.Grant.addToPrincipal does, without
  // the Grant object nobody reads: every channel of every definition passes here).
  const principal = grantee.grantPrincipal;
  principal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objectsArn] }));
  principal.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['s3:ListBucket'],
    resources: [bucket.bucketArn],
    conditions: listPrefix !== undefined && listPrefix !== '' && !isToken(listPrefix)
      ? { StringLike: { 's3:prefix': [`${listPrefix}*`] } }
      : undefined,
  }));
  bucket.encryptionKey?.grant(grantee, 'kms:Decrypt');
  return objectsArn;
}
