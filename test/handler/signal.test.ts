import {
  DescribeHyperParameterTuningJobCommand,
  DescribeHyperParameterTuningJobResponse,
  ListTagsCommand,
  ResourceNotFound,
  SageMakerClient,
  SageMakerServiceException,
  StopHyperParameterTuningJobCommand,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CloudFormationServer, FakeStackResource } from './cloudformation-server';
import { describeResponse, signalHandlerEnvironment } from './fixtures';
import { WaitConditionServer } from './wait-condition-server';
import { handleSignal, hoursMinutes, parseSignalInput, SignalOutcome } from '../../src/handler/signal';
import { handler } from '../../src/handler/signal-entry';
import { putSignal, SignalDeliveryError } from '../../src/handler/signal-http';
import { STACK_TAG } from '../../src/shared/contract';
import {
  deadlineSeconds, SIGNAL_STACK_ID_ENV, SignalInput, SignalTrigger, WAIT_TAG, waitConditionLogicalId, waitHandleLogicalId, waitTagValue,
} from '../../src/shared/long-wait';

const sm = mockClient(SageMakerClient);
const JOB = 'mystack-tuning-abcde12345';
const SIX_HOURS = 6 * 3600;
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/MyStack/0a1b2c3d';
const KEY = '0123456789ABCDEF';
let server: WaitConditionServer;
let cfn: CloudFormationServer;
let logs: string[];
/** The stack as CloudFormation describes it; the WaitCondition follows `server`. */
let stack: { handle: boolean; handleUrl?: string; jobUpdatedHoursAgo: number; extra: FakeStackResource[] };

function stackResources(): FakeStackResource[] {
  const out: FakeStackResource[] = [
    { logicalId: 'TuningJob1A2B3C4D', type: 'Custom::SageMakerTuningJob', status: 'CREATE_COMPLETE', physicalId: JOB, lastUpdated: new Date(Date.now() - stack.jobUpdatedHoursAgo * 3_600_000) },
    { logicalId: 'SageMakerTuningLongWaitSignal5F7877A9', type: 'AWS::Lambda::Function', status: 'CREATE_COMPLETE', physicalId: 'fn' },
  ];
  if (stack.handle) {
    out.push({ logicalId: waitHandleLogicalId(KEY), type: 'AWS::CloudFormation::WaitConditionHandle', status: 'CREATE_COMPLETE', physicalId: stack.handleUrl ?? server.url });
  }
  if (server.conditionCreated && !server.conditionDeleted) {
    out.push({
      logicalId: waitConditionLogicalId(KEY),
      type: 'AWS::CloudFormation::WaitCondition',
      status: server.state === 'waiting' ? 'CREATE_IN_PROGRESS' : server.state === 'success' ? 'CREATE_COMPLETE' : 'CREATE_FAILED',
    });
  }
  return [...out, ...stack.extra];
}

/** The job's tags: this stack's, a long wait of 6 hours with the wait key `KEY`. */
function tags(extra: Record<string, string | undefined> = {}) {
  const all: Record<string, string | undefined> = { [STACK_TAG]: STACK_ID, [WAIT_TAG]: waitTagValue(KEY, deadlineSeconds(SIX_HOURS)), team: 'ml', ...extra };
  return { Tags: Object.entries(all).filter(([, v]) => v !== undefined).map(([Key, Value]) => ({ Key, Value })) };
}

