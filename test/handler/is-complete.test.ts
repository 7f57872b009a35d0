import {
  DescribeHyperParameterTuningJobCommand,
  ResourceNotFound,
  SageMakerClient,
  SageMakerServiceException,
  StopHyperParameterTuningJobCommand,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ACCOUNT_ARN, createEvent, deleteEvent, describeResponse, multiRequest, pollEvent, props, singleRequest, updateEvent } from './fixtures';
import { handler } from '../../src/handler/is-complete';

const sm = mockClient(SageMakerClient);
let logs: string[];

beforeEach(() => {
  sm.reset();
  logs = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logs.push(args.join(' '));
  });
});
afterEach(() => jest.restoreAllMocks());

const JOB = 'mystack-tuning-abcde12345';
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

function serviceError(name: string, message: string, fault: 'client' | 'server' = 'client'): SageMakerServiceException {
  return new SageMakerServiceException({ name, message, $fault: fault, $metadata: { httpStatusCode: fault === 'server' ? 500 : 400 } });
}

const bestJob = {
  TrainingJobDefinitionName: 'xgboost',
  TrainingJobName: `${JOB}-007-1a2b3c4d`,
  TrainingJobArn: 'arn:aws:sagemaker:us-east-1:123456789012:training-job/x',
  CreationTime: new Date(),
  TrainingJobStatus: 'Completed' as const,
  TunedHyperParameters: { eta: '0.1234', max_depth: '7', booster: '"dart"' },
  FinalHyperParameterTuningJobObjectiveMetric: { Type: 'Maximize' as const, MetricName: 'validation:auc', Value: 0.9321 },
};

const running = {
  TrainingJobStatusCounters: { Completed: 3, InProgress: 4, RetryableError: 1, NonRetryableError: 2, Stopped: 0 },
  BestTrainingJob: bestJob,
};

