import {
  CreateHyperParameterTuningJobCommand,
  DescribeHyperParameterTuningJobCommand,
  ListTagsCommand,
  ResourceInUse,
  ResourceLimitExceeded,
  ResourceNotFound,
  SageMakerClient,
  SageMakerServiceException,
  StopHyperParameterTuningJobCommand,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ACCOUNT_ARN, configHash, createEvent, deleteEvent, describeResponse, lambdaContext, multiRequest, props, singleRequest, updateEvent } from './fixtures';
import { TUNING_JOB_NAME_PATTERN } from '../../src/handler/naming';
import { handler } from '../../src/handler/on-event';
import { canonicalJson, requestHash } from '../../src/handler/request';
import { CREATE_REQUEST_TAG, MAX_PREFIX_LENGTH, REQUEST_HASH_TAG, STACK_TAG } from '../../src/shared/contract';

const sm = mockClient(SageMakerClient);

function serviceError(name: string, message: string): SageMakerServiceException {
  return new SageMakerServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

beforeEach(() => {
  sm.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

function createInput(call = 0) {
  return sm.commandCalls(CreateHyperParameterTuningJobCommand)[call].args[0].input;
}

describe('Create', () => {
  test('generates a readable, valid, deterministic name and sends the request with the handler tags', async () => {
    sm.on(CreateHyperParameterTuningJobCommand).resolves({ HyperParameterTuningJobArn: `${ACCOUNT_ARN}/x` });
    const result = await handler(createEvent());

    const name = result.PhysicalResourceId;
    expect(name).toMatch(/^mystack-tuning-[a-z0-9]{10}$/);
    expect(name.length).toBeLessThanOrEqual(32);
    expect(name).toMatch(TUNING_JOB_NAME_PATTERN);
    expect(Date.parse(result.Data!.WaitStartedAt)).not.toBeNaN();

    const input = createInput();
    const request = singleRequest();
    expect(input).toEqual({
      ...request,
      HyperParameterTuningJobName: name,
      Tags: [
        { Key: 'team', Value: 'ml' },
        { Key: CREATE_REQUEST_TAG, Value: 'req-create-1' },
        { Key: REQUEST_HASH_TAG, Value: configHash(request) },
        // the stack's ownership tag: without it the handler role may not create the job
        { Key: STACK_TAG, Value: createEvent().StackId },
      ],
    });
    // numbers and booleans arrive as numbers and booleans
    expect(input.HyperParameterTuningJobConfig!.ResourceLimits!.MaxParallelTrainingJobs).toBe(4);
    expect(input.TrainingJobDefinition!.EnableManagedSpotTraining).toBe(false);
  });

  test('the same request (a retry) gives the same name; another request another name', async () => {
    sm.on(CreateHyperParameterTuningJobCommand).resolves({});
    const first = await handler(createEvent());
    const retry = await handler(createEvent());
    const other = await handler(createEvent(props(), 'req-create-2'));
    expect(retry.PhysicalResourceId).toBe(first.PhysicalResourceId);
    expect(other.PhysicalResourceId).not.toBe(first.PhysicalResourceId);
  });

  test('a prefix of the maximum length gives a 32-character name', async () => {
    sm.on(CreateHyperParameterTuningJobCommand).resolves({});
    const prefix = 'a'.repeat(MAX_PREFIX_LENGTH - 1) + '9';
    const { PhysicalResourceId } = await handler(createEvent(props({ prefix })));
    expect(PhysicalResourceId).toHaveLength(32);
    expect(PhysicalResourceId).toMatch(TUNING_JOB_NAME_PATTERN);
    expect(PhysicalResourceId.startsWith(`${prefix}-`)).toBe(true);
  });

  test('a user-fixed name is used as is', async () => {
    sm.on(CreateHyperParameterTuningJobCommand).resolves({});
    const result = await handler(createEvent(props({ jobName: 'My-Fixed-Job' })));
    expect(result.PhysicalResourceId).toBe('My-Fixed-Job');
    expect(createInput().HyperParameterTuningJobName).toBe('My-Fixed-Job');
  });

  test('several definitions are sent as TrainingJobDefinitions', async () => {
    sm.on(CreateHyperParameterTuningJobCommand).resolves({});
    await handler(createEvent(props({ request: multiRequest() })));
    expect(createInput().TrainingJobDefinitions).toHaveLength(2);
    expect(createInput().TrainingJobDefinition).toBeUndefined();
  });

  test('a retried create adopts the job its first attempt started (same request tag)', async () => {
    sm.on(CreateHyperParameterTuningJobCommand).rejects(new ResourceInUse({ message: 'Resource Already Exists', $metadata: {} }));
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse('job', 'InProgress'));
    sm.on(ListTagsCommand).resolvesOnce({ Tags: [{ Key: 'team', Value: 'ml' }], NextToken: 'p2' })
      .resolvesOnce({ Tags: [{ Key: CREATE_REQUEST_TAG, Value: 'req-create-1' }] });
    const first = await handler(createEvent(props({ jobName: 'fixed-job' })));
    expect(first.PhysicalResourceId).toBe('fixed-job');
    expect(sm).toHaveReceivedCommandWith(ListTagsCommand, { ResourceArn: `${ACCOUNT_ARN}/job`, NextToken: 'p2' });
  });

  test('a name taken by another job fails and says so', async () => {
    sm.on(CreateHyperParameterTuningJobCommand).rejects(new ResourceInUse({ message: 'Resource Already Exists', $metadata: {} }));
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse('fixed-job', 'Completed'));
    sm.on(ListTagsCommand).resolves({ Tags: [{ Key: CREATE_REQUEST_TAG, Value: 'some-other-request' }] });
    await expect(handler(createEvent(props({ jobName: 'fixed-job' })))).rejects.toThrow(
      /Could not create tuning job "fixed-job": the name is taken.*not started by this deployment.*Choose another tuningJobName/);
  });

  test('a taken fixed name whose tags cannot be read fails with both reasons and how to check', async () => {
    sm.on(CreateHyperParameterTuningJobCommand).rejects(new ResourceInUse({ message: 'Resource Already Exists', $metadata: {} }));
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse('fixed-job', 'Completed'));
    sm.on(ListTagsCommand).rejects(serviceError('AccessDeniedException', 'not authorized to perform sagemaker:ListTags'));
    await expect(handler(createEvent(props({ jobName: 'fixed-job' })), lambdaContext(2_000))).rejects.toThrow(
      /the name is taken.*could not check who started it: AccessDeniedException.*if its tag cdk-sagemaker-tuning:request-id is req-create-1, this deployment started it: stop it with/);
  });

  test.each([
    [new ResourceLimitExceeded({ message: 'The account-level service limit is 100 concurrent tuning jobs', $metadata: {} }), /ResourceLimitExceeded: The account-level service limit.*quota/],
    [serviceError('ValidationException', 'MaxResource must be specified for Hyperband'), /ValidationException: MaxResource must be specified for Hyperband/],
    [serviceError('AccessDeniedException', 'User is not authorized to perform: iam:PassRole'), /AccessDeniedException: User is not authorized to perform: iam:PassRole.*iam:PassRole on the training role/],
  ])('create fault %#: fails with what was being done and the service message', async (error, message) => {
    sm.on(CreateHyperParameterTuningJobCommand).rejects(error);
    const promise = handler(createEvent());
    await expect(promise).rejects.toThrow(/^Could not create tuning job "mystack-tuning-[a-z0-9]{10}": /);
    await expect(handler(createEvent())).rejects.toThrow(message);
  });
});

