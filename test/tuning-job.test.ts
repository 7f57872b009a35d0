import { Duration, RemovalPolicy, Stack, Tags, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  ParameterRange, TrainingAlgorithm, TrainingImage, TuningJob, TuningObjective, TuningStrategy, WarmStart,
} from '../src';
import { definition, newStack, tuningJob } from './fixtures';
import { requestOf, tuningJobIds, tuningJobProperties } from './util';

describe('TuningJob request: one definition', () => {
  test('puts ranges and objective in HyperParameterTuningJobConfig, the definition in TrainingJobDefinition', () => {
    const stack = newStack();
    tuningJob(stack);
    const request = requestOf(stack);

    expect(request.TrainingJobDefinitions).toBeUndefined();
    expect(request.HyperParameterTuningJobConfig).toEqual({
      Strategy: 'Bayesian',
      HyperParameterTuningJobObjective: { Type: 'Maximize', MetricName: 'validation:auc' },
      ResourceLimits: { MaxNumberOfTrainingJobs: 10, MaxParallelTrainingJobs: 2 },
      ParameterRanges: {
        IntegerParameterRanges: [{ Name: 'max_depth', MinValue: '3', MaxValue: '10', ScalingType: 'Auto' }],
        ContinuousParameterRanges: [{ Name: 'eta', MinValue: '0.01', MaxValue: '0.3', ScalingType: 'Auto' }],
      },
    });
    const def = request.TrainingJobDefinition;
    expect(def.HyperParameterRanges).toBeUndefined();
    expect(def.TuningObjective).toBeUndefined();
    expect(def.DefinitionName).toBeUndefined();
    expect(def.AlgorithmSpecification).toEqual({
      TrainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
      TrainingInputMode: 'File',
    });
    expect(def.RoleArn).toMatch(/^\$\{GetAtt:XgboostRole[0-9A-F]+\.Arn\}$/);
    expect(def.OutputDataConfig).toEqual({ S3OutputPath: 's3://training-data/models' });
    expect(def.ResourceConfig).toEqual({ InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 });
    expect(def.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 86400 });
    expect(def.StaticHyperParameters).toEqual({ objective: 'binary:logistic' });
    expect(def.InputDataConfig).toEqual([{
      ChannelName: 'train',
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://training-data/train/' } },
    }, {
      ChannelName: 'validation',
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://training-data/validation/' } },
    }]);
  });

  test('the request is one JSON string property; numbers and booleans stay JSON numbers and booleans', () => {
    const stack = newStack();
    tuningJob(stack, {
      trainingJobDefinitions: [definition(stack, 'Def', { networkIsolation: true, retryAttempts: 2 })],
      randomSeed: 7,
    });
    const props = tuningJobProperties(stack);
    const request = requestOf(stack);
    expect(typeof props.Request === 'string' || props.Request['Fn::Join']).toBeTruthy();
    expect(request.HyperParameterTuningJobConfig.RandomSeed).toBe(7);
    expect(request.TrainingJobDefinition.EnableNetworkIsolation).toBe(true);
    expect(request.TrainingJobDefinition.RetryStrategy).toEqual({ MaximumRetryAttempts: 2 });
  });

  test('a per-definition objective serves a single definition when the job has none', () => {
    const stack = newStack();
    new TuningJob(stack, 'Tuning', {
      trainingJobDefinitions: [definition(stack, 'Def', { objective: TuningObjective.minimize('validation:rmse') })],
      maxTrainingJobs: 4,
    });
    expect(requestOf(stack).HyperParameterTuningJobConfig.HyperParameterTuningJobObjective)
      .toEqual({ Type: 'Minimize', MetricName: 'validation:rmse' });
  });

  test('ranges added after construction are rendered', () => {
    const stack = newStack();
    const def = definition(stack, 'Def', { parameterRanges: [] });
    tuningJob(stack, { trainingJobDefinitions: [def], maxTrainingJobs: 2 });
    def.addParameterRange(ParameterRange.categorical('booster', ['gbtree', 'dart']));
    expect(requestOf(stack).HyperParameterTuningJobConfig.ParameterRanges).toEqual({
      CategoricalParameterRanges: [{ Name: 'booster', Values: ['gbtree', 'dart'] }],
    });
  });
});

