/*
 * The validation rules through the public constructs: each case builds an app, synthesizes it,
 * and expects the validation error to name the construct path and the rule's message (or no
 * error for the passing variant). Warnings are read from the construct annotations.
 */
import { App, CfnParameter, Duration, Lazy, Size, Stack, Tags, Token } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  BuiltInAlgorithm, CompressionType, InputMode, ParameterRange, S3DataType, ScalingType, TrainingAlgorithm, TrainingImage, TrainingInput,
  TrainingInstanceType, TrainingJobDefinition, TrainingJobDefinitionProps, TuningJob, TuningJobProps, TuningObjective,
  TuningStrategy,
} from '../../src';

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-trainer:1';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

interface Built {
  readonly app: App;
  readonly stack: Stack;
}

type DefProps = Partial<TrainingJobDefinitionProps>;

function defProps(stack: Stack, overrides: DefProps = {}): TrainingJobDefinitionProps {
  const bucket = (stack.node.tryFindChild('Data') as s3.IBucket | undefined) ?? s3.Bucket.fromBucketName(stack, 'Data', 'training-data');
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

/**
 * A stack with one tuning job `Stack/Tuning` over `defs` definitions (`Stack/Def0`, `Stack/Def1`...).
 */
function build(job: Partial<TuningJobProps> = {}, defs: DefProps[] = [{}], customize?: (stack: Stack) => void): Built {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
  const definitions = defs.map((d, i) => new TrainingJobDefinition(stack, `Def${i}`, defProps(stack, d)));
  new TuningJob(stack, 'Tuning', {
    trainingJobDefinitions: definitions,
    objective: TuningObjective.maximize('validation:auc'),
    maxTrainingJobs: 20,
    maxParallelTrainingJobs: 4,
    ...job,
  });
  customize?.(stack);
  return { app, stack };
}

/** The validation error of synthesizing, or '' when synthesis succeeds. */
function synthError(built: Built): string {
  try {
    built.app.synth();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * Where building and synthesizing fails: `entry` when a constructor or `add*` method throws
 * (lines `<path>: ...`), `synth` when a node validation fails (lines `[<path>] ...`), with the
 * message; `{ at: 'none' }` when both succeed.
 */
function failure(make: () => Built): { at: 'entry' | 'synth' | 'none'; message: string } {
  let built: Built;
  try {
    built = make();
  } catch (e) {
    return { at: 'entry', message: (e as Error).message };
  }
  const message = synthError(built);
  return message === '' ? { at: 'none', message } : { at: 'synth', message };
}

/** True when a line of `message` names `path` (either form) and contains every text. */
function reported(message: string, path: string, texts: readonly string[]): boolean {
  // a message may hold a line break of a value: a new entry starts with `[path] ` or `path: `
  return message.split(/\n(?=\s*\[[^\]]+\] |Stack\/)/).some(l => (l.startsWith(`${path}: `) || l.includes(`[${path}] `)) && texts.every(t => l.includes(t)));
}

interface Case {
  /** The rule; a TJ-* rule reported on a definition is checked where the definition receives the value (its constructor throws), the others at synth. */
  readonly rule: string;
  readonly title: string;
  /** construct path the message is reported on */
  readonly path: string;
  readonly pass: () => Built;
  readonly fail: () => Built;
  readonly expect: string[];
}

const CASES: Case[] = [
  {
    rule: 'TJ-HYPERBAND-MAX-RESOURCE',
    title: 'Hyperband without maxResource or epochs',
    path: 'Stack/Tuning',
    pass: () => build({ strategy: TuningStrategy.hyperband() }, [{ staticHyperParameters: { epochs: '30' } }]),
    fail: () => build({ strategy: TuningStrategy.hyperband() }),
    expect: ["definition 'Stack/Def0' has none of the static hyperparameters 'epochs'"],
  },
  {
    rule: 'TJ-GRID-CATEGORICAL-ONLY',
    title: 'Grid over numeric ranges',
    path: 'Stack/Tuning',
    pass: () => build({ strategy: TuningStrategy.grid(), maxTrainingJobs: undefined, maxParallelTrainingJobs: 2 }, [{ parameterRanges: [ParameterRange.categorical('booster', ['gbtree', 'dart'])] }]),
    fail: () => build({ strategy: TuningStrategy.grid(), maxTrainingJobs: undefined }),
    expect: ["strategy (HyperParameterTuningJobConfig.Strategy) is 'Grid'", "'max_depth' (integer), 'eta' (continuous)"],
  },
  {
    rule: 'TJ-GRID-MAX-JOBS',
    title: 'Grid with maxTrainingJobs other than the combinations',
    path: 'Stack/Tuning',
    pass: () => build({ strategy: TuningStrategy.grid(), maxTrainingJobs: 2, maxParallelTrainingJobs: 2 }, [{ parameterRanges: [ParameterRange.categorical('booster', ['gbtree', 'dart'])] }]),
    fail: () => build({ strategy: TuningStrategy.grid(), maxTrainingJobs: 20, maxParallelTrainingJobs: 2 }, [{ parameterRanges: [ParameterRange.categorical('booster', ['gbtree', 'dart'])] }]),
    expect: ['maxTrainingJobs (HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs) is 20', '2 distinct combinations'],
  },
  {
    rule: 'TJ-DEFINITION-NAMES',
    title: 'two definitions with one definitionName',
    path: 'Stack/Tuning',
    pass: () => build({}, [{ definitionName: 'a' }, { definitionName: 'b' }]),
    fail: () => build({}, [{ definitionName: 'same' }, { definitionName: 'same' }]),
    expect: ["of definition 'Stack/Def1' (name 'same') is 'same', which definition 'Stack/Def0' (name 'same') already uses"],
  },
  {
    rule: 'TJ-OBJECTIVE-METRIC-DEFINED',
    title: 'objective metric not defined',
    path: 'Stack/Tuning',
    pass: () => build({ objective: TuningObjective.maximize('validation:auc') }),
    fail: () => build({ objective: TuningObjective.minimize('validation:rmse') }),
    expect: ["objective metric (HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.MetricName) of definition 'Stack/Def0' is 'validation:rmse'", "define 'validation:auc'"],
  },
  {
    rule: 'TJ-OBJECTIVE-REQUIRED',
    title: 'no objective anywhere',
    path: 'Stack/Tuning',
    pass: () => build({ objective: undefined }, [{ objective: TuningObjective.maximize('validation:auc') }]),
    fail: () => build({ objective: undefined }),
    expect: ["is missing for definition 'Stack/Def0'"],
  },
  {
    rule: 'TJ-ENVIRONMENT-TOTAL',
    title: 'environment over 48 across definitions',
    path: 'Stack/Tuning',
    pass: () => build({}, [{ environment: envOf('A', 24) }, { environment: envOf('B', 24) }]),
    fail: () => build({}, [{ environment: envOf('A', 30) }, { environment: envOf('B', 30) }]),
    expect: ['environment of all definitions has 60 variables', 'at most 48'],
  },
  {
    rule: 'TJ-TAGS-MAX',
    title: 'too many tags through Tags.of',
    path: 'Stack/Tuning',
    pass: () => build({}, [{}], stack => addTags(stack, 45)),
    fail: () => build({}, [{}], stack => addTags(stack, 46)),
    expect: ['tags (Tags) has 46 tags, but at most 45'],
  },
  {
    rule: 'TJ-TAG-KEYS',
    title: "the handler's reserved tag key",
    path: 'Stack/Tuning',
    pass: () => build({ tags: { team: 'ml' } }),
    fail: () => build({ tags: { 'cdk-sagemaker-tuning:request-id': 'x' } }),
    expect: ["tag key (Tags[0].Key) is 'cdk-sagemaker-tuning:request-id', but that key is reserved"],
  },
  {
    rule: 'SM-PATTERN',
    title: 'a fixed tuning job name with underscores',
    path: 'Stack/Tuning',
    pass: () => build({ tuningJobName: 'my-tuning-job' }),
    fail: () => build({ tuningJobName: 'my_tuning_job' }),
    expect: ["tuningJobName (HyperParameterTuningJobName) is 'my_tuning_job'"],
  },
  {
    rule: 'SM-RANGE',
    title: 'a tuning maxRuntime under 2 minutes',
    path: 'Stack/Tuning',
    pass: () => build({ maxRuntime: Duration.minutes(2) }),
    fail: () => build({ maxRuntime: Duration.minutes(1) }),
    expect: ['maxRuntime (tuning job) (HyperParameterTuningJobConfig.ResourceLimits.MaxRuntimeInSeconds) is 60 s (1 min)'],
  },
  {
    rule: 'TJ-AUTO-PARAMETERS-AUTOTUNE',
    title: 'auto parameters without autotune',
    path: 'Stack/Tuning',
    pass: () => build({ autotune: true }, [{ parameterRanges: [ParameterRange.auto('max_depth', '4')] }]),
    fail: () => build({}, [{ parameterRanges: [ParameterRange.auto('max_depth', '4')] }]),
    expect: ["has auto parameters 'max_depth'"],
  },

  // definition rules: reported on the definition's path
  {
    rule: 'TJ-SPOT-MAX-WAIT',
    title: 'spot training without maxWaitTime',
    path: 'Stack/Def0',
    pass: () => build({}, [{ spotTraining: true, maxRuntime: Duration.hours(1), maxWaitTime: Duration.hours(2), checkpoint: { bucket: s3.Bucket.fromBucketName(new Stack(), 'C', 'ckpt') } }]),
    fail: () => build({}, [{ spotTraining: true, maxRuntime: Duration.hours(1) }]),
    expect: ['spotTraining (TrainingJobDefinition.EnableManagedSpotTraining) is true, but maxWaitTime'],
  },
  {
    rule: 'TJ-MAX-WAIT-SPOT-ONLY',
    title: 'maxWaitTime without spot training',
    path: 'Stack/Def0',
    pass: () => build({}, [{}]),
    fail: () => build({}, [{ maxWaitTime: Duration.hours(3) }]),
    expect: ['maxWaitTime (TrainingJobDefinition.StoppingCondition.MaxWaitTimeInSeconds) is set, but spotTraining'],
  },
  {
    rule: 'TJ-VOLUME-KMS-LOCAL-STORAGE',
    title: 'a volume key on ml.g5',
    path: 'Stack/Def0',
    pass: () => build({}, [{ instanceType: TrainingInstanceType.ML_M5_XLARGE, volumeEncryptionKey: importedKey() }]),
    fail: () => build({}, [{ instanceType: TrainingInstanceType.ML_G5_2XLARGE, volumeEncryptionKey: importedKey() }]),
    expect: ["instanceType (TrainingJobDefinition.ResourceConfig.InstanceType) is 'ml.g5.2xlarge', which has local NVMe instance storage"],
  },
  {
    rule: 'SM-RANGE',
    title: 'retryAttempts over 30',
    path: 'Stack/Def0',
    pass: () => build({}, [{ retryAttempts: 30 }]),
    fail: () => build({}, [{ retryAttempts: 31 }]),
    expect: ['retryAttempts (TrainingJobDefinition.RetryStrategy.MaximumRetryAttempts) is 31'],
  },
  {
    rule: 'TJ-STATIC-TUNED-DISJOINT',
    title: 'a hyperparameter both static and tuned',
    path: 'Stack/Def0',
    pass: () => build({}, [{ staticHyperParameters: { objective: 'binary:logistic' } }]),
    fail: () => build({}, [{ staticHyperParameters: { eta: '0.1' } }]),
    expect: ["parameterRanges[0] (continuous 'eta') tunes 'eta', which staticHyperParameters (TrainingJobDefinition.StaticHyperParameters) also sets"],
  },
  {
    rule: 'TJ-CHANNEL-AUGMENTED-PIPE',
    title: 'an augmented manifest in File mode',
    path: 'Stack/Def0',
    pass: () => build({}, [{ inputs: [s3Input({ dataType: S3DataType.AUGMENTED_MANIFEST_FILE, inputMode: InputMode.PIPE, attributeNames: ['source-ref'] })] }]),
    fail: () => build({}, [{ inputs: [s3Input({ dataType: S3DataType.AUGMENTED_MANIFEST_FILE, attributeNames: ['source-ref'] })] }]),
    expect: ["inputs[0] (channel 'train'): dataType (S3DataSource.S3DataType) is 'AugmentedManifestFile' with input mode 'File'"],
  },
  {
    rule: 'TJ-CHANNEL-GZIP-PIPE',
    title: 'Gzip in File mode',
    path: 'Stack/Def0',
    pass: () => build({}, [{ inputMode: InputMode.PIPE, inputs: [s3Input({ compression: CompressionType.GZIP })] }]),
    fail: () => build({}, [{ inputs: [s3Input({ compression: CompressionType.GZIP })] }]),
    expect: ["inputs[0] (channel 'train'): compression (CompressionType) is 'Gzip'"],
  },
  {
    rule: 'TJ-SECRET',
    title: 'credentials in the environment, masked',
    path: 'Stack/Def0',
    pass: () => build({}, [{ environment: { LOG_LEVEL: 'debug' } }]),
    fail: () => build({}, [{ environment: { AWS_SECRET_ACCESS_KEY: AWS_SECRET }, staticHyperParameters: { key: 'AKIAIOSFODNN7EXAMPLE' } }]),
    expect: ["environment['AWS_SECRET_ACCESS_KEY']", "staticHyperParameters['key']", 'masked'],
  },
  {
    rule: 'TJ-RESOURCE-CONFIG-ONE-OF',
    title: 'instanceConfigs with a warm pool (both resource configs)',
    path: 'Stack/Def0',
    pass: () => build({}, [{
      instanceConfigs: [{ instanceType: TrainingInstanceType.ML_M5_XLARGE }, { instanceType: TrainingInstanceType.ML_C5_2XLARGE }],
    }]),
    fail: () => build({}, [{ instanceConfigs: [{ instanceType: TrainingInstanceType.ML_M5_XLARGE }], keepAlivePeriod: Duration.minutes(10) }]),
    expect: ['are both set'],
  },
  {
    rule: 'SM-COUNT',
    title: 'more than 6 instanceConfigs',
    path: 'Stack/Def0',
    pass: () => build({}, [{ instanceConfigs: Array.from({ length: 6 }, () => ({ instanceType: TrainingInstanceType.ML_M5_XLARGE })) }]),
    fail: () => build({}, [{ instanceConfigs: Array.from({ length: 7 }, () => ({ instanceType: TrainingInstanceType.ML_M5_XLARGE })) }]),
    expect: ['instanceConfigs (TrainingJobDefinition.HyperParameterTuningResourceConfig.InstanceConfigs) has 7 entries'],
  },
  // issue "validation gaps"
  {
    rule: 'SM-LENGTH',
    title: 'a name made of a token and 33 fixed characters is too long whatever the token holds',
    path: 'Stack/Tuning',
    pass: () => build({ tuningJobName: `${Lazy.string({ produce: () => '' })}${'x'.repeat(32)}` }),
    fail: () => build({ tuningJobName: `${Lazy.string({ produce: () => '' })}${'x'.repeat(33)}` }),
    expect: ['tuningJobName (HyperParameterTuningJobName) has 33 fixed characters besides its tokens, but it must be at most 32 characters long'],
  },
  {
    rule: 'SM-RANGE',
    title: 'maxTrainingJobs at 2^31 (a 32-bit integer in the service model)',
    path: 'Stack/Tuning',
    pass: () => build({ maxTrainingJobs: 2 ** 31 - 1, strategy: TuningStrategy.random(), maxParallelTrainingJobs: 4 }, [{ parameterRanges: [ParameterRange.continuous('eta', { min: 0.01, max: 0.3 })] }]),
    fail: () => build({ maxTrainingJobs: 2 ** 31, randomSeed: 2 ** 31 }),
    expect: ['maxTrainingJobs (HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs) is 2147483648, but it must be at most 2147483647', 'randomSeed (HyperParameterTuningJobConfig.RandomSeed) is 2147483648'],
  },
  {
    rule: 'TJ-METRICS-CUSTOM-IMAGE',
    title: 'a custom image without metric definitions',
    path: 'Stack/Def0',
    pass: () => build({ objective: TuningObjective.maximize('validation:auc') }, [{ algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.XGBOOST, '1.7-1')), metricDefinitions: undefined }], stack => {
      (stack.node.findChild('Def0') as TrainingJobDefinition).addInput(TrainingInput.fromBucket('validation', stack.node.findChild('Data') as s3.IBucket, 'validation/'));
    }),
    fail: () => build({}, [{ metricDefinitions: undefined }]),
    expect: [`metricDefinitions (TrainingJobDefinition.AlgorithmSpecification.MetricDefinitions) is empty for the image '${IMAGE}', which is not a SageMaker built-in algorithm image`],
  },
  {
    rule: 'TJ-VOLUME-SIZE-LOCAL-STORAGE',
    title: 'a 1,000 GiB volume on ml.g4dn.xlarge (125 GB of local storage)',
    path: 'Stack/Def0',
    pass: () => build({}, [{ instanceType: TrainingInstanceType.ML_G4DN_XLARGE, volumeSize: Size.gibibytes(100) }]),
    fail: () => build({}, [{ instanceType: TrainingInstanceType.ML_G4DN_XLARGE, volumeSize: Size.gibibytes(1000) }]),
    expect: ["volumeSize (TrainingJobDefinition.ResourceConfig.VolumeSizeInGB) is 1000 GB, but instanceType (TrainingJobDefinition.ResourceConfig.InstanceType) is 'ml.g4dn.xlarge'"],
  },

];

