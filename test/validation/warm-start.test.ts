/*
 * Warm start against parents that are TuningJobs of the same app (TJ-WARM-START-PARENT-*),
 * through the public constructs: each case has a passing and a failing app. Imported parents
 * are never checked.
 */
import { App, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { changed, dump, ofRule, validMultiRequest, validRequest } from './wire-fixtures';
import {
  ITuningJobRef, ParameterRange, TrainingAlgorithm, TrainingImage, TrainingInput, TrainingJobDefinition, TrainingJobDefinitionProps,
  TuningJob, TuningJobProps, TuningObjective, TuningStrategy, WarmStart,
} from '../../src';
import { WireCreateRequest } from '../../src/shared/wire';
import { checkWarmStartParents } from '../../src/validation';

const ENV = { account: '123456789012', region: 'us-east-1' };
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-trainer:1';

interface Side {
  readonly def?: Partial<TrainingJobDefinitionProps>;
  readonly job?: Partial<TuningJobProps>;
}

interface Options {
  readonly parent?: Side;
  readonly child?: Side;
  readonly transfer?: boolean;
  /** the parent in its own stack */
  readonly otherStack?: boolean;
}

function defProps(stack: Stack, overrides: Partial<TrainingJobDefinitionProps> = {}): TrainingJobDefinitionProps {
  const bucket = s3.Bucket.fromBucketName(stack, `Data${stack.node.children.length}`, 'training-data');
  return {
    algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry(IMAGE)),
    metricDefinitions: [{ name: 'validation:auc', regex: 'validation-auc=([0-9.]+)' }],
    inputs: [TrainingInput.fromBucket('train', bucket, 'train/')],
    outputBucket: bucket,
    staticHyperParameters: { objective: 'binary:logistic' },
    parameterRanges: [
      ParameterRange.continuous('eta', { min: 0.01, max: 0.3 }),
      ParameterRange.integer('max_depth', { min: 3, max: 10 }),
    ],
    ...overrides,
  };
}

function build(o: Options = {}, parentRef?: (stack: Stack) => ITuningJobRef): App {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: ENV });
  const parentStack = o.otherStack ? new Stack(app, 'ParentStack', { env: ENV }) : stack;
  let parent: ITuningJobRef;
  if (parentRef) {
    parent = parentRef(stack);
  } else {
    const parentDef = new TrainingJobDefinition(parentStack, 'ParentDef', defProps(parentStack, o.parent?.def));
    parent = new TuningJob(parentStack, 'Parent', {
      trainingJobDefinitions: [parentDef],
      objective: TuningObjective.maximize('validation:auc'),
      maxTrainingJobs: 10,
      maxParallelTrainingJobs: 2,
      ...o.parent?.job,
    });
  }
  const childDef = new TrainingJobDefinition(stack, 'ChildDef', defProps(stack, o.child?.def));
  new TuningJob(stack, 'Child', {
    trainingJobDefinitions: [childDef],
    objective: TuningObjective.maximize('validation:auc'),
    maxTrainingJobs: 30,
    maxParallelTrainingJobs: 2,
    warmStart: o.transfer ? WarmStart.transferLearning([parent]) : WarmStart.identicalDataAndAlgorithm([parent]),
    ...o.child?.job,
  });
  return app;
}

function synthError(make: () => App): string {
  try {
    make().synth();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

const statics = (n: number, value: (i: number) => string) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`s${i}`, value(i)]));

interface Case {
  readonly rule: string;
  readonly title: string;
  readonly pass: () => App;
  readonly fail: () => App;
  readonly expect: string[];
}

