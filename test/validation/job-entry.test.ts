/*
 * Rules over what a TuningJob receives, checked where it receives it: the constructor throws one
 * error with every problem of its props (each naming the construct path, the prop, the value and
 * what is allowed), adds the warnings as annotations, and `addTrainingJobDefinition` checks what
 * a new definition can break. Tokens pass unchecked.
 */
import { App, CfnParameter, Duration, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ParameterRange, TrainingAlgorithm, TrainingImage, TrainingInput, TrainingJobDefinition, TuningJob, TuningJobProps,
  TuningObjective, TuningStrategy, WarmStart,
} from '../../src';

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function definition(stack: Stack, id: string): TrainingJobDefinition {
  const bucket = (stack.node.tryFindChild('Data') as s3.IBucket | undefined) ?? s3.Bucket.fromBucketName(stack, 'Data', 'training-data');
  return new TrainingJobDefinition(stack, id, {
    algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/my-trainer:1')),
    metricDefinitions: [{ name: 'validation:auc', regex: 'validation-auc=([0-9.]+)' }],
    inputs: [TrainingInput.fromBucket('train', bucket, 'train/')],
    outputBucket: bucket,
    staticHyperParameters: { epochs: '50' },
    parameterRanges: [ParameterRange.continuous('eta', { min: 0.01, max: 0.3 })],
  });
}

type Props = (stack: Stack) => Partial<TuningJobProps>;

function job(stack: Stack, props: Partial<TuningJobProps>, definitions = 1): TuningJob {
  return new TuningJob(stack, 'Tuning', {
    trainingJobDefinitions: Array.from({ length: definitions }, (_, i) => definition(stack, `Def${i}`)),
    objective: TuningObjective.maximize('validation:auc'),
    maxTrainingJobs: 20,
    maxParallelTrainingJobs: 4,
    waitTimeout: Duration.minutes(50),
    ...props,
  });
}

/** The constructor's error, or '' when it accepts the props and the app then synthesizes (else the synth error). */
function entryError(props: Props, definitions = 1): string {
  const stack = newStack();
  try {
    job(stack, props(stack), definitions);
  } catch (e) {
    return (e as Error).message;
  }
  try {
    (stack.node.root as App).synth();
  } catch (e) {
    return `synth: ${(e as Error).message}`;
  }
  return '';
}

/** The warnings of the rule on Stack/Tuning, after the constructor accepted the props. */
function entryWarnings(props: Props): string[] {
  const stack = newStack();
  job(stack, props(stack));
  return Annotations.fromStack(stack).findWarning('/Stack/Tuning', Match.anyValue()).map(w => String(w.entry.data));
}

const parents = (...names: string[]) => WarmStart.transferLearning(names.map(tuningJobName => ({ tuningJobName })));
const number = (stack: Stack) => new CfnParameter(stack, 'N', { type: 'Number' }).valueAsNumber;

interface ErrorCase {
  readonly rule: string;
  readonly title: string;
  readonly definitions?: number;
  readonly pass: Props[];
  readonly fail: Props;
  /** the whole message, without the `Stack/Tuning: ` prefix */
  readonly message: string;
}