function envOf(prefix: string, n: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, 'x']));
}

function addTags(stack: Stack, n: number): void {
  const job = stack.node.findChild('Tuning');
  for (let i = 0; i < n; i++) {
    Tags.of(job).add(`tag${i}`, 'v');
  }
}

function importedKey(): kms.IKey {
  return kms.Key.fromKeyArn(new Stack(), 'Key', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
}

function s3Input(options: Parameters<typeof TrainingInput.fromBucket>[3]): TrainingInput {
  return TrainingInput.fromBucket('train', s3.Bucket.fromBucketName(new Stack(), 'In', 'training-data'), 'train/', options);
}

describe('validation through the public constructs', () => {
  describe.each(CASES)('$rule: $title', c => {
    const at = c.rule.startsWith('TJ-') && c.path.includes('/Def') ? 'entry' : 'synth';

    test('passes', () => {
      expect(failure(c.pass)).toEqual({ at: 'none', message: '' });
    });

    test(`fails on ${c.path} (${at})`, () => {
      const { at: where, message } = failure(c.fail);
      expect(where).toBe(at);
      expect(message).toContain(at === 'entry' ? `${c.path}: ` : `[${c.path}]`);
      for (const e of c.expect) {
        expect(message).toContain(e);
      }
    });
  });
});

describe('several problems of one app are reported together', () => {
  test('one synth error names every construct and every problem', () => {
    const built = build(
      { maxTrainingJobs: 5, maxParallelTrainingJobs: 2, strategy: TuningStrategy.hyperband(), tags: { 'aws:team': 'ml' } },
      [{ maxPendingTime: Duration.hours(1) }, { retryAttempts: 99, definitionName: 'second' }],
    );
    const message = synthError(built);
    expect(message).toContain('[Stack/Tuning]');
    expect(message).toContain('[Stack/Def0]');
    expect(message).toContain('[Stack/Def1]');
    for (const text of [
      "tag key (Tags[0].Key) is 'aws:team'",
      'Hyperband cannot infer MaxResource',
      'maxPendingTime (TrainingJobDefinition.StoppingCondition.MaxPendingTimeInSeconds) is 3600 s (1 h)',
      'retryAttempts (TrainingJobDefinition.RetryStrategy.MaximumRetryAttempts) is 99',
    ]) {
      expect(message).toContain(text);
    }
    expect(message.split('\n').filter(l => l.includes('[Stack/')).length).toBeGreaterThanOrEqual(5);
  });
});

describe('warnings are construct annotations, not errors', () => {
  test.each([
    ['an instance type', () => build({}, [{ instanceType: TrainingInstanceType.of('ml.c5.2xlarg') }]), '/Stack/Def0', "is 'ml.c5.2xlarg'.*TrainingInstanceType.of\\(\\).*Did you mean 'ml.c5.2xlarge'"],
    ['an input mode', () => build({}, [{ inputMode: InputMode.of('Streaming') }]), '/Stack/Def0', "is 'Streaming'.*InputMode.of\\(\\)"],
    ['a strategy', () => build({ strategy: TuningStrategy.of('Evolutionary') }), '/Stack/Tuning', "is 'Evolutionary'.*TuningStrategy.of\\(\\)"],
  ])('SM-ENUM-OPEN: %s the API model does not list passes .of() with a warning', (_what, make, path, pattern) => {
    expect(synthError(make())).toBe('');
    Annotations.fromStack(make().stack).hasWarning(path, Match.stringLikeRegexp(pattern));
  });

  test('Bayesian with most jobs in parallel warns on the tuning job', () => {
    expect(synthError(build({ maxTrainingJobs: 10, maxParallelTrainingJobs: 8 }))).toBe('');
    const built = build({ maxTrainingJobs: 10, maxParallelTrainingJobs: 8 });
    Annotations.fromStack(built.stack).hasWarning('/Stack/Tuning', Match.stringLikeRegexp('behaves like Random search'));
  });

  test('a categorical range of one value warns on the definition', () => {
    const ranges = [ParameterRange.categorical('booster', ['gbtree']), ParameterRange.continuous('eta', { min: 0.1, max: 0.2 })];
    const built = build({}, [{ parameterRanges: ranges }]);
    Annotations.fromStack(built.stack).hasWarning('/Stack/Def0', Match.stringLikeRegexp("parameterRanges\\[0\\] \\(categorical 'booster'\\) has a single value 'gbtree'"));
  });

  test('a numeric range of one value is an error on the definition that receives it', () => {
    const range = ParameterRange.integer('max_depth', { min: 5, max: 5 });
    expect(() => build({}, [{ parameterRanges: [range] }])).toThrow(/^Stack\/Def0: parameterRanges\[0\] \(integer 'max_depth'\): min \(MinValue\) and max \(MaxValue\) are both 5, but min must be less than max/);
  });

  test('spot training without checkpoints warns', () => {
    expect(synthError(build({}, [{ spotTraining: true, maxWaitTime: Duration.days(1) }]))).toBe('');
    const built = build({}, [{ spotTraining: true, maxWaitTime: Duration.days(1) }]);
    Annotations.fromStack(built.stack).hasWarning('/Stack/Def0', Match.stringLikeRegexp('starts over from the beginning'));
  });
});

describe('values built by the factories are reported by the construct that receives them', () => {
  // The factories do not throw: the receiving construct reports each problem with its construct
  // path, the prop, the value and what is allowed: a definition where it receives the range
  // (its constructor or addParameterRange throws), the tuning job at synth.
  test.each([
    ['ParameterRange.integer min > max', { ranges: [ParameterRange.integer('depth', { min: 10, max: 3 })] }, 'Stack/Def0', ["'depth'", 'min must be less than max']],
    ['ParameterRange.integer fractional', { ranges: [ParameterRange.integer('depth', { min: 1.5, max: 3 })] }, 'Stack/Def0', ['whole numbers', 'MinValue']],
    ['ParameterRange.continuous log from 0', { ranges: [ParameterRange.continuous('eta', { min: 0, max: 1, scaling: ScalingType.LOGARITHMIC })] }, 'Stack/Def0', ["'Logarithmic'", 'greater than 0']],
    ['ParameterRange.categorical empty', { ranges: [ParameterRange.categorical('c', [])] }, 'Stack/Def0', ['has 0 values', '1 to 30']],
    ['ParameterRange.categorical duplicates', { ranges: [ParameterRange.categorical('c', ['a', 'a'])] }, 'Stack/Def0', ["repeats 'a'", 'distinct']],
    ['TuningStrategy.hyperband min 0', { job: { strategy: TuningStrategy.hyperband({ minResource: 0, maxResource: 10 }) } }, 'Stack/Tuning', ['MinResource) is 0', 'at least 1']],
    ['TuningStrategy.hyperband fractional max', { job: { strategy: TuningStrategy.hyperband({ minResource: 1, maxResource: 2.5 }) } }, 'Stack/Tuning', ['MaxResource) is 2.5', 'whole number']],
    ['TuningObjective metric too long', { job: { objective: TuningObjective.maximize('m'.repeat(256)) } }, 'Stack/Tuning', ['MetricName', '1 to 255 characters']],
    ['TuningObjective metric empty', { job: { objective: TuningObjective.minimize('') } }, 'Stack/Tuning', ["MetricName) is ''", '1 to 255 characters']],
    ['TuningObjective metric of two lines', { job: { objective: TuningObjective.maximize('a\nb') } }, 'Stack/Tuning', ['MetricName', 'pattern .+']],
  ])('%s', (_title, given, path, texts) => {
    const { ranges, job } = given as { ranges?: ParameterRange[]; job?: Partial<TuningJobProps> };
    const { at, message } = failure(() => build(job ?? {}, [ranges ? { parameterRanges: ranges } : {}]));
    expect(at).toBe(ranges ? 'entry' : 'synth');
    expect(reported(message, path, texts as string[])).toBe(true);
  });

  test('every problem of a definition\'s values is thrown together; every problem of the job is reported together at synth', () => {
    const defProblems = failure(() => build({}, [{ parameterRanges: [ParameterRange.integer('depth', { min: 10, max: 3 }), ParameterRange.categorical('c', ['a', 'a'])] }]));
    expect(defProblems.at).toBe('entry');
    expect(defProblems.message.split('\n')).toEqual([
      expect.stringMatching(/^Stack\/Def0: parameterRanges\[0\] \(integer 'depth'\): min \(MinValue\) is 10 and max \(MaxValue\) is 3, but min must be less than max/),
      expect.stringMatching(/^Stack\/Def0: parameterRanges\[1\] \(categorical 'c'\): values \(Values\) repeats 'a'/),
    ]);
    const message = synthError(build({ objective: TuningObjective.maximize(''), strategy: TuningStrategy.hyperband({ minResource: 0, maxResource: 30 }) }));
    expect(message).toMatch(/\[Stack\/Tuning\] .*MetricName\) is ''/);
    expect(message).toMatch(/\[Stack\/Tuning\] .*MinResource\) is 0/);
  });

  test('addParameterRange checks what it receives against the ranges the definition has, and adds nothing when it throws', () => {
    const { stack } = build();
    const def = stack.node.findChild('Def0') as TrainingJobDefinition;
    expect(() => def.addParameterRange(ParameterRange.integer('depth', { min: 1, max: 4 }), ParameterRange.categorical('eta', ['a', 'b'])))
      .toThrow(/^Stack\/Def0: addParameterRange\(\): ranges\[1\] \(categorical 'eta'\) tunes hyperparameter 'eta', which the definition's continuous range already tunes/);
    expect(def.parameterRanges.map(r => r.name)).toEqual(['eta', 'max_depth']);
    def.addParameterRange(ParameterRange.integer('depth', { min: 1, max: 4 }));
    expect(def.parameterRanges.map(r => r.name)).toEqual(['eta', 'max_depth', 'depth']);
  });

  test('addInput checks the channel against the definition, and does not add it when it throws', () => {
    const { stack } = build();
    const def = stack.node.findChild('Def0') as TrainingJobDefinition;
    expect(() => def.addInput(s3Input({}))).toThrow(/^Stack\/Def0: addInput\(\) \(channel 'train'\): the channel name \(ChannelName\) is 'train', which inputs\[0\] \(channel 'train'\) already uses/);
    expect(def.inputs.map(i => i.channelName)).toEqual(['train']);
  });
});