describe('TuningJob request: several definitions', () => {
  test('each definition carries DefinitionName, HyperParameterRanges and TuningObjective', () => {
    const stack = newStack();
    const a = definition(stack, 'Xgboost');
    const b = definition(stack, 'Custom Algo', {
      algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/algo:1')),
      metricDefinitions: [{ name: 'validation:auc', regex: 'auc=([0-9.]+)' }, { name: 'loss', regex: 'loss=([0-9.]+)' }],
      objective: TuningObjective.minimize('loss'),
      parameterRanges: [ParameterRange.categorical('kernel', ['rbf', 'linear'])],
    });
    tuningJob(stack, { trainingJobDefinitions: [a, b] });
    const request = requestOf(stack);

    expect(request.TrainingJobDefinition).toBeUndefined();
    expect(request.HyperParameterTuningJobConfig.ParameterRanges).toBeUndefined();
    expect(request.HyperParameterTuningJobConfig.HyperParameterTuningJobObjective).toBeUndefined();
    expect(request.TrainingJobDefinitions).toHaveLength(2);
    const [first, second] = request.TrainingJobDefinitions;
    expect(first.DefinitionName).toBe('Xgboost');
    expect(first.TuningObjective).toEqual({ Type: 'Maximize', MetricName: 'validation:auc' });
    expect(first.HyperParameterRanges.ContinuousParameterRanges[0].Name).toBe('eta');
    expect(second.DefinitionName).toBe('Custom-Algo');
    expect(second.TuningObjective).toEqual({ Type: 'Minimize', MetricName: 'loss' });
    expect(second.HyperParameterRanges).toEqual({ CategoricalParameterRanges: [{ Name: 'kernel', Values: ['rbf', 'linear'] }] });
  });

  test('addTrainingJobDefinition turns a single-definition job into a multi-algorithm one', () => {
    const stack = newStack();
    const job = tuningJob(stack);
    job.addTrainingJobDefinition(definition(stack, 'Second', { definitionName: 'second' }));
    const request = requestOf(stack);
    expect(request.TrainingJobDefinitions.map((d: any) => d.DefinitionName)).toEqual(['Xgboost', 'second']);
    expect(job.trainingJobDefinitions).toHaveLength(2);
  });
});

