/*
 * TJ-JOB-NAME-UNIQUE: fixed tuning job names across the app, through the public constructs.
 * Names compare case-insensitively; jobs collide in the same stack, or in stacks with the same
 * concrete account and region. An environment-agnostic stack is compared only within itself.
 */
import { App, CfnParameter, Environment, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ParameterRange, TrainingAlgorithm, TrainingImage, TrainingInput, TrainingJobDefinition, TuningJob, TuningObjective,
} from '../../src';

const HERE: Environment = { account: '123456789012', region: 'us-east-1' };

function job(stack: Stack, id: string, tuningJobName: string | ((s: Stack) => string)): TuningJob {
  const bucket = s3.Bucket.fromBucketName(stack, `${id}Data`, 'training-data');
  const def = new TrainingJobDefinition(stack, `${id}Def`, {
    algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/my-trainer:1')),
    metricDefinitions: [{ name: 'validation:auc', regex: 'validation-auc=([0-9.]+)' }],
    inputs: [TrainingInput.fromBucket('train', bucket, 'train/')],
    outputBucket: bucket,
    parameterRanges: [ParameterRange.continuous('eta', { min: 0.01, max: 0.3 })],
  });
  return new TuningJob(stack, id, {
    trainingJobDefinitions: [def],
    objective: TuningObjective.maximize('validation:auc'),
    maxTrainingJobs: 10,
    tuningJobName: typeof tuningJobName === 'string' ? tuningJobName : tuningJobName(stack),
  });
}

/** Two jobs named `a` and `b`, in one stack (`second` undefined) or in a second stack with that env. */
function twoJobs(a: string, b: string, envs: { first?: Environment; second?: Environment | 'same' }): () => App {
  return () => {
    const app = new App();
    const first = new Stack(app, 'First', { env: envs.first });
    job(first, 'JobA', a);
    const second = envs.second === 'same' ? first : new Stack(app, 'Second', { env: envs.second });
    job(second, 'JobB', b);
    return app;
  };
}

function synthError(make: () => App): string {
  try {
    make().synth();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

const CASES: Array<{ rule: 'TJ-JOB-NAME-UNIQUE'; title: string; pass: () => App; fail: () => App; expect: string[] }> = [
  {
    rule: 'TJ-JOB-NAME-UNIQUE',
    title: 'the same name in one stack, in another case',
    pass: twoJobs('nightly-xgb', 'nightly-xgb-2', { first: HERE, second: 'same' }),
    fail: twoJobs('nightly-xgb', 'Nightly-XGB', { first: HERE, second: 'same' }),
    expect: [
      "[First/JobA] tuningJobName (HyperParameterTuningJobName) is 'nightly-xgb', which the tuning job First/JobB also uses (as 'Nightly-XGB': names are compared regardless of case), in the same stack First",
      "[First/JobB] tuningJobName (HyperParameterTuningJobName) is 'Nightly-XGB', which the tuning job First/JobA also uses",
    ],
  },
  {
    rule: 'TJ-JOB-NAME-UNIQUE',
    title: 'the same name in two stacks of one account and region (another region is fine)',
    pass: twoJobs('nightly-xgb', 'nightly-xgb', { first: HERE, second: { account: '123456789012', region: 'eu-west-1' } }),
    fail: twoJobs('nightly-xgb', 'nightly-xgb', { first: HERE, second: HERE }),
    expect: ['which the tuning job Second/JobB also uses, both deploying to account 123456789012 in us-east-1'],
  },
  {
    rule: 'TJ-JOB-NAME-UNIQUE',
    title: 'environment-agnostic stacks: compared within the stack only',
    pass: twoJobs('nightly-xgb', 'nightly-xgb', { first: undefined, second: undefined }),
    fail: twoJobs('nightly-xgb', 'NIGHTLY-xgb', { first: undefined, second: 'same' }),
    expect: ['in the same stack First'],
  },
];

describe('fixed tuning job names across the app', () => {
  describe.each(CASES)('$rule: $title', c => {
    test('passes', () => {
      expect(synthError(c.pass)).toBe('');
    });

    test('fails', () => {
      const message = synthError(c.fail);
      for (const e of c.expect) {
        expect(message).toContain(e);
      }
    });
  });

  test('a concrete stack and an environment-agnostic one are not compared (where the latter deploys is unknown)', () => {
    expect(synthError(twoJobs('nightly-xgb', 'nightly-xgb', { first: HERE, second: undefined }))).toBe('');
  });

  test('token names are not compared', () => {
    const app = () => {
      const a = new App();
      const stack = new Stack(a, 'First', { env: HERE });
      const name = (s: Stack) => new CfnParameter(s, `Name${s.node.children.length}`).valueAsString;
      job(stack, 'JobA', name);
      job(stack, 'JobB', name);
      return a;
    };
    expect(synthError(app)).toBe('');
  });
});
