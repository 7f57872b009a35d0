import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { TrainingRole } from '../../src/private/training-role';
import { providerTotalTimeout, TuningJobProvider } from '../../src/private/tuning-job-provider';

const PARTITION = { Ref: 'AWS::Partition' };
const REGION = { Ref: 'AWS::Region' };
const ACCOUNT = { Ref: 'AWS::AccountId' };

function jobArn(pattern: string) {
  return { 'Fn::Join': ['', ['arn:', PARTITION, ':sagemaker:', REGION, ':', ACCOUNT, `:hyper-parameter-tuning-job/${pattern}`]] };
}

const STACK_ID = { Ref: 'AWS::StackId' };
const TAG = 'cdk-sagemaker-tuning:stack-id';

/** The statements on tuning jobs of each handler, for these resources. */
function jobStatements(resource: unknown) {
  const onEvent = [
    {
      Action: ['sagemaker:CreateHyperParameterTuningJob', 'sagemaker:AddTags'],
      Condition: {
        StringEquals: { [`aws:RequestTag/${TAG}`]: STACK_ID },
        StringEqualsIfExists: { [`aws:ResourceTag/${TAG}`]: STACK_ID },
      },
      Effect: 'Allow',
      Resource: resource,
    },
    {
      Action: [
        'sagemaker:DescribeHyperParameterTuningJob', 'sagemaker:StopHyperParameterTuningJob',
        'sagemaker:ListTags', 'sagemaker:AddTags', 'sagemaker:DeleteTags',
      ],
      Condition: { StringEquals: { [`aws:ResourceTag/${TAG}`]: STACK_ID } },
      Effect: 'Allow',
      Resource: resource,
    },
  ];
  const isComplete = [{
    Action: ['sagemaker:DescribeHyperParameterTuningJob', 'sagemaker:StopHyperParameterTuningJob'],
    Condition: { StringEquals: { [`aws:ResourceTag/${TAG}`]: STACK_ID } },
    Effect: 'Allow',
    Resource: resource,
  }];
  return { onEvent, isComplete };
}