describe('TuningJob request: job-level options', () => {
  test('strategy, limits, early stopping, completion criteria, seed, warm start, autotune and tags', () => {
    const stack = newStack();
    const parent = tuningJob(stack, {}, 'Parent');
    const imported = TuningJob.fromTuningJobName(stack, 'Old', 'old-job');
    tuningJob(stack, {
      trainingJobDefinitions: [definition(stack, 'ChildDef')],
      strategy: TuningStrategy.random(),
      maxTrainingJobs: 50,
      maxParallelTrainingJobs: 5,
      maxRuntime: Duration.hours(6),
      earlyStopping: true,
      completionCriteria: { targetObjectiveValue: 0.9, maxTrainingJobsNotImproving: 5, completeOnConvergence: true },
      randomSeed: 123,
      warmStart: WarmStart.identicalDataAndAlgorithm([parent, imported]),
      autotune: true,
      tags: { team: 'ml' },
    }, 'Child');
    const request = requestOf(stack, 'Child');
    const config = request.HyperParameterTuningJobConfig;
    expect(config.Strategy).toBe('Random');
    expect(config.ResourceLimits).toEqual({ MaxNumberOfTrainingJobs: 50, MaxParallelTrainingJobs: 5, MaxRuntimeInSeconds: 21600 });
    expect(config.TrainingJobEarlyStoppingType).toBe('Auto');
    expect(config.TuningJobCompletionCriteria).toEqual({
      TargetObjectiveMetricValue: 0.9,
      BestObjectiveNotImproving: { MaxNumberOfTrainingJobsNotImproving: 5 },
      ConvergenceDetected: { CompleteOnConvergence: 'Enabled' },
    });
    expect(config.RandomSeed).toBe(123);
    expect(request.WarmStartConfig).toEqual({
      WarmStartType: 'IdenticalDataAndAlgorithm',
      ParentHyperParameterTuningJobs: [
        { HyperParameterTuningJobName: expect.stringMatching(/^\$\{Ref:Parent[0-9A-F]+\}$/) },
        { HyperParameterTuningJobName: 'old-job' },
      ],
    });
    expect(request.Autotune).toEqual({ Mode: 'Enabled' });
    expect(request.Tags).toEqual([{ Key: 'team', Value: 'ml' }]);
  });

  test('Hyperband renders its StrategyConfig; without bounds it renders none', () => {
    const stack = newStack();
    tuningJob(stack, {
      strategy: TuningStrategy.hyperband({ minResource: 1, maxResource: 81 }),
      trainingJobDefinitions: [definition(stack, 'DefA')],
    }, 'A');
    tuningJob(stack, {
      strategy: TuningStrategy.hyperband(),
      trainingJobDefinitions: [definition(stack, 'DefB', { staticHyperParameters: { epochs: '20' } })],
    }, 'B');
    expect(requestOf(stack, 'A').HyperParameterTuningJobConfig.StrategyConfig)
      .toEqual({ HyperbandStrategyConfig: { MinResource: 1, MaxResource: 81 } });
    expect(requestOf(stack, 'B').HyperParameterTuningJobConfig.StrategyConfig).toBeUndefined();
    expect(requestOf(stack, 'B').HyperParameterTuningJobConfig.Strategy).toBe('Hyperband');
  });

  test('Tags.of() adds to the tuning job tags', () => {
    const stack = newStack();
    tuningJob(stack, { tags: { team: 'ml' } });
    Tags.of(stack).add('cost-center', '42');
    expect(requestOf(stack).Tags).toEqual([{ Key: 'cost-center', Value: '42' }, { Key: 'team', Value: 'ml' }]);
  });

  test('earlyStopping: false renders Off explicitly', () => {
    const stack = newStack();
    tuningJob(stack, { earlyStopping: false });
    expect(requestOf(stack).HyperParameterTuningJobConfig.TrainingJobEarlyStoppingType).toBe('Off');
  });
});

