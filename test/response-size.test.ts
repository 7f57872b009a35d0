import { Fn } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { definition, newStack, tuningJob } from './fixtures';
import { ParameterRange } from '../src';
import { attributes } from '../src/handler/status';
import { boundResponse } from '../src/private/response-bound';
import { Attr, InternalData, Prop } from '../src/shared/contract';
import { MAX_LENGTH } from '../src/shared/max-length';
import { MAX_RESPONSE_BYTES, responseBytes } from '../src/shared/response-size';

const longValue = (i: number) => `${String.fromCharCode(97 + i)}`.repeat(MAX_LENGTH.PARAMETER_VALUE);

/** 16 categorical ranges with 256-character values, as in the issue that measured 4,684 bytes. */
function longCategoricals() {
  return Array.from({ length: 16 }, (_, i) => ParameterRange.categorical(`category_${i}`, [longValue(i), 'short']));
}

function readAttributesOf(stack: ReturnType<typeof newStack>): string[] {
  const resources = Template.fromStack(stack).findResources('Custom::SageMakerTuningJob');
  const [resource] = Object.values(resources);
  return JSON.parse(resource.Properties[Prop.READ_ATTRIBUTES]);
}

test('the resource tells the handler which on-demand attributes the app reads (sorted)', () => {
  const stack = newStack();
  const job = tuningJob(stack);
  job.bestHyperParameter('max_depth');
  job.bestHyperParameter('eta');
  void job.bestTrainingJobName;
  void job.bestModelDataUri;
  expect(readAttributesOf(stack)).toEqual(['BestHyperParameter.eta', 'BestHyperParameter.max_depth', 'BestModelDataUri']);
});

test('an app that reads nothing on demand renders an empty list', () => {
  const stack = newStack();
  tuningJob(stack);
  expect(readAttributesOf(stack)).toEqual([]);
});

test('many long tuned names that the app does not read cost nothing: no error', () => {
  const stack = newStack();
  const ranges = Array.from({ length: 30 }, (_, i) => ParameterRange.continuous(`${'a_rather_long_hyperparameter_name_'.repeat(3)}${i}`, { min: 0, max: 1 }));
  const job = tuningJob(stack, { trainingJobDefinitions: [definition(stack, 'Def', { parameterRanges: ranges })] });
  job.bestHyperParameter(ranges[0].name);
  expect(() => Template.fromStack(stack)).not.toThrow();
});

test('reading 16 long categorical values is a synth error naming the path, the bound and what to do', () => {
  const stack = newStack();
  const ranges = longCategoricals();
  const job = tuningJob(stack, { trainingJobDefinitions: [definition(stack, 'Def', { parameterRanges: ranges })] });
  ranges.forEach(r => job.bestHyperParameter(r.name));
  expect(() => Template.fromStack(stack)).toThrow(new RegExp(
    '\\[Stack/Tuning\\] the attributes this app reads can make the custom resource\'s response \\d{4,5} bytes, more than the 4096 bytes CloudFormation accepts.*'
    + 'Largest: bestHyperParameter\\(\'category_\\d+\'\\) \\(2\\d\\d bytes\\).*Read fewer bestHyperParameter\\(\\) values'));
});

test('bestModelDataUri with a token output prefix is bounded by the API maximum: an error that points to bestModelDataKey', () => {
  const stack = newStack();
  const bucket = s3.Bucket.fromBucketName(stack, 'Out', 'out-bucket');
  const job = tuningJob(stack, { trainingJobDefinitions: [definition(stack, 'Def', { outputBucket: bucket, outputPrefix: Fn.importValue('Prefix') })] });
  void job.bestModelDataUri;
  expect(() => Template.fromStack(stack)).toThrow(/an output prefix is a token.*use bestModelDataKey instead of bestModelDataUri/);
});

test('the bound is a true upper bound: the handler\'s largest possible response for the same app fits under it', () => {
  const stack = newStack('S'.repeat(MAX_LENGTH.STACK_NAME));
  const ranges = [
    ...Array.from({ length: 6 }, (_, i) => ParameterRange.categorical(`category_${i}`, [longValue(i), 'x'])),
    ParameterRange.continuous('eta', { min: 0.01, max: 0.3 }),
    ParameterRange.integer('max_depth', { min: 3, max: 10 }),
  ];
  const def = definition(stack, 'Def', { parameterRanges: ranges, outputPrefix: 'models/xgboost' });
  const job = tuningJob(stack, { trainingJobDefinitions: [def] });
  ranges.forEach(r => job.bestHyperParameter(r.name));
  void job.bestModelDataUri;
  Template.fromStack(stack); // synthesizes: within the bound

  const readAttributes = readAttributesOf(stack);
  const resource = job.node.findChild('Resource').node.defaultChild!;
  const bound = boundResponse(job, {
    resource: resource as never,
    outputs: [{ bucketName: def.outputBucket.bucketName, prefix: def.outputPrefix }],
    ranges,
    readAttributes,
  }).bytes;

  // The largest values SageMaker and CloudFormation can send for this app.
  const jobName = 'j'.repeat(MAX_LENGTH.TUNING_JOB_NAME);
  const trainingJob = 't'.repeat(MAX_LENGTH.TRAINING_JOB_NAME);
  const tuned: Record<string, string> = { eta: '-2.2250738585072014e-308', max_depth: '-1.7976931348623157e+308' };
  ranges.slice(0, 6).forEach((r, i) => { tuned[r.name] = `"${longValue(i)}"`; });
  const data = attributes({
    HyperParameterTuningJobName: jobName,
    HyperParameterTuningJobArn: `arn:${'p'.repeat(MAX_LENGTH.PARTITION)}:sagemaker:${'r'.repeat(MAX_LENGTH.REGION)}:123456789012:hyper-parameter-tuning-job/${jobName}`,
    HyperParameterTuningJobStatus: 'DeleteFailed' as never,
    BestTrainingJob: {
      TrainingJobName: trainingJob,
      TrainingJobArn: 'x',
      CreationTime: new Date(),
      TrainingJobStatus: 'Completed',
      TunedHyperParameters: tuned,
      FinalHyperParameterTuningJobObjectiveMetric: { MetricName: 'm', Value: -2.2250738585072014e-308 },
    },
    OverallBestTrainingJob: { TrainingJobName: trainingJob } as never,
    TrainingJobDefinition: { OutputDataConfig: { S3OutputPath: `s3://training-data/${def.outputPrefix}` } } as never,
  } as never, { HyperParameterTuningJobConfig: {} } as never, readAttributes);
  const actual = responseBytes({
    StackId: `arn:${'p'.repeat(MAX_LENGTH.PARTITION)}:cloudformation:${'r'.repeat(MAX_LENGTH.REGION)}:123456789012:stack/${stack.stackName}/${'0'.repeat(36)}`,
    RequestId: 'q'.repeat(MAX_LENGTH.REQUEST_ID),
    PhysicalResourceId: jobName,
    LogicalResourceId: stack.resolve((resource as never as { logicalId: string }).logicalId),
    Data: { ...data, [Attr.JOB_NAME]: jobName, [InternalData.WAIT_STARTED_AT]: new Date().toISOString(), [InternalData.STARTED_JOB]: 'false' },
  });
  expect(actual).toBeLessThanOrEqual(bound);
  expect(bound).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
  // and not wildly pessimistic where everything is known (the slack is the bucket-name token, one comma per entry)
  expect(bound - actual).toBeLessThan(40);
});