beforeEach(async () => {
  sm.reset();
  sm.on(ListTagsCommand).resolves(tags());
  logs = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logs.push(args.join(' '));
  });
  server = new WaitConditionServer();
  await server.start();
  stack = { handle: true, jobUpdatedHoursAgo: 1, extra: [] };
  cfn = new CloudFormationServer(STACK_ID, stackResources);
  await cfn.start();
  signalHandlerEnvironment(STACK_ID, cfn.url);
});
afterEach(async () => {
  jest.restoreAllMocks();
  await server.stop();
  await cfn.stop();
  delete process.env.AWS_ENDPOINT_URL_CLOUDFORMATION;
  delete process.env[SIGNAL_STACK_ID_ENV];
  // The presigned URL is a credential: it must never reach the logs.
  for (const line of logs) {
    expect(line).not.toContain('X-Amz-Signature');
    expect(line).not.toContain('SECRETSIGNATURE');
    expect(line).not.toContain('127.0.0.1');
  }
  expect(server.formatErrors).toEqual([]);
  expect(cfn.formatErrors).toEqual([]);
});

/** The input EventBridge delivers (rule input transformer or schedule input). */
const tuningEvent = (name = JOB) => ({ [SignalInput.TRIGGER]: SignalTrigger.TUNING_JOB_EVENT, [SignalInput.JOB_NAME]: name });
const trainingEvent = (name: string, status: string, tuningJob = JOB) => ({
  [SignalInput.TRIGGER]: SignalTrigger.TRAINING_JOB_EVENT,
  [SignalInput.JOB_ARN]: `arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/${tuningJob.toLowerCase()}`,
  [SignalInput.TRAINING_JOB_NAME]: name,
  [SignalInput.TRAINING_JOB_STATUS]: status,
});
const safetyCheck = () => ({ [SignalInput.TRIGGER]: SignalTrigger.SAFETY_CHECK });
const deadline = (key = KEY) => ({ [SignalInput.TRIGGER]: SignalTrigger.DEADLINE, [SignalInput.JOB_NAME]: JOB, [SignalInput.WAIT_KEY]: key });
/** What became of the job `JOB`: the outcome, or the safety check's outcome for it. */
const forJob = (out: SignalOutcome): SignalOutcome | undefined => out.jobs ? out.jobs[JOB] : out;

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
const best = {
  TrainingJobName: `${JOB}-007-1a2b3c4d`,
  TrainingJobArn: 'arn:aws:sagemaker:us-east-1:123456789012:training-job/x',
  CreationTime: new Date(),
  TrainingJobStatus: 'Completed' as const,
  TunedHyperParameters: { eta: '0.1234' },
  FinalHyperParameterTuningJobObjectiveMetric: { Type: 'Maximize' as const, MetricName: 'validation:auc', Value: 0.9321 },
};
function job(status: string, extra: Partial<DescribeHyperParameterTuningJobResponse> = {}) {
  return describeResponse(JOB, status, { CreationTime: hoursAgo(1), ...extra });
}
function serviceError(name: string, message: string, fault: 'client' | 'server' = 'client'): SageMakerServiceException {
  return new SageMakerServiceException({ name, message, $fault: fault, $metadata: { httpStatusCode: fault === 'server' ? 503 : 400 } });
}
const describes = () => sm.commandCalls(DescribeHyperParameterTuningJobCommand).length;