const ERRORS: ErrorCase[] = [
  {
    rule: 'TJ-PARALLEL-LE-TOTAL',
    title: 'more parallel jobs than jobs',
    pass: [
      () => ({ maxTrainingJobs: 20, maxParallelTrainingJobs: 20, strategy: TuningStrategy.random() }),
      () => ({ maxTrainingJobs: undefined, maxParallelTrainingJobs: 30 }),
      s => ({ maxTrainingJobs: number(s), maxParallelTrainingJobs: 30 }),
      s => ({ maxTrainingJobs: 2, maxParallelTrainingJobs: number(s) }),
    ],
    fail: () => ({ maxTrainingJobs: 20, maxParallelTrainingJobs: 30 }),
    message: 'maxParallelTrainingJobs (HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs) is 30, but maxTrainingJobs (HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs) is 20: a tuning job cannot run more training jobs at once than it runs in total. Lower maxParallelTrainingJobs to 20 or less.',
  },
  {
    rule: 'TJ-PARALLEL-LE-TOTAL',
    title: 'the default parallelism (1) against maxTrainingJobs',
    pass: [() => ({ maxTrainingJobs: 1, maxParallelTrainingJobs: undefined, strategy: TuningStrategy.random() })],
    fail: () => ({ maxTrainingJobs: 0, maxParallelTrainingJobs: undefined }),
    message: 'maxParallelTrainingJobs (HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs) is 1, but maxTrainingJobs',
  },
  {
    rule: 'TJ-HYPERBAND-EARLY-STOPPING',
    title: 'Hyperband with early stopping',
    pass: [
      () => ({ strategy: TuningStrategy.hyperband({ maxResource: 50 }), earlyStopping: false }),
      () => ({ strategy: TuningStrategy.bayesian(), earlyStopping: true }),
    ],
    fail: () => ({ strategy: TuningStrategy.hyperband({ maxResource: 50 }), earlyStopping: true }),
    message: "earlyStopping (HyperParameterTuningJobConfig.TrainingJobEarlyStoppingType) is true ('Auto'), but strategy is 'Hyperband', which has its own early stopping: earlyStopping must be false (Off) or unset with Hyperband.",
  },
  {
    rule: 'TJ-HYPERBAND-MAX-RESOURCE-CAP',
    title: 'TuningStrategy.hyperband maxResource over 20,000',
    pass: [
      () => ({ strategy: TuningStrategy.hyperband({ maxResource: 20000 }) }),
      s => ({ strategy: TuningStrategy.hyperband({ maxResource: number(s) }) }),
    ],
    fail: () => ({ strategy: TuningStrategy.hyperband({ maxResource: 20001 }) }),
    message: 'TuningStrategy.hyperband maxResource (HyperParameterTuningJobConfig.StrategyConfig.HyperbandStrategyConfig.MaxResource) is 20001, but Hyperband allows at most 20000.',
  },
  {
    rule: 'TJ-HYPERBAND-MIN-LE-MAX',
    title: 'TuningStrategy.hyperband minResource above maxResource',
    pass: [
      () => ({ strategy: TuningStrategy.hyperband({ minResource: 9, maxResource: 10 }) }),
      s => ({ strategy: TuningStrategy.hyperband({ minResource: number(s), maxResource: 10 }) }),
    ],
    fail: () => ({ strategy: TuningStrategy.hyperband({ minResource: 11, maxResource: 10 }) }),
    message: 'TuningStrategy.hyperband minResource (HyperParameterTuningJobConfig.StrategyConfig.HyperbandStrategyConfig.MinResource) is 11, but TuningStrategy.hyperband maxResource (HyperParameterTuningJobConfig.StrategyConfig.HyperbandStrategyConfig.MaxResource) is 10: minResource must not be greater than maxResource.',
  },
  {
    rule: 'TJ-WARM-START-STRATEGY',
    title: 'warm start with Grid',
    pass: [
      () => ({ warmStart: parents('parent-job'), strategy: TuningStrategy.random() }),
      () => ({ warmStart: parents('parent-job'), strategy: TuningStrategy.bayesian(), maxParallelTrainingJobs: 2 }),
    ],
    fail: () => ({ warmStart: parents('parent-job'), strategy: TuningStrategy.hyperband({ maxResource: 10 }) }),
    message: "warmStart (WarmStartConfig) is set, but strategy (HyperParameterTuningJobConfig.Strategy) is 'Hyperband': warm start works with Bayesian and Random search only.",
  },
  {
    rule: 'TJ-WARM-START-SINGLE-DEFINITION',
    title: 'warm start with two definitions',
    definitions: 2,
    pass: [() => ({})],
    fail: () => ({ warmStart: parents('parent-job') }),
    message: 'warmStart (WarmStartConfig) is set with 2 trainingJobDefinitions (TrainingJobDefinitions), but warm start is available only when a tuning job tunes a single definition.',
  },
  {
    rule: 'TJ-EARLY-STOPPING-SINGLE-DEFINITION',
    title: 'early stopping with two definitions',
    definitions: 2,
    pass: [() => ({ earlyStopping: false })],
    fail: () => ({ earlyStopping: true }),
    message: "earlyStopping (HyperParameterTuningJobConfig.TrainingJobEarlyStoppingType) is true ('Auto') with 2 trainingJobDefinitions (TrainingJobDefinitions), but early stopping is available only when a tuning job tunes a single definition.",
  },
];

