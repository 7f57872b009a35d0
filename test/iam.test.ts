import { Size, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { S3DataType, TrainingAlgorithm, TrainingImage, TrainingInput, TrainingJobDefinition } from '../src';
import { definition, newStack, tuningJob } from './fixtures';

/**
 * The statements of a definition's generated role: all of them in its one inline policy, none in
 * a separate policy resource; logs and metrics come from the stack's shared managed policy.
 */
function roleStatements(stack: Stack, def: TrainingJobDefinition): any[] {
  const template = Template.fromStack(stack);
  const roleId = stack.getLogicalId(def.role.node.defaultChild as any);
  const separate = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p: any) => p.Properties.Roles.some((r: any) => r.Ref === roleId));
  expect(separate).toEqual([]);
  const role = template.toJSON().Resources[roleId].Properties;
  expect(role.Path).toBe('/cdk-sagemaker-tuning/Stack/');
  expect(role.ManagedPolicyArns).toEqual([{ Ref: expect.stringMatching(/^SageMakerTrainingLogsAndMetrics[0-9A-F]{8}$/) }]);
  expect(role.Policies.map((p: any) => p.PolicyName)).toEqual(['TrainingJobs']);
  return role.Policies[0].PolicyDocument.Statement;
}

const arn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });

const LOGS_AND_METRICS = [
  {
    Action: ['logs:CreateLogGroup', 'logs:DescribeLogStreams'],
    Effect: 'Allow',
    Resource: arn(':logs:us-east-1:123456789012:log-group:/aws/sagemaker/TrainingJobs'),
  },
  {
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Effect: 'Allow',
    Resource: arn(':logs:us-east-1:123456789012:log-group:/aws/sagemaker/TrainingJobs:log-stream:*'),
  },
  {
    Action: 'cloudwatch:PutMetricData',
    Condition: { StringEquals: { 'cloudwatch:namespace': '/aws/sagemaker/TrainingJobs' } },
    Effect: 'Allow',
    Resource: '*',
  },
];

describe('the role a definition creates', () => {
  test('trusts SageMaker only', () => {
    const stack = newStack();
    const def = definition(stack);
    const roleId = stack.getLogicalId(def.role.node.defaultChild as any);
    expect(Template.fromStack(stack).toJSON().Resources[roleId].Properties.AssumeRolePolicyDocument).toEqual({
      Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' } }],
      Version: '2012-10-17',
    });
  });

  test('logs and metrics: one managed policy per stack, shared by every role the definitions create', () => {
    const stack = newStack();
    definition(stack, 'A');
    definition(stack, 'B');
    const template = Template.fromStack(stack);
    const policies = template.findResources('AWS::IAM::ManagedPolicy');
    expect(Object.keys(policies)).toEqual([expect.stringMatching(/^SageMakerTrainingLogsAndMetrics/)]);
    const policy = Object.values(policies)[0].Properties;
    expect(policy.PolicyDocument.Statement).toEqual(LOGS_AND_METRICS);
    // Attached by the roles (ManagedPolicyArns), so the policy does not grow with them.
    expect(policy.Roles).toBeUndefined();
    const roles = Object.values(template.findResources('AWS::IAM::Role')).filter((r: any) => r.Properties.Path === '/cdk-sagemaker-tuning/Stack/');
    expect(roles).toHaveLength(2);
  });

  test('a role given by the user gets the logs and metrics statements itself, and no path', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'UserRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    definition(stack, 'Def', { role });
    const template = Template.fromStack(stack);
    expect(template.findResources('AWS::IAM::ManagedPolicy')).toEqual({});
    const roleId = stack.getLogicalId(role.node.defaultChild as any);
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p: any) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements.slice(0, 3)).toEqual(LOGS_AND_METRICS);
    expect(template.toJSON().Resources[roleId].Properties.Path).toBeUndefined();
  });

  test('minimal: write its output prefix, read its input prefix — nothing more', () => {
    const stack = newStack();
    const def = definition(stack);
    tuningJob(stack, { trainingJobDefinitions: [def] });
    expect(roleStatements(stack, def)).toEqual([
      { Action: 's3:PutObject', Effect: 'Allow', Resource: arn(':s3:::training-data/models/*') },
      { Action: 's3:GetObject', Effect: 'Allow', Resource: arn(':s3:::training-data/train/*') },
      {
        Action: 's3:ListBucket',
        Condition: { StringLike: { 's3:prefix': ['train/*'] } },
        Effect: 'Allow',
        Resource: arn(':s3:::training-data'),
      },
      { Action: 's3:GetObject', Effect: 'Allow', Resource: arn(':s3:::training-data/validation/*') },
      {
        Action: 's3:ListBucket',
        Condition: { StringLike: { 's3:prefix': ['validation/*'] } },
        Effect: 'Allow',
        Resource: arn(':s3:::training-data'),
      },
    ]);
  });

  test('full: ECR pull, KMS keys, checkpoints, manifest input and VPC access', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const bucket = new s3.Bucket(stack, 'Encrypted', { encryption: s3.BucketEncryption.KMS, encryptionKey: key });
    const repo = ecr.Repository.fromRepositoryName(stack, 'Repo', 'algo');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const def = new TrainingJobDefinition(stack, 'Full', {
      algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromEcrRepository(repo, 'v1')),
      metricDefinitions: [{ name: 'loss', regex: 'loss=([0-9.]+)' }],
      inputs: [TrainingInput.fromBucket('train', bucket, 'data/train.manifest', { dataType: S3DataType.MANIFEST_FILE })],
      outputBucket: bucket,
      outputPrefix: 'out',
      outputEncryptionKey: key,
      volumeEncryptionKey: key,
      volumeSize: Size.gibibytes(10),
      checkpoint: { bucket, prefix: 'ckpt' },
      vpc,
    });
    const bucketArn = { 'Fn::GetAtt': [stack.getLogicalId(bucket.node.defaultChild as any), 'Arn'] };
    const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as any), 'Arn'] };
    const objects = (suffix: string) => ({ 'Fn::Join': ['', [bucketArn, suffix]] });
    expect(roleStatements(stack, def)).toEqual([
      {
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
        Effect: 'Allow',
        Resource: arn(':ecr:us-east-1:123456789012:repository/algo'),
      },
      { Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' },
      { Action: 's3:PutObject', Effect: 'Allow', Resource: objects('/out/*') },
      // Output key and the bucket's own key are the same key: one statement, merged by CDK.
      { Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'], Effect: 'Allow', Resource: keyArn },
      { Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Effect: 'Allow', Resource: objects('/ckpt/*') },
      { Action: 's3:ListBucket', Condition: { StringLike: { 's3:prefix': ['ckpt/*'] } }, Effect: 'Allow', Resource: bucketArn },
      { Action: ['kms:CreateGrant', 'kms:DescribeKey'], Effect: 'Allow', Resource: keyArn },
      {
        Action: [
          'ec2:CreateNetworkInterface', 'ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface',
          'ec2:DeleteNetworkInterfacePermission', 'ec2:DescribeDhcpOptions', 'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs',
        ],
        Condition: { StringEquals: { 'aws:RequestedRegion': { Ref: 'AWS::Region' } } },
        Effect: 'Allow',
        Resource: '*',
      },
      // A manifest lists objects anywhere in its bucket.
      { Action: 's3:GetObject', Effect: 'Allow', Resource: objects('/*') },
      { Action: 's3:ListBucket', Effect: 'Allow', Resource: bucketArn },
      { Action: 'kms:Decrypt', Effect: 'Allow', Resource: keyArn },
    ]);
  });
});
