import { Duration, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as fsx from 'aws-cdk-lib/aws-fsx';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  AllocationStrategy, CompressionType, FileSystemAccessMode, InputMode, OutputCompression, RecordWrapperType,
  S3DataDistribution, S3DataType, TrainingAlgorithm, TrainingImage, TrainingInput, TrainingInstanceType,
} from '../src';
import { definition, newStack, tuningJob } from './fixtures';

function standalone(def: ReturnType<typeof definition>) {
  // as a job renders it among several, with its own name and objective
  const rendered = def._render({ multi: true, definitionName: def.definitionName, objective: def.objective });
  return JSON.parse(JSON.stringify(Stack.of(def).resolve(rendered)));
}

describe('algorithm', () => {
  test('an ECR repository image: URI for the tag and pull access for the role', () => {
    const stack = newStack();
    const repo = new ecr.Repository(stack, 'Repo');
    const def = definition(stack, 'Def', {
      algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromEcrRepository(repo, 'v2')),
      metricDefinitions: [{ name: 'validation:auc', regex: 'auc=([0-9.]+)' }],
    });
    const spec = standalone(def).AlgorithmSpecification;
    expect(JSON.stringify(spec.TrainingImage)).toContain(':v2');
    // The role's own statements are its inline policy.
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      Policies: [{
        PolicyName: 'TrainingJobs',
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
              Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('Repo'), 'Arn'] },
            }),
            Match.objectLike({ Action: 'ecr:GetAuthorizationToken', Resource: '*' }),
          ]),
        },
      }],
    });
  });

  test('a built-in algorithm image from an imported repository (URI with tokens) needs no metric definitions', () => {
    const stack = newStack();
    const builtIn = ecr.Repository.fromRepositoryArn(stack, 'Xgb', 'arn:aws:ecr:us-east-1:683313688378:repository/sagemaker-xgboost');
    const custom = ecr.Repository.fromRepositoryName(stack, 'CustomRepo', 'my-trainer');
    const ok = definition(stack, 'BuiltIn', { algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromEcrRepository(builtIn, '1.7-1')) });
    expect(ok.node.validate()).toEqual([]);
    expect(() => definition(stack, 'Custom', { algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromEcrRepository(custom, 'v1')) }))
      .toThrow(/^Stack\/Custom: metricDefinitions .* is empty for the image/);
  });

  test('an algorithm resource by name renders AlgorithmName and no image', () => {
    const stack = newStack();
    const def = definition(stack, 'Def', { algorithm: TrainingAlgorithm.fromAlgorithmName('my-algorithm') });
    expect(standalone(def).AlgorithmSpecification).toEqual({ AlgorithmName: 'my-algorithm', TrainingInputMode: 'File' });
  });

  test('a local Docker build becomes an image asset', () => {
    const stack = newStack();
    const def = definition(stack, 'Def', {
      algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromAsset(`${__dirname}/docker`)),
      metricDefinitions: [{ name: 'validation:auc', regex: 'auc=([0-9.]+)' }],
    });
    expect(JSON.stringify(standalone(def).AlgorithmSpecification.TrainingImage)).toContain('container-assets');
  });

  test('metric definitions and input mode', () => {
    const stack = newStack();
    const def = definition(stack, 'Def', {
      metricDefinitions: [{ name: 'validation:auc', regex: 'auc=([0-9.]+)' }],
      inputMode: InputMode.PIPE,
    });
    expect(standalone(def).AlgorithmSpecification).toMatchObject({
      TrainingInputMode: 'Pipe',
      MetricDefinitions: [{ Name: 'validation:auc', Regex: 'auc=([0-9.]+)' }],
    });
  });
});