describe.each(ERRORS)('$rule: $title, thrown by the TuningJob constructor', c => {
  test.each(c.pass.map((p, i) => [i, p] as const))('passing props #%d pass', (_i, props) => {
    expect(entryError(props, c.definitions)).toBe('');
  });

  test('fails with the construct path, the prop, the value and what is allowed', () => {
    const message = entryError(c.fail, c.definitions);
    expect(message.startsWith(`Stack/Tuning: ${c.message}`)).toBe(true);
  });
});

interface WarningCase {
  readonly rule: string;
  readonly title: string;
  readonly pass: Props;
  readonly fail: Props;
  readonly message: string;
}

const WARNINGS: WarningCase[] = [
  {
    rule: 'TJ-BAYESIAN-PARALLELISM',
    title: 'Bayesian with more than half of the jobs in parallel',
    pass: () => ({ maxTrainingJobs: 20, maxParallelTrainingJobs: 10 }),
    fail: () => ({ maxTrainingJobs: 20, maxParallelTrainingJobs: 11 }),
    message: 'maxParallelTrainingJobs (HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs) is 11 of maxTrainingJobs 20: Bayesian search picks each job from the results of finished ones',
  },
  {
    rule: 'TJ-HYPERBAND-MIN-LE-MAX',
    title: 'TuningStrategy.hyperband minResource equal to maxResource',
    pass: () => ({ strategy: TuningStrategy.hyperband({ minResource: 9, maxResource: 10 }) }),
    fail: () => ({ strategy: TuningStrategy.hyperband({ minResource: 10, maxResource: 10 }) }),
    message: 'TuningStrategy.hyperband minResource (HyperParameterTuningJobConfig.StrategyConfig.HyperbandStrategyConfig.MinResource) equals TuningStrategy.hyperband maxResource',
  },
  {
    rule: 'TJ-WARM-START-PARENTS-UNIQUE',
    title: 'a parent listed twice',
    pass: () => ({ warmStart: parents('parent-a', 'parent-b') }),
    fail: () => ({ warmStart: parents('Parent-A', 'parent-a', 'parent-b') }),
    message: "warmStart parents (WarmStartConfig.ParentHyperParameterTuningJobs) list 'parent-a' more than once (job names are case-insensitive).",
  },
  {
    rule: 'TJ-COMPLETION-NOT-IMPROVING',
    title: 'a not-improving count that cannot be reached',
    pass: () => ({ completionCriteria: { maxTrainingJobsNotImproving: 19 } }),
    fail: () => ({ completionCriteria: { maxTrainingJobsNotImproving: 20 } }),
    message: 'completionCriteria.maxTrainingJobsNotImproving (HyperParameterTuningJobConfig.TuningJobCompletionCriteria.BestObjectiveNotImproving.MaxNumberOfTrainingJobsNotImproving) is 20, but maxTrainingJobs is 20',
  },
];

