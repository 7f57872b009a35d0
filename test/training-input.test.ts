// TrainingInput as an extension point: bind() is public and returns a TrainingInputConfig,
// which the definition renders as a Channel of the request. A user-defined input kind is a
// subclass.
import { Size, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { definition, newStack, tuningJob } from './fixtures';
import { requestOf } from './util';
import {
  CompressionType, FileSystemAccessMode, FileSystemType, InputMode, S3DataDistribution, S3DataType,
  TrainingInput, TrainingInputBindOptions, TrainingInputConfig,
} from '../src';

/**
 * A user's input kind: the objects of a public dataset bucket under a version prefix, read
 * with a policy of the user's own making.
 */
class DatasetInput extends TrainingInput {
  public readonly bound: Array<{ scope: Construct; options: TrainingInputBindOptions }> = [];

  constructor(channelName: string, private readonly dataset: string, private readonly version: string) {
    super(channelName);
  }

  public bind(scope: Construct, options: TrainingInputBindOptions): TrainingInputConfig {
    this.bound.push({ scope, options });
    iam.Grant.addToPrincipal({
      grantee: options.grantee,
      actions: ['s3:GetObject'],
      resourceArns: [`arn:aws:s3:::public-datasets/${this.dataset}/${this.version}/data.csv`],
    });
    return {
      contentType: 'text/csv',
      inputMode: InputMode.FAST_FILE,
      shuffleSeed: 7,
      s3DataSource: {
        s3Uri: `s3://public-datasets/${this.dataset}/${this.version}/data.csv`,
        dataType: S3DataType.MANIFEST_FILE,
        distribution: S3DataDistribution.SHARDED_BY_S3_KEY,
      },
    };
  }
}

/** An input that returns what bind() returns in `config`. */
class FixedInput extends TrainingInput {
  constructor(channelName: string, private readonly config: TrainingInputConfig) {
    super(channelName);
  }

  public bind(_scope: Construct, _options: TrainingInputBindOptions): TrainingInputConfig {
    return this.config;
  }
}

describe('a user-defined TrainingInput', () => {
  test('is bound with the definition and its role, and renders as a channel of the request', () => {
    const stack = newStack();
    const input = new DatasetInput('census', 'census', 'v3');
    const def = definition(stack, 'Def');
    def.addInput(input);
    tuningJob(stack, { trainingJobDefinitions: [def] });

    expect(input.bound).toHaveLength(1);
    expect(input.bound[0].scope).toBe(def);
    expect(input.bound[0].options.grantee).toBe(def.role);
    expect(input.bound[0].options.connections).toBe(def.connections);
    expect(def.inputs).toContain(input);

    const channels = requestOf(stack).TrainingJobDefinition.InputDataConfig;
    expect(channels.map((c: any) => c.ChannelName)).toEqual(['train', 'validation', 'census']);
    expect(channels[2]).toEqual({
      ChannelName: 'census',
      DataSource: {
        S3DataSource: {
          S3DataType: 'ManifestFile',
          S3Uri: 's3://public-datasets/census/v3/data.csv',
          S3DataDistributionType: 'ShardedByS3Key',
        },
      },
      ContentType: 'text/csv',
      InputMode: 'FastFile',
      ShuffleConfig: { Seed: 7 },
    });
    // What the input granted is on the definition's role.
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      Policies: [{
        PolicyName: 'TrainingJobs',
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::public-datasets/census/v3/data.csv',
          })]),
        },
      }],
    });
  });

  test('a file-system config renders FileSystemDataSource, read-only by default', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const def = definition(stack, 'Def', { vpc });
    def.addInput(new FixedInput('fs', {
      compression: CompressionType.NONE,
      fileSystemDataSource: { fileSystemId: 'fs-0123456789abcdef0', fileSystemType: FileSystemType.EFS, directoryPath: '/data' },
    }));
    tuningJob(stack, { trainingJobDefinitions: [def] });
    expect(requestOf(stack).TrainingJobDefinition.InputDataConfig.slice(2)).toEqual([{
      ChannelName: 'fs',
      DataSource: {
        FileSystemDataSource: {
          FileSystemId: 'fs-0123456789abcdef0', FileSystemAccessMode: 'ro', FileSystemType: 'EFS', DirectoryPath: '/data',
        },
      },
      CompressionType: 'None',
    }]);
  });

  test.each([
    ['neither data source', {}, /neither s3DataSource nor fileSystemDataSource/],
    ['both data sources', {
      s3DataSource: { s3Uri: 's3://b/k/' },
      fileSystemDataSource: { fileSystemId: 'fs-1', fileSystemType: FileSystemType.EFS, directoryPath: '/d' },
    }, /both s3DataSource and fileSystemDataSource/],
  ])('a config with %s fails when the input is added, naming the definition, the channel and the class', (_, config, message) => {
    const stack = newStack();
    const def = definition(stack, 'Def');
    expect(() => def.addInput(new FixedInput('odd', config))).toThrow(message);
    expect(() => def.addInput(new FixedInput('odd', config)))
      .toThrow(/^Stack\/Def: addInput\(\) \(channel 'odd'\): FixedInput.bind\(\) returned .*, but a channel reads exactly one data source: TrainingInput.bind\(\) must return one of them\./m);
    expect(def.inputs.map(i => i.channelName)).toEqual(['train', 'validation']);
  });

  test('a bad input among the inputs prop is thrown together with the definition\'s other problems', () => {
    const stack = newStack();
    let message = '';
    try {
      definition(stack, 'Def', { inputs: [new FixedInput('odd', {}), new FixedInput('odd', { s3DataSource: { s3Uri: 's3://b/k/' } })], volumeSize: Size.gibibytes(0) });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n')).toEqual([
      expect.stringMatching(/^Stack\/Def: volumeSize \(TrainingJobDefinition.ResourceConfig.VolumeSizeInGB\) is 0, but .*EBS-only/),
      expect.stringMatching(/^Stack\/Def: inputs\[0\] \(channel 'odd'\): FixedInput.bind\(\) returned neither/),
    ]);
  });

  test('the library does not acknowledge findings of a user-defined input (its wildcards show)', () => {
    class WildcardInput extends FixedInput {
      public bind(scope: Construct, options: TrainingInputBindOptions): TrainingInputConfig {
        iam.Grant.addToPrincipal({ grantee: options.grantee, actions: ['s3:GetObject'], resourceArns: ['arn:aws:s3:::datasets/*'] });
        return super.bind(scope, options);
      }
    }
    const stack = newStack();
    const def = definition(stack, 'Def', { inputs: [new WildcardInput('any', { s3DataSource: { s3Uri: 's3://datasets/' } })] });
    const acknowledged = (c: IConstruct) => c.node.metadata
      .filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap(m => Object.keys(m.data));
    expect(acknowledged(def.node.findChild('Role'))).not.toContain('AwsSolutions-IAM5[Resource::arn:aws:s3:::datasets/*]');
  });
});