describe('TuningJob custom resource', () => {
  test('passes the name prefix, a fixed name, the wait and detached settings', () => {
    const stack = newStack('MyStack');
    tuningJob(stack, { waitTimeout: Duration.minutes(50) }, 'Tuning');
    tuningJob(stack, { tuningJobName: 'Fixed-Name', detached: true, trainingJobDefinitions: [definition(stack, 'Other')] }, 'Fixed');
    const generated = tuningJobProperties(stack, 'Tuning');
    expect(generated.JobNamePrefix).toBe('mystack-tuning');
    expect(generated.JobName).toBeUndefined();
    expect(generated.Detached).toBe('false');
    expect(generated.WaitTimeoutSeconds).toBe('3000');
    const fixed = tuningJobProperties(stack, 'Fixed');
    expect(fixed.JobName).toBe('Fixed-Name');
    expect(fixed.Detached).toBe('true');
  });

  test('the name prefix is lower case, valid, at most 21 characters: the stack part (at most 10) and the construct part', () => {
    const stack = newStack('A-Very-Long-Stack--Name-For-Testing');
    tuningJob(stack, {}, 'My Tuning Job!');
    tuningJob(stack, { trainingJobDefinitions: [definition(stack, 'Second')] }, 'Another Job With A Long Name');
    const prefix = tuningJobProperties(stack, 'MyTuning').JobNamePrefix;
    expect(prefix.length).toBeLessThanOrEqual(21);
    expect(prefix).toMatch(/^[a-z0-9](-*[a-z0-9])*$/);
    expect(prefix).toBe('a-very-lon-my-tuning');
    // Every generated name of the stack starts with the same stack part: one IAM pattern.
    expect(tuningJobProperties(stack, 'Another').JobNamePrefix).toBe('a-very-lon-another-jo');
  });

  test('serviceTimeout stays within CloudFormation\'s hour; RETAIN leaves the job', () => {
    const stack = newStack();
    tuningJob(stack, { waitTimeout: Duration.minutes(55), removalPolicy: RemovalPolicy.RETAIN });
    const template = Template.fromStack(stack);
    const [id] = tuningJobIds(stack);
    const resource = template.toJSON().Resources[id];
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(Number(resource.Properties.ServiceTimeout)).toBeLessThanOrEqual(3600);
  });

  test('one provider serves every tuning job of a stack', () => {
    const stack = newStack();
    for (let i = 0; i < 3; i++) {
      tuningJob(stack, { trainingJobDefinitions: [definition(stack, `Def${i}`)], waitTimeout: Duration.minutes(50) }, `Job${i}`);
    }
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::SageMakerTuningJob', 3);
    // onEvent + isComplete handlers, and the provider framework's own functions.
    const functions = template.findResources('AWS::Lambda::Function');
    const handlers = Object.values(functions).filter((f: any) => f.Properties.Handler === 'index.handler'
      && /^cdk-sagemaker-tuning:/.test(f.Properties.Description ?? ''));
    expect(handlers).toHaveLength(2);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  });
});

describe('TuningJob attributes', () => {
  test('name is the physical id, ARN and best-job attributes are custom-resource attributes', () => {
    const stack = newStack();
    const job = tuningJob(stack, { waitTimeout: Duration.minutes(50) });
    const [id] = tuningJobIds(stack);
    expect(stack.resolve(job.tuningJobName)).toEqual({ Ref: id });
    expect(stack.resolve(job.tuningJobArn)).toEqual({ 'Fn::GetAtt': [id, 'TuningJobArn'] });
    expect(stack.resolve(job.tuningJobStatus)).toEqual({ 'Fn::GetAtt': [id, 'TuningJobStatus'] });
    expect(stack.resolve(job.bestTrainingJobName)).toEqual({ 'Fn::GetAtt': [id, 'BestTrainingJobName'] });
    expect(stack.resolve(job.bestObjectiveValue)).toEqual({ 'Fn::GetAtt': [id, 'BestObjectiveValue'] });
    expect(stack.resolve(job.bestModelDataUri)).toEqual({ 'Fn::GetAtt': [id, 'BestModelDataUri'] });
    expect(stack.resolve(job.overallBestTrainingJobName)).toEqual({ 'Fn::GetAtt': [id, 'OverallBestTrainingJobName'] });
    expect(stack.resolve(job.bestHyperParameter('eta'))).toEqual({ 'Fn::GetAtt': [id, 'BestHyperParameter.eta'] });
    expect(stack.resolve(job.bestModelDataKey)).toEqual({
      'Fn::Join': ['', ['models/', { 'Fn::GetAtt': [id, 'BestTrainingJobName'] }, '/output/model.tar.gz']],
    });
  });

  test('best-job attributes of a detached job are a synth-time error that says why', () => {
    const stack = newStack();
    const job = tuningJob(stack, { detached: true });
    expect(() => job.bestTrainingJobName).toThrow(/Stack\/Tuning: bestTrainingJobName is not available because the tuning job is detached/);
    expect(() => job.bestHyperParameter('eta')).toThrow(/detached/);
    expect(() => job.bestModelDataUri).toThrow(/onCompletion/);
    expect(Token.isUnresolved(job.tuningJobName)).toBe(true);
    expect(Token.isUnresolved(job.tuningJobArn)).toBe(true);
  });

  test('bestHyperParameter of a name no definition tunes fails synth with the tuned names', () => {
    const stack = newStack();
    const job = tuningJob(stack);
    job.bestHyperParameter('gamma');
    expect(() => Template.fromStack(stack)).toThrow(/bestHyperParameter\('gamma'\): no training-job definition of this job tunes 'gamma'; tuned: eta, max_depth/);
  });

  test('bestModelDataKey needs a single definition', () => {
    const stack = newStack();
    const job = tuningJob(stack, { trainingJobDefinitions: [definition(stack, 'A'), definition(stack, 'B')] });
    expect(() => job.bestModelDataKey).toThrow(/needs exactly one training-job definition \(this job has 2\); use bestModelDataUri/);
  });
});

