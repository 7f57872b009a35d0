// Lambda invocations per job-hour of waiting, in each wait mode, for a 1-hour and a 6-hour
// tuning job: what decides when the library polls and when it waits for events.
//
// Each case synthesizes a stack with the library and replays one tuning job on a virtual clock
// against that template:
// - polling (waits of at most 55 minutes): the provider framework's waiter state machine, read
//   from the template (bench/polling.ts): per attempt the framework's isComplete and ours;
//   once, the framework's onEvent and ours.
// - events (longer waits): SageMaker's events (the tuning job's InProgress at creation, one
//   final-state event per training job, the tuning job's Completed) are matched against the
//   template's own EventBridge rule patterns (exact values, prefix, suffix, equals-ignore-case),
//   and the template's schedules fire on the clock: the one-time deadline, and the stack's
//   hourly safety check, counted while the wait lasts (until the WaitCondition got its signal;
//   it runs on for the stack's lifetime, one invocation an hour per stack whatever the number of
//   jobs, one ListStackResources call when nothing waits: reported apart). Every invocation
//   runs the real signal handler (src/handler/signal.ts) against a simulated SageMaker
//   (DescribeHyperParameterTuningJob, ListTags: the tags the job resource's properties give it)
//   and CloudFormation (the template's handle; the WaitCondition in progress until signalled);
//   on top, the job resource's create through its provider (framework onEvent + onEvent +
//   framework isComplete + isComplete: the job runs at the first attempt) and the results
//   resource after the WaitCondition (framework onEvent + results onEvent).
// Training jobs run their full maxRuntime (the worst case the default wait is sized for).
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ParameterRange, TrainingAlgorithm, TrainingImage, TrainingInput, TrainingJobDefinition, TuningJob, TuningObjective,
} from '../src';
import { waiterPolicy } from './polling';
import { Template, cleanup, newApp } from './stacks';
import { handleSignal } from '../src/handler/signal';
import type { TuningJobDescription } from '../src/handler/status';
import { STACK_TAG } from '../src/shared/contract';
import {
  deadlineSeconds, SignalInput, TUNING_JOB_RESOURCE_TYPE, WAIT_TAG, waitConditionLogicalId, waitHandleLogicalId, waitTagValue, waitWindow,
} from '../src/shared/long-wait';

const STACK = 'LongWaitBench';
const JOB_NAME = 'longwaitbe-job-abcde12345'; // generated: <stack part (10)>-<construct part>-<suffix>
const JOB_ARN = `arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/${JOB_NAME}`;
const HANDLE_URL = 'https://cloudformation-waitcondition-us-east-1.s3.amazonaws.com/handle';
const STACK_ID = `arn:aws:cloudformation:us-east-1:123456789012:stack/${STACK}/0a1b2c3d`;

/** A tuning job to replay: `trainingJobs` jobs of `minutes` each, `parallel` at a time. */
export interface JobShape {
  readonly label: string;
  readonly trainingJobs: number;
  readonly parallel: number;
  readonly minutes: number;
  /** Explicit wait (else the library's default). */
  readonly waitTimeout?: Duration;
}

export interface WaitMeasurement {
  readonly mode: 'polling' | 'events';
  readonly jobHours: number;
  readonly waitSeconds: number;
  readonly invocations: number;
  readonly byKind: Record<string, number>;
  readonly signals: number;
  readonly progressLines: number;
  /** When the WaitCondition got its SUCCESS, in minutes after the job's start. */
  readonly signalledAtMinute?: number;
  /** Events mode: the stack's safety check, per day, whether anything waits or not (shared by all its jobs). */
  readonly stackChecksPerDay?: number;
}

function synth(shape: JobShape): Template {
  const app: App = newApp();
  const stack = new Stack(app, STACK, { env: { account: '123456789012', region: 'us-east-1' } });
  const bucket = new s3.Bucket(stack, 'Data');
  const definition = new TrainingJobDefinition(stack, 'Def', {
    algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1')),
    inputs: [TrainingInput.fromBucket('validation', bucket, 'validation/')],
    outputBucket: bucket,
    maxRuntime: Duration.minutes(shape.minutes),
    staticHyperParameters: { objective: 'binary:logistic' },
    parameterRanges: [ParameterRange.integer('max_depth', { min: 3, max: 10 }), ParameterRange.continuous('eta', { min: 0.01, max: 0.3 })],
  });
  new TuningJob(stack, 'Job', {
    trainingJobDefinitions: [definition],
    objective: TuningObjective.maximize('validation:auc'),
    maxTrainingJobs: shape.trainingJobs,
    maxParallelTrainingJobs: shape.parallel,
    waitTimeout: shape.waitTimeout,
  });
  const template = app.synth().getStackByName(STACK).template as Template;
  cleanup(app);
  return template;
}