describe('channels', () => {
  test('S3 with every option', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'my-data');
    const def = definition(stack, 'Def', {
      inputMode: InputMode.PIPE,
      instanceGroups: [{ name: 'g1', instanceType: TrainingInstanceType.ML_P3_2XLARGE }],
      inputs: [TrainingInput.fromBucket('train', bucket, 'data/train.manifest', {
        dataType: S3DataType.AUGMENTED_MANIFEST_FILE,
        distribution: S3DataDistribution.SHARDED_BY_S3_KEY,
        attributeNames: ['source-ref', 'label'],
        instanceGroupNames: ['g1'],
        acceptEula: true,
        contentType: 'application/x-recordio',
        compression: CompressionType.GZIP,
        recordWrapperType: RecordWrapperType.RECORD_IO,
        inputMode: InputMode.PIPE,
        shuffleSeed: 3,
      })],
    });
    expect(standalone(def).InputDataConfig).toEqual([{
      ChannelName: 'train',
      DataSource: {
        S3DataSource: {
          S3DataType: 'AugmentedManifestFile',
          S3Uri: 's3://my-data/data/train.manifest',
          S3DataDistributionType: 'ShardedByS3Key',
          AttributeNames: ['source-ref', 'label'],
          InstanceGroupNames: ['g1'],
          ModelAccessConfig: { AcceptEula: true },
        },
      },
      ContentType: 'application/x-recordio',
      CompressionType: 'Gzip',
      RecordWrapperType: 'RecordIO',
      InputMode: 'Pipe',
      ShuffleConfig: { Seed: 3 },
    }]);
  });

  test('EFS: directory, access mode, NFS opened to the training security group, mount grant', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const fileSystem = new efs.FileSystem(stack, 'Fs', { vpc });
    const def = definition(stack, 'Def', {
      vpc,
      inputs: [TrainingInput.fromEfs('features', fileSystem, { directoryPath: '/data', accessMode: FileSystemAccessMode.READ_WRITE })],
    });
    const channel = standalone(def).InputDataConfig[0];
    expect(channel.DataSource.FileSystemDataSource).toEqual({
      FileSystemId: { Ref: expect.stringMatching(/^Fs/) },
      FileSystemAccessMode: 'rw',
      FileSystemType: 'EFS',
      DirectoryPath: '/data',
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 2049, ToPort: 2049, SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('DefSecurityGroup'), 'GroupId'] },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [{
        PolicyName: 'TrainingJobs',
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
          })]),
        },
      }],
    });
  });

  test('FSx for Lustre: Lustre ports opened to the training security group', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const fileSystem = new fsx.LustreFileSystem(stack, 'Lustre', {
      vpc,
      vpcSubnet: vpc.privateSubnets[0],
      storageCapacityGiB: 1200,
      lustreConfiguration: { deploymentType: fsx.LustreDeploymentType.SCRATCH_2 },
    });
    const def = definition(stack, 'Def', {
      vpc,
      inputs: [TrainingInput.fromFsxLustre('train', fileSystem, { directoryPath: `/${fileSystem.mountName}/train` })],
    });
    expect(standalone(def).InputDataConfig[0].DataSource.FileSystemDataSource).toMatchObject({
      FileSystemAccessMode: 'ro', FileSystemType: 'FSxLustre',
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 988, ToPort: 988 });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 1018, ToPort: 1023 });
  });
});

