/*
 * Every Duration and Size prop of the public API, with a fractional value and with a token:
 * a fractional value fails synth with the construct path and the prop (never aws-cdk-lib's
 * "cannot be converted into a whole number of seconds"); a token in the API's unit passes
 * unchecked. The list of props is read from the source of the exported props interfaces, so a
 * new Duration or Size prop fails this test until it is covered.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnParameter, Duration, Size, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  InstanceConfig, ParameterRange, TrainingAlgorithm, TrainingImage, TrainingInput, TrainingInstanceType, TrainingJobDefinition,
  TrainingJobDefinitionProps, TuningJob, TuningJobProps, TuningObjective,
} from '../../src';

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-trainer:1';

interface Built {
  readonly app: App;
  readonly stack: Stack;
}

function build(def: (stack: Stack) => Partial<TrainingJobDefinitionProps>, job: (stack: Stack) => Partial<TuningJobProps> = () => ({})): () => Built {
  return () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    const bucket = s3.Bucket.fromBucketName(stack, 'Data', 'training-data');
    const definition = new TrainingJobDefinition(stack, 'Def', {
      algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry(IMAGE)),
      metricDefinitions: [{ name: 'validation:auc', regex: 'validation-auc=([0-9.]+)' }],
      inputs: [TrainingInput.fromBucket('train', bucket, 'train/')],
      outputBucket: bucket,
      parameterRanges: [ParameterRange.continuous('eta', { min: 0.01, max: 0.3 })],
      ...def(stack),
    });
    new TuningJob(stack, 'Tuning', {
      trainingJobDefinitions: [definition],
      objective: TuningObjective.maximize('validation:auc'),
      maxTrainingJobs: 10,
      maxParallelTrainingJobs: 2,
      ...job(stack),
    });
    return { app, stack };
  };
}

/** The error of building and synthesizing, or '' when both succeed. */
function synthError(make: () => Built): string {
  try {
    make().app.synth();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

const seconds = (stack: Stack) => Duration.seconds(new CfnParameter(stack, 'Seconds', { type: 'Number' }).valueAsNumber);
const minutes = (stack: Stack) => Duration.minutes(new CfnParameter(stack, 'Minutes', { type: 'Number' }).valueAsNumber);
const gibibytes = (stack: Stack) => Size.gibibytes(new CfnParameter(stack, 'Gib', { type: 'Number' }).valueAsNumber);
const mebibytes = (stack: Stack) => Size.mebibytes(new CfnParameter(stack, 'Mib', { type: 'Number' }).valueAsNumber);

interface UnitCase {
  readonly rule: 'TJ-DURATION-WHOLE-SECONDS' | 'TJ-SIZE-WHOLE-GIB';
  /** `Interface.prop` as the props interface declares it */
  readonly prop: string;
  /** construct path the message names */
  readonly path: string;
  /** how the prop is named in the message */
  readonly name: string;
  readonly fractional: () => Built;
  /** a token in the API's unit */
  readonly token: () => Built;
  /** a token in another unit */
  readonly otherUnitToken: () => Built;
  /** the token must be known at synth time: the token case fails with this text */
  readonly tokenFails?: string;
}

const spot = (stack: Stack): Partial<TrainingJobDefinitionProps> => ({
  spotTraining: true,
  checkpoint: { bucket: s3.Bucket.fromBucketName(stack, 'Ckpt', 'ckpt') },
});

/** Two instance configs, the second with `volumeSize`. */
const configs = (volumeSize: Size): InstanceConfig[] => [
  { instanceType: TrainingInstanceType.ML_M5_XLARGE },
  { instanceType: TrainingInstanceType.ML_C5_2XLARGE, volumeSize },
];

const CASES: UnitCase[] = [
  {
    rule: 'TJ-DURATION-WHOLE-SECONDS',
    prop: 'TrainingJobDefinitionProps.maxRuntime',
    path: 'Stack/Def',
    name: 'maxRuntime (StoppingCondition.MaxRuntimeInSeconds)',
    fractional: build(() => ({ maxRuntime: Duration.millis(120500) })),
    token: build(stack => ({ maxRuntime: seconds(stack) })),
    otherUnitToken: build(stack => ({ maxRuntime: minutes(stack) })),
  },
  {
    rule: 'TJ-DURATION-WHOLE-SECONDS',
    prop: 'TrainingJobDefinitionProps.maxWaitTime',
    path: 'Stack/Def',
    name: 'maxWaitTime (StoppingCondition.MaxWaitTimeInSeconds)',
    fractional: build(stack => ({ ...spot(stack), maxWaitTime: Duration.millis(90000500) })),
    token: build(stack => ({ ...spot(stack), maxWaitTime: seconds(stack) })),
    otherUnitToken: build(stack => ({ ...spot(stack), maxWaitTime: minutes(stack) })),
  },
  {
    rule: 'TJ-DURATION-WHOLE-SECONDS',
    prop: 'TrainingJobDefinitionProps.maxPendingTime',
    path: 'Stack/Def',
    name: 'maxPendingTime (StoppingCondition.MaxPendingTimeInSeconds)',
    fractional: build(() => ({ maxPendingTime: Duration.millis(7200500) })),
    token: build(stack => ({ maxPendingTime: seconds(stack) })),
    otherUnitToken: build(stack => ({ maxPendingTime: minutes(stack) })),
  },
  {
    rule: 'TJ-DURATION-WHOLE-SECONDS',
    prop: 'TrainingJobDefinitionProps.keepAlivePeriod',
    path: 'Stack/Def',
    name: 'keepAlivePeriod (ResourceConfig.KeepAlivePeriodInSeconds)',
    fractional: build(() => ({ keepAlivePeriod: Duration.millis(600500) })),
    token: build(stack => ({ keepAlivePeriod: seconds(stack) })),
    otherUnitToken: build(stack => ({ keepAlivePeriod: minutes(stack) })),
  },
  {
    rule: 'TJ-SIZE-WHOLE-GIB',
    prop: 'TrainingJobDefinitionProps.volumeSize',
    path: 'Stack/Def',
    name: 'volumeSize',
    fractional: build(() => ({ volumeSize: Size.mebibytes(1500) })),
    token: build(stack => ({ volumeSize: gibibytes(stack) })),
    otherUnitToken: build(stack => ({ volumeSize: mebibytes(stack) })),
  },
  {
    rule: 'TJ-SIZE-WHOLE-GIB',
    prop: 'InstanceConfig.volumeSize',
    path: 'Stack/Def',
    name: 'instanceConfigs[1].volumeSize',
    fractional: build(() => ({ instanceConfigs: configs(Size.mebibytes(1500)) })),
    token: build(stack => ({ instanceConfigs: configs(gibibytes(stack)) })),
    otherUnitToken: build(stack => ({ instanceConfigs: configs(mebibytes(stack)) })),
  },
  {
    rule: 'TJ-DURATION-WHOLE-SECONDS',
    prop: 'TuningJobProps.maxRuntime',
    path: 'Stack/Tuning',
    name: 'maxRuntime (HyperParameterTuningJobConfig.ResourceLimits.MaxRuntimeInSeconds)',
    fractional: build(() => ({}), () => ({ maxRuntime: Duration.millis(120500) })),
    token: build(() => ({}), stack => ({ maxRuntime: seconds(stack) })),
    otherUnitToken: build(() => ({}), stack => ({ maxRuntime: minutes(stack) })),
  },
  {
    rule: 'TJ-DURATION-WHOLE-SECONDS',
    prop: 'TuningJobProps.waitTimeout',
    path: 'Stack/Tuning',
    name: 'waitTimeout',
    fractional: build(() => ({}), () => ({ waitTimeout: Duration.millis(1800500) })),
    token: build(() => ({}), stack => ({ waitTimeout: seconds(stack) })),
    otherUnitToken: build(() => ({}), stack => ({ waitTimeout: minutes(stack) })),
    tokenFails: 'waitTimeout is a token, but it must be known at synth time',
  },
  {
    rule: 'TJ-DURATION-WHOLE-SECONDS',
    prop: 'TuningJobProps.pollInterval',
    path: 'Stack/Tuning',
    name: 'pollInterval',
    fractional: build(() => ({}), () => ({ pollInterval: Duration.millis(60500) })),
    token: build(() => ({}), stack => ({ pollInterval: seconds(stack) })),
    otherUnitToken: build(() => ({}), stack => ({ pollInterval: minutes(stack) })),
    tokenFails: 'pollInterval is a token, but it must be known at synth time',
  },
];

/** `Interface.prop` of every Duration / Size prop of the exported props interfaces. */
function durationAndSizeProps(): string[] {
  const src = path.join(__dirname, '..', '..', 'src');
  const out: string[] = [];
  for (const file of fs.readdirSync(src).filter(f => f.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(src, file), 'utf-8');
    for (const m of text.matchAll(/export interface (\w+)[^{]*\{([\s\S]*?)\n\}/g)) {
      for (const p of m[2].matchAll(/readonly (\w+)\??: (?:Duration|Size)\b/g)) {
        out.push(`${m[1]}.${p[1]}`);
      }
    }
  }
  return out.sort();
}

describe('TJ-DURATION-WHOLE-SECONDS and TJ-SIZE-WHOLE-GIB: every Duration and Size prop', () => {
  test('the cases cover every Duration and Size prop of the public props interfaces', () => {
    expect(durationAndSizeProps()).toEqual(CASES.map(c => c.prop).sort());
  });

  describe.each(CASES)('$prop', c => {
    test('a fractional value fails with the construct path and the prop', () => {
      const message = synthError(c.fractional);
      expect(message).toContain(`${c.path}: ${c.name}`);
      expect(message).toContain(c.rule === 'TJ-SIZE-WHOLE-GIB' ? 'must be a whole number of GiB' : 'SageMaker takes a whole number of seconds');
      expect(message).not.toContain('cannot be converted into a whole number');
    });

    test(c.tokenFails ? 'a token fails: it must be known at synth time' : 'a token in the API unit passes unchecked', () => {
      const message = synthError(c.token);
      if (c.tokenFails) {
        expect(message).toContain(`${c.path}: ${c.tokenFails}`);
      } else {
        expect(message).toBe('');
      }
    });

    test('a token in another unit fails with the construct path and the prop', () => {
      const message = synthError(c.otherUnitToken);
      expect(message).toContain(`${c.path}: ${c.name.split(' ')[0]}`);
      expect(message).not.toMatch(/^Duration must be specified|^Size must be specified/);
    });
  });

  test('all problems of one construct are reported together', () => {
    const props = { maxRuntime: Duration.millis(1500), volumeSize: Size.mebibytes(1500), keepAlivePeriod: Duration.millis(1500) };
    const message = synthError(build(() => props));
    expect(message).toContain('Stack/Def: volumeSize');
    expect(message).toContain('Stack/Def: maxRuntime');
    expect(message).toContain('Stack/Def: keepAlivePeriod');
  });

  test('whole values in other units pass', () => {
    expect(synthError(build(() => ({ maxRuntime: Duration.minutes(90), volumeSize: Size.mebibytes(2048) }), () => ({ maxRuntime: Duration.millis(3600000) })))).toBe('');
  });
});