const CASES: Case[] = [
  {
    rule: 'TJ-WARM-START-PARENT-STRATEGY',
    title: 'a parent that used Hyperband',
    pass: () => build({ parent: { job: { strategy: TuningStrategy.random() } } }),
    fail: () => build({ parent: { job: { strategy: TuningStrategy.hyperband({ maxResource: 10 }) } } }),
    expect: ["warmStart parent 'Stack/Parent' uses strategy 'Hyperband'", 'Bayesian or Random'],
  },
  {
    rule: 'TJ-WARM-START-PARENT-OBJECTIVE',
    title: 'an objective of another type',
    pass: () => build({ child: { job: { objective: TuningObjective.maximize('validation:auc') } } }),
    fail: () => build({ child: { job: { objective: TuningObjective.minimize('validation:auc') } } }),
    expect: ["has type 'Minimize' where the parent has 'Maximize' (warmStart parent 'Stack/Parent')"],
  },
  {
    rule: 'TJ-WARM-START-PARENT-OBJECTIVE',
    title: 'an objective metric of another name (parent in another stack)',
    pass: () => build({ otherStack: true }),
    fail: () => build({
      otherStack: true,
      parent: { def: { metricDefinitions: [{ name: 'validation:rmse', regex: 'rmse=([0-9.]+)' }] }, job: { objective: TuningObjective.maximize('validation:rmse') } },
    }),
    expect: ["has metric 'validation:auc' where the parent has 'validation:rmse' (warmStart parent 'ParentStack/Parent')"],
  },
  {
    rule: 'TJ-WARM-START-PARENT-HYPERPARAMETERS',
    title: 'one hyperparameter more than the parent (a tuned one made static keeps the count)',
    pass: () => build({ child: { def: { staticHyperParameters: { objective: 'binary:logistic', max_depth: '6' }, parameterRanges: [ParameterRange.continuous('eta', { min: 0.01, max: 0.3 })] } } }),
    fail: () => build({ child: { def: { staticHyperParameters: { objective: 'binary:logistic', gamma: '1' } } } }),
    expect: ['hold 4 hyperparameters, but warmStart parent \'Stack/Parent\' has 3'],
  },
  {
    rule: 'TJ-WARM-START-PARENT-HYPERPARAMETERS',
    title: 'a hyperparameter that changes its type',
    pass: () => build({ child: { def: { parameterRanges: [ParameterRange.continuous('eta', { min: 0.05, max: 0.2 }), ParameterRange.integer('max_depth', { min: 2, max: 12 })] } } }),
    fail: () => build({ child: { def: { parameterRanges: [ParameterRange.continuous('eta', { min: 0.01, max: 0.3 }), ParameterRange.continuous('max_depth', { min: 3, max: 10 })] } } }),
    expect: ["change the type of 'max_depth' (integer in the parent, continuous here)"],
  },
  {
    rule: 'TJ-WARM-START-PARENT-CHANGES',
    title: 'more than 10 changes of static values',
    pass: () => build({ parent: { def: { staticHyperParameters: statics(6, () => 'a') } }, child: { def: { staticHyperParameters: statics(6, i => (i < 5 ? 'b' : 'a')) } } }),
    fail: () => build({ parent: { def: { staticHyperParameters: statics(6, () => 'a') } }, child: { def: { staticHyperParameters: statics(6, () => 'b') } } }),
    expect: ["change 6 hyperparameters from warmStart parent 'Stack/Parent'", 'counts as 12 changes', 'at most 10'],
  },
  {
    rule: 'TJ-WARM-START-PARENT-DATA',
    title: 'IdenticalDataAndAlgorithm with another image (TransferLearning may change it)',
    pass: () => build({ transfer: true, child: { def: { algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry(`${IMAGE}-v2`)) } } }),
    fail: () => build({ child: { def: { algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry(`${IMAGE}-v2`)) } } }),
    expect: [`algorithm (AlgorithmSpecification.TrainingImage) is '${IMAGE}-v2', but warmStart parent 'Stack/Parent' uses '${IMAGE}'`, 'WarmStart.transferLearning'],
  },
  {
    rule: 'TJ-WARM-START-PARENT-DATA',
    title: 'IdenticalDataAndAlgorithm with other input data',
    pass: () => build({ transfer: true, child: { def: { inputs: [TrainingInput.fromBucket('train', s3.Bucket.fromBucketName(new Stack(), 'B', 'training-data'), 'train-2024/')] } } }),
    fail: () => build({ child: { def: { inputs: [TrainingInput.fromBucket('train', s3.Bucket.fromBucketName(new Stack(), 'B', 'training-data'), 'train-2024/')] } } }),
    expect: ["inputs (InputDataConfig) differ from warmStart parent 'Stack/Parent' in channel 'train'"],
  },
];

describe('warm start against parents of the same app', () => {
  describe.each(CASES)('$rule: $title', c => {
    test('passes', () => {
      expect(synthError(c.pass)).toBe('');
    });

    test('fails on Stack/Child', () => {
      const message = synthError(c.fail);
      expect(message).toContain('[Stack/Child]');
      for (const e of c.expect) {
        expect(message).toContain(e);
      }
    });
  });

  test('an imported parent is never compared', () => {
    const app = () => build({ child: { def: { staticHyperParameters: statics(20, () => 'x') }, job: { objective: TuningObjective.minimize('validation:auc') } } },
      stack => TuningJob.fromTuningJobName(stack, 'Imported', 'earlier-job'));
    expect(synthError(app)).toBe('');
  });

  test('a bucket of a construct is the same data when it is the same bucket (tokens compared as written)', () => {
    const app = () => {
      const a = new App();
      const stack = new Stack(a, 'Stack', { env: ENV });
      const bucket = new s3.Bucket(stack, 'Bucket');
      const props = (): TrainingJobDefinitionProps => ({ ...defProps(stack), inputs: [TrainingInput.fromBucket('train', bucket, 'train/')] });
      const parent = new TuningJob(stack, 'Parent', { trainingJobDefinitions: [new TrainingJobDefinition(stack, 'P', props())], objective: TuningObjective.maximize('validation:auc'), maxTrainingJobs: 10 });
      new TuningJob(stack, 'Child', {
        trainingJobDefinitions: [new TrainingJobDefinition(stack, 'C', props())],
        objective: TuningObjective.maximize('validation:auc'),
        maxTrainingJobs: 30,
        warmStart: WarmStart.identicalDataAndAlgorithm([parent]),
      });
      return a;
    };
    expect(synthError(app)).toBe('');
  });
});

