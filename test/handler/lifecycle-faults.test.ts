/**
 * The lifecycle under faults, driven through the event sequences CloudFormation and the
 * provider framework send (aws-cdk-lib custom-resources, provider-framework runtime):
 * - onEvent gets CloudFormation's event; when it throws, CloudFormation is answered FAILED with
 *   the event's PhysicalResourceId, or for a Create with the CREATE_FAILED marker, whose
 *   Delete the framework then swallows (the user handler never sees it);
 * - isComplete gets the event with onEvent's result spread over it (its PhysicalResourceId
 *   and Data); when it throws, CloudFormation is answered FAILED with that PhysicalResourceId;
 * - a rollback is an Update with the old properties (and the failed ones as
 *   OldResourceProperties), then Deletes of the physical ids CloudFormation no longer keeps.
 * SageMaker is an in-memory fake (fake-sagemaker.ts) behind aws-sdk-client-mock.
 */
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { FakeSageMaker } from './fake-sagemaker';
import {
  configHash, CREATE_FAILED_MARKER, createEvent, deleteEvent, lambdaContext, multiRequest, props, singleRequest, updateEvent,
} from './fixtures';
import { handler as isComplete } from '../../src/handler/is-complete';
import { handler as onEvent } from '../../src/handler/on-event';
import { CREATE_REQUEST_TAG, REPLACES_TAG, REQUEST_HASH_TAG, STACK_TAG } from '../../src/shared/contract';

const sm = mockClient(SageMakerClient);
let fake: FakeSageMaker;
let logs: string[];

beforeEach(() => {
  sm.reset();
  fake = new FakeSageMaker(sm);
  logs = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    logs.push(args.join(' '));
  });
});
afterEach(() => jest.restoreAllMocks());

/** Let `m` minutes pass for an operation: its wait started that much earlier (the handlers measure from WaitStartedAt). */
function minutesLater(m: number, pollEvent: Record<string, any>): void {
  pollEvent.Data.WaitStartedAt = new Date(Date.parse(pollEvent.Data.WaitStartedAt) - m * 60_000).toISOString();
}
/** Short Lambda budgets keep retry-until-deadline paths fast. */
const SHORT = lambdaContext(1_500);

type Answer = { status: 'SUCCESS' | 'FAILED' | 'IN_PROGRESS'; physicalId: string; data?: Record<string, string>; reason?: string };

/** The provider framework's onEvent step: the answer when onEvent fails, else the event isComplete gets. */
async function frameworkOnEvent(event: Record<string, any>, context = SHORT): Promise<{ failed?: Answer; pollEvent?: Record<string, any> }> {
  if (event.RequestType === 'Delete' && event.PhysicalResourceId === CREATE_FAILED_MARKER) {
    return { failed: { status: 'SUCCESS', physicalId: CREATE_FAILED_MARKER } }; // swallowed by the framework
  }
  try {
    const result = await onEvent(event, context);
    return { pollEvent: { ...event, ...result } };
  } catch (e) {
    return { failed: { status: 'FAILED', physicalId: event.PhysicalResourceId ?? CREATE_FAILED_MARKER, reason: (e as Error).message } };
  }
}

/** One isComplete poll as the framework's waiter runs it. */
async function frameworkPoll(pollEvent: Record<string, any>, context = SHORT): Promise<Answer> {
  try {
    const r = await isComplete(pollEvent, context);
    return r.IsComplete
      ? { status: 'SUCCESS', physicalId: pollEvent.PhysicalResourceId, data: { ...pollEvent.Data, ...r.Data } }
      : { status: 'IN_PROGRESS', physicalId: pollEvent.PhysicalResourceId };
  } catch (e) {
    return { status: 'FAILED', physicalId: pollEvent.PhysicalResourceId, reason: (e as Error).message };
  }
}

/** A whole operation: onEvent, then polls until an answer (at most `polls`). */
async function operation(event: Record<string, any>, polls = 1, context = SHORT): Promise<Answer> {
  const { failed, pollEvent } = await frameworkOnEvent(event, context);
  if (failed) {
    return failed;
  }
  let answer: Answer = { status: 'IN_PROGRESS', physicalId: pollEvent!.PhysicalResourceId };
  for (let i = 0; i < polls && answer.status === 'IN_PROGRESS'; i++) {
    answer = await frameworkPoll(pollEvent!, context);
  }
  return answer;
}

/** Jobs that run (and bill). */
const running = () => [...fake.jobs.values()].filter(j => j.status === 'InProgress').map(j => j.name);