describe('the full sequence of a 6-hour wait', () => {
  test('events before and after the WaitCondition exists, duplicates, an out-of-order event, then success', async () => {
    server.earlySignals = 'dropped';
    // Create: the job runs; its first state-change event arrives before the WaitCondition exists.
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('InProgress', {
      TrainingJobStatusCounters: { Completed: 0, InProgress: 2 },
    }));
    expect(await handler(tuningEvent())).toMatchObject({ action: 'waiting', stopped: false });
    server.conditionCreated = true;
    // Each invocation: the job's tags, then the handle's URL from CloudFormation.
    expect(sm.commandCalls(ListTagsCommand)).toHaveLength(1);
    expect(cfn.calls).toEqual([{ action: 'DescribeStackResource', params: expect.objectContaining({ StackName: STACK_ID, LogicalResourceId: waitHandleLogicalId(KEY) }) }]);

    // Training jobs end: one progress line each, no signal.
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('InProgress', {
      TrainingJobStatusCounters: { Completed: 1, InProgress: 2, NonRetryableError: 1 }, BestTrainingJob: best,
    }));
    await handler(trainingEvent(`${JOB}-001-aaaa`, 'Completed'));
    await handler(trainingEvent(`${JOB}-002-bbbb`, 'Failed'));
    await handler(trainingEvent(`${JOB}-002-bbbb`, 'Failed')); // SageMaker may send an event twice
    expect(server.received).toEqual([]);
    const progress = logs.filter(l => l.startsWith('training job '));
    expect(progress).toHaveLength(3);
    expect(progress[0]).toBe(`training job ${JOB}-001-aaaa Completed; tuning job ${JOB}: InProgress; training jobs 1/20 completed, `
      + `2 in progress, 1 failed (0 retryable, 1 non-retryable), 0 stopped; best validation:auc so far 0.9321 (${best.TrainingJobName})`);

    // The job completes. An old InProgress event arrives late: the handler trusts SageMaker, not the event.
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('Completed', {
      TrainingJobStatusCounters: { Completed: 20 }, BestTrainingJob: best,
    }));
    const late = await handler(tuningEvent());
    expect(late.action).toBe('signalled');
    expect(server.state).toBe('success');
    // The Completed event itself, twice: the same signal again. The next safety check finds no wait in progress.
    await handler(tuningEvent());
    await handler(tuningEvent());
    expect(await handler(safetyCheck())).toEqual({ action: 'checked', stopped: false, jobs: {} });
    expect(server.received).toHaveLength(3);
    expect(server.counted).toEqual([{
      Status: 'SUCCESS',
      UniqueId: JOB,
      Data: best.TrainingJobName,
      Reason: `Tuning job ${JOB} completed: best training job ${best.TrainingJobName} (validation:auc 0.9321)`,
    }]);
    expect(server.state).toBe('success');
    expect(sm).not.toHaveReceivedCommand(StopHyperParameterTuningJobCommand);
  });

  test('a lost Completed event: the safety check signals', async () => {
    server.conditionCreated = true;
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('InProgress'));
    expect(forJob(await handler(safetyCheck()))).toEqual({ action: 'waiting', stopped: false, waitKey: KEY });
    expect(server.state).toBe('waiting');
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('Completed', { BestTrainingJob: best }));
    // No event ever arrives; the next hourly check finds the job finished.
    expect(forJob(await handler(safetyCheck()))?.action).toBe('signalled');
    expect(server.state).toBe('success');
  });

  test.each(['kept', 'dropped'] as const)('a job that fails before the WaitCondition exists (early signals %s) fails the wait with FailureReason', async mode => {
    server.earlySignals = mode;
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('Failed', { FailureReason: 'ClientError: No S3 objects found under S3 URL' }));
    await handler(tuningEvent()); // before the WaitCondition
    server.conditionCreated = true;
    expect(server.state).toBe(mode === 'kept' ? 'failure' : 'waiting');
    await handler(safetyCheck()); // the next check repeats the signal: it counts whatever CloudFormation did with the first
    expect(server.state).toBe('failure');
    expect(server.counted[0].Reason).toBe(`Tuning job "${JOB}" failed: ClientError: No S3 objects found under S3 URL`);
    expect(server.counted[0].Data).toBe(server.counted[0].Reason);
  });

  test('a job stopped outside CloudFormation fails the wait saying so', async () => {
    server.conditionCreated = true;
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('Stopped'));
    await handler(tuningEvent());
    expect(server.state).toBe('failure');
    expect(server.counted[0].Reason).toMatch(/was stopped outside CloudFormation \(status Stopped\) before it completed/);
  });

  test('a job deleted outside CloudFormation: events and checks cannot read its tags; the deadline, which names the wait, fails it', async () => {
    server.conditionCreated = true;
    sm.on(DescribeHyperParameterTuningJobCommand).rejects(new ResourceNotFound({ message: 'Amazon SageMaker can\'t find a tuning job', $metadata: {} }));
    expect(forJob(await handler(safetyCheck()))?.action).toBe('ignored');
    expect((await handler(tuningEvent())).action).toBe('ignored');
    expect(server.state).toBe('waiting');
    expect((await handler(deadline())).action).toBe('signalled');
    expect(server.state).toBe('failure');
    expect(server.counted[0].Reason).toMatch(/does not exist \(was it deleted outside CloudFormation\?\)/);
  });
});