function logsStatement(handler: 'OnEvent' | 'IsComplete') {
  return {
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Effect: 'Allow',
    Resource: { 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^SageMakerTuningProvider${handler}Logs`)), 'Arn'] },
  };
}

/** The acknowledgments recorded on the construct at `path` (relative to the stack). */
function acknowledgmentsOn(stack: Stack, path: string): Record<string, string> {
  const construct = stack.node.findAll().find(c => c.node.path === `${stack.node.path}/${path}`);
  if (!construct) {
    throw new Error(`no construct at ${path}`);
  }
  return Object.assign({}, ...construct.node.metadata
    .filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .map(m => m.data));
}

function policyOf(template: Template, roleLogicalIdPrefix: string) {
  const policies = template.findResources('AWS::IAM::Policy');
  const entry = Object.entries(policies).find(([, p]) =>
    (p.Properties.Roles as Array<{ Ref: string }>).some(r => r.Ref.includes(roleLogicalIdPrefix)));
  return entry?.[1].Properties.PolicyDocument.Statement;
}

test('one provider per stack and poll interval', () => {
  const stack = new Stack(new App(), 'S');
  const a = TuningJobProvider.getOrCreate(stack, { pollInterval: Duration.minutes(1) });
  const b = TuningJobProvider.getOrCreate(new iam.Role(stack, 'Scope', { assumedBy: new iam.AccountRootPrincipal() }), { pollInterval: Duration.seconds(60) });
  const c = TuningJobProvider.getOrCreate(stack, { pollInterval: Duration.seconds(30) });
  expect(b).toBe(a);
  expect(c).not.toBe(a);
  expect(a.node.id).toBe('SageMakerTuningProvider');
  expect(c.node.id).toBe('SageMakerTuningProvider30s');
  expect(stack.resolve(a.serviceToken)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^SageMakerTuningProviderframeworkonEvent/), 'Arn'] });
});

test('handlers: Node 24, 256 MB, bundled assets; the waiter polls at the interval within 57 minutes', () => {
  const stack = new Stack(new App(), 'S');
  TuningJobProvider.getOrCreate(stack, { pollInterval: Duration.minutes(2) });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::Lambda::Function', {
    Description: Match.stringLikeRegexp('starts, replaces and stops'), Runtime: 'nodejs24.x', MemorySize: 256, Timeout: 120, Handler: 'index.handler',
  });
  template.hasResourceProperties('AWS::Lambda::Function', {
    Description: Match.stringLikeRegexp('polls SageMaker'), Runtime: 'nodejs24.x', MemorySize: 256, Timeout: 60,
  });
  const machines = template.findResources('AWS::StepFunctions::StateMachine');
  const definition = JSON.stringify(Object.values(machines)[0].Properties.DefinitionString);
  expect(definition).toContain('\\"IntervalSeconds\\":120');
  expect(definition).toContain('\\"MaxAttempts\\":28'); // 56 min / 2 min
});

test('grants: exact, merged, deduplicated statements; library training roles by their path, other roles by ARN', () => {
  const app = new App();
  const stack = new Stack(app, 'S');
  const other = new Stack(app, 'Other');
  const provider = TuningJobProvider.getOrCreate(stack, { pollInterval: Duration.minutes(1) });
  const libraryRoleA = new TrainingRole(stack, 'TrainingA', { description: 'a' });
  const libraryRoleB = new TrainingRole(stack, 'TrainingB', { description: 'b' });
  const otherStackRole = new TrainingRole(other, 'TrainingC', { description: 'c' });
  const userRole = new iam.Role(stack, 'UserRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  const imported = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::123456789012:role/imported');
  provider.grantTuningJob('s-*');
  provider.grantTuningJob('fixed-name');
  provider.grantTuningJob('s-*');
  for (const role of [libraryRoleA, libraryRoleB, userRole, imported, otherStackRole, libraryRoleA, userRole]) {
    provider.grantPassRole(role);
  }

  const template = Template.fromStack(stack);
  const expected = jobStatements([jobArn('s-*'), jobArn('fixed-name')]);
  expect(policyOf(template, 'OnEvent')).toEqual([
    logsStatement('OnEvent'),
    ...expected.onEvent,
    {
      Action: 'iam:PassRole',
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      Effect: 'Allow',
      Resource: [
        // every training role the library creates in this stack, whatever their number
        { 'Fn::Join': ['', ['arn:', PARTITION, ':iam::', ACCOUNT, ':role/cdk-sagemaker-tuning/S/*']] },
        { 'Fn::GetAtt': [expect.stringMatching(/^UserRole/), 'Arn'] },
        'arn:aws:iam::123456789012:role/imported',
        { 'Fn::ImportValue': expect.stringMatching(/^Other:ExportsOutputFnGetAttTrainingC/) },
      ],
    },
  ]);
  expect(policyOf(template, 'IsComplete')).toEqual([logsStatement('IsComplete'), ...expected.isComplete]);
});

test('a single grant renders a single resource', () => {
  const stack = new Stack(new App(), 'S');
  const provider = TuningJobProvider.getOrCreate(stack, { pollInterval: Duration.minutes(1) });
  provider.grantTuningJob('only-*');
  const template = Template.fromStack(stack);
  expect(policyOf(template, 'IsComplete')).toEqual([logsStatement('IsComplete'), ...jobStatements(jobArn('only-*')).isComplete]);
});

test('both handlers run the one bundle; the environment names the handler', () => {
  const stack = new Stack(new App(), 'S');
  TuningJobProvider.getOrCreate(stack, { pollInterval: Duration.minutes(1) });
  const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } });
  const ours = Object.entries(functions).filter(([id]) => /^SageMakerTuningProvider(OnEvent|IsComplete)[0-9A-F]{8}$/.test(id));
  expect(ours.map(([id, f]) => [id.replace(/[0-9A-F]{8}$/, ''), f.Properties.Environment.Variables.CDK_SAGEMAKER_TUNING_HANDLER]).sort()).toEqual([
    ['SageMakerTuningProviderIsComplete', 'isComplete'],
    ['SageMakerTuningProviderOnEvent', 'onEvent'],
  ]);
  expect(new Set(ours.map(([, f]) => f.Properties.Code.S3Key)).size).toBe(1);
});

test('handlers: own roles without managed policies, log groups kept a year and removed with the stack', () => {
  const stack = new Stack(new App(), 'S');
  TuningJobProvider.getOrCreate(stack, { pollInterval: Duration.minutes(1) });
  const template = Template.fromStack(stack);
  for (const handler of ['OnEvent', 'IsComplete']) {
    const roles = template.findResources('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp(`${handler} handler`) } });
    expect(Object.values(roles)).toHaveLength(1);
    const role = Object.values(roles)[0];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
    ]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [Object.keys(roles)[0], 'Arn'] },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp(`^SageMakerTuningProvider${handler}Logs`) } },
    });
  }
  const logGroups = template.findResources('AWS::Logs::LogGroup');
  const own = Object.entries(logGroups).filter(([id]) => /^SageMakerTuningProvider(OnEvent|IsComplete)Logs/.test(id));
  expect(own).toHaveLength(2);
  for (const [, logGroup] of own) {
    expect(logGroup).toMatchObject({ Properties: { RetentionInDays: 365 }, DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  }
});

test('acknowledgments: generated job names on the handler roles only; the provider framework on its own constructs', () => {
  const stack = new Stack(new App(), 'S');
  const provider = TuningJobProvider.getOrCreate(stack, { pollInterval: Duration.minutes(1) });
  provider.grantTuningJob('s-*');
  provider.grantTuningJob('fixed-name');
  provider.grantPassRole(new TrainingRole(stack, 'Training', { description: 'x' }));
  const jobId = 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:hyper-parameter-tuning-job/s-*]';
  const passRoleId = 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role/cdk-sagemaker-tuning/S/*]';
  for (const role of ['OnEventRole', 'IsCompleteRole']) {
    const acks = acknowledgmentsOn(stack, `SageMakerTuningProvider/${role}`);
    expect(Object.keys(acks)).toEqual(role === 'OnEventRole' ? [jobId, passRoleId] : [jobId]);
    expect(acks[jobId]).toMatch(/s-<construct id>-<random suffix>/);
    expect(acks[jobId]).toMatch(/cdk-sagemaker-tuning:stack-id tag of this stack/);
  }
  // Nothing on the functions, their log groups or the provider as a whole.
  for (const path of ['SageMakerTuningProvider', 'SageMakerTuningProvider/OnEvent', 'SageMakerTuningProvider/OnEventLogs', 'SageMakerTuningProvider/Provider']) {
    expect(acknowledgmentsOn(stack, path)).toEqual({});
  }
  const invoke = (fn: string) => `AwsSolutions-IAM5[Resource::<${fn}.Arn>:*]`;
  const handlers = [invoke('SageMakerTuningProviderOnEvent6DEE8B3A'), invoke('SageMakerTuningProviderIsCompleteF3329B29')];
  for (const fn of ['framework-onEvent', 'framework-isComplete', 'framework-onTimeout']) {
    expect(Object.keys(acknowledgmentsOn(stack, `SageMakerTuningProvider/Provider/${fn}/Resource`))).toEqual(['AwsSolutions-L1']);
    expect(Object.keys(acknowledgmentsOn(stack, `SageMakerTuningProvider/Provider/${fn}/ServiceRole`))).toEqual([
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ...handlers,
    ]);
  }
  expect(Object.keys(acknowledgmentsOn(stack, 'SageMakerTuningProvider/Provider/waiter-state-machine/Resource'))).toEqual(['AwsSolutions-SF1', 'AwsSolutions-SF2']);
  expect(Object.keys(acknowledgmentsOn(stack, 'SageMakerTuningProvider/Provider/waiter-state-machine/Role'))).toEqual([
    invoke('SageMakerTuningProviderframeworkisComplete87BA7174'), invoke('SageMakerTuningProviderframeworkonTimeout8C074076'),
  ]);
});

test('an id taken by another construct is an error', () => {
  const stack = new Stack(new App(), 'S');
  new iam.Role(stack, 'SageMakerTuningProvider', { assumedBy: new iam.AccountRootPrincipal() });
  expect(() => TuningJobProvider.getOrCreate(stack, { pollInterval: Duration.minutes(1) })).toThrow(/reserved for the SageMaker tuning-job provider/);
});

test('the total timeout is a whole number of polls within 57 minutes', () => {
  expect(providerTotalTimeout(Duration.minutes(1)).toSeconds()).toBe(57 * 60);
  expect(providerTotalTimeout(Duration.minutes(2)).toSeconds()).toBe(56 * 60);
  expect(providerTotalTimeout(Duration.seconds(45)).toSeconds()).toBe(76 * 45);
});

test.each([Duration.millis(500), Duration.seconds(9), Duration.seconds(901), Duration.hours(1)])('pollInterval %s is refused', (interval) => {
  const stack = new Stack(new App(), 'S');
  expect(() => TuningJobProvider.getOrCreate(stack, { pollInterval: interval })).toThrow(/pollInterval must be from 10 seconds to 15 minutes/);
});

test('a fractional pollInterval within the bounds is refused', () => {
  const stack = new Stack(new App(), 'S');
  expect(() => TuningJobProvider.getOrCreate(stack, { pollInterval: Duration.millis(10_500) })).toThrow(/pollInterval must be a whole number of seconds, got 10.5 seconds/);
});