describe('bind() of the library\'s inputs returns their config', () => {
  test('fromBucket: the S3 URI, the defaulted data type and the options given', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'B', 'training-data');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    const config = TrainingInput.fromBucket('train', bucket, 'data/', {
      contentType: 'text/csv',
      distribution: S3DataDistribution.SHARDED_BY_S3_KEY,
      instanceGroupNames: ['g1'],
      acceptEula: true,
    }).bind(stack, { grantee: role });
    expect(config).toEqual({
      contentType: 'text/csv',
      s3DataSource: {
        s3Uri: 's3://training-data/data/',
        dataType: S3DataType.S3_PREFIX,
        distribution: S3DataDistribution.SHARDED_BY_S3_KEY,
        instanceGroupNames: ['g1'],
        acceptEula: true,
      },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 's3:GetObject',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::training-data/data/*']] },
        })]),
      },
    });
  });

  test('fromEfs: the file system, its type and the defaulted access mode; without connections no port is opened', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const fileSystem = new efs.FileSystem(stack, 'Fs', { vpc });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    const config = TrainingInput.fromEfs('features', fileSystem, { directoryPath: '/data', inputMode: InputMode.FILE }).bind(stack, { grantee: role });
    expect(stack.resolve(config)).toEqual({
      inputMode: InputMode.FILE,
      fileSystemDataSource: {
        fileSystemId: { Ref: expect.stringMatching(/^Fs/) },
        fileSystemType: FileSystemType.EFS,
        directoryPath: '/data',
        accessMode: FileSystemAccessMode.READ_ONLY,
      },
    });
    Template.fromStack(stack).resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });
});