describe('one set of rules and one safety check for the whole stack', () => {
  test('an event for another stack\'s job with the same name prefix is ignored: Describe is denied (stack tag condition)', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).rejects(serviceError('AccessDeniedException', 'not authorized to perform: sagemaker:DescribeHyperParameterTuningJob'));
    expect(await handler(tuningEvent('mystack-other-abcde12345'))).toEqual({ action: 'ignored', stopped: false });
    expect(sm.commandCalls(ListTagsCommand)).toHaveLength(0);
    expect(cfn.calls).toEqual([]);
    expect(server.received).toEqual([]);
  });

  test('an event for a job tagged with another stack\'s id is ignored (the tag, not the name, tells the stacks apart)', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('Completed', { BestTrainingJob: best }));
    sm.on(ListTagsCommand).resolves(tags({ [STACK_TAG]: 'arn:aws:cloudformation:us-east-1:123456789012:stack/MyStackToo/ffff' }));
    expect(await handler(tuningEvent())).toEqual({ action: 'ignored', stopped: false });
    expect(cfn.calls).toEqual([]);
    expect(server.received).toEqual([]);
    expect(logs).toContain(`tuning-job-event: tuning job ${JOB} belongs to another stack: ignored`);
  });

  test('an event for a job of this stack that is no long wait (polled, or detached) is ignored', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('Completed'));
    sm.on(ListTagsCommand).resolves(tags({ [WAIT_TAG]: undefined }));
    expect(await handler(trainingEvent(`${JOB}-001-aaaa`, 'Completed'))).toEqual({ action: 'ignored', stopped: false });
    expect(cfn.calls).toEqual([]);
  });

  test('an event before the handle exists: nothing to signal, nothing lost; the safety check signals once the wait runs', async () => {
    stack.handle = false;
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('Completed', { BestTrainingJob: best }));
    expect(await handler(tuningEvent())).toEqual({ action: 'waiting', stopped: false, waitKey: KEY });
    expect(logs).toContain(`tuning job ${JOB}: its WaitConditionHandle ${waitHandleLogicalId(KEY)} does not exist (not yet, or no more): `
      + 'nothing to signal now; the hourly safety check looks again while the wait lasts');
    stack.handle = true;
    server.conditionCreated = true;
    expect(forJob(await handler(safetyCheck()))?.action).toBe('signalled');
    expect(server.state).toBe('success');
  });

  test('DescribeStackResource throttled: tried again within the invocation; throttled throughout, the invocation fails and the safety check signals later', async () => {
    server.conditionCreated = true;
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('Completed', { BestTrainingJob: best }));
    cfn.injectFaults('Throttling', '500');
    expect((await handler(tuningEvent(), { getRemainingTimeInMillis: () => 5_000 })).action).toBe('signalled');
    server.conditionCreated = false;
    const fresh = new WaitConditionServer();
    await fresh.start();
    const old = server;
    server = fresh;
    await old.stop();
    server.conditionCreated = true;
    // Throttled on every attempt the SDK makes (5): it fails as throttled, or with the call's budget spent on backing off.
    cfn.injectFaults('Throttling', 'Throttling', 'Throttling', 'Throttling', 'Throttling', 'Throttling');
    await expect(handler(tuningEvent(), { getRemainingTimeInMillis: () => 5_000 })).rejects.toThrow(new RegExp(
      `^Could not read the WaitConditionHandle ${waitHandleLogicalId(KEY)} of tuning job "${JOB}" from CloudFormation: `
      + '(Throttling: Rate exceeded|TimeoutError: DescribeStackResource \\S+: CloudFormation did not answer within [0-9.]+ s)'));
    expect(server.received).toEqual([]);
    expect(forJob(await handler(safetyCheck()))?.action).toBe('signalled');
    expect(server.state).toBe('success');
  }, 20_000);

  test('a replacement job carries a new wait key: events of the old job find no handle, the stale deadline is ignored', async () => {
    const OLD = 'mystack-tuning-zzzzz99999';
    const OLD_KEY = 'FEDCBA9876543210';
    server.conditionCreated = true;
    sm.on(DescribeHyperParameterTuningJobCommand, { HyperParameterTuningJobName: OLD }).resolves(describeResponse(OLD, 'Stopped'));
    sm.on(ListTagsCommand, { ResourceArn: describeResponse(OLD, 'Stopped').HyperParameterTuningJobArn }).resolves(tags({ [WAIT_TAG]: waitTagValue(OLD_KEY, 21600) }));
    sm.on(DescribeHyperParameterTuningJobCommand, { HyperParameterTuningJobName: JOB }).resolves(job('InProgress'));
    // The old job's Stopped event (its resource's replacement deleted it): its handle is gone.
    expect(await handler(tuningEvent(OLD))).toEqual({ action: 'waiting', stopped: false, waitKey: OLD_KEY });
    // The old wait's deadline schedule fires late for the job now waited for under the new key.
    expect(await handler(deadline(OLD_KEY))).toEqual({ action: 'ignored', stopped: false });
    expect(sm).not.toHaveReceivedCommand(StopHyperParameterTuningJobCommand);
    expect(server.received).toEqual([]);
  });

  test('a fixed name with capitals: the training-job event names it in lower case (ARN); the signal uses SageMaker\'s spelling', async () => {
    const FIXED = 'Churn-Tuning-Fixed';
    server.conditionCreated = true;
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(FIXED, 'Completed', { BestTrainingJob: best }));
    await handler(trainingEvent(`${FIXED.toLowerCase()}-001-aaaa`, 'Completed', FIXED));
    expect(sm).toHaveReceivedCommandWith(DescribeHyperParameterTuningJobCommand, { HyperParameterTuningJobName: FIXED.toLowerCase() });
    await handler(tuningEvent(FIXED));
    expect(server.received.map(r => r.UniqueId)).toEqual([FIXED, FIXED]);
  });

  test('the safety check is cheap when nothing waits: ListStackResources only (every page), no SageMaker call', async () => {
    stack.extra = Array.from({ length: 5 }, (_, i) => ({ logicalId: `Other${i}`, type: 'AWS::S3::Bucket', status: 'CREATE_COMPLETE' }));
    expect(await handler(safetyCheck())).toEqual({ action: 'checked', stopped: false, jobs: {} });
    expect(cfn.actions).toEqual(['ListStackResources', 'ListStackResources', 'ListStackResources', 'ListStackResources']);
    expect(sm.calls()).toHaveLength(0);
  });

  test('the safety check looks only at job resources changed within the longest wait', async () => {
    server.conditionCreated = true;
    stack.jobUpdatedHoursAgo = 14;
    expect(await handler(safetyCheck())).toEqual({ action: 'checked', stopped: false, jobs: {} });
    expect(describes()).toBe(0);
    expect(logs).toContain(`safety-check: no tuning job of this stack changed in the last 13 hours carries the wait ${KEY}: nothing to signal for it`);
  });

  test('the safety check: a job that cannot be checked does not stop the others; the invocation then fails, naming it', async () => {
    const OTHER = 'mystack-second-abcde12345';
    const OTHER_KEY = 'AAAAAAAAAAAAAAAA';
    server.conditionCreated = true;
    stack.extra = [
      { logicalId: 'SecondJob', type: 'Custom::SageMakerTuningJob', status: 'CREATE_COMPLETE', physicalId: OTHER, lastUpdated: new Date() },
      { logicalId: waitConditionLogicalId(OTHER_KEY), type: 'AWS::CloudFormation::WaitCondition', status: 'CREATE_IN_PROGRESS' },
    ];
    sm.on(DescribeHyperParameterTuningJobCommand, { HyperParameterTuningJobName: OTHER }).rejects(serviceError('ThrottlingException', 'Rate exceeded'));
    sm.on(DescribeHyperParameterTuningJobCommand, { HyperParameterTuningJobName: JOB }).resolves(job('Completed', { BestTrainingJob: best }));
    await expect(handler(safetyCheck())).rejects.toThrow(`The safety check could not check 1 tuning job: ${OTHER}: Could not describe tuning job "${OTHER}": ThrottlingException: Rate exceeded`);
    expect(server.state).toBe('success');
  });

  test('ListStackResources failing throughout fails the safety check (Scheduler retries it)', async () => {
    cfn.injectFaults('500', '500', '500', '500', '500', '500');
    await expect(handler(safetyCheck(), { getRemainingTimeInMillis: () => 5_000 })).rejects.toThrow(`Could not list the resources of stack ${STACK_ID} (at most 10 pages): InternalFailure: internal failure`);
    expect(sm.calls()).toHaveLength(0);
  });
});

