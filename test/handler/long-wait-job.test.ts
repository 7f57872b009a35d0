import {
  AddTagsCommand,
  CreateHyperParameterTuningJobCommand,
  DeleteTagsCommand,
  DescribeHyperParameterTuningJobCommand,
  SageMakerClient,
  StopHyperParameterTuningJobCommand,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ACCOUNT_ARN, createEvent, deleteEvent, describeResponse, pollEvent, props, singleRequest, updateEvent } from './fixtures';
import { handler as isComplete } from '../../src/handler/is-complete';
import { handler as onEvent } from '../../src/handler/on-event';
import { deadlineSeconds, WAIT_TAG, waitWindow, WaitWindowAttr } from '../../src/shared/long-wait';

// The job resource of a long wait (docs/LIFECYCLE.md, "Waiting longer than an hour") is the
// usual job custom resource with Detached=true and the wait in WaitTimeoutSeconds: it completes
// once the job runs, and its Data says when the wait ends (for the schedules).
const sm = mockClient(SageMakerClient);
const SIX_HOURS = 6 * 3600;
const KEY = '0123456789ABCDEF';
const longProps = (o: Parameters<typeof props>[0] = {}, key = KEY) => ({
  ...props({ detached: true, waitTimeoutSeconds: SIX_HOURS, ...o }),
  WaitSchedules: '0123456789abcdef', // ignored by the handlers (it only makes CloudFormation update the resource)
  LongWait: key, // the wait key: the handler tags the job with it
});

beforeEach(() => {
  sm.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

test('waitWindow: the deadline, rounded up to the next minute, in both forms', () => {
  const w = waitWindow(new Date('2026-11-23T09:33:04.123Z'), SIX_HOURS);
  expect(w).toEqual({ [WaitWindowAttr.DEADLINE]: '2026-11-23T15:34:00.000Z', [WaitWindowAttr.DEADLINE_AT]: '2026-11-23T15:34:00' });
  // 12 hours: the handler gives up 10 minutes before the WaitCondition's 12-hour Timeout.
  expect(deadlineSeconds(43_200)).toBe(43_200 - 600);
  expect(waitWindow(new Date('2026-11-23T00:00:00.000Z'), 43_200)[WaitWindowAttr.DEADLINE]).toBe('2026-11-23T11:51:00.000Z');
});

test('Create starts the job and returns the wait window; isComplete completes once it runs', async () => {
  sm.on(CreateHyperParameterTuningJobCommand).resolves({ HyperParameterTuningJobArn: `${ACCOUNT_ARN}/x` });
  const before = Date.now();
  const created = await onEvent(createEvent(longProps()));
  const deadline = Date.parse(created.Data![WaitWindowAttr.DEADLINE]);
  expect(deadline).toBeGreaterThanOrEqual(before + SIX_HOURS * 1000);
  expect(deadline).toBeLessThanOrEqual(Date.now() + SIX_HOURS * 1000 + 60_000);
  expect(created.Data![WaitWindowAttr.DEADLINE_AT]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00$/);

  sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(created.PhysicalResourceId, 'InProgress'));
  const done = await isComplete(pollEvent(createEvent(longProps()), created.PhysicalResourceId));
  expect(done.IsComplete).toBe(true);
  expect(done.Data?.TuningJobStatus).toBe('InProgress');
});

test('Create tags the job with its wait: the key (its handle) and the deadline', async () => {
  sm.on(CreateHyperParameterTuningJobCommand).resolves({ HyperParameterTuningJobArn: `${ACCOUNT_ARN}/x` });
  await onEvent(createEvent(longProps()));
  const tags = sm.commandCalls(CreateHyperParameterTuningJobCommand)[0].args[0].input.Tags!;
  expect(tags.filter(t => t.Key === WAIT_TAG)).toEqual([{ Key: WAIT_TAG, Value: `${KEY}/${deadlineSeconds(SIX_HOURS)}` }]);
});

test('a malformed wait key fails naming the property', async () => {
  await expect(onEvent(createEvent(longProps({}, 'handle-url')))).rejects.toThrow('Resource property "LongWait" must be 16 upper-case hexadecimal digits, got "handle-url"');
  expect(sm).not.toHaveReceivedCommand(CreateHyperParameterTuningJobCommand);
});

test('an update to a new wait of the same job (new key) re-tags the job in place; no wait any more removes the tag', async () => {
  const name = 'mystack-tuning-abcde12345';
  sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(name, 'InProgress'));
  await onEvent(updateEvent(name, longProps(), longProps({ waitTimeoutSeconds: 8 * 3600 }, 'FEDCBA9876543210')));
  expect(sm).toHaveReceivedCommandWith(AddTagsCommand, { Tags: [{ Key: WAIT_TAG, Value: `FEDCBA9876543210/${8 * 3600}` }] });
  expect(sm).not.toHaveReceivedCommand(DeleteTagsCommand);
  sm.resetHistory();
  await onEvent(updateEvent(name, longProps(), props({ detached: true, waitTimeoutSeconds: 0 })));
  expect(sm).toHaveReceivedCommandWith(DeleteTagsCommand, { TagKeys: [WAIT_TAG] });
  expect(sm).not.toHaveReceivedCommand(AddTagsCommand);
  expect(sm).not.toHaveReceivedCommand(CreateHyperParameterTuningJobCommand);
});