type Resource = { Type: string; Properties?: Record<string, any> };

/** Resolve the intrinsics the long-wait resources use, for the replayed job. */
function resolver(jobId: string, window: Record<string, string>) {
  const resolve = (v: any): any => {
    if (typeof v === 'string' || typeof v === 'number') {
      return v;
    }
    if (Array.isArray(v)) {
      return v.map(resolve);
    }
    if (v?.Ref === jobId) {
      return JOB_NAME;
    }
    const pseudo: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': 'us-east-1', 'AWS::AccountId': '123456789012', 'AWS::StackId': STACK_ID };
    if (v?.Ref && pseudo[v.Ref]) {
      return pseudo[v.Ref];
    }
    if (v?.Ref) {
      return HANDLE_URL; // the WaitConditionHandle
    }
    const getAtt = v?.['Fn::GetAtt'];
    if (getAtt) {
      if (getAtt[0] === jobId && getAtt[1] === 'TuningJobArn') {
        return JOB_ARN;
      }
      if (getAtt[0] === jobId && window[getAtt[1]] !== undefined) {
        return window[getAtt[1]];
      }
      return `arn:${getAtt.join('.')}`;
    }
    if (v?.['Fn::Join']) {
      return v['Fn::Join'][1].map(resolve).join(v['Fn::Join'][0]);
    }
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    }
    return v;
  };
  return resolve;
}

/** EventBridge matching for the patterns the library writes: every listed field must hold one of its values (exact, prefix, suffix, equals-ignore-case). */
function matches(pattern: Record<string, any>, event: Record<string, any>): boolean {
  const one = (expected: any, actual: any): boolean => {
    if (typeof expected !== 'object') {
      return expected === actual;
    }
    if (typeof actual !== 'string') {
      return false;
    }
    if (expected.prefix !== undefined) {
      return actual.startsWith(expected.prefix);
    }
    if (expected.suffix !== undefined) {
      return typeof expected.suffix === 'string' ? actual.endsWith(expected.suffix)
        : actual.toLowerCase().endsWith(expected.suffix['equals-ignore-case'].toLowerCase());
    }
    if (expected['equals-ignore-case'] !== undefined) {
      return actual.toLowerCase() === expected['equals-ignore-case'].toLowerCase();
    }
    throw new Error(`pattern ${JSON.stringify(expected)} is not one the benchmark knows`);
  };
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = event[key];
    if (Array.isArray(expected)) {
      return expected.some(e => one(e, actual));
    }
    return actual !== undefined && typeof actual === 'object' && matches(expected, actual);
  });
}

/** The input a rule's input transformer (or a schedule's input) hands the handler. */
function ruleInput(target: any, resolve: (v: any) => any, event: Record<string, any>): Record<string, string> {
  if (target.Input) {
    return JSON.parse(resolve(target.Input));
  }
  let template: string = resolve(target.InputTransformer.InputTemplate);
  for (const [name, path] of Object.entries<string>(target.InputTransformer.InputPathsMap ?? {})) {
    const value = path.replace(/^\$\./, '').split('.').reduce((o: any, k) => o?.[k], event);
    // An unquoted placeholder takes the JSON value (a string arrives quoted).
    template = template.split(`"<${name}>"`).join(JSON.stringify(String(value))).split(`<${name}>`).join(JSON.stringify(value));
  }
  return JSON.parse(template);
}

function measurePolling(shape: JobShape, template: Template): WaitMeasurement {
  const policy = waiterPolicy(template);
  const seconds = shape.minutes * 60 * Math.ceil(shape.trainingJobs / shape.parallel);
  const attempts = 1 + Math.ceil(seconds / policy.intervalSeconds);
  const byKind = { 'onEvent (framework + ours)': 2, 'isComplete (framework + ours)': 2 * attempts };
  const job = Object.values(template.Resources).find(r => r.Type === 'Custom::SageMakerTuningJob')!;
  return {
    mode: 'polling',
    jobHours: seconds / 3600,
    waitSeconds: Number(job.Properties!.WaitTimeoutSeconds),
    invocations: 2 + 2 * attempts,
    byKind,
    signals: 0,
    progressLines: attempts,
  };
}