describe('other statuses', () => {
  test('Deleting: the wait fails saying the job was deleted outside CloudFormation', async () => {
    server.conditionCreated = true;
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('Deleting'));
    await handler(tuningEvent());
    expect(server.counted[0].Reason).toBe(`Tuning job "${JOB}" was deleted outside CloudFormation (status Deleting) before it completed.`);
  });

  test('a status the handler does not know: it keeps waiting (the deadline still applies)', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('Pausing'));
    expect(await handler(tuningEvent())).toEqual({ action: 'waiting', stopped: false, waitKey: KEY });
    expect(logs).toContain(`tuning job ${JOB} has status Pausing, which this handler does not know: waiting`);
  });

  test('Stop refused while SageMaker still reports InProgress: the wait fails with the command to stop it', async () => {
    server.conditionCreated = true;
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('InProgress', { CreationTime: hoursAgo(6.1) }));
    sm.on(StopHyperParameterTuningJobCommand).rejects(serviceError('ValidationException', 'Job cannot be stopped now'));
    const out = await handler(deadline());
    expect(out).toMatchObject({ action: 'signalled', stopped: false });
    expect(sm.commandCalls(DescribeHyperParameterTuningJobCommand)).toHaveLength(2);
    expect(sm.commandCalls(StopHyperParameterTuningJobCommand)).toHaveLength(1);
    expect(server.counted[0].Reason).toContain('stopping it failed (StillInProgress: SageMaker refused to stop it and still reports it InProgress)');
  });
});