describe('imports, grants and events', () => {
  test('fromTuningJobName and fromTuningJobArn', () => {
    const stack = newStack();
    const byName = TuningJob.fromTuningJobName(stack, 'ByName', 'My-Job');
    expect(byName.tuningJobName).toBe('My-Job');
    expect(stack.resolve(byName.tuningJobArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/my-job']],
    });
    const byArn = TuningJob.fromTuningJobArn(stack, 'ByArn', 'arn:aws:sagemaker:eu-west-1:210987654321:hyper-parameter-tuning-job/other');
    expect(byArn.tuningJobName).toBe('other');
    expect(byArn.tuningJobArn).toBe('arn:aws:sagemaker:eu-west-1:210987654321:hyper-parameter-tuning-job/other');
    expect(() => TuningJob.fromTuningJobArn(stack, 'Bad', 'arn:aws:s3:::bucket/key')).toThrow(/is not a tuning job ARN/);
  });

  test('an import takes its account and region from the ARN, not from the stack', () => {
    const stack = newStack();
    const other = TuningJob.fromTuningJobArn(stack, 'Other', 'arn:aws:sagemaker:eu-west-1:210987654321:hyper-parameter-tuning-job/other');
    expect(other.env).toEqual({ account: '210987654321', region: 'eu-west-1' });
    expect(other.stack).toBe(stack);
    const byName = TuningJob.fromTuningJobName(stack, 'ByName', 'job-a');
    expect(byName.env).toEqual({ account: '123456789012', region: 'us-east-1' });
  });

  test('isTuningJob: the tuning jobs of this app, by a marker that every copy of the library sets', () => {
    const stack = newStack();
    const job = tuningJob(stack);
    expect(TuningJob.isTuningJob(job)).toBe(true);
    expect((job as any)[Symbol.for('cdk-sagemaker-tuning.TuningJob')]).toBe(true);
    // Neither enumerable nor writable: copies and spreads of the construct do not carry it.
    expect(Object.getOwnPropertyDescriptor(job, Symbol.for('cdk-sagemaker-tuning.TuningJob'))).toMatchObject({ enumerable: false, writable: false });
    expect(TuningJob.isTuningJob({ ...job })).toBe(false);
    expect(TuningJob.isTuningJob(TuningJob.fromTuningJobName(stack, 'Imported', 'job-a'))).toBe(false);
    expect(TuningJob.isTuningJob(stack)).toBe(false);
    expect(TuningJob.isTuningJob({ tuningJobName: 'x' })).toBe(false);
    expect(TuningJob.isTuningJob(undefined)).toBe(false);
    expect(TuningJob.isTuningJob(null)).toBe(false);
    expect(TuningJob.isTuningJob('job')).toBe(false);
    // What another copy of the library creates carries the same global symbol, not this class.
    expect(TuningJob.isTuningJob({ [Symbol.for('cdk-sagemaker-tuning.TuningJob')]: true })).toBe(true);
  });

  test('onStateChange and onCompletion match this job\'s state-change events', () => {
    const stack = newStack();
    const job = tuningJob(stack, { detached: true });
    const topic = new sns.Topic(stack, 'Topic');
    job.onStateChange('Changed');
    job.onCompletion('Done', { target: new targets.SnsTopic(topic) });
    const [id] = tuningJobIds(stack);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.sagemaker'],
        'detail-type': ['SageMaker HyperParameter Tuning Job State Change'],
        'detail': { HyperParameterTuningJobName: [{ Ref: id }] },
      },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        detail: {
          HyperParameterTuningJobName: [{ Ref: id }],
          HyperParameterTuningJobStatus: ['Completed', 'Failed', 'Stopped'],
        },
      },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('Topic') } })],
    });
  });

  test('grantRead and grantStop are scoped to the job', () => {
    const stack = newStack();
    const job = TuningJob.fromTuningJobName(stack, 'Job', 'job-a');
    const topicRole = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    job.grantRead(topicRole);
    job.grantStop(topicRole);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: ['sagemaker:DescribeHyperParameterTuningJob', 'sagemaker:ListTrainingJobsForHyperParameterTuningJob', 'sagemaker:ListTags'],
            Resource: stack.resolve(job.tuningJobArn),
          }),
          Match.objectLike({ Action: 'sagemaker:StopHyperParameterTuningJob' }),
        ],
      },
    });
  });
});

