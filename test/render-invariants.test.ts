/**
 * Invariants of the renderers that no validation rule checks: the shapes below cannot be
 * produced through the public API, so they are asserted here over the prop combinations that
 * decide them rather than re-checked at synth.
 *
 * - one definition versus several (formerly TJ-SHAPE-SINGLE / TJ-SHAPE-MULTI): with one
 *   definition its ranges and objective go to `HyperParameterTuningJobConfig`, never into the
 *   definition; with several they go into each definition, never to the job config;
 * - `StrategyConfig` only with the Hyperband strategy (formerly TJ-STRATEGY-CONFIG-HYPERBAND);
 * - one of TrainingJobDefinition and TrainingJobDefinitions, never both (formerly half of
 *   TJ-DEFINITIONS-ONE-OF), and a name for each of several definitions (formerly half of
 *   TJ-DEFINITION-NAMES);
 * - a definition the constructor accepts has exactly one of ResourceConfig and
 *   HyperParameterTuningResourceConfig (the props that would need both are refused where they
 *   enter, TJ-RESOURCE-CONFIG-ONE-OF); a HyperParameterTuningResourceConfig without
 *   InstanceConfigs always has InstanceType and InstanceCount (formerly half of
 *   TJ-INSTANCE-CONFIGS-ONE-OF), and so does a ResourceConfig without instance groups (formerly
 *   half of TJ-INSTANCE-GROUPS-ONE-OF);
 * - every channel has exactly one data source: `addInput` refuses a bind result with both or
 *   neither where it receives it (TJ-CHANNEL-ONE-SOURCE, test/training-input.test.ts), and the
 *   renderer writes the one given.
 */
import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as fsx from 'aws-cdk-lib/aws-fsx';
import { Construct } from 'constructs';
import {
  FileSystemType, HyperbandOptions, InputMode, ParameterRange, S3DataType, TrainingInput, TrainingInputBindOptions, TrainingInputConfig,
  TrainingInstanceType, TrainingJobDefinition, TrainingJobDefinitionProps, TuningJob, TuningObjective, TuningStrategy,
} from '../src';
import { bucketIn, definition, newStack } from './fixtures';

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

/** A user's input kind: returns what it was given. */
class UserInput extends TrainingInput {
  constructor(channelName: string, private readonly config: TrainingInputConfig) {
    super(channelName);
  }

  public bind(_scope: Construct, _options: TrainingInputBindOptions): TrainingInputConfig {
    return this.config;
  }
}

describe('TrainingJobDefinition renderer: one data source per channel', () => {
  test('every input kind, the library\'s and a user\'s, renders exactly one data source', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const bucket = bucketIn(stack);
    const lustre = fsx.LustreFileSystem.fromLustreFileSystemAttributes(stack, 'Lustre', {
      dnsName: 'fs-0123456789abcdef0.fsx.us-east-1.amazonaws.com',
      fileSystemId: 'fs-0123456789abcdef0',
      securityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, 'LustreSg', 'sg-12345678'),
    });
    const inputs: TrainingInput[] = [
      TrainingInput.fromBucket('s3', bucket, 'train/'),
      TrainingInput.fromBucket('manifest', bucket, 'train.manifest', { dataType: S3DataType.AUGMENTED_MANIFEST_FILE, inputMode: InputMode.PIPE }),
      TrainingInput.fromEfs('efs', new efs.FileSystem(stack, 'Efs', { vpc }), { directoryPath: '/data' }),
      TrainingInput.fromFsxLustre('lustre', lustre, { directoryPath: '/mnt/data' }),
      new UserInput('user-s3', { s3DataSource: { s3Uri: 's3://other/data/' } }),
      new UserInput('user-fs', { fileSystemDataSource: { fileSystemId: 'fs-1', fileSystemType: FileSystemType.EFS, directoryPath: '/d' } }),
    ];
    const def = definition(stack, 'Def', { vpc, inputs });
    const channels = def._render({ multi: true }).InputDataConfig!;
    expect(channels.map(c => c.ChannelName)).toEqual(['s3', 'manifest', 'efs', 'lustre', 'user-s3', 'user-fs']);
    for (const channel of channels) {
      const sources = Object.entries(channel.DataSource).filter(([, v]) => v !== undefined).map(([k]) => k);
      expect(sources).toEqual([channel.ChannelName.endsWith('s3') || channel.ChannelName === 'manifest' ? 'S3DataSource' : 'FileSystemDataSource']);
    }
  });
});

describe('TrainingJobDefinition renderer: instances', () => {
  const choices: Array<Partial<TrainingJobDefinitionProps>> = [{}];
  const options: Array<Array<Partial<TrainingJobDefinitionProps>>> = [
    [{}, { instanceConfigs: [{ instanceType: TrainingInstanceType.ML_C5_XLARGE }] }, { instanceConfigs: [] }],
    [{}, { tuningResourceConfig: true }, { tuningResourceConfig: false }],
    [{}, { instanceType: TrainingInstanceType.ML_M5_2XLARGE }],
    [{}, { instanceCount: 2 }],
    [{}, { instanceGroups: [{ name: 'g', instanceType: TrainingInstanceType.ML_M5_XLARGE }] }, { instanceGroups: [] }],
    [{}, { keepAlivePeriod: Duration.minutes(5) }],
    [{}, { volumeSize: Size.gibibytes(50) }],
  ];
  const all = options.reduce((acc, opts) => acc.flatMap(a => opts.map(o => ({ ...a, ...o }))), choices);

  test(`over ${all.length} combinations of the instance props, a definition the constructor accepts renders exactly one set of instances`, () => {
    expect(all.length).toBe(3 * 3 * 2 * 2 * 3 * 2 * 2);
    const stack = newStack();
    let accepted = 0;
    all.forEach((props, i) => {
      const label = JSON.stringify(Object.keys(props));
      let built: TrainingJobDefinition;
      try {
        built = definition(stack, `Def${i}`, props);
      } catch (e) {
        // refused where the props enter, naming the construct and an instance rule
        expect([label, (e as Error).message]).toEqual([label, expect.stringMatching(new RegExp(`^Stack/Def${i}: .*(instanceGroups|instanceConfigs|instance settings)`))]);
        return;
      }
      accepted++;
      const def = built._render({ multi: true });
      // exactly one of ResourceConfig and HyperParameterTuningResourceConfig (formerly TJ-RESOURCE-CONFIG-ONE-OF at synth)
      expect([label, [def.ResourceConfig, def.HyperParameterTuningResourceConfig].filter(x => x !== undefined).length]).toEqual([label, 1]);
      const rc = def.HyperParameterTuningResourceConfig;
      if (rc && rc.InstanceConfigs === undefined) {
        expect([label, rc.InstanceType !== undefined && rc.InstanceCount !== undefined]).toEqual([label, true]);
      }
      // without groups, ResourceConfig has a type and a count (formerly half of TJ-INSTANCE-GROUPS-ONE-OF)
      const plain = def.ResourceConfig;
      if (plain && !plain.InstanceGroups?.length) {
        expect([label, plain.InstanceType !== undefined && plain.InstanceCount !== undefined]).toEqual([label, true]);
      }
    });
    expect(accepted).toBeGreaterThan(50);
  });
});
