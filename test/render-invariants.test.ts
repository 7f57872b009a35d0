/**
 * Invariants of the renderers that no validation rule checks: the shapes below cannot be
 * produced through the public API, so they are asserted here over the prop combinations that
 * decide them rather than re-checked at synth.
 *
 * - one definition versus several (formerly TJ-SHAPE-SINGLE / TJ-SHAPE-MULTI): with one
 *   definition its ranges and objective go to `HyperParameterTuningJobConfig`, never into the
 *   definition; with several they go into each definition, never to the job config;
 * - `StrategyConfig` only with the Hyperband strategy (formerly TJ-STRATEGY-CONFIG-HYPERBAND).
 */
import { Stack } from 'aws-cdk-lib';
import { HyperbandOptions, ParameterRange, TrainingJobDefinition, TuningJob, TuningObjective, TuningStrategy } from '../src';
import { definition, newStack } from './fixtures';

type Where = 'definition' | 'job' | 'both';

function definitions(stack: Stack, count: number, objectiveOn: Where, withRanges: boolean): TrainingJobDefinition[] {
  return Array.from({ length: count }, (_, i) => definition(stack, `Def${i}`, {
    objective: objectiveOn === 'job' ? undefined : TuningObjective.maximize('validation:auc'),
    parameterRanges: withRanges ? [ParameterRange.integer('max_depth', { min: 3, max: 10 })] : [],
  }));
}

describe('TuningJob renderer: one definition versus several', () => {
  const cases: Array<[number, Where, boolean, boolean]> = [];
  for (const count of [1, 2, 3]) {
    for (const objectiveOn of ['definition', 'job', 'both'] as Where[]) {
      for (const withRanges of [true, false]) {
        for (const added of [false, true]) {
          cases.push([count, objectiveOn, withRanges, added]);
        }
      }
    }
  }

  test.each(cases)('%d definition(s), objective on the %s, ranges %s, added later %s', (count, objectiveOn, withRanges, added) => {
    const stack = newStack();
    const defs = definitions(stack, count, objectiveOn, withRanges);
    const job = new TuningJob(stack, 'Tuning', {
      trainingJobDefinitions: added ? [] : defs,
      objective: objectiveOn === 'definition' ? undefined : TuningObjective.minimize('validation:error'),
      maxTrainingJobs: 10,
    });
    if (added) {
      defs.forEach(d => job.addTrainingJobDefinition(d));
    }
    const request = job._renderRequest();
    const config = request.HyperParameterTuningJobConfig;

    // exactly one of the two forms
    expect((request.TrainingJobDefinition === undefined) !== (request.TrainingJobDefinitions === undefined)).toBe(true);
    if (count === 1) {
      expect(request.TrainingJobDefinitions).toBeUndefined();
      const def = request.TrainingJobDefinition!;
      expect(def.HyperParameterRanges).toBeUndefined();
      expect(def.TuningObjective).toBeUndefined();
      expect(config.HyperParameterTuningJobObjective).toBeDefined();
    } else {
      expect(request.TrainingJobDefinition).toBeUndefined();
      expect(request.TrainingJobDefinitions).toHaveLength(count);
      expect(config.ParameterRanges).toBeUndefined();
      expect(config.HyperParameterTuningJobObjective).toBeUndefined();
      for (const def of request.TrainingJobDefinitions!) {
        expect(def.TuningObjective).toBeDefined();
        expect(def.HyperParameterRanges !== undefined).toBe(withRanges);
        expect(def.DefinitionName).toBeDefined();
      }
    }
  });

  test('without definitions neither form is rendered (TJ-DEFINITIONS-ONE-OF reports it)', () => {
    const stack = newStack();
    const request = new TuningJob(stack, 'Tuning', { objective: TuningObjective.maximize('m'), maxTrainingJobs: 10 })._renderRequest();
    expect(request.TrainingJobDefinition).toBeUndefined();
    expect(request.TrainingJobDefinitions).toBeUndefined();
  });
});

describe('TuningJob renderer: StrategyConfig only with Hyperband', () => {
  const hyperbandOptions: HyperbandOptions[] = [{}, { minResource: 1 }, { maxResource: 10 }, { minResource: 1, maxResource: 10 }];
  const strategies: Array<[string, TuningStrategy | undefined]> = [
    ['default', undefined],
    ['bayesian', TuningStrategy.bayesian()],
    ['random', TuningStrategy.random()],
    ['grid', TuningStrategy.grid()],
    ...hyperbandOptions.map((o): [string, TuningStrategy] => [`hyperband(${JSON.stringify(o)})`, TuningStrategy.hyperband(o)]),
    ...['Bayesian', 'Random', 'Grid', 'Hyperband', 'Evolutionary'].map((n): [string, TuningStrategy] => [`of('${n}')`, TuningStrategy.of(n)]),
  ];

  test.each(strategies)('%s', (_label, strategy) => {
    const stack = newStack();
    const job = new TuningJob(stack, 'Tuning', {
      trainingJobDefinitions: [definition(stack)],
      objective: TuningObjective.maximize('validation:auc'),
      maxTrainingJobs: 10,
      strategy,
    });
    const config = job._renderRequest().HyperParameterTuningJobConfig;
    if (config.StrategyConfig !== undefined) {
      expect(config.Strategy).toBe('Hyperband');
      expect(config.StrategyConfig.HyperbandStrategyConfig).toBeDefined();
    }
    const options = strategy?.hyperbandOptions;
    const expectConfig = options !== undefined && (options.minResource !== undefined || options.maxResource !== undefined);
    expect(config.StrategyConfig !== undefined).toBe(expectConfig);
  });
});
