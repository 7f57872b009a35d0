// Random configurations through the public API: every one that synthesizes must render a
// request that the SageMaker service model accepts (checked afterwards by
// tools/check-requests.py). Usage:
//   npx ts-node --project test/tsconfig.json tools/fuzz-requests.ts [count] [seed] [outdir]
//   python3 tools/check-requests.py <outdir>/*.template.json
import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  CompressionType, InputMode, ParameterRange, ScalingType, TrainingAlgorithm, TrainingImage, TrainingInput,
  TrainingInstanceType, TrainingJobDefinition, TuningJob, TuningObjective, TuningStrategy, WarmStart,
} from '../src';

const count = Number(process.argv[2] ?? 300);
let seed = Number(process.argv[3] ?? 1);
const outdir = path.resolve(process.argv[4] ?? 'cdk.out/fuzz');

function rand(): number {
  // mulberry32
  seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const maybe = <T>(p: number, v: () => T): T | undefined => (rand() < p ? v() : undefined);
/** Mostly a valid value; now and then an invalid one. */
const v = <T>(valid: T[], invalid: T[] = []): T => (invalid.length > 0 && rand() < 0.03 ? pick(invalid) : pick(valid));
const name = (max: number) => pick(['a', 'eta', 'max_depth', 'x'.repeat(max), 'lr', 'n-layers', 'Gamma']).slice(0, max);

function randomRanges(): ParameterRange[] {
  const out: ParameterRange[] = [];
  const used = new Set<string>();
  for (let i = 0; i < int(0, 5); i++) {
    let n = `${name(20)}${i}`;
    if (rand() < 0.05 && used.size > 0) n = [...used][0];
    used.add(n);
    try {
      const kind = pick(['int', 'cont', 'cat', 'auto']);
      const min = pick([-5, 0, 0.001, 1, 3, 0.5]);
      const max = pick([0.9, 1, 10, 100, 0.2, 3]);
      const scaling = pick(Object.values(ScalingType));
      if (kind === 'int') out.push(ParameterRange.integer(n, { min: Math.round(min), max: Math.round(max), scaling }));
      if (kind === 'cont') out.push(ParameterRange.continuous(n, { min, max, scaling }));
      if (kind === 'cat') out.push(ParameterRange.categorical(n, Array.from({ length: int(1, 6) }, (_, j) => `v${j}`)));
      if (kind === 'auto') out.push(ParameterRange.auto(n, String(max)));
    } catch { /* rejected where built: fine */ }
  }
  return out;
}

let synthesized = 0;
let rejected = 0;
fs.rmSync(outdir, { recursive: true, force: true });
for (let i = 0; i < count; i++) {
  const app = new App({ outdir });
  const stack = new Stack(app, `Fuzz${i}`, { env: { account: '123456789012', region: 'us-east-1' } });
  try {
    const bucket = s3.Bucket.fromBucketName(stack, 'B', 'bucket');
    const key = maybe(0.2, () => new kms.Key(stack, 'K'));
    const vpc = maybe(0.15, () => new ec2.Vpc(stack, 'V', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'i', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] }));
    const defs: TrainingJobDefinition[] = [];
    for (let d = 0; d < v([1, 1, 1, 2, 3], [11]); d++) {
      const spot = rand() < 0.2;
      const runtime = v([60, 3600, 86400], [30 * 86400]);
      defs.push(new TrainingJobDefinition(stack, `D${d}`, {
        algorithm: rand() < 0.8
          ? TrainingAlgorithm.fromImage(TrainingImage.fromRegistry(v(['123456789012.dkr.ecr.us-east-1.amazonaws.com/a:1'], ['x'.repeat(300)])))
          : TrainingAlgorithm.fromAlgorithmName(v(['my-algo', 'arn:aws:sagemaker:us-east-1:123456789012:algorithm/a'], ['bad algo!'])),
        // a custom image needs metric definitions (TJ-METRICS-CUSTOM-IMAGE): mostly given
        metricDefinitions: v([[{ name: 'validation:auc', regex: v(['auc=([0-9.]+)'], ['']) }, { name: 'loss', regex: 'loss=([0-9.]+)' }]], [undefined]),
        inputMode: maybe(0.3, () => pick([InputMode.FILE, InputMode.PIPE, InputMode.FAST_FILE])),
        inputs: Array.from({ length: v([0, 1, 2], [21]) }, (_, c) => TrainingInput.fromBucket(
          v([`ch${c}`], ['train', 'bad name!']), bucket, 'p/', { compression: maybe(0.2, () => CompressionType.GZIP) })),
        outputBucket: bucket,
        outputPrefix: maybe(0.5, () => pick(['out', 'a/b/', ''])),
        outputEncryptionKey: key,
        volumeEncryptionKey: maybe(0.5, () => key),
        instanceType: maybe(0.5, () => v([TrainingInstanceType.ML_M5_XLARGE, TrainingInstanceType.ML_C5_2XLARGE, TrainingInstanceType.ML_G4DN_XLARGE], [TrainingInstanceType.ML_G5_2XLARGE, TrainingInstanceType.of('ml.zz.large')])),
        instanceCount: maybe(0.3, () => v([1, 2], [0])),
        volumeSize: maybe(0.3, () => v([Size.gibibytes(1), Size.gibibytes(30), Size.gibibytes(100)], [Size.gibibytes(0), Size.gibibytes(20000), Size.mebibytes(1500)])),
        instanceConfigs: maybe(0.15, () => Array.from({ length: v([1, 2], [7]) }, () => ({ instanceType: TrainingInstanceType.ML_C5_XLARGE }))),
        keepAlivePeriod: maybe(0.1, () => v([Duration.seconds(0), Duration.seconds(600)], [Duration.seconds(30000), Duration.millis(600500)])),
        maxRuntime: v([Duration.seconds(runtime)], [Duration.millis(runtime * 1000 + 500)]),
        maxWaitTime: maybe(spot ? 0.8 : 0.1, () => Duration.seconds(v([runtime, runtime * 2], [10]))),
        maxPendingTime: maybe(0.1, () => Duration.seconds(v([7200, 10800], [100, 3000000]))),
        spotTraining: spot,
        retryAttempts: maybe(0.2, () => v([1, 30], [0, 31])),
        staticHyperParameters: maybe(0.6, () => ({ [pick(['epochs', 'objective', 'eta'])]: v(['10', 'x', 'ghp_', 'xoxb-test'], ['AKIAABCDEFGHIJKLMNOP', `ghp_${'aB3dE5gH7j'.repeat(3)}aB3dE5`, '-----BEGIN PRIVATE KEY-----']) })),
        environment: maybe(0.3, () => ({ [v(['MODE', 'ok_name'], ['1BAD'])]: 'v' })),
        vpc,
        definitionName: maybe(0.5, () => v([`def${d}`], ['same', 'bad_name', '-x'])),
        parameterRanges: randomRanges(),
        objective: maybe(0.1, () => TuningObjective.minimize('loss')),
      }));
    }
    const strategy = pick([TuningStrategy.bayesian(), TuningStrategy.random(), TuningStrategy.grid(), TuningStrategy.hyperband(),
      TuningStrategy.hyperband({ minResource: 1, maxResource: 50 })]);
    new TuningJob(stack, 'T', {
      trainingJobDefinitions: defs,
      objective: maybe(0.9, () => pick([TuningObjective.maximize('validation:auc'), TuningObjective.minimize('loss')])),
      strategy,
      maxTrainingJobs: maybe(0.8, () => v([5, 10, 50], [1, 500, 2 ** 31])),
      maxParallelTrainingJobs: maybe(0.8, () => v([1, 2, 4], [20, 0])),
      maxRuntime: maybe(0.2, () => v([Duration.seconds(3600), Duration.seconds(86400)], [Duration.seconds(60), Duration.seconds(20000000), Duration.millis(120500)])),
      earlyStopping: maybe(0.3, () => rand() < 0.5),
      completionCriteria: maybe(0.2, () => ({ maxTrainingJobsNotImproving: v([3, 10], [2]), targetObjectiveValue: maybe(0.5, () => 0.9) })),
      randomSeed: maybe(0.2, () => v([0, 42, 2 ** 31 - 1], [-1, 2 ** 31])),
      warmStart: maybe(0.15, () => WarmStart.transferLearning([TuningJob.fromTuningJobName(stack, 'P', v(['parent'], ['bad_name']))])),
      autotune: rand() < 0.1,
      tags: maybe(0.3, () => ({ [v(['team'], ['aws:reserved', 'k'.repeat(200)])]: 'v' })),
      tuningJobName: maybe(0.2, () => v(['fixed-name'], ['x'.repeat(40), 'bad_name'])),
    });
    app.synth();
    synthesized++;
  } catch (e) {
    rejected++;
    if (process.env.FUZZ_VERBOSE) { console.log((e as Error).message.split("\n").slice(1, 3).join(" | ").slice(0, 260)); }
    if (!(e instanceof Error) || !/Validation failed|ParameterRange|TuningStrategy|TuningObjective|WarmStart|TrainingInstanceType|Stack\/|^Fuzz\d+\/\w+: /.test(e.message)) {
      console.log(`config ${i}: unexpected error: ${(e as Error).message?.slice(0, 300)}`);
    }
  }
}
console.log(`${count} random configurations: ${synthesized} synthesized (check their requests), ${rejected} rejected at synth`);