describe('output, resources, stopping condition and options', () => {
  test('everything a single-instance-config definition renders', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const bucket = s3.Bucket.fromBucketName(stack, 'Ckpt', 'ckpt-bucket');
    const def = definition(stack, 'Def', {
      outputPrefix: '/models/run1/',
      outputEncryptionKey: key,
      outputCompression: OutputCompression.NONE,
      instanceType: TrainingInstanceType.ML_P3_2XLARGE,
      instanceCount: 2,
      volumeSize: Size.gibibytes(100),
      volumeEncryptionKey: key,
      keepAlivePeriod: Duration.minutes(5),
      maxRuntime: Duration.hours(2),
      maxWaitTime: Duration.hours(4),
      maxPendingTime: Duration.hours(3),
      spotTraining: true,
      checkpoint: { bucket, prefix: 'ckpt/', localPath: '/opt/ml/checkpoints' },
      retryAttempts: 3,
      environment: { MODE: 'fast' },
      networkIsolation: true,
      interContainerTrafficEncryption: true,
      definitionName: 'xgb',
    });
    const keyArn = { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] };
    expect(standalone(def)).toMatchObject({
      DefinitionName: 'xgb',
      OutputDataConfig: { S3OutputPath: 's3://training-data/models/run1', KmsKeyId: keyArn, CompressionType: 'NONE' },
      ResourceConfig: {
        InstanceType: 'ml.p3.2xlarge', InstanceCount: 2, VolumeSizeInGB: 100, VolumeKmsKeyId: keyArn, KeepAlivePeriodInSeconds: 300,
      },
      StoppingCondition: { MaxRuntimeInSeconds: 7200, MaxWaitTimeInSeconds: 14400, MaxPendingTimeInSeconds: 10800 },
      EnableManagedSpotTraining: true,
      CheckpointConfig: { S3Uri: 's3://ckpt-bucket/ckpt', LocalPath: '/opt/ml/checkpoints' },
      RetryStrategy: { MaximumRetryAttempts: 3 },
      Environment: { MODE: 'fast' },
      EnableNetworkIsolation: true,
      EnableInterContainerTrafficEncryption: true,
    });
    expect(def.outputPrefix).toBe('models/run1');
  });

  test('instanceConfigs render HyperParameterTuningResourceConfig instead of ResourceConfig', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const def = definition(stack, 'Def', {
      instanceConfigs: [
        { instanceType: TrainingInstanceType.ML_C5_2XLARGE, instanceCount: 1, volumeSize: Size.gibibytes(20) },
        { instanceType: TrainingInstanceType.ML_M5_2XLARGE },
      ],
      allocationStrategy: AllocationStrategy.PRIORITIZED,
      volumeEncryptionKey: key,
    });
    const rendered = standalone(def);
    expect(rendered.ResourceConfig).toBeUndefined();
    expect(rendered.HyperParameterTuningResourceConfig).toEqual({
      VolumeKmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] },
      AllocationStrategy: 'Prioritized',
      InstanceConfigs: [
        { InstanceType: 'ml.c5.2xlarge', InstanceCount: 1, VolumeSizeInGB: 20 },
        { InstanceType: 'ml.m5.2xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
      ],
    });
  });

  test('tuningResourceConfig renders one instance configuration as HyperParameterTuningResourceConfig', () => {
    const stack = newStack();
    const def = definition(stack, 'Def', {
      tuningResourceConfig: true, instanceType: TrainingInstanceType.ML_C5_XLARGE, instanceCount: 2, volumeSize: Size.gibibytes(40),
    });
    const rendered = standalone(def);
    expect(rendered.ResourceConfig).toBeUndefined();
    expect(rendered.HyperParameterTuningResourceConfig).toEqual({ InstanceType: 'ml.c5.xlarge', InstanceCount: 2, VolumeSizeInGB: 40 });
  });

  test('instance groups replace instance type and count', () => {
    const stack = newStack();
    const def = definition(stack, 'Def', {
      instanceGroups: [
        { name: 'gpu', instanceType: TrainingInstanceType.ML_G5_2XLARGE, instanceCount: 1 },
        { name: 'cpu', instanceType: TrainingInstanceType.ML_C5_4XLARGE, instanceCount: 2 },
      ],
    });
    expect(standalone(def).ResourceConfig).toEqual({
      VolumeSizeInGB: 30,
      InstanceGroups: [
        { InstanceType: 'ml.g5.2xlarge', InstanceCount: 1, InstanceGroupName: 'gpu' },
        { InstanceType: 'ml.c5.4xlarge', InstanceCount: 2, InstanceGroupName: 'cpu' },
      ],
    });
  });

  test('TrainingInstanceType.of takes newer types; the definition rejects malformed ones with its path', () => {
    expect(TrainingInstanceType.of('ml.p6.48xlarge').instanceType).toBe('ml.p6.48xlarge');
    const stack = newStack();
    expect(() => definition(stack, 'Def', { instanceType: TrainingInstanceType.of('m5.xlarge') })).toThrow(/^Stack\/Def: instanceType \(TrainingJobDefinition.ResourceConfig.InstanceType\) is 'm5.xlarge', but an instance type name looks like 'ml.<family>.<size>'/);
  });

  test('volume sizes that are not whole GiB fail', () => {
    const stack = newStack();
    expect(() => definition(stack, 'Def', { volumeSize: Size.mebibytes(1500) }))
      .toThrow(/Stack\/Def: volumeSize must be a whole number of GiB \(ResourceConfig.VolumeSizeInGB\), got 1500 mebibytes/);
  });
});

describe('VPC', () => {
  test('creates a security group and picks private subnets; connections expose it', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const def = definition(stack, 'Def', { vpc });
    const vpcConfig = standalone(def).VpcConfig;
    expect(vpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^DefSecurityGroup/), 'GroupId'] }]);
    expect(vpcConfig.Subnets).toHaveLength(2);
    expect(JSON.stringify(vpcConfig.Subnets)).toContain('PrivateSubnet');
    expect(def.connections.securityGroups).toHaveLength(1);
  });

  test('uses the given security groups and subnets', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
    const def = definition(stack, 'Def', { vpc, securityGroups: [sg], vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    const vpcConfig = standalone(def).VpcConfig;
    expect(vpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^Sg/), 'GroupId'] }]);
    expect(JSON.stringify(vpcConfig.Subnets)).toContain('PublicSubnet');
  });

  test('security groups without a VPC are a warning', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    definition(stack, 'Def', { securityGroups: [new ec2.SecurityGroup(stack, 'Sg', { vpc })] });
    Annotations.fromStack(stack).hasWarning('/Stack/Def', Match.stringLikeRegexp('ignored without vpc'));
  });
});

describe('role', () => {
  test('a given role is used as is', () => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::123456789012:role/training', { mutable: false });
    const def = definition(stack, 'Def', { role });
    expect(def.role).toBe(role);
    expect(standalone(def).RoleArn).toBe('arn:aws:iam::123456789012:role/training');
    expect(def.node.tryFindChild('Role')).toBeUndefined();
    tuningJob(stack, { trainingJobDefinitions: [def] });
    // The handler may pass exactly this role to SageMaker.
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'iam:PassRole',
          Resource: 'arn:aws:iam::123456789012:role/training',
          Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
        })]),
      },
    });
  });

  test('parameterRanges returns a copy', () => {
    const stack = newStack();
    const def = definition(stack);
    def.parameterRanges.pop();
    expect(def.parameterRanges).toHaveLength(2);
    expect(def.inputs.map(i => i.channelName)).toEqual(['train', 'validation']);
  });
});