describe('waiting (Create)', () => {
  test('InProgress: not complete, no Data, one progress line', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'InProgress', running));
    const result = await handler(pollEvent(createEvent(), JOB));
    expect(result).toEqual({ IsComplete: false });
    expect(logs).toEqual([
      `tuning job ${JOB}: InProgress; training jobs 3/20 completed, 4 in progress, 3 failed (1 retryable, 2 non-retryable), 0 stopped; `
      + `best validation:auc so far 0.9321 (${JOB}-007-1a2b3c4d)`,
    ]);
  });

  test('Stopping (someone stops it): keeps polling', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'Stopping'));
    await expect(handler(pollEvent(createEvent(), JOB))).resolves.toEqual({ IsComplete: false });
    expect(logs[0]).toContain('Stopping; training jobs 0/20 completed');
    expect(logs[0]).toContain('no objective value yet');
  });

  test('Completed (one definition): every attribute, categorical quotes stripped, model URI from the output path', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'Completed', {
      BestTrainingJob: { ...bestJob, TrainingJobDefinitionName: undefined },
      OverallBestTrainingJob: { ...bestJob, TrainingJobName: 'parent-job-001-aaaa' },
    }));
    const result = await handler(pollEvent(createEvent(), JOB));
    expect(result).toEqual({
      IsComplete: true,
      Data: {
        'TuningJobName': JOB,
        'TuningJobArn': `${ACCOUNT_ARN}/${JOB}`,
        'TuningJobStatus': 'Completed',
        'BestTrainingJobName': `${JOB}-007-1a2b3c4d`,
        'BestObjectiveValue': '0.9321',
        'BestModelDataUri': `s3://my-bucket/output/${JOB}-007-1a2b3c4d/output/model.tar.gz`,
        'OverallBestTrainingJobName': 'parent-job-001-aaaa',
        'BestHyperParameter.eta': '0.1234',
        'BestHyperParameter.max_depth': '7',
        'BestHyperParameter.booster': 'dart',
      },
    });
  });

  test('Completed (several definitions): the model URI comes from the best job\'s definition; every tuned name is a key', async () => {
    const request = multiRequest();
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'Completed', {
      TrainingJobDefinition: undefined,
      TrainingJobDefinitions: request.TrainingJobDefinitions as never,
      BestTrainingJob: { ...bestJob, TrainingJobDefinitionName: 'linear', TunedHyperParameters: { loss: '"hinge_loss"', wd: '0.0021' } },
    }));
    const result = await handler(pollEvent(createEvent(props({ request })), JOB));
    expect(result.Data).toMatchObject({
      'BestModelDataUri': `s3://other-bucket/linear/${JOB}-007-1a2b3c4d/output/model.tar.gz`,
      'OverallBestTrainingJobName': '',
      'BestHyperParameter.eta': '',
      'BestHyperParameter.loss': 'hinge_loss',
      'BestHyperParameter.wd': '0.0021',
    });
    expect(Object.keys(result.Data!).filter(k => k.startsWith('BestHyperParameter.')).sort())
      .toEqual(['BestHyperParameter.eta', 'BestHyperParameter.loss', 'BestHyperParameter.wd']);
  });

  test('Completed without a best training job: all keys present and empty', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'Completed'));
    const { Data } = await handler(pollEvent(createEvent(), JOB));
    expect(Data).toMatchObject({ BestTrainingJobName: '', BestObjectiveValue: '', BestModelDataUri: '', OverallBestTrainingJobName: '' });
    expect(Data!['BestHyperParameter.eta']).toBe('');
    expect(Object.keys(Data!)).toHaveLength(10);
  });

  test('Failed: fails with SageMaker\'s FailureReason', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'Failed', {
      FailureReason: 'All training jobs failed. Please check the training job logs',
    }));
    await expect(handler(pollEvent(createEvent(), JOB))).rejects.toThrow(
      `Tuning job "${JOB}" failed: All training jobs failed. Please check the training job logs`);
  });

  test('Stopped by someone else: fails with a clear message', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'Stopped'));
    await expect(handler(pollEvent(createEvent(), JOB))).rejects.toThrow(
      `Tuning job "${JOB}" was stopped outside CloudFormation (status Stopped) before it completed, so the deployment has no result to report.`);
  });

  test('an unknown status keeps polling', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'Pondering'));
    await expect(handler(pollEvent(createEvent(), JOB))).resolves.toEqual({ IsComplete: false });
  });

  test('past waitTimeout: stops the job it started and tells the user what to change', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'InProgress'));
    sm.on(StopHyperParameterTuningJobCommand).resolves({});
    const event = pollEvent(createEvent(props({ waitTimeoutSeconds: 1800 })), JOB, minutesAgo(31));
    await expect(handler(event)).rejects.toThrow(new RegExp(
      `Tuning job "${JOB}" is still InProgress after 31(\\.\\d)? min, longer than the TuningJob's waitTimeout \\(30 min\\)\\. `
      + 'The deployment gave up on it, so it has been stopped\\. Raise waitTimeout \\(up to 12 hours: waits of more than 55 minutes are driven by the job.s events\\) or set detached: true'));
    expect(sm).toHaveReceivedCommandWith(StopHyperParameterTuningJobCommand, { HyperParameterTuningJobName: JOB });
  });

  test('inside waitTimeout: keeps polling without stopping', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'InProgress'));
    await expect(handler(pollEvent(createEvent(props({ waitTimeoutSeconds: 1800 })), JOB, minutesAgo(29)))).resolves.toEqual({ IsComplete: false });
    expect(sm).not.toHaveReceivedCommand(StopHyperParameterTuningJobCommand);
  });

  test('without WaitStartedAt the wait is measured from the job\'s CreationTime', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'InProgress', { CreationTime: minutesAgo(11) }));
    sm.on(StopHyperParameterTuningJobCommand).rejects(serviceError('AccessDeniedException', 'no'));
    await expect(handler(pollEvent(createEvent(props({ waitTimeoutSeconds: 600 })), JOB, null)))
      .rejects.toThrow(/after 11(\.\d)? min.*stopping it failed \(AccessDeniedException: no\): stop it with "aws sagemaker stop-hyper-parameter-tuning-job/);
  });

  test('a throttled Describe (after the SDK\'s retries) waits for the next poll', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).rejects(serviceError('ThrottlingException', 'Rate exceeded'));
    await expect(handler(pollEvent(createEvent(), JOB))).resolves.toEqual({ IsComplete: false });
    expect(logs[0]).toContain('ThrottlingException: Rate exceeded');
  });

  test('a 5xx Describe past the deadline still times out', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).rejects(serviceError('InternalFailure', 'oops', 'server'));
    sm.on(StopHyperParameterTuningJobCommand).resolves({});
    await expect(handler(pollEvent(createEvent(props({ waitTimeoutSeconds: 60 })), JOB, minutesAgo(2)))).rejects.toThrow(/is still unknown/);
  });

  test('a job that disappeared fails (after the read-after-write allowance)', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).rejects(new ResourceNotFound({ message: 'not there', $metadata: {} }));
    await expect(handler(pollEvent(createEvent(), JOB, minutesAgo(6)))).rejects.toThrow(
      `Tuning job "${JOB}" does not exist (it was never created, or it was deleted outside CloudFormation?): not there`);
    await expect(handler(pollEvent(updateEvent(JOB, props(), props({ waitTimeoutSeconds: 600 })), JOB, minutesAgo(1)))).rejects.toThrow(
      `Tuning job "${JOB}" does not exist (was it deleted outside CloudFormation?): not there`);
  });

  test('an access-denied Describe fails with what was being done', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).rejects(serviceError('AccessDeniedException', 'not authorized'));
    await expect(handler(pollEvent(createEvent(), JOB))).rejects.toThrow(`Could not describe tuning job "${JOB}": AccessDeniedException: not authorized (the custom-resource handler's role`);
  });

  test('a malformed isComplete event fails clearly', async () => {
    await expect(handler({ ...createEvent(), PhysicalResourceId: undefined })).rejects.toThrow(/"PhysicalResourceId" is missing \(isComplete of Create\)/);
    await expect(handler(pollEvent(createEvent({ ...props(), Request: '{' }), JOB))).rejects.toThrow(/"Request" is not valid JSON/);
  });
});