describe('malformed events and properties', () => {
  test.each([
    [null, /expected an object/],
    [{ ...createEvent(), RequestType: undefined }, /"RequestType" must be one of Create, Update, Delete/],
    [{ ...createEvent(), RequestType: 'Upsert' }, /"RequestType" must be one of/],
    [{ ...createEvent(), ResourceProperties: undefined }, /"ResourceProperties" is missing/],
    [{ ...createEvent(), RequestId: undefined }, /"RequestId" is missing/],
    [{ ...updateEvent('job', props(), props()), PhysicalResourceId: undefined }, /"PhysicalResourceId" is missing \(Update request\)/],
    [{ ...updateEvent('job', props(), props()), OldResourceProperties: undefined }, /"OldResourceProperties" is missing/],
    [createEvent({ ...props(), Request: '' }), /Resource property "Request" is missing/],
    [createEvent(props({ request: '{"HyperParameterTuningJobConfig": ' })), /Resource property "Request" is not valid JSON/],
    [createEvent(props({ request: '[1,2]' })), /Resource property "Request" must be a JSON object/],
    [createEvent(props({ request: '{"TrainingJobDefinition": {}}' })), /has no HyperParameterTuningJobConfig/],
    [createEvent(props({ request: JSON.stringify({ ...singleRequest(), TrainingJobDefinitions: [] }) })), /exactly one of TrainingJobDefinition and TrainingJobDefinitions/],
    [createEvent(props({ request: JSON.stringify({ ...singleRequest(), HyperParameterTuningJobName: 'x' }) })), /must not contain HyperParameterTuningJobName/],
    [createEvent({ ...props(), Detached: 'yes' }), /"Detached" must be "true" or "false", got "yes"/],
    [createEvent({ ...props(), WaitTimeoutSeconds: 'soon' }), /"WaitTimeoutSeconds" must be a number of seconds \(0 or more\), got "soon"/],
    [createEvent(props({ jobName: '-bad_name' })), /Invalid tuning job name "-bad_name"/],
  ])('case %# fails with a clear message and calls nothing', async (event, message) => {
    await expect(handler(event)).rejects.toThrow(message);
    expect(sm.calls()).toHaveLength(0);
  });
});

