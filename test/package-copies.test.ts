/*
 * Two copies of this library in one app (e.g. two versions in node_modules, each loaded by
 * another construct library), sharing one aws-cdk-lib and constructs as peer dependencies. The
 * per-stack singletons (the tuning-job provider, the long-wait handlers) and the library's own
 * training roles are recognized by a `Symbol.for` mark, not by `instanceof`, which is false for
 * an instance of the other copy's class.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { newStack } from './fixtures';
import type { TuningJobProps } from '../src';

type Library = typeof import('../src');

/** The third-party modules src/ imports: peer dependencies, one copy for the whole app. */
const SHARED = [
  'aws-cdk-lib', 'aws-cdk-lib/aws-ec2', 'aws-cdk-lib/aws-ecr', 'aws-cdk-lib/aws-ecr-assets', 'aws-cdk-lib/aws-efs',
  'aws-cdk-lib/aws-events', 'aws-cdk-lib/aws-events-targets', 'aws-cdk-lib/aws-fsx', 'aws-cdk-lib/aws-iam',
  'aws-cdk-lib/aws-kms', 'aws-cdk-lib/aws-lambda', 'aws-cdk-lib/aws-logs', 'aws-cdk-lib/aws-s3',
  'aws-cdk-lib/aws-scheduler', 'aws-cdk-lib/custom-resources', 'aws-cdk-lib/region-info', 'constructs',
];
// eslint-disable-next-line @typescript-eslint/no-require-imports
const shared = SHARED.map(name => [name, require(name)] as const);

/** A fresh copy of the library's modules (its own classes), over the app's aws-cdk-lib. */
function libraryCopy(): Library {
  let copy: Library | undefined;
  jest.isolateModules(() => {
    for (const [name, module] of shared) {
      jest.doMock(name, () => module);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    copy = require('../src');
  });
  return copy!;
}

const XGBOOST_IMAGE = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1';

/** A tuning job of `lib` (and its definition, of the same copy) in `stack`. */
function job(lib: Library, stack: Stack, id: string, props: Partial<TuningJobProps> = {}) {
  const data = (stack.node.tryFindChild('Data') as s3.IBucket | undefined) ?? s3.Bucket.fromBucketName(stack, 'Data', 'training-data');
  const definition = new lib.TrainingJobDefinition(stack, `${id}Def`, {
    algorithm: lib.TrainingAlgorithm.fromImage(lib.TrainingImage.fromRegistry(XGBOOST_IMAGE)),
    inputs: [lib.TrainingInput.fromBucket('train', data, 'train/'), lib.TrainingInput.fromBucket('validation', data, 'validation/')],
    outputBucket: data,
    staticHyperParameters: { objective: 'binary:logistic' },
    parameterRanges: [lib.ParameterRange.continuous('eta', { min: 0.01, max: 0.3 })],
  });
  return new lib.TuningJob(stack, id, {
    trainingJobDefinitions: [definition],
    objective: lib.TuningObjective.maximize('validation:auc'),
    maxTrainingJobs: 4,
    maxParallelTrainingJobs: 2,
    ...props,
  });
}

describe('two copies of the library in one stack', () => {
  const a = libraryCopy();
  const b = libraryCopy();

  test('the copies are distinct (instanceof does not cross them)', () => {
    const stack = newStack();
    expect(a.TuningJob).not.toBe(b.TuningJob);
    expect(job(a, stack, 'A')).not.toBeInstanceOf(b.TuningJob);
  });

  test('their jobs share the stack\'s provider, and every training role passes with the stack\'s one pattern', () => {
    const stack = newStack();
    job(a, stack, 'A', { waitTimeout: Duration.minutes(50) });
    job(b, stack, 'B', { waitTimeout: Duration.minutes(50) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.resourceCountIs('Custom::SageMakerTuningJob', 2);
    // each copy's provider.grantPassRole recognizes the other copy's training role too
    const documents = [
      ...Object.values(template.findResources('AWS::IAM::Role')).flatMap(r => (r.Properties.Policies ?? []).map((p: any) => p.PolicyDocument)),
      ...Object.values(template.findResources('AWS::IAM::Policy')).map(p => p.Properties.PolicyDocument),
    ];
    const passRole = documents.flatMap((d: any) => d.Statement).filter((s: any) => [s.Action].flat().includes('iam:PassRole'));
    expect(passRole).toHaveLength(1);
    expect(JSON.stringify(passRole[0].Resource)).toContain(':role/cdk-sagemaker-tuning/Stack/*');
    expect(JSON.stringify(passRole[0].Resource)).not.toContain('GetAtt');
  });

  test('their long waits share the stack\'s long-wait handlers', () => {
    const stack = newStack();
    job(a, stack, 'A', { waitTimeout: Duration.hours(6) });
    job(b, stack, 'B', { waitTimeout: Duration.hours(6) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudFormation::WaitCondition', 2);
    expect(stack.node.children.filter(c => c.node.id === 'SageMakerTuningLongWait')).toHaveLength(1);
  });

  test('TuningJob.isTuningJob recognizes the other copy\'s jobs', () => {
    const stack = newStack();
    expect(b.TuningJob.isTuningJob(job(a, stack, 'A'))).toBe(true);
    expect(a.TuningJob.isTuningJob(stack)).toBe(false);
  });
});