describe('detached', () => {
  test('complete as soon as the job runs', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'InProgress', running));
    // the construct sends WaitTimeoutSeconds 0 for a detached job: it must not time out
    const result = await handler(pollEvent(createEvent(props({ detached: true, waitTimeoutSeconds: 0 })), JOB, minutesAgo(2)));
    expect(result.IsComplete).toBe(true);
    expect(result.Data).toMatchObject({ TuningJobName: JOB, TuningJobStatus: 'InProgress' });
  });

  test('a job that already completed is complete', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'Completed'));
    await expect(handler(pollEvent(createEvent(props({ detached: true })), JOB))).resolves.toMatchObject({ IsComplete: true });
  });

  test('Failed still fails', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'Failed', { FailureReason: 'bad image' }));
    await expect(handler(pollEvent(createEvent(props({ detached: true })), JOB))).rejects.toThrow(`Tuning job "${JOB}" failed: bad image`);
  });

  test('a job stopped before the deployment saw it run fails', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'Stopping'));
    await expect(handler(pollEvent(createEvent(props({ detached: true })), JOB))).rejects.toThrow(/was stopped outside CloudFormation \(status Stopping\) before it was running/);
  });
});

describe('Update and Delete', () => {
  test('an update that kept the job reports it as usual', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'Completed', { BestTrainingJob: bestJob }));
    const event = pollEvent(updateEvent(JOB, props(), props({ waitTimeoutSeconds: 600 })), JOB);
    await expect(handler(event)).resolves.toMatchObject({ IsComplete: true, Data: { BestTrainingJobName: bestJob.TrainingJobName } });
  });

  test('an update that replaced the job waits for the new one and stops it on timeout', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse('new-job', 'InProgress'));
    sm.on(StopHyperParameterTuningJobCommand).resolves({});
    const event = pollEvent(updateEvent('old-job', props(), props({ request: multiRequest(), waitTimeoutSeconds: 60 })), 'new-job', minutesAgo(2));
    await expect(handler(event)).rejects.toThrow(/has been stopped/);
    expect(sm).toHaveReceivedCommandWith(StopHyperParameterTuningJobCommand, { HyperParameterTuningJobName: 'new-job' });
  });

  test('an update that kept a still-running job does not stop it on timeout', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'InProgress'));
    const event = pollEvent(updateEvent(JOB, props({ detached: true }), props({ waitTimeoutSeconds: 60 })), JOB, minutesAgo(2));
    await expect(handler(event)).rejects.toThrow(/It was started by an earlier deployment and keeps running\. Raise waitTimeout/);
    expect(sm).not.toHaveReceivedCommand(StopHyperParameterTuningJobCommand);
  });

  test.each(['Failed', 'Stopped'])('a detached job that ended %s after an earlier deployment is reported, not failed', async (status) => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, status, { FailureReason: 'x' }));
    const event = pollEvent(updateEvent(JOB, props({ detached: true, waitTimeoutSeconds: 60 }), props({ detached: true })), JOB);
    await expect(handler(event)).resolves.toMatchObject({ IsComplete: true, Data: { TuningJobStatus: status } });
  });

  test('a waiting update of a kept job that failed earlier fails', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'Failed', { FailureReason: 'x' }));
    const event = pollEvent(updateEvent(JOB, props({ detached: true }), props({ detached: false })), JOB);
    await expect(handler(event)).rejects.toThrow(`Tuning job "${JOB}" failed: x`);
  });

  test('Delete is complete at once', async () => {
    await expect(handler(pollEvent(deleteEvent(JOB), JOB))).resolves.toEqual({ IsComplete: true });
    expect(sm.calls()).toHaveLength(0);
  });
});

test('the request in the fixtures is the one the attributes are computed from', () => {
  // guards the fixtures: three tuned names in the single-definition request
  const ranges = singleRequest().HyperParameterTuningJobConfig.ParameterRanges!;
  expect([ranges.ContinuousParameterRanges, ranges.IntegerParameterRanges, ranges.CategoricalParameterRanges].flat().map(r => r!.Name))
    .toEqual(['eta', 'max_depth', 'booster']);
});