describe('checkWarmStartParents on rendered requests: tokens and several definitions', () => {
  const str = (s: string) => Token.asString(Lazy.string({ produce: () => s }));
  const child = (change: (r: WireCreateRequest) => void = () => undefined) => changed(validRequest(), r => {
    r.WarmStartConfig = { WarmStartType: 'IdenticalDataAndAlgorithm', ParentHyperParameterTuningJobs: [{ HyperParameterTuningJobName: 'p' }] };
    change(r);
  });
  const parent = (request: WireCreateRequest) => [{ label: "'P'", request }];

  test('an identical parent has no findings', () => {
    expect(dump(checkWarmStartParents(child(), parent(validRequest())))).toBe('');
  });

  test('values written as tokens are taken as possibly equal', () => {
    const request = child(r => {
      r.TrainingJobDefinition!.StaticHyperParameters = Token.asAny(Lazy.any({ produce: () => ({}) })) as unknown as Record<string, string>;
      r.HyperParameterTuningJobConfig.HyperParameterTuningJobObjective = { Type: 'Maximize', MetricName: str('validation:auc') };
      r.TrainingJobDefinition!.AlgorithmSpecification.TrainingImage = str('image');
      r.TrainingJobDefinition!.InputDataConfig![0].DataSource.S3DataSource!.S3Uri = `s3://${str('bucket')}/train/`;
    });
    const other = changed(validRequest(), r => {
      r.TrainingJobDefinition!.StaticHyperParameters = { a: '1', b: '2', c: '3' };
      r.HyperParameterTuningJobConfig.HyperParameterTuningJobObjective = { Type: 'Maximize', MetricName: 'other' };
    });
    expect(dump(checkWarmStartParents(request, parent(other)))).toBe('');
  });

  test('a parent with several definitions is checked for its strategy only', () => {
    const multi = changed(validMultiRequest(), r => {
      r.HyperParameterTuningJobConfig.Strategy = 'Grid';
      r.TrainingJobDefinitions![0].StaticHyperParameters = { a: '1', b: '2', c: '3', d: '4' };
    });
    expect(checkWarmStartParents(child(), parent(multi)).map(f => f.rule)).toEqual(['TJ-WARM-START-PARENT-STRATEGY']);
  });

  test('a categorical range of one value made static counts 1, any other change 2', () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    const before = changed(validRequest(), r => {
      r.TrainingJobDefinition!.StaticHyperParameters = {};
      r.HyperParameterTuningJobConfig.ParameterRanges = {
        CategoricalParameterRanges: Array.from({ length: 5 }, (_, i) => ({ Name: `c${i}`, Values: values(i === 0 ? 1 : 3) })),
        ContinuousParameterRanges: [{ Name: 'eta', MinValue: '0.01', MaxValue: '0.3' }],
      };
    });
    // five ranges made static: 1 + 4 x 2 = 9 changes, within 10; then one more (a continuous one): 11
    const nine = child(r => {
      r.TrainingJobDefinition!.StaticHyperParameters = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`c${i}`, 'v0']));
      r.HyperParameterTuningJobConfig.ParameterRanges = { ContinuousParameterRanges: [{ Name: 'eta', MinValue: '0.01', MaxValue: '0.3' }] };
    });
    expect(dump(checkWarmStartParents(nine, parent(before)))).toBe('');
    const eleven = changed(nine, r => {
      r.TrainingJobDefinition!.StaticHyperParameters!.eta = '0.1';
      r.HyperParameterTuningJobConfig.ParameterRanges = { IntegerParameterRanges: [{ Name: 'depth', MinValue: '1', MaxValue: '5' }] };
    });
    const findings = ofRule(checkWarmStartParents(eleven, parent(before)), 'TJ-WARM-START-PARENT-CHANGES');
    expect(dump(findings)).toContain('counts as 11 changes');
  });

  test('no warm start, or no parent of the app: nothing to compare', () => {
    expect(checkWarmStartParents(validRequest(), parent(changed(validRequest(), r => { r.HyperParameterTuningJobConfig.Strategy = 'Grid'; })))).toEqual([]);
    expect(checkWarmStartParents(child(), [])).toEqual([]);
  });
});
