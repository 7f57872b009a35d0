// The acknowledgments the library records for policy checks (which and why:
// src/private/nag-acknowledgments.ts; how: src/private/nag.ts): their ids match what cdk-nag
// reports, they sit on the construct that owns the resource, and a definition acknowledges
// only what it granted itself, on a role it created.
import * as fs from 'fs';
import * as path from 'path';
import { App, Fn, PolicyViolation, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { IConstruct } from 'constructs';
import { definition, newStack } from './fixtures';
import { S3DataType, TrainingAlgorithm, TrainingImage, TrainingImageConfig, TrainingInput, TrainingJobDefinition } from '../src';
import { acknowledgeNagFindings, nagResource } from '../src/private/nag';

function acknowledgmentsOn(construct: IConstruct): Record<string, string> {
  return Object.assign({}, ...construct.node.metadata
    .filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .map(m => m.data));
}

/** Every construct of the tree with acknowledgments, by path. */
function allAcknowledgments(scope: IConstruct): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const c of scope.node.findAll()) {
    const acks = acknowledgmentsOn(c);
    if (Object.keys(acks).length > 0) {
      out[c.node.path] = acks;
    }
  }
  return out;
}

/** The unacknowledged IAM5 findings of cdk-nag on the constructs under `scope`. */
function iam5Findings(app: App, scope: IConstruct): string[] {
  app.synth();
  const report = new AwsSolutionsChecks(app).validateScope(app);
  return report.violations
    .filter((v: PolicyViolation) => v.ruleName.startsWith('AwsSolutions-IAM5'))
    .flatMap(v => v.violatingResources.map(r => `${v.ruleName} at ${r.constructPath}`))
    .filter(f => f.includes(` at ${scope.node.path}/`))
    .sort();
}