describe('the deadline', () => {
  test('a job still running at the deadline is stopped, and the wait fails saying how long it ran and what to change', async () => {
    server.conditionCreated = true;
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('InProgress', {
      CreationTime: hoursAgo(6.02), TrainingJobStatusCounters: { Completed: 11, InProgress: 2 },
    }));
    sm.on(StopHyperParameterTuningJobCommand).resolves({});
    const out = await handler(deadline());
    expect(out).toMatchObject({ action: 'signalled', stopped: true });
    expect(sm).toHaveReceivedCommandWith(StopHyperParameterTuningJobCommand, { HyperParameterTuningJobName: JOB });
    expect(server.state).toBe('failure');
    expect(server.counted[0].Reason).toBe(`Tuning job "${JOB}" was still InProgress after 6 h 1 min (11/20 training jobs completed, 2 in progress), `
      + 'past the TuningJob\'s wait of 6 h. The deployment gave up on it and stopped it. Raise waitTimeout (at most 12 hours), '
      + 'lower maxTrainingJobs or the definitions\' maxRuntime, raise maxParallelTrainingJobs, '
      + 'or set detached: true and read the results of the finished job in a later deployment with TuningJobResults.');
  });

  test('a safety check past the deadline stops the job too (the deadline schedule may be late)', async () => {
    server.conditionCreated = true;
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('InProgress', { CreationTime: hoursAgo(6.5) }));
    sm.on(StopHyperParameterTuningJobCommand).resolves({});
    expect(forJob(await handler(safetyCheck()))?.stopped).toBe(true);
    expect(server.state).toBe('failure');
  });

  test('before the deadline nothing is stopped', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('InProgress', { CreationTime: hoursAgo(5.9) }));
    server.conditionCreated = true;
    expect(forJob(await handler(safetyCheck()))).toEqual({ action: 'waiting', stopped: false, waitKey: KEY });
    expect(sm).not.toHaveReceivedCommand(StopHyperParameterTuningJobCommand);
  });

  test('the job completes between Describe and Stop: the handler reads it again and signals success', async () => {
    server.conditionCreated = true;
    sm.on(DescribeHyperParameterTuningJobCommand)
      .resolvesOnce(job('InProgress', { CreationTime: hoursAgo(6.1) }))
      .resolves(job('Completed', { CreationTime: hoursAgo(6.1), BestTrainingJob: best }));
    sm.on(StopHyperParameterTuningJobCommand).rejects(serviceError('ValidationException', 'The job is not in progress'));
    expect((await handler(deadline())).signal?.Status).toBe('SUCCESS');
    expect(server.state).toBe('success');
  });

  test('Stop denied: the wait fails with the command to stop the job by hand', async () => {
    server.conditionCreated = true;
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('InProgress', { CreationTime: hoursAgo(6.1) }));
    sm.on(StopHyperParameterTuningJobCommand).rejects(serviceError('AccessDeniedException', 'not authorized'));
    await handler(deadline());
    expect(server.state).toBe('failure');
    expect(server.counted[0].Reason).toContain(`stopping it failed (AccessDeniedException: not authorized): stop it with "aws sagemaker stop-hyper-parameter-tuning-job --hyper-parameter-tuning-job-name ${JOB}"`);
  });

  test('the job stopped at the deadline reports the deadline, not "stopped outside CloudFormation"', async () => {
    server.conditionCreated = true;
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('Stopped', { CreationTime: hoursAgo(6.1) }));
    await handler(tuningEvent()); // the Stopped event that follows the handler's own Stop
    expect(server.counted[0].Reason).toMatch(/was still Stopped after 6 h 6 min .* The deployment gave up on it and stopped it/);
  });
});