async function measureEvents(shape: JobShape, template: Template): Promise<WaitMeasurement> {
  const resources = Object.entries(template.Resources) as [string, Resource][];
  const [jobId, job] = resources.find(([, r]) => r.Type === 'Custom::SageMakerTuningJob')!;
  const waitSeconds = Number(job.Properties!.WaitTimeoutSeconds);
  const start = Date.parse('2026-11-23T10:00:00.000Z');
  const window = waitWindow(new Date(start), waitSeconds);
  const resolve = resolver(jobId, window);
  const rules = resources.filter(([, r]) => r.Type === 'AWS::Events::Rule').map(([, r]) => r.Properties!);
  const schedules = resources.filter(([, r]) => r.Type === 'AWS::Scheduler::Schedule').map(([, r]) => r.Properties!);

  // The job's timeline: rounds of `parallel` training jobs; the tuning job completes after the last.
  const rounds = Math.ceil(shape.trainingJobs / shape.parallel);
  const endMs = start + rounds * shape.minutes * 60_000;
  type Happening = { at: number; event?: Record<string, any>; input?: Record<string, string>; kind: string };
  const happenings: Happening[] = [];
  // InProgress at creation: the stack's rules exist before the job resource (it depends on them), so it arrives.
  happenings.push({
    at: start + 1000,
    kind: 'tuning-job event',
    event: { 'source': 'aws.sagemaker', 'detail-type': 'SageMaker HyperParameter Tuning Job State Change', 'detail': { HyperParameterTuningJobName: JOB_NAME, HyperParameterTuningJobStatus: 'InProgress' } },
  });
  for (let i = 0; i < shape.trainingJobs; i++) {
    const at = start + (Math.floor(i / shape.parallel) + 1) * shape.minutes * 60_000;
    happenings.push({
      at,
      kind: 'training-job event',
      event: {
        'source': 'aws.sagemaker',
        'detail-type': 'SageMaker Training Job State Change',
        'detail': { TrainingJobName: `${JOB_NAME}-${String(i + 1).padStart(3, '0')}`, TrainingJobStatus: 'Completed', TuningJobArn: JOB_ARN },
      },
    });
  }
  happenings.push({
    at: endMs + 1000,
    kind: 'tuning-job event',
    event: { 'source': 'aws.sagemaker', 'detail-type': 'SageMaker HyperParameter Tuning Job State Change', 'detail': { HyperParameterTuningJobName: JOB_NAME, HyperParameterTuningJobStatus: 'Completed' } },
  });
  for (const s of schedules) {
    const expression: string = resolve(s.ScheduleExpression);
    const input = JSON.parse(resolve(s.Target.Input));
    const rate = /^rate\((\d+) minutes?\)$/.exec(expression);
    if (rate) {
      // The stack's safety check runs for as long as the stack exists: here until the wait's deadline
      // (only those during the wait are counted, see below).
      const end = Date.parse(`${window.WaitDeadlineAt}Z`);
      for (let at = start + Number(rate[1]) * 60_000; at <= end; at += Number(rate[1]) * 60_000) {
        happenings.push({ at, kind: 'safety check', input });
      }
    }
    const once = /^at\((.+)\)$/.exec(expression);
    if (once) {
      happenings.push({ at: Date.parse(`${once[1]}Z`), kind: 'deadline', input });
    }
  }
  happenings.sort((a, b) => a.at - b.at);

  const byKind: Record<string, number> = { 'job resource create (framework + ours, onEvent + isComplete)': 4 };
  let now = start;
  let signals = 0;
  let progressLines = 0;
  let signalledAt: number | undefined;
  const describe = async (): Promise<TuningJobDescription> => {
    const done = Math.min(shape.trainingJobs, Math.floor((now - start) / (shape.minutes * 60_000)) * shape.parallel);
    return {
      HyperParameterTuningJobName: JOB_NAME,
      HyperParameterTuningJobArn: JOB_ARN,
      ObjectiveStatusCounters: { Succeeded: done, Pending: 0, Failed: 0 },
      HyperParameterTuningJobStatus: now > endMs ? 'Completed' : 'InProgress',
      CreationTime: new Date(start),
      HyperParameterTuningJobConfig: { Strategy: 'Bayesian', ResourceLimits: { MaxNumberOfTrainingJobs: shape.trainingJobs, MaxParallelTrainingJobs: shape.parallel } },
      TrainingJobStatusCounters: { Completed: done, InProgress: now > endMs ? 0 : Math.min(shape.parallel, shape.trainingJobs - done) },
    };
  };
  const key: string = job.Properties!.LongWait;
  const jobTags = { [STACK_TAG]: STACK_ID, [WAIT_TAG]: waitTagValue(key, deadlineSeconds(waitSeconds)) };
  let signalled = false;
  for (const h of happenings) {
    if (h.kind === 'safety check' && signalled) {
      continue; // the wait is over: the stack's check no longer counts against this job (one ListStackResources an hour)
    }
    now = h.at;
    const inputs = h.input ? [h.input] : rules
      .filter(r => matches(resolve(r.EventPattern), h.event!))
      .map(r => ruleInput(r.Targets[0], resolve, h.event!));
    for (const input of inputs) {
      byKind[h.kind] = (byKind[h.kind] ?? 0) + 1;
      expectInput(input);
      const out = await handleSignal({
        stackId: STACK_ID,
        describe,
        tags: async () => jobTags,
        stop: async () => undefined,
        handleUrl: async id => (id === waitHandleLogicalId(key) && template.Resources[id] ? HANDLE_URL : undefined),
        stackResources: async () => [
          { logicalId: jobId, type: TUNING_JOB_RESOURCE_TYPE, status: 'CREATE_COMPLETE', physicalId: JOB_NAME, lastUpdated: start },
          { logicalId: waitConditionLogicalId(key), type: 'AWS::CloudFormation::WaitCondition', status: signalled ? 'CREATE_COMPLETE' : 'CREATE_IN_PROGRESS' },
        ],
        now: () => now,
        put: async () => ({ statusCode: 200, attempts: 1 }),
        log: line => {
          progressLines += line.includes('training jobs') ? 1 : 0;
        },
      }, input);
      const own = out.jobs ? out.jobs[JOB_NAME] : out;
      if (own?.action === 'signalled') {
        signals++;
        signalled = true;
        signalledAt ??= now;
      }
    }
  }
  byKind['results resource (framework + ours)'] = 2;
  const invocations = Object.values(byKind).reduce((a, b) => a + b, 0);
  return {
    mode: 'events',
    jobHours: (endMs - start) / 3_600_000,
    waitSeconds,
    invocations,
    byKind,
    signals,
    progressLines,
    signalledAtMinute: signalledAt === undefined ? undefined : Math.round((signalledAt - start) / 60_000),
    stackChecksPerDay: schedules.filter(s => /^rate\(/.test(String(s.ScheduleExpression))).length * 24,
  };
}

function expectInput(input: Record<string, string>): void {
  // Never the handle's URL; the job by name (state changes, deadline) or ARN (training jobs), or nothing (the stack's check).
  const job = input[SignalInput.JOB_NAME] ?? input[SignalInput.JOB_ARN];
  if (JSON.stringify(input).includes(HANDLE_URL) || (job !== undefined && job !== JOB_NAME && job !== JOB_ARN)) {
    throw new Error(`unexpected handler input ${JSON.stringify(input)}`);
  }
}

/** Measure one job in one mode. */
export async function measure(shape: JobShape): Promise<WaitMeasurement> {
  const template = synth(shape);
  const long = Object.values(template.Resources).some(r => r.Type === 'AWS::CloudFormation::WaitCondition');
  return long ? measureEvents(shape, template) : measurePolling(shape, template);
}

/** The cases of the README's table. */
export const CASES: JobShape[] = [
  { label: '54-min job (2 × 27 min, 1 at a time), polling (55 min is the most a poll can wait)', trainingJobs: 2, parallel: 1, minutes: 27, waitTimeout: Duration.minutes(55) },
  { label: '1-hour job (2 × 1 h, 2 at a time), events (default wait)', trainingJobs: 2, parallel: 2, minutes: 60 },
  { label: '1-hour job (2 × 1 h, 2 at a time), events (waitTimeout 12 h)', trainingJobs: 2, parallel: 2, minutes: 60, waitTimeout: Duration.hours(12) },
  { label: '6-hour job (12 × 1 h, 2 at a time), events (default wait)', trainingJobs: 12, parallel: 2, minutes: 60 },
  { label: '6-hour job (12 × 1 h, 2 at a time), events (waitTimeout 12 h)', trainingJobs: 12, parallel: 2, minutes: 60, waitTimeout: Duration.hours(12) },
  { label: '6-hour job (24 × 30 min, 2 at a time), events (default wait)', trainingJobs: 24, parallel: 2, minutes: 30 },
];