test('a job that fails to start still fails the deployment (before any wait)', async () => {
  sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse('j', 'Failed', { FailureReason: 'bad image' }));
  await expect(isComplete(pollEvent(createEvent(longProps()), 'j'))).rejects.toThrow('Tuning job "j" failed: bad image');
});

test('an update that changes only the schedules (a new library version) keeps the job and returns a fresh window', async () => {
  const result = await onEvent(updateEvent('mystack-tuning-abcde12345', longProps(), { ...longProps(), WaitSchedules: 'fedcba9876543210' }));
  expect(result.PhysicalResourceId).toBe('mystack-tuning-abcde12345');
  expect(Date.parse(result.Data![WaitWindowAttr.DEADLINE])).toBeGreaterThan(Date.now());
  expect(sm).not.toHaveReceivedCommand(CreateHyperParameterTuningJobCommand);
});

test('an update that changes only the wait keeps the job (re-tagged with the new deadline) and returns a new window', async () => {
  sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse('mystack-tuning-abcde12345', 'InProgress'));
  const result = await onEvent(updateEvent('mystack-tuning-abcde12345', longProps(), longProps({ waitTimeoutSeconds: 8 * 3600 })));
  expect(result.PhysicalResourceId).toBe('mystack-tuning-abcde12345');
  expect(Date.parse(result.Data![WaitWindowAttr.DEADLINE]) - Date.now()).toBeGreaterThan(8 * 3600 * 1000 - 1000);
  expect(sm).not.toHaveReceivedCommand(CreateHyperParameterTuningJobCommand);
});

test('an update that changes the request starts a new job (its own wait follows)', async () => {
  sm.on(CreateHyperParameterTuningJobCommand).resolves({ HyperParameterTuningJobArn: `${ACCOUNT_ARN}/y` });
  const changed = singleRequest();
  changed.HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs = 30;
  const result = await onEvent(updateEvent('mystack-tuning-abcde12345', longProps(), longProps({ request: changed })));
  expect(result.PhysicalResourceId).not.toBe('mystack-tuning-abcde12345');
  expect(result.Data![WaitWindowAttr.DEADLINE]).toBeDefined();
});

test('Delete (and a rollback\'s delete) stops a running job', async () => {
  sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse('j', 'InProgress'));
  sm.on(StopHyperParameterTuningJobCommand).resolves({});
  await onEvent(deleteEvent('j', longProps()));
  expect(sm).toHaveReceivedCommandWith(StopHyperParameterTuningJobCommand, { HyperParameterTuningJobName: 'j' });
});

test('a plain detached job (no wait) gets no window', async () => {
  sm.on(CreateHyperParameterTuningJobCommand).resolves({ HyperParameterTuningJobArn: `${ACCOUNT_ARN}/x` });
  const created = await onEvent(createEvent(props({ detached: true, waitTimeoutSeconds: 0 })));
  expect(created.Data![WaitWindowAttr.DEADLINE]).toBeUndefined();
});
