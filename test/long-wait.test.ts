import { Duration, Stack, Tags, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { definition, newStack, tuningJob } from './fixtures';
import { TuningJob, TuningJobResults, WarmStart } from '../src';

const SIX_HOURS = Duration.hours(6);

function resourcesOfType(template: Template, type: string): [string, any][] {
  return Object.entries(template.findResources(type));
}
function one(template: Template, type: string): [string, any] {
  const found = resourcesOfType(template, type);
  expect(found).toHaveLength(1);
  return found[0];
}
/** A JSON input rendered with tokens (Fn::Join) back to text with `${Ref:X}` placeholders. */
function text(value: any): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value.Ref) {
    return `\${Ref:${value.Ref}}`;
  }
  if (value['Fn::GetAtt']) {
    return `\${GetAtt:${value['Fn::GetAtt'].join('.')}}`;
  }
  if (value['Fn::Join']) {
    return value['Fn::Join'][1].map(text).join(value['Fn::Join'][0]);
  }
  return JSON.stringify(value);
}
function policyOf(template: Template, rolePrefix: string): any[] {
  const roleId = Object.keys(template.findResources('AWS::IAM::Role')).find(id => id.startsWith(rolePrefix));
  expect(roleId).toBeDefined();
  return resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
}

describe('a 6-hour wait', () => {
  const stack = newStack('LongStack');
  const job = tuningJob(stack, { waitTimeout: SIX_HOURS });
  const eta = job.bestHyperParameter('eta');
  const template = Template.fromStack(stack);
  const [jobId, jobResource] = one(template, 'Custom::SageMakerTuningJob');

  test('the job resource completes once the job runs (Detached) and carries the wait', () => {
    expect(jobResource.Properties.Detached).toBe('true');
    expect(jobResource.Properties.WaitTimeoutSeconds).toBe('21600');
    // The schedules' fingerprint: a change to the schedules updates the job resource, whose Data
    // then holds a fresh window (a schedule is never updated to an end in the past).
    expect(jobResource.Properties.WaitSchedules).toMatch(/^[0-9a-f]{16}$/);
    expect(Number(jobResource.Properties.ServiceTimeout)).toBeLessThanOrEqual(3600);
  });

  test('a WaitCondition with Timeout = wait + 10 min margin, named by the wait key the job resource carries', () => {
    const [conditionId, condition] = one(template, 'AWS::CloudFormation::WaitCondition');
    const [handleId] = one(template, 'AWS::CloudFormation::WaitConditionHandle');
    const key = jobResource.Properties.LongWait;
    expect(key).toMatch(/^[0-9A-F]{16}$/);
    expect(conditionId).toBe(`SageMakerTuningWait${key}`);
    expect(handleId).toBe(`SageMakerTuningWait${key}Handle`);
    expect(condition.Properties).toEqual({ Handle: { Ref: handleId }, Timeout: String(6 * 3600 + 600), Count: 1 });
    // The wait starts after the job resource and its deadline schedule.
    const [deadlineId] = resourcesOfType(template, 'AWS::Scheduler::Schedule').find(([, r]) => r.Properties.ScheduleExpressionTimezone === 'UTC')!;
    expect([...condition.DependsOn].sort()).toEqual([jobId, deadlineId].sort());
  });

  test('the job starts after its handle (a signal may come as soon as it ends) and after the stack\'s rules and their permissions', () => {
    const [handleId] = one(template, 'AWS::CloudFormation::WaitConditionHandle');
    const rules = Object.keys(template.findResources('AWS::Events::Rule'));
    const permissions = Object.keys(template.findResources('AWS::Lambda::Permission')).filter(id => id.startsWith('SageMakerTuningLongWait'));
    expect(rules).toHaveLength(2);
    expect(permissions).toHaveLength(2);
    expect([...jobResource.DependsOn].sort()).toEqual([handleId, ...rules, ...permissions].sort());
  });

  test('one rule per stack on its tuning jobs\' state changes, matching the generated names by the stack\'s prefix', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.sagemaker'],
        'detail-type': ['SageMaker HyperParameter Tuning Job State Change'],
        'detail': { HyperParameterTuningJobName: [{ prefix: 'longstack-' }] },
      },
    });
  });

  test('one rule per stack on their training jobs\' final states (progress), matched by the tuning job\'s ARN prefix', () => {
    const rule = resourcesOfType(template, 'AWS::Events::Rule').map(([, r]) => r.Properties.EventPattern)
      .find(p => p['detail-type'][0] === 'SageMaker Training Job State Change')!;
    expect(rule.detail.TrainingJobStatus).toEqual(['Completed', 'Failed', 'Stopped']);
    expect(rule.detail.TuningJobArn).toHaveLength(1);
    expect(text(rule.detail.TuningJobArn[0].prefix))
      .toBe('arn:${Ref:AWS::Partition}:sagemaker:${Ref:AWS::Region}:${Ref:AWS::AccountId}:hyper-parameter-tuning-job/longstack-');
  });

  test('no input carries the handle\'s URL: the rules pass the job, the deadline the job and its wait, the safety check nothing', () => {
    const [handleId] = one(template, 'AWS::CloudFormation::WaitConditionHandle');
    const inputs = [
      ...resourcesOfType(template, 'AWS::Events::Rule').map(([, r]) => r.Properties.Targets[0].InputTransformer?.InputTemplate ?? r.Properties.Targets[0].Input),
      ...resourcesOfType(template, 'AWS::Scheduler::Schedule').map(([, s]) => s.Properties.Target.Input),
    ].map(text);
    expect(inputs).toHaveLength(4);
    for (const input of inputs) {
      expect(input).not.toContain(handleId);
      expect(input).not.toContain('HandleUrl');
    }
    expect(inputs.sort()).toEqual([
      `{"Trigger":"deadline","TuningJobName":"\${Ref:${jobId}}","WaitKey":"${jobResource.Properties.LongWait}"}`,
      '{"Trigger":"safety-check"}',
      '{"Trigger":"training-job-event","TuningJobArn":<detail-TuningJobArn>,"TrainingJobName":<detail-TrainingJobName>,"TrainingJobStatus":<detail-TrainingJobStatus>}',
      '{"Trigger":"tuning-job-event","TuningJobName":<detail-HyperParameterTuningJobName>}',
    ].sort());
  });

  test('an hourly safety check for the stack, and a one-time check at the deadline of the wait', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(60 minutes)',
      EndDate: Match.absent(),
      FlexibleTimeWindow: { Mode: 'OFF' },
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: { 'Fn::Join': ['', ['at(', { 'Fn::GetAtt': [jobId, 'WaitDeadlineAt'] }, ')']] },
      ScheduleExpressionTimezone: 'UTC',
    });
  });

  test('4 resources of its own besides the job\'s: handle, condition, deadline schedule, results', () => {
    const own = Object.keys(template.toJSON().Resources).filter(id => id.startsWith('SageMakerTuningWait') || id.startsWith('TuningWait'));
    expect(own).toHaveLength(4);
  });

  test('the best-job attributes are read after the wait, by the results resource', () => {
    const [resultsId, results] = one(template, 'Custom::SageMakerTuningJobResults');
    const [conditionId] = one(template, 'AWS::CloudFormation::WaitCondition');
    // After the wait (and re-read after every new wait): it refers to the WaitCondition.
    expect(results.Properties.WaitCondition).toEqual({ Ref: conditionId });
    expect(results.Properties.TuningJobName).toEqual({ Ref: jobId });
    expect(results.Properties.HyperParameterNames).toBe('["eta"]');
    expect(results.Properties.ReportUnfinishedOnUpdate).toBe('true'); // a rollback must not wedge on it
    expect(stack.resolve(eta)).toEqual({ 'Fn::GetAtt': [resultsId, 'BestHyperParameter.eta'] });
    expect(stack.resolve(job.bestTrainingJobName)).toEqual({ 'Fn::GetAtt': [resultsId, 'BestTrainingJobName'] });
    expect(stack.resolve(job.bestObjectiveValue)).toEqual({ 'Fn::GetAtt': [resultsId, 'BestObjectiveValue'] });
    expect(stack.resolve(job.bestModelDataUri)).toEqual({ 'Fn::GetAtt': [resultsId, 'BestModelDataUri'] });
    expect(stack.resolve(job.overallBestTrainingJobName)).toEqual({ 'Fn::GetAtt': [resultsId, 'OverallBestTrainingJobName'] });
    expect(stack.resolve(job.tuningJobStatus)).toEqual({ 'Fn::GetAtt': [resultsId, 'TuningJobStatus'] });
    expect(text(stack.resolve(job.bestModelDataKey))).toBe(`models/\${GetAtt:${resultsId}.BestTrainingJobName}/output/model.tar.gz`);
    // Name and ARN stay the job resource's: known as soon as the job runs.
    expect(stack.resolve(job.tuningJobName)).toEqual({ Ref: jobId });
  });

  test('least privilege: the signal handler reads, and stops, the stack\'s tuning jobs, and reads the stack\'s resources; nothing else', () => {
    const statements = policyOf(template, 'SageMakerTuningLongWaitSignalRole');
    const sagemaker = statements.filter(s => JSON.stringify(s.Action).includes('sagemaker:'));
    // The stack's name pattern, and only jobs this stack's handler created (tagged with the stack id).
    expect(sagemaker).toEqual([{
      Action: ['sagemaker:DescribeHyperParameterTuningJob', 'sagemaker:ListTags', 'sagemaker:StopHyperParameterTuningJob'],
      Condition: { StringEquals: { 'aws:ResourceTag/cdk-sagemaker-tuning:stack-id': { Ref: 'AWS::StackId' } } },
      Effect: 'Allow',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':hyper-parameter-tuning-job/longstack-*']] },
    }]);
    // The handle's URL and the safety check's view: this stack only.
    const cloudformation = statements.filter(s => JSON.stringify(s.Action).includes('cloudformation:'));
    expect(cloudformation).toEqual([{
      Action: ['cloudformation:DescribeStackResource', 'cloudformation:ListStackResources'],
      Effect: 'Allow',
      Resource: { Ref: 'AWS::StackId' },
    }]);
    // The rest: writing its own log group.
    expect(statements.filter(s => !sagemaker.includes(s) && !cloudformation.includes(s))
      .every(s => [s.Action].flat().every((a: string) => a.startsWith('logs:')))).toBe(true);
    // It knows its stack: jobs tagged with another stack's id are not its own.
    const [, fn] = resourcesOfType(template, 'AWS::Lambda::Function').find(([id]) => /^SageMakerTuningLongWaitSignal[0-9A-F]{8}$/.test(id))!;
    expect(fn.Properties.Environment.Variables.CDK_SAGEMAKER_TUNING_STACK_ID).toEqual({ Ref: 'AWS::StackId' });
  });

  test('least privilege: the results handler only describes', () => {
    const sagemaker = policyOf(template, 'SageMakerTuningLongWaitResultsRole').filter(s => JSON.stringify(s.Action).includes('sagemaker:'));
    expect(sagemaker.map(s => s.Action)).toEqual(['sagemaker:DescribeHyperParameterTuningJob']);
  });

  test('least privilege: EventBridge Scheduler may invoke the signal handler only, for this account', () => {
    const [schedulerRoleId, role] = Object.entries<any>(template.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith('SageMakerTuningLongWaitSchedulerRole'))!;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { Service: 'scheduler.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    }]);
    const statements = policyOf(template, schedulerRoleId);
    expect(statements).toEqual([{ Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SageMakerTuningLongWaitSignal[0-9A-F]{8}$/), 'Arn'] } }]);
    // EventBridge rules invoke it through resource policies scoped to each rule.
    for (const [, permission] of resourcesOfType(template, 'AWS::Lambda::Permission').filter(([, p]) => p.Properties.Principal === 'events.amazonaws.com')) {
      expect(permission.Properties.SourceArn['Fn::GetAtt'][1]).toBe('Arn');
    }
  });

  test('no polling provider interval is involved: the job provider still has its state machine, the results provider has none', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  });
});