describe('faults', () => {
  test('SageMaker throttles past the SDK\'s retries: the invocation fails (Lambda retries it), nothing is signalled', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).rejects(serviceError('ThrottlingException', 'Rate exceeded'));
    await expect(handler(tuningEvent())).rejects.toThrow(`Could not describe tuning job "${JOB}": ThrottlingException: Rate exceeded`);
    expect(server.received).toEqual([]);
  });

  test('the signal URL answers 500 twice: the PUT is retried and delivered', async () => {
    server.conditionCreated = true;
    server.injectFaults('500', '500');
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('Completed', { BestTrainingJob: best }));
    expect((await handler(tuningEvent())).action).toBe('signalled');
    expect(server.state).toBe('success');
  }, 20_000);

  test('the wait is over (403): logged without the URL, not retried, no error', async () => {
    server.conditionCreated = true;
    server.conditionDeleted = true;
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('Completed', { BestTrainingJob: best }));
    expect((await handler(tuningEvent())).action).toBe('rejected');
    expect(logs.some(l => /did not accept the SUCCESS signal .*HTTP 403/.test(l))).toBe(true);
  });

  test('a lost response (no answer) times out and is retried', async () => {
    server.conditionCreated = true;
    server.injectFaults('hang');
    const out = await putSignal(server.url, { Status: 'SUCCESS', UniqueId: JOB, Data: 'x', Reason: 'r' }, { timeoutMs: 200, backoffMs: 10 });
    expect(out).toEqual({ statusCode: 200, attempts: 2 });
    expect(server.state).toBe('success');
  });

  test('every attempt fails: SignalDeliveryError, whose message has no URL', async () => {
    server.injectFaults('hang', '500', 'hang');
    const err = await putSignal(server.url, { Status: 'SUCCESS', UniqueId: JOB, Data: '', Reason: 'r' }, { timeoutMs: 200, backoffMs: 10, attempts: 3 })
      .catch(e => e);
    expect(err).toBeInstanceOf(SignalDeliveryError);
    expect(err.message).toBe('the signal could not be delivered after 3 attempts (last: ETIMEDOUT)');
  });

  test('nothing listens: the error names the code only', async () => {
    const url = server.url;
    await server.stop();
    server = new WaitConditionServer();
    await server.start();
    const err = await putSignal(url, { Status: 'SUCCESS', UniqueId: JOB, Data: '', Reason: 'r' }, { backoffMs: 1, attempts: 2 }).catch(e => e);
    expect(err.message).toBe('the signal could not be delivered after 2 attempts (last: ECONNREFUSED)');
  });
});