describe('case 1: a detached job is never stopped by the waiter; a transient error means "not complete yet"', () => {
  test('detached: a throttled first poll (wait 0 s, 2 min after the create) is not complete, and the job keeps running', async () => {
    const created = await frameworkOnEvent(createEvent(props({ detached: true, waitTimeoutSeconds: 0 })));
    const job = created.pollEvent!.PhysicalResourceId;
    minutesLater(2, created.pollEvent!);
    fake.fail('Describe', 'throttle');
    expect(await frameworkPoll(created.pollEvent!)).toEqual({ status: 'IN_PROGRESS', physicalId: job });
    expect(fake.count('Stop')).toBe(0);
    expect(await frameworkPoll(created.pollEvent!)).toMatchObject({ status: 'SUCCESS', data: { TuningJobStatus: 'InProgress' } });
    expect(running()).toEqual([job]);
  });

  test('detached: SageMaker silent for over 10 minutes fails the deployment without stopping the job', async () => {
    const created = await frameworkOnEvent(createEvent(props({ detached: true, waitTimeoutSeconds: 0 })));
    fake.failAlways('Describe', 'server');
    minutesLater(11, created.pollEvent!);
    const answer = await frameworkPoll(created.pollEvent!);
    expect(answer.reason).toMatch(/Could not confirm within 10 min that detached tuning job ".*" runs \(SageMaker did not answer: InternalFailure.*The deployment did not stop it/);
    expect(fake.count('Stop')).toBe(0);
  });

  test('detached with a 15-minute poll: a transient error at the first poll (15 min) is not a failure; the window follows the resource\'s ServiceTimeout', async () => {
    const created = await frameworkOnEvent(createEvent({ ...props({ detached: true, waitTimeoutSeconds: 0 }), ServiceTimeout: '2520' }));
    fake.failAlways('Describe', 'throttle');
    minutesLater(15, created.pollEvent!);
    expect((await frameworkPoll(created.pollEvent!)).status).toBe('IN_PROGRESS');
    minutesLater(26, created.pollEvent!);
    expect((await frameworkPoll(created.pollEvent!)).reason).toMatch(/Could not confirm within 41 min/);
    expect(fake.count('Stop')).toBe(0);
  });

  test('detached: a job in an unknown state is polled, never stopped', async () => {
    const created = await frameworkOnEvent(createEvent(props({ detached: true, waitTimeoutSeconds: 0 })));
    fake.job(created.pollEvent!.PhysicalResourceId)!.status = 'Pending';
    minutesLater(3, created.pollEvent!);
    expect((await frameworkPoll(created.pollEvent!)).status).toBe('IN_PROGRESS');
    expect(fake.count('Stop')).toBe(0);
  });

  test('waiting: timed-out Describes before the deadline are "not complete"; the job completes at a later poll', async () => {
    const created = await frameworkOnEvent(createEvent(props({ waitTimeoutSeconds: 600 })));
    fake.fail('Describe', 'timeout', 'throttle');
    minutesLater(9, created.pollEvent!);
    expect((await frameworkPoll(created.pollEvent!)).status).toBe('IN_PROGRESS');
    expect((await frameworkPoll(created.pollEvent!)).status).toBe('IN_PROGRESS');
    fake.job(created.pollEvent!.PhysicalResourceId)!.status = 'Completed';
    expect((await frameworkPoll(created.pollEvent!)).status).toBe('SUCCESS');
    expect(fake.count('Stop')).toBe(0);
  });
});

describe('case 2: a create never orphans a job', () => {
  test('Create answered ResourceInUse (its first attempt\'s answer lost) with ListTags denied and Describe throttled: the job is adopted', async () => {
    // The SDK retried a Create whose answer was lost: SageMaker already has the job.
    const event = createEvent();
    const first = await frameworkOnEvent(event);
    const job = first.pollEvent!.PhysicalResourceId;
    fake.failAlways('ListTags', 'denied').failAlways('Describe', 'throttle');
    // the framework's onEvent is invoked again for the same request (Lambda's retry of the async invoke)
    const retried = await frameworkOnEvent(event);
    expect(retried.failed).toBeUndefined();
    expect(retried.pollEvent!.PhysicalResourceId).toBe(job);
    expect(fake.jobs.size).toBe(1);
    // CloudFormation knows the job: a later Delete stops it.
    fake.heal('Describe');
    await onEvent(deleteEvent(job), SHORT);
    expect(running()).toEqual([]);
  });

  test('a Create whose answer is lost is sent again and adopted: one job, its name is the physical id', async () => {
    fake.fail('Create', 'lost');
    const answer = await operation(createEvent());
    expect(fake.count('Create')).toBe(2);
    expect(fake.jobs.size).toBe(1);
    expect(answer.physicalId).toBe([...fake.jobs.values()][0].name);
    expect(answer.status).toBe('IN_PROGRESS');
  });

  test('no answer at all until the deadline: the name is returned; isComplete finds the job, or fails with the name so the rollback Delete is harmless', async () => {
    fake.failAlways('Create', 'lost');
    const created = await frameworkOnEvent(createEvent());
    expect(created.failed).toBeUndefined();
    const job = created.pollEvent!.PhysicalResourceId;
    expect(fake.job(job)).toBeDefined(); // the lost create did start it
    expect((await frameworkPoll(created.pollEvent!)).status).toBe('IN_PROGRESS');

    // same, but the create never reached SageMaker: read-after-write allowance, then a failure naming the job
    fake.jobs.clear();
    fake.failAlways('Create', 'timeout');
    const lost = await frameworkOnEvent(createEvent(props(), 'req-create-2'));
    expect(lost.failed).toBeUndefined();
    expect((await frameworkPoll(lost.pollEvent!)).status).toBe('IN_PROGRESS');
    minutesLater(6, lost.pollEvent!);
    const answer = await frameworkPoll(lost.pollEvent!);
    expect(answer).toMatchObject({ status: 'FAILED', physicalId: lost.pollEvent!.PhysicalResourceId });
    expect(answer.reason).toMatch(/does not exist \(it was never created/);
    // the rollback's Delete of that name succeeds
    await expect(onEvent(deleteEvent(answer.physicalId), SHORT)).resolves.toEqual({ PhysicalResourceId: answer.physicalId });
  });

  test('a fixed name: adopted when its request tag is this request\'s, after throttled ListTags', async () => {
    fake.addJob('fixed-job', 'InProgress', { [CREATE_REQUEST_TAG]: 'req-create-1' });
    fake.fail('ListTags', 'throttle', 'throttle');
    const created = await frameworkOnEvent(createEvent(props({ jobName: 'fixed-job' })));
    expect(created.pollEvent).toMatchObject({ PhysicalResourceId: 'fixed-job' });
  });

  test('adoption keeps the wait measured from the job\'s creation', async () => {
    const createdAt = new Date(Date.now() - 20 * 60_000);
    const event = createEvent(props({ jobName: 'fixed-job' }));
    fake.addJob('fixed-job', 'InProgress', { [CREATE_REQUEST_TAG]: event.RequestId }, createdAt);
    const created = await frameworkOnEvent(event);
    expect(created.pollEvent!.Data.WaitStartedAt).toBe(createdAt.toISOString());
  });
});

describe('case 4: transient errors during the fixed-name update check are retried; only a real mismatch fails', () => {
  const changed = () => {
    const r = singleRequest();
    r.HyperParameterTuningJobConfig.Strategy = 'Random';
    return r;
  };

  test('rollback to the original configuration with ListTags throttled twice keeps the job', async () => {
    fake.addJob('fixed-job', 'Completed', { [REQUEST_HASH_TAG]: configHash(singleRequest()) });
    fake.fail('ListTags', 'throttle', 'server');
    const rollback = updateEvent('fixed-job', props({ jobName: 'fixed-job', request: changed() }), props({ jobName: 'fixed-job' }), 'req-rollback');
    expect(await operation(rollback)).toMatchObject({ status: 'SUCCESS', physicalId: 'fixed-job' });
    expect(fake.count('Create')).toBe(0);
  });

  test('SageMaker throttling until the deadline: the update fails saying why, not "immutable"', async () => {
    fake.addJob('fixed-job', 'Completed', { [REQUEST_HASH_TAG]: configHash(singleRequest()) });
    fake.failAlways('ListTags', 'throttle');
    const rollback = updateEvent('fixed-job', props({ jobName: 'fixed-job', request: changed() }), props({ jobName: 'fixed-job' }));
    const answer = await operation(rollback);
    expect(answer.reason).toMatch(/could not check whether it already runs the requested configuration \(ThrottlingException: Rate exceeded\).*retry/);
    expect(answer.reason).not.toMatch(/immutable/);
  });

  test('a real mismatch still fails as immutable', async () => {
    fake.addJob('fixed-job', 'Completed', { [REQUEST_HASH_TAG]: configHash(singleRequest()) });
    const forward = updateEvent('fixed-job', props({ jobName: 'fixed-job' }), props({ jobName: 'fixed-job', request: changed() }));
    expect((await operation(forward)).reason).toMatch(/tuning jobs are immutable/);
  });
});

describe('case 5: a rollback after a failed update starts no training job', () => {
  async function deployed(request = singleRequest()) {
    const answer = await operation(createEvent(props({ request })));
    fake.job(answer.physicalId)!.status = 'Completed';
    return answer.physicalId;
  }

  test('the update fails at Create (quota): the rollback Update to the old job keeps it', async () => {
    const j1 = await deployed();
    fake.fail('Create', 'quota');
    const forward = await operation(updateEvent(j1, props(), props({ request: multiRequest() }), 'req-update'));
    expect(forward).toMatchObject({ status: 'FAILED', physicalId: j1 });
    expect(forward.reason).toMatch(/ResourceLimitExceeded/);
    const creates = fake.count('Create');

    const rollback = await operation(updateEvent(j1, props({ request: multiRequest() }), props(), 'req-rollback'));
    expect(rollback).toMatchObject({ status: 'SUCCESS', physicalId: j1, data: { TuningJobName: j1, TuningJobStatus: 'Completed', StartedJob: 'false' } });
    expect(fake.count('Create')).toBe(creates);
    expect(fake.jobs.size).toBe(1);
  });

  test('the new job fails (isComplete): the rollback sent to the new physical id goes back to the old job; the cleanup Delete is harmless', async () => {
    const j1 = await deployed();
    const forwardEvent = updateEvent(j1, props(), props({ request: multiRequest() }), 'req-update');
    const { pollEvent } = await frameworkOnEvent(forwardEvent);
    const j2 = pollEvent!.PhysicalResourceId;
    expect(fake.job(j2)!.tags[REPLACES_TAG]).toBe(j1);
    fake.job(j2)!.status = 'Failed';
    fake.job(j2)!.failureReason = 'All training jobs failed';
    expect(await frameworkPoll(pollEvent!)).toMatchObject({ status: 'FAILED', physicalId: j2 });

    const rollback = await operation(updateEvent(j2, props({ request: multiRequest() }), props(), 'req-rollback'));
    expect(rollback).toMatchObject({ status: 'SUCCESS', physicalId: j1 });
    expect(fake.jobs.size).toBe(2); // no third job
    // CloudFormation deletes the physical id it no longer keeps
    await onEvent(deleteEvent(j2, props({ request: multiRequest() })), SHORT);
    expect(fake.job(j1)!.status).toBe('Completed');
    expect(running()).toEqual([]);
  });

  test('the new job times out: it is stopped; the rollback sent to the old physical id keeps the old job', async () => {
    const j1 = await deployed();
    const { pollEvent } = await frameworkOnEvent(updateEvent(j1, props(), props({ request: multiRequest(), waitTimeoutSeconds: 60 }), 'req-update'));
    minutesLater(2, pollEvent!);
    expect(await frameworkPoll(pollEvent!)).toMatchObject({ status: 'FAILED' });
    expect(running()).toEqual([]);
    const rollback = await operation(updateEvent(j1, props({ request: multiRequest(), waitTimeoutSeconds: 60 }), props(), 'req-rollback'));
    expect(rollback).toMatchObject({ status: 'SUCCESS', physicalId: j1 });
    expect(fake.jobs.size).toBe(2);
  });

  test('a later change back to a configuration whose job was stopped (deleted by CloudFormation) starts a new job', async () => {
    const j1 = await deployed();
    fake.job(j1)!.status = 'InProgress';
    const j2 = (await operation(updateEvent(j1, props(), props({ request: multiRequest() }), 'req-update'))).physicalId;
    await onEvent(deleteEvent(j1), SHORT); // the update's cleanup stops the old job
    const back = await operation(updateEvent(j2, props({ request: multiRequest() }), props(), 'req-back'));
    expect([j1, j2]).not.toContain(back.physicalId);
    expect(fake.count('Create')).toBe(3);
  });

  test('a reverted change (back to the configuration the job runs) keeps the job for generated names too', async () => {
    const j1 = await deployed();
    const answer = await operation(updateEvent(j1, props({ request: multiRequest() }), props(), 'req-revert'));
    expect(answer.physicalId).toBe(j1);
    expect(fake.count('Create')).toBe(1);
  });
});

describe('case 7', () => {
  test('tagsOf stops after a bounded number of pages (an endless NextToken)', async () => {
    fake.addJob('fixed-job', 'InProgress', {});
    fake.endlessTagPages = true;
    const created = await frameworkOnEvent(createEvent(props({ jobName: 'fixed-job' })));
    expect(created.failed!.reason).toMatch(/ListTags of .* did not end after 10 pages/);
    expect(fake.count('ListTags')).toBe(10);
  }, 5_000);

  test('a job an update started is stopped when that update fails for a reason other than the deadline', async () => {
    const { pollEvent } = await frameworkOnEvent(updateEvent('old-job', props(), props({ request: multiRequest() })));
    const j2 = pollEvent!.PhysicalResourceId;
    fake.failAlways('Describe', 'denied');
    const answer = await frameworkPoll(pollEvent!);
    expect(answer.reason).toMatch(/Could not describe tuning job .*AccessDeniedException.*was started by this update, so it has been stopped\./);
    expect(fake.job(j2)!.status).toBe('Stopping');
  });

  test('a first poll right after Create that SageMaker answers ResourceNotFound (read-after-write lag) is not complete', async () => {
    const created = await frameworkOnEvent(createEvent());
    const job = fake.job(created.pollEvent!.PhysicalResourceId)!;
    fake.jobs.clear(); // not visible yet
    expect((await frameworkPoll(created.pollEvent!)).status).toBe('IN_PROGRESS');
    fake.jobs.set(job.name, job);
    expect((await frameworkPoll(created.pollEvent!)).status).toBe('IN_PROGRESS');
  });

  test('a change of tags only keeps the job and changes its tags in place', async () => {
    const j1 = (await operation(createEvent())).physicalId;
    const retagged = singleRequest();
    retagged.Tags = [{ Key: 'team', Value: 'research' }, { Key: 'cost-center', Value: '42' }];
    const answer = await operation(updateEvent(j1, props(), props({ request: retagged })));
    expect(answer.physicalId).toBe(j1);
    expect(fake.count('Create')).toBe(1);
    expect(fake.job(j1)!.tags).toMatchObject({ 'team': 'research', 'cost-center': '42', [REQUEST_HASH_TAG]: configHash(singleRequest()) });

    const untagged = singleRequest();
    delete untagged.Tags;
    await operation(updateEvent(j1, props({ request: retagged }), props({ request: untagged })));
    expect(Object.keys(fake.job(j1)!.tags).sort()).toEqual([CREATE_REQUEST_TAG, REQUEST_HASH_TAG, STACK_TAG]);
    expect(fake.count('Create')).toBe(1);
  });
});

describe('case 6: the response carries only what the app reads', () => {
  test('only the hyperparameters in ReadAttributes are returned; the model URI only when read', async () => {
    const created = await frameworkOnEvent(createEvent(props({ readAttributes: ['BestHyperParameter.eta'] })));
    fake.job(created.pollEvent!.PhysicalResourceId)!.status = 'Completed';
    const answer = await frameworkPoll(created.pollEvent!);
    expect(Object.keys(answer.data!).filter(k => k.startsWith('BestHyperParameter.'))).toEqual(['BestHyperParameter.eta']);
    expect(answer.data!.BestModelDataUri).toBe('');
  });

  test('a response over 4,096 bytes (a hand-written template without ReadAttributes) fails with a clear message instead of CloudFormation\'s', async () => {
    const request = singleRequest();
    request.HyperParameterTuningJobConfig.ParameterRanges = {
      CategoricalParameterRanges: Array.from({ length: 16 }, (_, i) => ({ Name: `category_${i}`, Values: ['v'.repeat(256)] })),
    };
    const created = await frameworkOnEvent(createEvent(props({ request })));
    const job = fake.job(created.pollEvent!.PhysicalResourceId)!;
    job.status = 'Completed';
    job.best = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`category_${i}`, `"${'v'.repeat(256)}"`]));
    const answer = await frameworkPoll(created.pollEvent!);
    expect(answer.reason).toMatch(/make a \d{4}-byte response, more than the 4096 bytes CloudFormation accepts/);
  });
});

test('the framework swallows the Delete after a failed Create: a failed create must leave no job', async () => {
  fake.failAlways('Create', 'denied');
  const answer = await operation(createEvent());
  expect(answer).toMatchObject({ status: 'FAILED', physicalId: CREATE_FAILED_MARKER });
  expect((await frameworkOnEvent(deleteEvent(CREATE_FAILED_MARKER))).failed).toEqual({ status: 'SUCCESS', physicalId: CREATE_FAILED_MARKER });
  expect(fake.jobs.size).toBe(0);
  expect(logs.join('\n')).not.toMatch(/adopting/);
});