describe('Update', () => {
  test('a changed request starts a new job under a new name', async () => {
    sm.on(CreateHyperParameterTuningJobCommand).resolves({});
    const changed = singleRequest();
    changed.HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs = 30;
    const result = await handler(updateEvent('mystack-tuning-aaaaaaaaaa', props(), props({ request: changed })));
    expect(result.PhysicalResourceId).toMatch(/^mystack-tuning-[a-z0-9]{10}$/);
    expect(result.PhysicalResourceId).not.toBe('mystack-tuning-aaaaaaaaaa');
    expect(createInput().Tags).toContainEqual({ Key: CREATE_REQUEST_TAG, Value: 'req-update-1' });
    expect(createInput().HyperParameterTuningJobConfig!.ResourceLimits!.MaxNumberOfTrainingJobs).toBe(30);
  });

  test('only Detached / WaitTimeoutSeconds / JobNamePrefix changed: same job, nothing called', async () => {
    const result = await handler(updateEvent('mystack-tuning-aaaaaaaaaa', props(), props({ detached: true, waitTimeoutSeconds: 600, prefix: 'renamed' })));
    expect(result.PhysicalResourceId).toBe('mystack-tuning-aaaaaaaaaa');
    expect(sm.calls()).toHaveLength(0);
  });

  test('a request whose keys only changed order is the same request', async () => {
    const request = singleRequest();
    const reordered = {
      TrainingJobDefinition: request.TrainingJobDefinition,
      Tags: request.Tags,
      HyperParameterTuningJobConfig: request.HyperParameterTuningJobConfig,
    };
    const result = await handler(updateEvent('job-a', props(), props({ request: JSON.stringify(reordered) })));
    expect(result.PhysicalResourceId).toBe('job-a');
    expect(sm.calls()).toHaveLength(0);
  });

  test('a user-fixed name with a changed request fails: tuning jobs are immutable', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse('fixed-job', 'Completed'));
    sm.on(ListTagsCommand).resolves({ Tags: [{ Key: REQUEST_HASH_TAG, Value: configHash(singleRequest()) }] });
    const changed = singleRequest();
    changed.HyperParameterTuningJobConfig.Strategy = 'Random';
    await expect(handler(updateEvent('fixed-job', props({ jobName: 'fixed-job' }), props({ jobName: 'fixed-job', request: changed }))))
      .rejects.toThrow('Cannot update tuning job "fixed-job": tuning jobs are immutable, so this change needs a new job with a new name, and the tuningJobName "fixed-job" is fixed. Change tuningJobName');
    expect(sm).not.toHaveReceivedCommand(CreateHyperParameterTuningJobCommand);
  });

  test('a user-fixed name whose job already runs the requested configuration (a rollback) keeps the job', async () => {
    const changed = singleRequest();
    changed.HyperParameterTuningJobConfig.Strategy = 'Random';
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse('fixed-job', 'Completed'));
    sm.on(ListTagsCommand).resolves({ Tags: [{ Key: REQUEST_HASH_TAG, Value: requestHash(canonicalJson(singleRequest())) }] });
    // rollback (the job was created by an earlier version: its hash tag covers the tags too): new = the original request, old = the rejected one
    const result = await handler(updateEvent('fixed-job', props({ jobName: 'fixed-job', request: changed }), props({ jobName: 'fixed-job' })));
    expect(result.PhysicalResourceId).toBe('fixed-job');
    expect(sm).not.toHaveReceivedCommand(CreateHyperParameterTuningJobCommand);
  });

  test('a changed fixed name starts a new job under that name', async () => {
    sm.on(CreateHyperParameterTuningJobCommand).resolves({});
    const result = await handler(updateEvent('fixed-job', props({ jobName: 'fixed-job' }), props({ jobName: 'fixed-job-2' })));
    expect(result.PhysicalResourceId).toBe('fixed-job-2');
  });

  test('a fixed name that only changes case with the same request keeps the job', async () => {
    const result = await handler(updateEvent('fixed-job', props({ jobName: 'fixed-job' }), props({ jobName: 'Fixed-Job' })));
    expect(result.PhysicalResourceId).toBe('fixed-job');
    expect(sm.calls()).toHaveLength(0);
  });

  test('removing a fixed name starts a job with a generated name', async () => {
    sm.on(CreateHyperParameterTuningJobCommand).resolves({});
    const result = await handler(updateEvent('fixed-job', props({ jobName: 'fixed-job' }), props()));
    expect(result.PhysicalResourceId).toMatch(/^mystack-tuning-[a-z0-9]{10}$/);
  });

  test('unreadable previous properties are treated as a different request', async () => {
    sm.on(CreateHyperParameterTuningJobCommand).resolves({});
    const result = await handler(updateEvent('old-job', { Request: 'not json' }, props()));
    expect(result.PhysicalResourceId).not.toBe('old-job');
    expect(sm).toHaveReceivedCommandTimes(CreateHyperParameterTuningJobCommand, 1);
  });

  test('a replacement whose create fails reports the fault', async () => {
    sm.on(CreateHyperParameterTuningJobCommand).rejects(new ResourceLimitExceeded({ message: 'limit', $metadata: {} }));
    await expect(handler(updateEvent('old-job', props(), props({ request: multiRequest() })))).rejects.toThrow(/Could not create tuning job .*ResourceLimitExceeded: limit/);
  });
});