describe.each(WARNINGS)('$rule: $title, a warning of the TuningJob constructor', c => {
  test('passes without it', () => {
    expect(entryWarnings(c.pass).filter(w => w.includes(`[ack: cdk-sagemaker-tuning:${c.rule}]`))).toEqual([]);
  });

  test('warns on the construct, and synthesis goes on', () => {
    const warnings = entryWarnings(c.fail).filter(w => w.includes(`[ack: cdk-sagemaker-tuning:${c.rule}]`));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(c.message);
    expect(entryError(c.fail)).toBe('');
  });
});

test('every problem of the props is thrown together, after the unit checks', () => {
  const message = entryError(() => ({
    maxRuntime: Duration.millis(150_500),
    maxTrainingJobs: 5,
    maxParallelTrainingJobs: 6,
    strategy: TuningStrategy.hyperband({ minResource: 30, maxResource: 25_000 }),
    earlyStopping: true,
    warmStart: parents('parent-job'),
  }), 2);
  const lines = message.split('\n');
  expect(lines.every(l => l.startsWith('Stack/Tuning: '))).toBe(true);
  expect(lines.map(l => l.replace(/^Stack\/Tuning: (\S+).*/, '$1'))).toEqual([
    'maxRuntime', // TJ-DURATION-WHOLE-SECONDS
    'earlyStopping', // TJ-HYPERBAND-EARLY-STOPPING
    'TuningStrategy.hyperband', // TJ-HYPERBAND-MAX-RESOURCE-CAP
    'maxParallelTrainingJobs', // TJ-PARALLEL-LE-TOTAL
    'warmStart', // TJ-WARM-START-STRATEGY
    'warmStart', // TJ-WARM-START-SINGLE-DEFINITION
    'earlyStopping', // TJ-EARLY-STOPPING-SINGLE-DEFINITION
  ]);
});

test('a token strategy name, limits and parents pass unchecked', () => {
  const stack = newStack();
  const name = new CfnParameter(stack, 'Name', { type: 'String' }).valueAsString;
  const n = number(stack);
  job(stack, {
    strategy: TuningStrategy.of(name),
    maxTrainingJobs: n,
    maxParallelTrainingJobs: Token.asNumber({ Ref: 'N' }),
    earlyStopping: true,
    completionCriteria: { maxTrainingJobsNotImproving: n },
    warmStart: WarmStart.transferLearning([{ tuningJobName: name }, { tuningJobName: name }]),
  });
  expect(Annotations.fromStack(stack).findWarning('/Stack/Tuning', Match.stringLikeRegexp('TJ-'))).toEqual([]);
});

describe('addTrainingJobDefinition checks what a second definition breaks', () => {
  test.each([
    ['TJ-EARLY-STOPPING-SINGLE-DEFINITION', { earlyStopping: true }, "earlyStopping (HyperParameterTuningJobConfig.TrainingJobEarlyStoppingType) is true ('Auto') with 2 trainingJobDefinitions"],
    ['TJ-WARM-START-SINGLE-DEFINITION', { warmStart: parents('parent-job') }, 'warmStart (WarmStartConfig) is set with 2 trainingJobDefinitions'],
  ] as Array<[string, Partial<TuningJobProps>, string]>)('%s: thrown with the job, the definition added and the prop; the definition is not added', (_rule, props, message) => {
    const stack = newStack();
    const tuning = job(stack, props);
    const second = definition(stack, 'Second');
    expect(() => tuning.addTrainingJobDefinition(second)).toThrow(`Stack/Tuning: addTrainingJobDefinition(Stack/Second): ${message}`);
    expect(tuning.trainingJobDefinitions.map(d => d.node.path)).toEqual(['Stack/Def0']);
  });

  test('a second definition without early stopping or warm start is added', () => {
    const stack = newStack();
    const tuning = job(stack, { earlyStopping: false });
    tuning.addTrainingJobDefinition(definition(stack, 'Second'));
    expect(tuning.trainingJobDefinitions).toHaveLength(2);
    (stack.node.root as App).synth();
  });
});
