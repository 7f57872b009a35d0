import {
  DescribeHyperParameterTuningJobCommand,
  DescribeHyperParameterTuningJobResponse,
  ResourceNotFound,
  SageMakerClient,
  SageMakerServiceException,
  StopHyperParameterTuningJobCommand,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { describeResponse } from './fixtures';
import { WaitConditionServer } from './wait-condition-server';
import { handleSignal, hoursMinutes, parseSignalInput } from '../../src/handler/signal';
import { handler } from '../../src/handler/signal-entry';
import { putSignal, SignalDeliveryError } from '../../src/handler/signal-http';
import { deadlineSeconds, SignalInput, SignalTrigger } from '../../src/shared/long-wait';

const sm = mockClient(SageMakerClient);
const JOB = 'mystack-tuning-abcde12345';
const SIX_HOURS = 6 * 3600;
let server: WaitConditionServer;
let logs: string[];

beforeEach(async () => {
  sm.reset();
  logs = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logs.push(args.join(' '));
  });
  server = new WaitConditionServer();
  await server.start();
});
afterEach(async () => {
  jest.restoreAllMocks();
  await server.stop();
  // The presigned URL is a credential: it must never reach the logs.
  for (const line of logs) {
    expect(line).not.toContain('X-Amz-Signature');
    expect(line).not.toContain('SECRETSIGNATURE');
    expect(line).not.toContain('127.0.0.1');
  }
  expect(server.formatErrors).toEqual([]);
});

/** The input EventBridge delivers (rule input transformer or schedule input). */
function input(trigger: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    [SignalInput.TRIGGER]: trigger,
    [SignalInput.HANDLE_URL]: server.url,
    [SignalInput.JOB_NAME]: JOB,
    [SignalInput.DEADLINE_SECONDS]: String(deadlineSeconds(SIX_HOURS)),
    ...extra,
  };
}
const tuningEvent = () => input(SignalTrigger.TUNING_JOB_EVENT);
const trainingEvent = (name: string, status: string) => input(SignalTrigger.TRAINING_JOB_EVENT, {
  [SignalInput.TRAINING_JOB_NAME]: name, [SignalInput.TRAINING_JOB_STATUS]: status,
});
const safetyCheck = () => input(SignalTrigger.SAFETY_CHECK);
const deadline = () => input(SignalTrigger.DEADLINE);

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
    // The Completed event itself, twice, and the next safety check: the same signal again.
    await handler(tuningEvent());
    await handler(tuningEvent());
    await handler(safetyCheck());
    expect(server.received).toHaveLength(4);
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
    await handler(safetyCheck());
    expect(server.state).toBe('waiting');
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('Completed', { BestTrainingJob: best }));
    // No event ever arrives; the next hourly check finds the job finished.
    expect((await handler(safetyCheck())).action).toBe('signalled');
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

  test('a job deleted outside CloudFormation fails the wait', async () => {
    server.conditionCreated = true;
    sm.on(DescribeHyperParameterTuningJobCommand).rejects(new ResourceNotFound({ message: 'Amazon SageMaker can\'t find a tuning job', $metadata: {} }));
    await handler(safetyCheck());
    expect(server.state).toBe('failure');
    expect(server.counted[0].Reason).toMatch(/does not exist \(was it deleted outside CloudFormation\?\)/);
  });
});

describe('other statuses', () => {
  test('Deleting: the wait fails saying the job was deleted outside CloudFormation', async () => {
    server.conditionCreated = true;
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('Deleting'));
    await handler(safetyCheck());
    expect(server.counted[0].Reason).toBe(`Tuning job "${JOB}" was deleted outside CloudFormation (status Deleting) before it completed.`);
  });

  test('a status the handler does not know: it keeps waiting (the deadline still applies)', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('Pausing'));
    expect(await handler(safetyCheck())).toEqual({ action: 'waiting', stopped: false });
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
    expect((await handler(safetyCheck())).stopped).toBe(true);
    expect(server.state).toBe('failure');
  });

  test('before the deadline nothing is stopped', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('InProgress', { CreationTime: hoursAgo(5.9) }));
    expect(await handler(safetyCheck())).toEqual({ action: 'waiting', stopped: false });
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
    expect((await handler(safetyCheck())).action).toBe('rejected');
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
    [{ [SignalInput.HANDLE_URL]: '' }, /"HandleUrl" is missing/],
    [{ [SignalInput.JOB_NAME]: undefined }, /"TuningJobName" is missing/],
    [{ [SignalInput.DEADLINE_SECONDS]: 'soon' }, /"DeadlineSeconds" must be a positive number of seconds/],
  ])('%p is rejected before any call, without echoing the URL', async (change, message) => {
    const raw = { ...input(SignalTrigger.SAFETY_CHECK), ...change } as Record<string, unknown>;
    if (Object.keys(change).length === 0) {
      delete raw[SignalInput.TRIGGER];
    }
    expect(() => parseSignalInput(raw)).toThrow(message);
    const err = await handler(raw).catch(e => e);
    expect(err.message).not.toContain('X-Amz');
    expect(describes()).toBe(0);
  });

  test('a handle URL that is not http(s) is refused', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(job('Completed'));
    await expect(handler({ ...safetyCheck(), [SignalInput.HANDLE_URL]: 'file:///etc/passwd' })).rejects.toThrow(/protocol file:/);
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
    describe: async () => job('Completed', { BestTrainingJob: best }),
    stop: async () => undefined,
    put: async (_url, body) => {
      puts.push(body); return { statusCode: 200, attempts: 1 };
    },
    now: () => Date.now(),
    log: () => undefined,
  }, safetyCheck());
  expect(out.action).toBe('signalled');
  expect(puts).toHaveLength(1);
});