describe('warm start from a parent that waits for its events', () => {
  test('the child job starts only after the parent\'s wait (SageMaker warm-starts from finished jobs only)', () => {
    const stack = newStack('LongStack');
    const parent = tuningJob(stack, { waitTimeout: SIX_HOURS }, 'Parent');
    tuningJob(stack, {
      warmStart: WarmStart.identicalDataAndAlgorithm([parent]),
      waitTimeout: Duration.minutes(50),
      trainingJobDefinitions: [definition(stack, 'ChildDef')],
    }, 'Child');
    const template = Template.fromStack(stack);
    const [childId, child] = Object.entries<any>(template.findResources('Custom::SageMakerTuningJob')).find(([id]) => id.startsWith('Child'))!;
    const [conditionId] = one(template, 'AWS::CloudFormation::WaitCondition');
    const [resultsId] = one(template, 'Custom::SageMakerTuningJobResults');
    expect(child.DependsOn).toEqual(expect.arrayContaining([conditionId, resultsId]));
    expect(childId).toMatch(/^Child/);
  });
});

describe('several long waits in a stack', () => {
  test('share one signal handler, one results provider and one scheduler role; each job gets its own wait', () => {
    const stack = newStack('LongStack');
    tuningJob(stack, { waitTimeout: SIX_HOURS }, 'First');
    tuningJob(stack, { waitTimeout: Duration.hours(8), tuningJobName: 'Fixed-Name', trainingJobDefinitions: [definition(stack, 'D2')] }, 'Second');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudFormation::WaitCondition', 2);
    template.resourceCountIs('Custom::SageMakerTuningJobResults', 2);
    const handlers = Object.keys(template.findResources('AWS::Lambda::Function')).filter(id => id.startsWith('SageMakerTuningLongWait'));
    expect(handlers.filter(id => /^SageMakerTuningLongWait(Signal|Results)[0-9A-F]{8}$/.test(id))).toHaveLength(2);
    expect(Object.keys(template.findResources('AWS::IAM::Role')).filter(id => id.startsWith('SageMakerTuningLongWaitSchedulerRole'))).toHaveLength(1);
    const sagemaker = policyOf(template, 'SageMakerTuningLongWaitSignalRole').filter(s => JSON.stringify(s.Action).includes('sagemaker:'));
    expect(sagemaker).toHaveLength(1);
    expect(sagemaker[0].Resource.map(text)).toEqual([
      expect.stringMatching(/:hyper-parameter-tuning-job\/longstack-\*$/),
      expect.stringMatching(/:hyper-parameter-tuning-job\/fixed-name$/),
    ]);
    // Two rules and one safety check for the stack; one deadline schedule per wait.
    template.resourceCountIs('AWS::Events::Rule', 2);
    template.resourceCountIs('AWS::Scheduler::Schedule', 3);
    // The fixed name joins the rules: exactly (state changes), and by the end of the ARN, in lower case (training jobs).
    const patterns = resourcesOfType(template, 'AWS::Events::Rule').map(([, r]) => r.Properties.EventPattern);
    expect(patterns.find(p => p.detail.HyperParameterTuningJobName)!.detail.HyperParameterTuningJobName).toEqual([{ prefix: 'longstack-' }, 'Fixed-Name']);
    expect(patterns.find(p => p.detail.TuningJobArn)!.detail.TuningJobArn[1]).toEqual({ suffix: '/fixed-name' });
  });

  test('a fixed name that is a token is matched ignoring case', () => {
    const stack = newStack('LongStack');
    tuningJob(stack, { waitTimeout: SIX_HOURS, tuningJobName: Token.asString({ Ref: 'Name' }) });
    const patterns = resourcesOfType(Template.fromStack(stack), 'AWS::Events::Rule').map(([, r]) => r.Properties.EventPattern);
    expect(patterns.find(p => p.detail.TuningJobArn)!.detail.TuningJobArn[1])
      .toEqual({ suffix: { 'equals-ignore-case': { 'Fn::Join': ['', ['/', { Ref: 'Name' }]] } } });
  });

  test('fixed names that would outgrow EventBridge\'s event pattern size fail synth, naming the limit and the ways out', () => {
    const build = (n: number) => {
      const stack = newStack('LongStack');
      for (let i = 0; i < n; i++) {
        tuningJob(stack, { waitTimeout: SIX_HOURS, tuningJobName: `a-fixed-tuning-job-name-${String(i).padStart(6, '0')}`, trainingJobDefinitions: [definition(stack, `D${i}`)] }, `Job${i}`);
      }
      return () => Template.fromStack(stack);
    };
    expect(build(30)).not.toThrow();
    expect(build(40)).toThrow(/the stack's EventBridge rules for the tuning jobs that wait more than 55 minutes list every fixed tuningJobName of them \(40\): their event pattern would be up to [0-9]+ characters, but EventBridge takes at most 2048.*Let the library name some of these jobs.*another stack/);
  });
});

describe('fresh handle and condition for each new job and each new wait', () => {
  function ids(configure: (stack: Stack) => void): string[] {
    const stack = newStack('LongStack');
    configure(stack);
    const template = Template.fromStack(stack);
    return [
      ...Object.keys(template.findResources('AWS::CloudFormation::WaitConditionHandle')),
      ...Object.keys(template.findResources('AWS::CloudFormation::WaitCondition')),
    ];
  }
  const base = ids(s => tuningJob(s, { waitTimeout: SIX_HOURS }));

  test('the same job keeps its ids (a redeploy without change waits for nothing new)', () => {
    expect(ids(s => tuningJob(s, { waitTimeout: SIX_HOURS }))).toEqual(base);
  });

  test.each([
    ['a changed request', (s: Stack) => tuningJob(s, { waitTimeout: SIX_HOURS, maxTrainingJobs: 11 })],
    ['a changed wait', (s: Stack) => tuningJob(s, { waitTimeout: Duration.hours(7) })],
    ['a tag added with Tags.of', (s: Stack) => Tags.of(tuningJob(s, { waitTimeout: SIX_HOURS })).add('team', 'ml')],
    ['a definition added later', (s: Stack) => tuningJob(s, { waitTimeout: SIX_HOURS }).addTrainingJobDefinition(definition(s, 'Second'))],
  ])('%s gives new ids', (_what, configure) => {
    const changed = ids(configure);
    expect(changed).toHaveLength(2);
    expect(changed.filter(id => base.includes(id))).toEqual([]);
  });
});

describe('the schedules\' fingerprint on the job resource', () => {
  const fingerprint = (wait: Duration) => {
    const stack = newStack('LongStack');
    tuningJob(stack, { waitTimeout: wait });
    return one(Template.fromStack(stack), 'Custom::SageMakerTuningJob')[1].Properties.WaitSchedules;
  };
  test('is stable for the same schedules and changes with them', () => {
    expect(fingerprint(SIX_HOURS)).toBe(fingerprint(SIX_HOURS));
    expect(fingerprint(Duration.hours(7))).not.toBe(fingerprint(SIX_HOURS)); // the inputs carry the deadline
  });
  test('polled jobs do not have it', () => {
    const stack = newStack();
    tuningJob(stack, { waitTimeout: Duration.minutes(50) });
    expect(one(Template.fromStack(stack), 'Custom::SageMakerTuningJob')[1].Properties.WaitSchedules).toBeUndefined();
  });
});

describe('which wait, by default', () => {
  const readmeShape = { maxTrainingJobs: 20, maxParallelTrainingJobs: 2 };

  test('the README example (20 jobs, 2 at a time, 1 hour each: up to 10 hours) waits 12 hours, without a warning', () => {
    const stack = newStack();
    tuningJob(stack, { ...readmeShape, trainingJobDefinitions: [definition(stack, 'D', { maxRuntime: Duration.hours(1) })] });
    const template = Template.fromStack(stack);
    expect(one(template, 'AWS::CloudFormation::WaitCondition')[1].Properties.Timeout).toBe('43200');
    expect(one(template, 'Custom::SageMakerTuningJob')[1].Properties.WaitTimeoutSeconds).toBe('43200');
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('wait-estimate'));
  });

  test('a job that fits in 50 minutes polls as before (no WaitCondition)', () => {
    const stack = newStack();
    tuningJob(stack, { trainingJobDefinitions: [definition(stack, 'D', { maxRuntime: Duration.minutes(5) })] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudFormation::WaitCondition', 0);
    template.resourceCountIs('AWS::Events::Rule', 0);
    expect(one(template, 'Custom::SageMakerTuningJob')[1].Properties).toMatchObject({ Detached: 'false', WaitTimeoutSeconds: '3000' });
  });

  test('an estimate of 2 h waits 2.5 h (estimate + 25 %, in quarter hours)', () => {
    const stack = newStack();
    tuningJob(stack, { trainingJobDefinitions: [definition(stack, 'D', { maxRuntime: Duration.minutes(24) })] });
    expect(one(Template.fromStack(stack), 'Custom::SageMakerTuningJob')[1].Properties.WaitTimeoutSeconds).toBe(String(2.5 * 3600));
  });

  test('the tuning job\'s own maxRuntime caps the estimate', () => {
    const stack = newStack();
    tuningJob(stack, { maxRuntime: Duration.hours(2), trainingJobDefinitions: [definition(stack, 'D', { maxRuntime: Duration.hours(1) })] });
    expect(one(Template.fromStack(stack), 'Custom::SageMakerTuningJob')[1].Properties.WaitTimeoutSeconds).toBe(String(2.5 * 3600));
  });

  test('an explicit waitTimeout of at most 55 minutes polls; longer waits use events', () => {
    const stack = newStack();
    tuningJob(stack, { waitTimeout: Duration.minutes(55) }, 'Polls');
    tuningJob(stack, { waitTimeout: Duration.minutes(56), trainingJobDefinitions: [definition(stack, 'D2')] }, 'Waits');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudFormation::WaitCondition', 1);
    const jobs = Object.entries<any>(template.findResources('Custom::SageMakerTuningJob'));
    expect(jobs.filter(([, r]) => r.Properties.LongWait !== undefined).map(([id]) => id)).toEqual([expect.stringMatching(/^Waits/)]);
  });

  test('a token waitTimeout is refused (it decides the architecture)', () => {
    const stack = newStack();
    expect(() => tuningJob(stack, { waitTimeout: Duration.seconds(Token.asNumber({ Ref: 'Wait' })) }))
      .toThrow(/Stack\/Tuning: waitTimeout is a token, but it must be known at synth time: it decides whether the deployment polls the job or waits for its events/);
  });
});

describe('synth-time estimate', () => {
  test('a job that may outlast the wait warns with the numbers and the choices', () => {
    const stack = newStack();
    tuningJob(stack, {
      maxTrainingJobs: 20,
      maxParallelTrainingJobs: 2,
      waitTimeout: SIX_HOURS,
      trainingJobDefinitions: [definition(stack, 'D', { maxRuntime: Duration.hours(1) })],
    });
    Annotations.fromStack(stack).hasWarning('/Stack/Tuning', Match.stringLikeRegexp(
      'this tuning job may run 10 h \\(⌈20 training jobs / 2 in parallel⌉ = 10 rounds × 1 h, the longest maxRuntime of the definitions\\), '
      + 'longer than the deployment waits \\(6 h\\); a job still running then is stopped and the deployment fails\\. Raise waitTimeout \\(at most 12 h\\), '
      + 'lower maxTrainingJobs or the definitions\' maxRuntime, raise maxParallelTrainingJobs, set the tuning job\'s maxRuntime, or set detached: true .*TuningJobResults'
      + '.*\\[ack: cdk-sagemaker-tuning:wait-estimate\\]'));
  });

  test('definitions without maxRuntime (SageMaker\'s 1 day) and the 12-hour cap: the warning says when the job is stopped', () => {
    const stack = newStack();
    tuningJob(stack);
    Annotations.fromStack(stack).hasWarning('/Stack/Tuning', Match.stringLikeRegexp(
      'may run 120 h \\(⌈10 training jobs / 2 in parallel⌉ = 5 rounds × 24 h, the longest maxRuntime of the definitions\\), '
      + 'longer than the deployment waits \\(11 h 50 min, the default\\).*the job is stopped 10 min before the 12-hour WaitCondition ends'));
  });

  test('spot training counts maxWaitTime; a multi-definition job counts its longest definition', () => {
    const stack = newStack();
    tuningJob(stack, {
      maxTrainingJobs: 4,
      maxParallelTrainingJobs: 2,
      waitTimeout: Duration.hours(3),
      trainingJobDefinitions: [
        definition(stack, 'Short', { maxRuntime: Duration.minutes(30) }),
        definition(stack, 'Spot', { maxRuntime: Duration.hours(1), spotTraining: true, maxWaitTime: Duration.hours(2) }),
      ],
    });
    Annotations.fromStack(stack).hasWarning('/Stack/Tuning', Match.stringLikeRegexp('may run 4 h \\(⌈4 training jobs / 2 in parallel⌉ = 2 rounds × 2 h'));
  });

  test('no warning when the limits are tokens or the job is detached', () => {
    const stack = newStack();
    tuningJob(stack, { maxTrainingJobs: Token.asNumber({ Ref: 'Max' }), waitTimeout: Duration.minutes(50) }, 'Token');
    tuningJob(stack, { detached: true, trainingJobDefinitions: [definition(stack, 'D2')] }, 'Detached');
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('wait-estimate'));
  });
});

describe('detached', () => {
  test('no wait resources; the best-job attributes point to TuningJobResults', () => {
    const stack = newStack();
    const job = tuningJob(stack, { detached: true });
    Template.fromStack(stack).resourceCountIs('AWS::CloudFormation::WaitCondition', 0);
    expect(() => job.bestTrainingJobName).toThrow(/detached.*up to 12 hours.*TuningJobResults/);
  });
});

describe('TuningJobResults', () => {
  test('reads a finished job by name, after a detached deployment', () => {
    const stack = newStack('Winner');
    const results = new TuningJobResults(stack, 'Results', { tuningJobName: 'Churn-Tuning-abc123' });
    const eta = results.bestHyperParameter('eta');
    const template = Template.fromStack(stack);
    const [id, resource] = one(template, 'Custom::SageMakerTuningJobResults');
    expect(resource.Properties).toMatchObject({ TuningJobName: 'Churn-Tuning-abc123', HyperParameterNames: '["eta"]' });
    expect(stack.resolve(eta)).toEqual({ 'Fn::GetAtt': [id, 'BestHyperParameter.eta'] });
    expect(stack.resolve(results.bestModelDataKey)).toEqual({ 'Fn::GetAtt': [id, 'BestModelDataKey'] });
    expect(stack.resolve(results.bestModelDataUri)).toEqual({ 'Fn::GetAtt': [id, 'BestModelDataUri'] });
    expect(stack.resolve(results.tuningJobStatus)).toEqual({ 'Fn::GetAtt': [id, 'TuningJobStatus'] });
    expect(stack.resolve(results.tuningJobArn)).toEqual({ 'Fn::GetAtt': [id, 'TuningJobArn'] });
    expect(stack.resolve(results.bestTrainingJobName)).toEqual({ 'Fn::GetAtt': [id, 'BestTrainingJobName'] });
    expect(stack.resolve(results.bestObjectiveValue)).toEqual({ 'Fn::GetAtt': [id, 'BestObjectiveValue'] });
    expect(stack.resolve(results.overallBestTrainingJobName)).toEqual({ 'Fn::GetAtt': [id, 'OverallBestTrainingJobName'] });
    // Describe that one job (lower case: SageMaker's ARNs are), nothing else.
    const sagemaker = policyOf(template, 'SageMakerTuningLongWaitResultsRole').filter(s => JSON.stringify(s.Action).includes('sagemaker:'));
    expect(sagemaker).toHaveLength(1);
    expect(sagemaker[0].Action).toBe('sagemaker:DescribeHyperParameterTuningJob');
    expect(text(sagemaker[0].Resource)).toMatch(/:hyper-parameter-tuning-job\/churn-tuning-abc123$/);
    // It waits for nothing: no rules, no schedules, no polling provider.
    template.resourceCountIs('AWS::Events::Rule', 0);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 0);
  });

  test('reads a TuningJob of another stack (detached) by its name', () => {
    const stack = newStack('Tuning');
    const job = tuningJob(stack, { detached: true });
    const other = new Stack(stack.node.scope as any, 'Serving', { env: stack.environment ? { account: '123456789012', region: 'us-east-1' } : undefined });
    const results = new TuningJobResults(other, 'Results', { tuningJobName: job.tuningJobName });
    expect(Token.isUnresolved(results.tuningJobName)).toBe(true);
    Template.fromStack(other).resourceCountIs('Custom::SageMakerTuningJobResults', 1);
  });

  test('an invalid name fails naming the construct, the prop and what is allowed', () => {
    const stack = newStack();
    expect(() => new TuningJobResults(stack, 'Results', { tuningJobName: 'not_valid!' }))
      .toThrow('Stack/Results: tuningJobName "not_valid!" is not a tuning job name (1-32 letters, digits and hyphens, starting and ending with a letter or digit)');
  });
});

test('TuningJob stays the only name users need: the module exports it', () => {
  expect(TuningJob).toBeDefined();
});