describe('nagResource renders resources as cdk-nag flattens them', () => {
  const stack = new Stack(new App(), 'S');
  const bucket = new s3.Bucket(stack, 'Bucket');
  const cases: Record<string, string> = {
    'literal': 'arn:aws:s3:::b/*',
    'GetAtt in a join': bucket.arnForObjects('data/*'),
    'pseudo parameters': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:x:*`,
    'Ref': Fn.ref('Bucket'),
    'Fn::Sub': Fn.sub('arn:${AWS::Partition}:s3:::${Name}/*', { Name: 'b' }),
    'Fn::Sub without variables': Fn.sub('arn:${AWS::Partition}:s3:::b/*'),
    'Fn::ImportValue': `${Fn.importValue('Exported')}/*`,
    'a token twice (resolved once per stack)': `${bucket.bucketArn}/a/${bucket.bucketArn}/*`,
    'a literal cdk-nag rewrites': `${bucket.bucketArn}/\${x}/*`,
    'only a token': bucket.bucketArn,
  };
  test.each(Object.entries(cases))('%s', (_, resource) => {
    expect(nagResource(stack, resource)).toEqual(flattenCfnReference(stack.resolve(resource)));
  });
});

describe('one module decides every acknowledgment', () => {
  test('only src/private/nag-acknowledgments.ts records acknowledgments; no other source names a finding id', () => {
    const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
      .flatMap(e => e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
    const src = path.join(__dirname, '..', 'src');
    const offenders = files(src)
      .filter(f => !['nag.ts', 'nag-acknowledgments.ts'].includes(path.basename(f)))
      .filter(f => /from '\.\/nag'|from '\.\/private\/nag'|AwsSolutions-|acknowledgeNagFindings|Validations\.of\([^)]*\)\.acknowledge/.test(fs.readFileSync(f, 'utf8')))
      .map(f => path.relative(src, f));
    expect(offenders).toEqual([]);
  });
});

describe('acknowledgeNagFindings', () => {
  test('one metadata entry per construct; another reason for the same id is kept beside the first', () => {
    const stack = new Stack(new App(), 'S');
    acknowledgeNagFindings(stack, ['A', 'B'], 'first');
    acknowledgeNagFindings(stack, ['B'], 'second');
    acknowledgeNagFindings(stack, ['B'], 'second');
    const entries = stack.node.metadata.filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    expect(entries.map(e => e.data)).toEqual([{ A: 'first', B: 'first | second' }]);
  });

  test('a reason is required', () => {
    expect(() => acknowledgeNagFindings(new Stack(new App(), 'S'), ['A'], ' ')).toThrow(/needs a reason/);
  });
});

describe('TrainingJobDefinition acknowledges the wildcards of the role it creates', () => {
  test('logs, metrics, output and input prefixes: exactly the ids cdk-nag reports, on the role', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Data');
    const def = definition(stack, 'Def', {
      inputs: [
        TrainingInput.fromBucket('train', bucket, 'data/train/'),
        TrainingInput.fromBucket('manifest', bucket, 'data/all.manifest', { dataType: S3DataType.MANIFEST_FILE }),
      ],
    });
    const acks = allAcknowledgments(stack);
    expect(Object.keys(acks)).toEqual(['Stack/Def/Role', 'Stack/SageMakerTrainingLogsAndMetrics']);
    // The role's own prefixes on the role; logs and metrics on the stack's shared policy, once.
    expect(Object.keys(acks['Stack/Def/Role']).sort()).toEqual([
      'AwsSolutions-IAM5[Resource::<Data666C94C7.Arn>/*]',
      'AwsSolutions-IAM5[Resource::<Data666C94C7.Arn>/data/train/*]',
      'AwsSolutions-IAM5[Resource::<Data666C94C7.Arn>/models/*]',
    ]);
    const shared = acks['Stack/SageMakerTrainingLogsAndMetrics'];
    expect(Object.keys(shared).sort()).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:us-east-1:123456789012:log-group:/aws/sagemaker/TrainingJobs:log-stream:*]',
    ]);
    expect(shared['AwsSolutions-IAM5[Resource::*]']).toMatch(/cloudwatch:PutMetricData/);
    expect(shared['AwsSolutions-IAM5[Resource::*]']).not.toMatch(/ecr:|ec2:|EC2/);
    expect(acks['Stack/Def/Role']['AwsSolutions-IAM5[Resource::<Data666C94C7.Arn>/*]']).toMatch(/'manifest': its ManifestFile may list objects under any key/);
    expect(iam5Findings(stack.node.root as App, def)).toEqual([]);
    expect(iam5Findings(stack.node.root as App, stack.node.findChild('SageMakerTrainingLogsAndMetrics'))).toEqual([]);
  });

  test('an ECR image, a VPC and checkpoints: the reason for Resource::* names each source', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Data');
    const def = definition(stack, 'Def', {
      algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'trainer'))),
      metricDefinitions: [{ name: 'validation:auc', regex: 'auc=([0-9.]+)' }],
      vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] }),
      outputBucket: bucket,
      outputPrefix: '',
      checkpoint: { bucket, prefix: 'ckpt' },
    });
    const acks = acknowledgmentsOn(def.node.findChild('Role'));
    expect(acks['AwsSolutions-IAM5[Resource::*]'].split(' | ').map(r => r.split(' ')[0])).toEqual([
      'ecr:GetAuthorizationToken', 'the',
    ]);
    expect(acks['AwsSolutions-IAM5[Resource::*]']).toMatch(/EC2 network-interface actions/);
    expect(Object.keys(acks)).toEqual(expect.arrayContaining([
      'AwsSolutions-IAM5[Resource::<Data666C94C7.Arn>/*]', // output at the bucket root
      'AwsSolutions-IAM5[Resource::<Data666C94C7.Arn>/ckpt/*]',
    ]));
    expect(iam5Findings(stack.node.root as App, def)).toEqual([]);
  });

  test('a role given by the user: nothing is acknowledged, the findings show', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'UserRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    definition(stack, 'Def', { role });
    expect(allAcknowledgments(stack)).toEqual({});
    const app = stack.node.root as App;
    app.synth();
    const findings = new AwsSolutionsChecks(app).validateScope(app).violations
      .flatMap(v => v.violatingResources.map(r => `${v.ruleName} at ${r.constructPath}`));
    expect(findings).toEqual(expect.arrayContaining([
      'AwsSolutions-IAM5[Resource::*] at Stack/UserRole/DefaultPolicy/Resource',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::training-data/models/*] at Stack/UserRole/DefaultPolicy/Resource',
    ]));
  });

  test('an image that grants another action on every resource: Resource::* is not acknowledged', () => {
    class ListingImage extends TrainingImage {
      public bind(_scope: IConstruct, grantee: iam.IGrantable): TrainingImageConfig {
        grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListAllMyBuckets'], resources: ['*'] }));
        return { imageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1' };
      }
    }
    const stack = newStack();
    const def = new TrainingJobDefinition(stack, 'Def', {
      algorithm: TrainingAlgorithm.fromImage(new ListingImage()),
      metricDefinitions: [{ name: 'm', regex: 'm=(.*)' }],
      outputBucket: s3.Bucket.fromBucketName(stack, 'Out', 'out'),
    });
    expect(Object.keys(acknowledgmentsOn(def.node.findChild('Role')))).not.toContain('AwsSolutions-IAM5[Resource::*]');
    expect(iam5Findings(stack.node.root as App, def)).toEqual(['AwsSolutions-IAM5[Resource::*] at Stack/Def/Role/Resource']);
  });

  test('another action on every resource granted after construction withdraws the acknowledgment, for good', () => {
    const stack = newStack();
    const def = definition(stack, 'Def', {
      algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'trainer'))),
      metricDefinitions: [{ name: 'validation:auc', regex: 'auc=([0-9.]+)' }],
    });
    const role = def.node.findChild('Role');
    expect(Object.keys(acknowledgmentsOn(role))).toContain('AwsSolutions-IAM5[Resource::*]');
    def.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListAllMyBuckets'], resources: ['*'] }));
    expect(Object.keys(acknowledgmentsOn(role))).not.toContain('AwsSolutions-IAM5[Resource::*]');
    // A known action afterwards does not bring it back: the unknown one is still there.
    def.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
    expect(Object.keys(acknowledgmentsOn(role))).not.toContain('AwsSolutions-IAM5[Resource::*]');
    expect(iam5Findings(stack.node.root as App, def)).toEqual(['AwsSolutions-IAM5[Resource::*] at Stack/Def/Role/Resource']);
  });

  test('acknowledgments are construct metadata only: the templates do not change', () => {
    const stack = newStack();
    definition(stack, 'Def');
    const app = stack.node.root as App;
    const template = app.synth().getStackByName(stack.stackName).template;
    expect(JSON.stringify(template)).not.toContain('AwsSolutions');
  });
});