describe('tokens pass through the public constructs', () => {
  test('CfnParameter numbers and strings are not validated', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    const total = new CfnParameter(stack, 'Total', { type: 'Number' }).valueAsNumber;
    const depth = new CfnParameter(stack, 'Depth', { type: 'Number' }).valueAsNumber;
    const secret = new CfnParameter(stack, 'Secret', { type: 'String', noEcho: true }).valueAsString;
    const name = new CfnParameter(stack, 'Name', { type: 'String' }).valueAsString;
    const metric = new CfnParameter(stack, 'Metric', { type: 'String' }).valueAsString;
    const def = new TrainingJobDefinition(stack, 'Def0', defProps(stack, {
      parameterRanges: [ParameterRange.integer('max_depth', { min: depth, max: 3, scaling: ScalingType.LOGARITHMIC })],
      environment: { AWS_SECRET_ACCESS_KEY: secret },
      volumeSize: Size.gibibytes(30),
      retryAttempts: Token.asNumber(total),
    }));
    new TuningJob(stack, 'Tuning', {
      trainingJobDefinitions: [def],
      objective: TuningObjective.maximize(metric),
      maxTrainingJobs: total,
      maxParallelTrainingJobs: Token.asNumber(total),
      tuningJobName: name,
      strategy: TuningStrategy.hyperband({ minResource: total, maxResource: total }),
    });
    expect(synthError({ app, stack })).toBe('');
  });
});
