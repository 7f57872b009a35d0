import {
  DescribeHyperParameterTuningJobCommand,
  ResourceNotFound,
  SageMakerClient,
  SageMakerServiceException,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { describeResponse, multiRequest } from './fixtures';
import { handler } from '../../src/handler/results-entry';
import { ResultsProp } from '../../src/shared/long-wait';

const sm = mockClient(SageMakerClient);
const JOB = 'churn-tuning-abcde12345';

beforeEach(() => {
  sm.reset();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

function event(requestType: 'Create' | 'Update' | 'Delete', props: Record<string, unknown> = {}) {
  return {
    RequestType: requestType,
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/MyStack/x',
    RequestId: 'req-1',
    LogicalResourceId: 'Results',
    PhysicalResourceId: requestType === 'Create' ? undefined : JOB,
    ResourceProperties: { ServiceToken: 'arn', [ResultsProp.JOB_NAME]: JOB, [ResultsProp.HYPERPARAMETERS]: '["eta","booster","not_tuned"]', ...props },
  };
}

const best = {
  TrainingJobName: `${JOB}-007-1a2b3c4d`,
  TrainingJobArn: 'arn:aws:sagemaker:us-east-1:123456789012:training-job/x',
  CreationTime: new Date(),
  TrainingJobStatus: 'Completed' as const,
  TunedHyperParameters: { eta: '0.1234', max_depth: '7', booster: '"dart"' },
  FinalHyperParameterTuningJobObjectiveMetric: { Type: 'Maximize' as const, MetricName: 'validation:auc', Value: 0.9321 },
};

function serviceError(name: string, message: string): SageMakerServiceException {
  return new SageMakerServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

test('a Completed job: the same attributes as a waiting TuningJob, plus every requested hyperparameter', async () => {
  sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'Completed', { BestTrainingJob: best }));
  const out = await handler(event('Create'));
  expect(out.PhysicalResourceId).toBe(JOB);
  expect(out.Data).toEqual({
    'TuningJobName': JOB,
    'TuningJobArn': `arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/${JOB}`,
    'TuningJobStatus': 'Completed',
    'BestTrainingJobName': best.TrainingJobName,
    'BestObjectiveValue': '0.9321',
    'BestModelDataUri': `s3://my-bucket/output/${best.TrainingJobName}/output/model.tar.gz`,
    'BestModelDataKey': `output/${best.TrainingJobName}/output/model.tar.gz`,
    'OverallBestTrainingJobName': '',
    'BestHyperParameter.eta': '0.1234',
    'BestHyperParameter.max_depth': '7',
    'BestHyperParameter.booster': 'dart',
    'BestHyperParameter.not_tuned': '',
  });
});

test('a multi-definition job: the model URI comes from the winning definition (read from the job itself)', async () => {
  const request = multiRequest();
  sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'Completed', {
    TrainingJobDefinition: undefined,
    TrainingJobDefinitions: request.TrainingJobDefinitions as never,
    HyperParameterTuningJobConfig: request.HyperParameterTuningJobConfig as never,
    BestTrainingJob: { ...best, TrainingJobDefinitionName: 'xgboost' },
  }));
  const out = await handler(event('Update', { [ResultsProp.HYPERPARAMETERS]: '[]' }));
  expect(out.Data?.BestModelDataUri).toBe(`s3://my-bucket/xgb/${best.TrainingJobName}/output/model.tar.gz`);
  expect(out.Data?.['BestHyperParameter.eta']).toBe('0.1234');
});

test.each([
  ['InProgress', {}, /is InProgress: its results exist only once it has Completed\. Deploy this stack again after it has finished/],
  ['Failed', { FailureReason: 'All training jobs failed' }, /is Failed: .* It failed: All training jobs failed\. Point TuningJobResults at a job that completed/],
  ['Stopped', {}, /is Stopped: .* It was stopped before it completed/],
])('a %s job fails the deployment clearly', async (status, extra, message) => {
  sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, status, extra));
  await expect(handler(event('Create'))).rejects.toThrow(message);
});

test('after a long wait, an Update that finds the job unfinished (a rollback restarted it) reports it instead of wedging the rollback', async () => {
  sm.on(DescribeHyperParameterTuningJobCommand).resolves(describeResponse(JOB, 'InProgress'));
  const lenient = { [ResultsProp.REPORT_UNFINISHED_ON_UPDATE]: 'true' };
  const out = await handler(event('Update', lenient));
  expect(out.Data).toMatchObject({ 'TuningJobStatus': 'InProgress', 'BestTrainingJobName': '', 'BestHyperParameter.eta': '', 'BestModelDataKey': '' });
  // A Create (never a rollback) and TuningJobResults (no such property) stay strict.
  await expect(handler(event('Create', lenient))).rejects.toThrow(/is InProgress/);
  await expect(handler(event('Update'))).rejects.toThrow(/is InProgress/);
  await expect(handler(event('Update', { [ResultsProp.REPORT_UNFINISHED_ON_UPDATE]: 'yes' }))).rejects.toThrow(/"ReportUnfinishedOnUpdate" must be "true" or "false"/);
});

test('a missing job fails naming it', async () => {
  sm.on(DescribeHyperParameterTuningJobCommand).rejects(new ResourceNotFound({ message: 'not found', $metadata: {} }));
  await expect(handler(event('Create'))).rejects.toThrow(`Tuning job "${JOB}" does not exist in this account and region: not found`);
});

test('access denied names the handler role', async () => {
  sm.on(DescribeHyperParameterTuningJobCommand).rejects(serviceError('AccessDeniedException', 'not authorized'));
  await expect(handler(event('Create'))).rejects.toThrow(/Could not read the results of tuning job ".*": AccessDeniedException: not authorized \(the custom-resource handler's role/);
});

test('Delete calls nothing (the resource owns no job)', async () => {
  expect(await handler(event('Delete'))).toEqual({ PhysicalResourceId: JOB });
  expect(sm).not.toHaveReceivedCommand(DescribeHyperParameterTuningJobCommand);
});

test.each([
  [{ [ResultsProp.JOB_NAME]: '' }, /"TuningJobName" is missing/],
  [{ [ResultsProp.HYPERPARAMETERS]: '[1]' }, /"HyperParameterNames" must be a JSON array of strings/],
  [{ [ResultsProp.HYPERPARAMETERS]: '{' }, /"HyperParameterNames" is not valid JSON/],
])('malformed properties %p fail before any call', async (props, message) => {
  await expect(handler(event('Create', props))).rejects.toThrow(message);
  expect(sm).not.toHaveReceivedCommand(DescribeHyperParameterTuningJobCommand);
});
