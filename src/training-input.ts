import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as fsx from 'aws-cdk-lib/aws-fsx';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { dropUndefined } from './private/drop-undefined';
import { WireChannel } from './shared/wire';

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

/** Options of an S3 channel. */
export interface S3InputOptions extends ChannelOptions {
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

/** Options of an EFS or FSx for Lustre channel. */
export interface FileSystemInputOptions extends ChannelOptions {
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

/**
 * What a training input needs from the definition it is bound to.
 * @internal
 */
export interface TrainingInputBindContext {
  readonly scope: Construct;
  readonly grantee: iam.IGrantable;
  readonly connections?: ec2.Connections;
  /**
   * Records why a wildcard resource granted to `grantee` is deliberate (for policy checks
   * such as cdk-nag). Given only when the definition created `grantee` itself.
   */
  readonly acknowledgeWildcard?: (resource: string, reason: string) => void;
}

/**
 * A channel of training data: S3 objects, or a directory of an EFS or FSx for Lustre file
 * system. Binding it grants the training role read access (and opens the file system's
 * security groups to the definition's).
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
   * Whether this channel reads a file system (and so needs the definition to run in a VPC).
   */
  public abstract readonly isFileSystem: boolean;

  /**
   * @param channelName the channel's name
   */
  protected constructor(
    /** The channel's name. */
    public readonly channelName: string,
  ) {}

  /**
   * Grants the training role access and returns the channel in the API's shape.
   * @internal
   */
  public abstract _bind(context: TrainingInputBindContext): WireChannel;

  /** @internal */
  protected _channel(options: ChannelOptions, dataSource: WireChannel['DataSource']): WireChannel {
    return dropUndefined({
      ChannelName: this.channelName,
      DataSource: dataSource,
      ContentType: options.contentType,
      CompressionType: options.compression,
      RecordWrapperType: options.recordWrapperType,
      InputMode: options.inputMode?.mode,
      ShuffleConfig: options.shuffleSeed !== undefined ? { Seed: options.shuffleSeed } : undefined,
    });
  }
}

class S3Input extends TrainingInput {
  public readonly isFileSystem = false;

  constructor(
    channelName: string,
    private readonly bucket: s3.IBucket,
    private readonly keyPrefix: string,
    private readonly options: S3InputOptions,
  ) {
    super(channelName);
  }

  public _bind(context: TrainingInputBindContext): WireChannel {
    const dataType = this.options.dataType ?? S3DataType.S3_PREFIX;
    // A manifest lists objects anywhere in its bucket: read the bucket. A prefix: read below it.
    const prefix = dataType === S3DataType.S3_PREFIX;
    const objects = prefix ? `${this.keyPrefix}*` : '*';
    const granted = grantS3Read(context.grantee, this.bucket, objects, prefix ? this.keyPrefix : undefined);
    context.acknowledgeWildcard?.(granted, prefix
      ? `s3:GetObject on the objects under the key prefix of input channel '${this.channelName}' (an S3Prefix channel reads every object under it; their names are data, unknown at synth time)`
      : `s3:GetObject on the objects of the bucket of input channel '${this.channelName}': its ${dataType.dataType} may list objects under any key of the bucket`);
    return this._channel(this.options, {
      S3DataSource: dropUndefined({
        S3DataType: dataType.dataType,
        S3Uri: `s3://${this.bucket.bucketName}/${this.keyPrefix}`,
        S3DataDistributionType: this.options.distribution,
        AttributeNames: this.options.attributeNames ? [...this.options.attributeNames] : undefined,
        InstanceGroupNames: this.options.instanceGroupNames ? [...this.options.instanceGroupNames] : undefined,
        ModelAccessConfig: this.options.acceptEula !== undefined ? { AcceptEula: this.options.acceptEula } : undefined,
      }),
    });
  }
}

class EfsInput extends TrainingInput {
  public readonly isFileSystem = true;

  constructor(channelName: string, private readonly fileSystem: efs.IFileSystem, private readonly options: FileSystemInputOptions) {
    super(channelName);
  }

  public _bind(context: TrainingInputBindContext): WireChannel {
    const accessMode = this.options.accessMode ?? FileSystemAccessMode.READ_ONLY;
    if (context.connections) {
      this.fileSystem.connections.allowDefaultPortFrom(context.connections, 'SageMaker training jobs mount this file system');
    }
    const actions = ['elasticfilesystem:ClientMount'];
    if (accessMode === FileSystemAccessMode.READ_WRITE) {
      actions.push('elasticfilesystem:ClientWrite');
    }
    this.fileSystem.grant(context.grantee, ...actions);
    return this._channel(this.options, {
      FileSystemDataSource: {
        FileSystemId: this.fileSystem.fileSystemId,
        FileSystemAccessMode: accessMode,
        FileSystemType: 'EFS',
        DirectoryPath: this.options.directoryPath,
      },
    });
  }
}

class FsxLustreInput extends TrainingInput {
  public readonly isFileSystem = true;

  constructor(channelName: string, private readonly fileSystem: fsx.IFileSystem, private readonly options: FileSystemInputOptions) {
    super(channelName);
  }

  public _bind(context: TrainingInputBindContext): WireChannel {
    if (context.connections) {
      // Lustre uses 988 and 1018-1023 (the file system's default port covers 988 only).
      this.fileSystem.connections.allowFrom(context.connections, ec2.Port.tcp(988), 'SageMaker training jobs mount this file system');
      this.fileSystem.connections.allowFrom(context.connections, ec2.Port.tcpRange(1018, 1023), 'SageMaker training jobs mount this file system');
    }
    return this._channel(this.options, {
      FileSystemDataSource: {
        FileSystemId: this.fileSystem.fileSystemId,
        FileSystemAccessMode: this.options.accessMode ?? FileSystemAccessMode.READ_ONLY,
        FileSystemType: 'FSxLustre',
        DirectoryPath: this.options.directoryPath,
      },
    });
  }
}

/**
 * Grants s3:GetObject on `objects` (a key pattern) and s3:ListBucket, limited to `listPrefix`
 * when given, plus kms:Decrypt on the bucket's key. Explicit actions, no action wildcards.
 * Returns the ARN of the objects granted.
 * @internal
 */
export function grantS3Read(grantee: iam.IGrantable, bucket: s3.IBucket, objects: string, listPrefix?: string): string {
  const objectsArn = bucket.arnForObjects(objects);
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:GetObject'],
    resourceArns: [objectsArn],
  });
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:ListBucket'],
    resourceArns: [bucket.bucketArn],
    conditions: listPrefix !== undefined && listPrefix !== '' && !Token.isUnresolved(listPrefix)
      ? { StringLike: { 's3:prefix': [`${listPrefix}*`] } }
      : undefined,
  });
  bucket.encryptionKey?.grant(grantee, 'kms:Decrypt');
  return objectsArn;
}