describe('deploy-time settings are checked where the constructor receives them', () => {
  test.each([
    [{ waitTimeout: Duration.seconds(43_201) }, /^Stack\/Tuning: waitTimeout must be from 1 minute to 12 hours .*got 43201 seconds/],
    [{ waitTimeout: Duration.seconds(59) }, /^Stack\/Tuning: waitTimeout must be from 1 minute to 12 hours .*got 59 seconds/],
    [{ pollInterval: Duration.minutes(10), waitTimeout: Duration.minutes(5) }, /^Stack\/Tuning: pollInterval \(600 s\) must be shorter than waitTimeout \(300 s\)$/],
    [{ pollInterval: Duration.minutes(10), waitTimeout: Duration.minutes(10) }, /^Stack\/Tuning: pollInterval \(600 s\) must be shorter than waitTimeout \(600 s\)$/],
    [{ pollInterval: Duration.minutes(15), waitTimeout: Duration.minutes(55) }, /^Stack\/Tuning: waitTimeout \(3300 s\) \+ pollInterval \(900 s\) must not exceed 2700 s/],
  ])('%p fails', (overrides, message) => {
    const stack = newStack();
    expect(() => tuningJob(stack, overrides)).toThrow(message);
  });

  test('the default wait of a short job (50 minutes) is checked against pollInterval too', () => {
    const short = (stack: Stack) => [definition(stack, 'Short', { maxRuntime: Duration.minutes(5) })];
    expect(() => tuningJob(newStack(), { trainingJobDefinitions: short(newStack()), pollInterval: Duration.minutes(15) })).toThrow(
      /^Stack\/Tuning: waitTimeout \(3000 s, the default estimated from the limits\) \+ pollInterval \(900 s\) must not exceed 2700 s/);
    const stack = newStack();
    tuningJob(stack, { trainingJobDefinitions: short(stack), pollInterval: Duration.minutes(5) });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test.each([
    [{ waitTimeout: Duration.seconds(60), pollInterval: Duration.seconds(10) }],
    [{ waitTimeout: Duration.seconds(43_200) }],
    [{ pollInterval: Duration.minutes(15), waitTimeout: Duration.minutes(30) }],
    [{ pollInterval: Duration.minutes(15), waitTimeout: Duration.hours(2) }],
    [{ pollInterval: Duration.minutes(5) }],
  ])('%p passes', (overrides) => {
    const stack = newStack();
    tuningJob(stack, overrides);
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('the wait is reported together with the rules over the props', () => {
    const stack = newStack();
    expect(() => tuningJob(stack, { waitTimeout: Duration.seconds(30), maxTrainingJobs: 4, maxParallelTrainingJobs: 5 }))
      .toThrow(/^Stack\/Tuning: maxParallelTrainingJobs .* is 5, but maxTrainingJobs .* is 4.*\nStack\/Tuning: waitTimeout must be from 1 minute to 12 hours/);
  });

  test.each([Duration.seconds(5), Duration.minutes(16)])('pollInterval %s is refused where the constructor receives it, with the construct path', (pollInterval) => {
    const stack = newStack();
    expect(() => tuningJob(stack, { pollInterval })).toThrow(new RegExp(`^Stack/Tuning: pollInterval must be from 10 seconds to 15 minutes, got ${pollInterval.toSeconds()} seconds$`));
  });

  test('pollInterval bounds are reported together with the other props of the construct', () => {
    const stack = newStack();
    expect(() => tuningJob(stack, { pollInterval: Duration.millis(500), maxRuntime: Duration.millis(1500) }))
      .toThrow(/maxRuntime .*whole number of seconds[\s\S]*pollInterval .*whole number of seconds[\s\S]*pollInterval must be from 10 seconds to 15 minutes, got 0.5 seconds/);
  });

  test('a detached job may ignore waitTimeout; valid settings pass', () => {
    const stack = newStack();
    tuningJob(stack, { detached: true, waitTimeout: Duration.hours(2) }, 'Detached');
    tuningJob(stack, { waitTimeout: Duration.minutes(55), pollInterval: Duration.seconds(30), trainingJobDefinitions: [definition(stack, 'D2')] }, 'Waits');
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('jobs with another poll interval get their own provider', () => {
    const stack = newStack();
    tuningJob(stack, {}, 'A');
    tuningJob(stack, { pollInterval: Duration.seconds(30), trainingJobDefinitions: [definition(stack, 'D2')] }, 'B');
    Template.fromStack(stack).resourceCountIs('AWS::StepFunctions::StateMachine', 2);
  });
});

describe('warm start parents are counted by the job that receives them', () => {
  test('0 and 6 parents are reported with each job\'s path, together', () => {
    const stack = newStack();
    const parents = Array.from({ length: 6 }, (_, i) => TuningJob.fromTuningJobName(stack, `P${i}`, `parent-${i}`));
    tuningJob(stack, { trainingJobDefinitions: [definition(stack, 'D1')], warmStart: WarmStart.transferLearning(parents) }, 'Six');
    tuningJob(stack, { trainingJobDefinitions: [definition(stack, 'D2')], warmStart: WarmStart.identicalDataAndAlgorithm([]) }, 'None');
    tuningJob(stack, { trainingJobDefinitions: [definition(stack, 'D3')], warmStart: WarmStart.transferLearning(parents.slice(0, 5)) }, 'Five');
    let message = '';
    try {
      Template.fromStack(stack);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('[Stack/Six] warmStart parents (WarmStartConfig.ParentHyperParameterTuningJobs) has 6 entries, but SageMaker allows at most 5');
    expect(message).toContain('[Stack/None] warmStart parents (WarmStartConfig.ParentHyperParameterTuningJobs) has 0 entries, but at least 1 is required');
    expect(message).not.toContain('[Stack/Five]');
  });
});

describe('warm start checks that need the app', () => {
  test('a detached parent and parents using up maxTrainingJobs are warnings', () => {
    const stack = newStack();
    const parent = tuningJob(stack, { detached: true, maxTrainingJobs: 30 }, 'Parent');
    tuningJob(stack, {
      trainingJobDefinitions: [definition(stack, 'ChildDef')],
      maxTrainingJobs: 20,
      warmStart: WarmStart.transferLearning([parent]),
    }, 'Child');
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/Stack/Child', Match.stringLikeRegexp('warm start parent Stack/Parent is detached'));
    annotations.hasWarning('/Stack/Child', Match.stringLikeRegexp('maxTrainingJobs is 20, but the warm-start parents in this app may have run 30'));
  });
});

test('Stack.of works for jobs in nested constructs', () => {
  const stack = newStack();
  const job = tuningJob(stack);
  expect(Stack.of(job)).toBe(stack);
});