describe('Delete', () => {
  test('an InProgress job is stopped (without waiting)', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse('job-a', 'InProgress'));
    sm.on(StopHyperParameterTuningJobCommand).resolves({});
    const result = await handler(deleteEvent('job-a'));
    expect(result.PhysicalResourceId).toBe('job-a');
    expect(sm).toHaveReceivedCommandWith(StopHyperParameterTuningJobCommand, { HyperParameterTuningJobName: 'job-a' });
    expect(sm).toHaveReceivedCommandTimes(DescribeHyperParameterTuningJobCommand, 1);
  });

  test.each(['Stopping', 'Stopped', 'Completed', 'Failed', 'Deleting'])('a %s job is left alone', async (status) => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse('job-a', status));
    await expect(handler(deleteEvent('job-a'))).resolves.toEqual({ PhysicalResourceId: 'job-a' });
    expect(sm).not.toHaveReceivedCommand(StopHyperParameterTuningJobCommand);
  });

  test.each([
    new ResourceNotFound({ message: "Amazon SageMaker can't find a tuning job with name job-a", $metadata: {} }),
    serviceError('ValidationException', 'Could not find hyper parameter tuning job job-a'),
  ])('a missing job (%#) is success', async (error) => {
    sm.on(DescribeHyperParameterTuningJobCommand).rejects(error);
    await expect(handler(deleteEvent('job-a'))).resolves.toEqual({ PhysicalResourceId: 'job-a' });
    expect(sm).not.toHaveReceivedCommand(StopHyperParameterTuningJobCommand);
  });

  test.each(['AWSCDK::CustomResourceProviderFramework::CREATE_FAILED', 'a3f1c2d4-0000-1111-2222-333344445555_x', ''.padEnd(33, 'a')])(
    'a physical id that is no job name (%s) is success without calls', async (physicalId) => {
      await expect(handler(deleteEvent(physicalId))).resolves.toEqual({ PhysicalResourceId: physicalId });
      expect(sm.calls()).toHaveLength(0);
    });

  test('Stop racing with completion ("already completed") is success', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand)
      .resolvesOnce(describeResponse('job-a', 'InProgress'))
      .resolvesOnce(describeResponse('job-a', 'Completed'));
    sm.on(StopHyperParameterTuningJobCommand).rejects(serviceError('ValidationException', 'The hyperparameter tuning job job-a has already completed.'));
    await expect(handler(deleteEvent('job-a'))).resolves.toEqual({ PhysicalResourceId: 'job-a' });
  });

  test('Stop answering not found is success', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse('job-a', 'InProgress'));
    sm.on(StopHyperParameterTuningJobCommand).rejects(new ResourceNotFound({ message: 'gone', $metadata: {} }));
    await expect(handler(deleteEvent('job-a'))).resolves.toEqual({ PhysicalResourceId: 'job-a' });
  });

  test('a Stop validation error while the job still runs fails', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse('job-a', 'InProgress'));
    sm.on(StopHyperParameterTuningJobCommand).rejects(serviceError('ValidationException', 'something else'));
    await expect(handler(deleteEvent('job-a'))).rejects.toThrow(/Could not stop tuning job "job-a" while deleting it\. It may still be running.*ValidationException: something else/);
  });

  test('when Describe is denied, the job is stopped anyway', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).rejects(serviceError('AccessDeniedException', 'denied'));
    sm.on(StopHyperParameterTuningJobCommand).resolves({});
    await expect(handler(deleteEvent('job-a'))).resolves.toEqual({ PhysicalResourceId: 'job-a' });
    expect(sm).toHaveReceivedCommand(StopHyperParameterTuningJobCommand);
  });

  test('when the job can be neither described nor stopped, the delete fails and says how to stop it by hand', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).rejects(serviceError('AccessDeniedException', 'describe denied'));
    sm.on(StopHyperParameterTuningJobCommand).rejects(serviceError('AccessDeniedException', 'stop denied'));
    await expect(handler(deleteEvent('job-a'))).rejects.toThrow(
      /Could not stop tuning job "job-a" while deleting it \(describing it failed too: AccessDeniedException: describe denied\).*aws sagemaker stop-hyper-parameter-tuning-job --hyper-parameter-tuning-job-name job-a.*AccessDeniedException: stop denied/);
  });

  test('Delete does not need readable properties', async () => {
    sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse('job-a', 'Completed'));
    await expect(handler(deleteEvent('job-a', { Request: 'garbage' }))).resolves.toEqual({ PhysicalResourceId: 'job-a' });
  });
});