describe('input', () => {
  test.each([
    [{}, /"Trigger" is missing/],
    [{ [SignalInput.TRIGGER]: 'cron' }, /"Trigger" must be one of tuning-job-event, training-job-event, safety-check, deadline, got "cron"/],
    [tuningEvent(''), /"TuningJobName" is missing/],
    [{ ...trainingEvent('t', 'Completed'), [SignalInput.JOB_ARN]: 'arn:aws:sagemaker:us-east-1:123456789012:training-job/x' }, /"TuningJobArn" must be a tuning job ARN/],
    [{ ...deadline(), [SignalInput.WAIT_KEY]: undefined }, /"WaitKey" is missing/],
    [deadline('abc'), /"WaitKey" must be 16 upper-case hexadecimal digits, got "abc"/],
  ])('%p is rejected before any call', async (raw, message) => {
    expect(() => parseSignalInput(raw)).toThrow(message);
    await expect(handler(raw)).rejects.toThrow(message);
    expect(describes()).toBe(0);
    expect(cfn.calls).toEqual([]);
  });

  test('a handle URL that is not http(s) is refused', async () => {
    stack.handleUrl = 'file:///etc/passwd';
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('Completed'));
    await expect(handler(tuningEvent())).rejects.toThrow(/protocol file:/);
  });

  test('without its stack id the handler refuses to run', async () => {
    delete process.env[SIGNAL_STACK_ID_ENV];
    await expect(handler(tuningEvent())).rejects.toThrow(`Environment variable ${SIGNAL_STACK_ID_ENV} is not set`);
  });
});

test('hoursMinutes', () => {
  expect(hoursMinutes(42 * 60_000)).toBe('42 min');
  expect(hoursMinutes(3 * 3_600_000)).toBe('3 h');
  expect(hoursMinutes(3 * 3_600_000 + 7 * 60_000)).toBe('3 h 7 min');
});

test('the pure handler works with injected dependencies (no SDK)', async () => {
  const puts: unknown[] = [];
  const out = await handleSignal({
    stackId: STACK_ID,
    describe: async () => job('Completed', { BestTrainingJob: best }),
    tags: async () => Object.fromEntries(tags().Tags.map(t => [t.Key, t.Value as string])),
    stop: async () => undefined,
    handleUrl: async () => 'https://handle.example/',
    stackResources: async () => [],
    put: async (_url, body) => {
      puts.push(body); return { statusCode: 200, attempts: 1 };
    },
    now: () => Date.now(),
    log: () => undefined,
  }, tuningEvent());
  expect(out.action).toBe('signalled');
  expect(puts).toHaveLength(1);
});
