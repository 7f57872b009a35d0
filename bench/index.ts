// Benchmarks of cdk-sagemaker-tuning. Prints figures, asserts nothing.
//
//   bash bench/run.sh
//   (= npx projen bundle && npx ts-node --transpile-only --project test/tsconfig.json bench/index.ts)
//
// BENCH_QUICK=1 runs fewer repetitions (a smoke run).
import * as os from 'os';
import * as path from 'path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ParameterRange, TrainingAlgorithm, TrainingImage, TrainingInput, TrainingJobDefinition, TuningJob, TuningObjective,
} from '../src';
import { ROOT, bundles, coldInit, comparisonBundles, median, sizes } from './cold-init';
import { IAM_MAX_MANAGED_POLICY, IAM_MAX_ROLE_INLINE, policySizes } from './iam-size';
import { CASES, measure as measureLongWait } from './long-wait';
import { waitCost, waiterPolicy } from './polling';
import { STACK_NAME, Template, baselineStack, equalPermissionsStack, libraryStack, newApp, cleanup, synthOnce } from './stacks';
import { CFN_MAX_RESOURCES, CFN_MAX_TEMPLATE_BYTES } from '../src/private/stack-limits';

const QUICK = process.env.BENCH_QUICK === '1';
const SIZES = [1, 10, 100, 150];
const REPEATS: Record<number, number> = QUICK ? { 1: 2, 10: 2, 100: 1, 150: 1 } : { 1: 21, 10: 15, 100: 15, 150: 9 };
const LARGEST_REPEATS = QUICK ? 1 : 3;
const COLD_RUNS = QUICK ? 3 : 11;

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map(r => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map(r => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((w, i) => (i === 0 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const kib = (bytes: number) => `${fmt(bytes / 1024, 1)} KiB`;

function countByType(template: Template): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of Object.values(template.Resources)) {
    counts.set(r.Type, (counts.get(r.Type) ?? 0) + 1);
  }
  return counts;
}

/** The resolved Request property (an Fn::Join) of every tuning job, by logical id. */
function requests(template: Template): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Type === 'Custom::SageMakerTuningJob') {
      out.set(id, JSON.stringify(r.Properties?.Request));
    }
  }
  return out;
}

/** The IAM resources of a template (roles and policies), descriptions left out, by logical id. */
function iamResources(template: Template): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Type.startsWith('AWS::IAM::')) {
      const { Description: _d, ...props } = (r.Properties ?? {}) as Record<string, unknown>;
      out.set(id, JSON.stringify(props));
    }
  }
  return out;
}

interface Measured {
  lib: number;
  bare: number;
  equal: number;
  /** Median over the rounds of the round's library time over its baseline's (the three stacks of a round run back to back). */
  libOverBare: number;
  libOverEqual: number;
  lib_t: Template;
  equal_t: Template;
  bare_t: Template;
  bytes: number;
}

function measure(n: number, repeats: number): Measured {
  const lib: number[] = [];
  const bare: number[] = [];
  const equal: number[] = [];
  let last: { lib: ReturnType<typeof synthOnce>; bare: ReturnType<typeof synthOnce>; equal: ReturnType<typeof synthOnce> } | undefined;
  for (let r = 0; r < repeats; r++) {
    // Interleaved, in a rotating order, so that drift on a shared machine hits all three alike.
    const order = [0, 1, 2].map(i => (i + r) % 3);
    const runs: Partial<Record<'lib' | 'bare' | 'equal', ReturnType<typeof synthOnce>>> = {};
    for (const i of order) {
      if (i === 0) { runs.lib = synthOnce(libraryStack, n); lib.push(runs.lib.ms); }
      if (i === 1) { runs.bare = synthOnce(baselineStack, n); bare.push(runs.bare.ms); }
      if (i === 2) { runs.equal = synthOnce(equalPermissionsStack, n); equal.push(runs.equal.ms); }
    }
    last = runs as typeof last;
  }
  return {
    lib: median(lib),
    bare: median(bare),
    equal: median(equal),
    libOverBare: median(lib.map((l, i) => l / bare[i])),
    libOverEqual: median(lib.map((l, i) => l / equal[i])),
    lib_t: last!.lib.template,
    bare_t: last!.bare.template,
    equal_t: last!.equal.template,
    bytes: last!.lib.bytes,
  };
}

function row(n: number, m: Measured): (string | number)[] {
  const libRequests = requests(m.lib_t);
  const baseRequests = requests(m.bare_t);
  const same = [...libRequests].filter(([id, req]) => baseRequests.get(id) === req).length;
  const libIam = iamResources(m.lib_t);
  const eqIam = iamResources(m.equal_t);
  const sameIam = [...libIam].filter(([id, p]) => eqIam.get(id) === p).length;
  return [n, fmt(m.lib, 0), fmt(m.bare, 0), fmt(m.equal, 0), `${fmt(m.libOverBare, 2)}x`, `${fmt(m.libOverEqual, 2)}x`,
    fmt((m.lib - m.equal) / n, 2), `${same}/${libRequests.size}`, `${sameIam}/${libIam.size} (${eqIam.size})`,
    Object.keys(m.lib_t.Resources).length, kib(m.bytes)];
}

const SYNTH_HEADERS = ['N jobs', 'library ms', 'bare ms', 'equal-perm ms', 'lib/bare', 'lib/equal', 'extra ms/job vs equal',
  'same Request', 'same IAM (equal has)', 'resources', 'template'];

function benchSynth(): Map<number, Template> {
  console.log('## (a) synth time: library vs two raw-CustomResource baselines\n');
  console.log('Each run builds a fresh App with one stack of N tuning jobs and calls app.synth() (construction,');
  console.log('validation, rendering, IAM grants, template and asset staging). Both baselines build the same');
  console.log('Request JSON (Stack.toJsonString) as raw CustomResources on the same provider (same service token):');
  console.log('"bare" gives each job a role with no permissions and the handlers no grants; "equal-perm" writes by');
  console.log('hand the same IAM the library synthesizes (compared resource by resource in "same IAM").');
  console.log(`Median of ${Object.entries(REPEATS).map(([n, r]) => `${r} (N=${n})`).join(', ')} rounds after one warm-up; a round runs the`);
  console.log('three stacks back to back in a rotating order. The ratios are the median of the rounds\' own ratios (a round\'s');
  console.log('three runs share the machine\'s state, so drift between rounds cancels out).\n');

  // Warm-up: module loading and JIT.
  synthOnce(libraryStack, 3);
  synthOnce(baselineStack, 3);
  synthOnce(equalPermissionsStack, 3);

  const templates = new Map<number, Template>();
  const rows: (string | number)[][] = [];
  for (const n of SIZES) {
    const m = measure(n, REPEATS[n]);
    templates.set(n, m.lib_t);
    templates.set(-n, m.equal_t);
    rows.push(row(n, m));
  }
  console.log(table(SYNTH_HEADERS, rows));
  console.log();
  return templates;
}

function benchResources(templates: Map<number, Template>): number {
  console.log('## (b) template resources and IAM policy sizes against N\n');
  const total = (n: number) => Object.keys(templates.get(n)!.Resources).length;
  const k = (total(100) - total(10)) / 90;
  const constant = total(1) - k;
  const rows = SIZES.map(n => {
    const t = templates.get(n)!;
    const types = countByType(t);
    const iam = policySizes(t, STACK_NAME);
    const equal = policySizes(templates.get(-n)!, STACK_NAME);
    const handler = (re: RegExp) => iam.roleInline.find(r => re.test(r.id))?.size ?? 0;
    const maxOf = (xs: Array<{ size: number }>) => Math.max(0, ...xs.map(x => x.size));
    const training = iam.roleInline.filter(r => /^Def[0-9]+Role/.test(r.id));
    return [n, total(n), fmt(constant + k * n, 0), types.get('Custom::SageMakerTuningJob') ?? 0, types.get('AWS::IAM::Role') ?? 0,
      types.get('AWS::IAM::Policy') ?? 0, types.get('AWS::IAM::ManagedPolicy') ?? 0,
      fmt(handler(/^SageMakerTuningProviderOnEventRole/)), fmt(handler(/^SageMakerTuningProviderIsCompleteRole/)),
      fmt(maxOf(training)), fmt(maxOf(iam.managed)), `${fmt(maxOf(iam.roleInline))} / ${fmt(maxOf(equal.roleInline))}`];
  });
  console.log(table(['N jobs', 'resources', 'fit', 'tuning jobs', 'roles', 'IAM::Policy', 'managed policies',
    'onEvent role inline', 'isComplete role inline', 'largest training role inline', 'largest managed', 'largest role inline lib / equal'], rows));
  console.log(`\nresources = ${fmt(constant, 0)} + ${fmt(k, 2)}·N  (the bucket, the shared provider and the shared logs-and-metrics policy;`);
  console.log('per job: the custom resource and the training role, its policy inline).');
  console.log('IAM sizes: characters IAM counts (JSON without white space) with every intrinsic resolved to a realistic long value');
  console.log('(partition aws-us-gov, region ap-southeast-2, 64-character role names, 63-character bucket names: bench/iam-size.ts).');
  console.log(`Limits: a managed policy ${fmt(IAM_MAX_MANAGED_POLICY)}, a role's inline policies together ${fmt(IAM_MAX_ROLE_INLINE)}.\n`);

  // The largest N that deploys: the first of CloudFormation's limits the stack reaches.
  const bytes = (n: number) => Buffer.byteLength(JSON.stringify(templates.get(n)!, undefined, 1));
  const kb = (bytes(100) - bytes(10)) / 90;
  const byResources = Math.floor((CFN_MAX_RESOURCES - constant) / k);
  const byBytes = Math.floor((CFN_MAX_TEMPLATE_BYTES - (bytes(1) - kb)) / kb);
  const largest = Math.min(byResources, byBytes);
  console.log(`Largest N: ${fmt(byResources)} by resources (${CFN_MAX_RESOURCES} per stack), ${fmt(byBytes)} by template size`);
  console.log(`(${fmt(CFN_MAX_TEMPLATE_BYTES)} bytes, ${fmt(kb, 0)} bytes per job): N = ${largest}, checked below.\n`);
  return largest;
}

function benchLargest(largest: number): void {
  console.log(`## (c) the largest N that deploys (${largest}) and one more\n`);
  const m = measure(largest, LARGEST_REPEATS);
  console.log(table(SYNTH_HEADERS, [row(largest, m)]));
  const iam = policySizes(m.lib_t, STACK_NAME);
  const maxOf = (xs: Array<{ size: number }>) => Math.max(0, ...xs.map(x => x.size));
  console.log(`\nN = ${largest}: ${Object.keys(m.lib_t.Resources).length} resources, ${fmt(m.bytes)} template bytes, `
    + `largest managed policy ${fmt(maxOf(iam.managed))}, largest role inline ${fmt(maxOf(iam.roleInline))} characters.`);
  const app = newApp();
  try {
    libraryStack(app, largest + 1);
    app.synth();
    console.log(`N = ${largest + 1}: synthesized (unexpected)`);
  } catch (e) {
    console.log(`N = ${largest + 1}: synth fails: ${(e as Error).message.split('\n').find(l => l.includes('CloudFormation')) ?? (e as Error).message}`);
  } finally {
    cleanup(app);
  }
  console.log();
}

function benchBundles(): void {
  console.log('## (d) handler bundles\n');
  console.log('The one bundle every function runs (assets/handler), and for comparison each handler bundled on its own');
  console.log('with the same esbuild arguments (the two assets of the previous layout).\n');
  const rows = [...bundles(), ...comparisonBundles()].map(b => {
    const s = sizes(b.file);
    return [b.name, fmt(s.bytes), kib(s.bytes), fmt(s.gzip), kib(s.gzip)];
  });
  console.log(table(['bundle', 'bytes', '', 'gzip -9 bytes', ''], rows));
  console.log();
}

function benchColdInit(): void {
  console.log(`## (e) handler cold init (fresh node ${process.version} process, median of ${COLD_RUNS})\n`);
  console.log('require() of the bundle includes creating its SageMaker client (done at module load).');
  console.log('For reference: node alone, and the unbundled SDK from node_modules (require + new client).\n');
  const rows: (string | number)[][] = [];
  const empty = coldInit(path.join(__dirname, 'empty-module.js'), COLD_RUNS);
  rows.push(['(empty module)', fmt(empty.requireMs, 1), '-', fmt(empty.processMs, 0)]);
  for (const b of [...bundles(), ...comparisonBundles()]) {
    const t = coldInit(b.file, COLD_RUNS);
    rows.push([b.name, fmt(t.requireMs, 1), '(in require)', fmt(t.processMs, 0)]);
  }
  const sdk = coldInit(require.resolve('@aws-sdk/client-sagemaker', { paths: [ROOT] }), COLD_RUNS, true);
  rows.push(['@aws-sdk/client-sagemaker (node_modules)', fmt(sdk.requireMs, 1), fmt(sdk.clientMs, 1), fmt(sdk.processMs, 0)]);
  console.log(table(['module', 'require ms', 'new client ms', 'process ms'], rows));
  console.log();
}

function benchPolling(): void {
  console.log('## (f) invocations per hour of waiting (read from the synthesized waiter state machine)\n');
  const rows: (string | number)[][] = [];
  for (const poll of [Duration.seconds(10), Duration.minutes(1), Duration.minutes(5)]) {
    const app = newApp();
    const stack = new Stack(app, STACK_NAME);
    const bucket = new s3.Bucket(stack, 'Data');
    const definition = new TrainingJobDefinition(stack, 'Def', {
      algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1')),
      inputs: [TrainingInput.fromBucket('validation', bucket, 'validation/')],
      outputBucket: bucket,
      staticHyperParameters: { objective: 'binary:logistic' },
      parameterRanges: [ParameterRange.integer('max_depth', { min: 3, max: 10 })],
    });
    new TuningJob(stack, 'Job', {
      trainingJobDefinitions: [definition],
      objective: TuningObjective.maximize('validation:auc'),
      maxTrainingJobs: 4,
      waitTimeout: Duration.minutes(50),
      pollInterval: poll.toSeconds() === 60 ? undefined : poll,
    });
    const template = app.synth().getStackByName(STACK_NAME).template as Template;
    cleanup(app);
    const policy = waiterPolicy(template);
    const cost = waitCost(policy);
    const label = poll.toSeconds() === 60 ? '60 s (default)' : `${poll.toSeconds()} s`;
    rows.push([label, policy.maxAttempts, fmt(cost.maxWaitMinutes, 0), fmt(cost.ourInvocationsPerHour),
      fmt(cost.frameworkInvocationsPerHour), fmt(cost.ourInvocationsPerHour + cost.frameworkInvocationsPerHour),
      fmt(cost.stateTransitionsPerHour), fmt(cost.describeCallsPerHour)]);
  }
  console.log(table(['poll interval', 'max attempts', 'covers min', 'our isComplete/h', 'framework isComplete/h',
    'Lambda invocations/h', 'state transitions/h', 'Describe calls/h'], rows));
  console.log('\nPer operation on top: framework onEvent + our onEvent (2 invocations), 1 StartExecution, the first');
  console.log('isComplete attempt right away; a job that outlives the retries ends in framework-onTimeout (1 more).');
  console.log('A detached job returns at its first attempt once the job is InProgress. The provider framework\'s');
  console.log('own default, a 5 s queryInterval, would be 720 attempts (1,440 invocations) per hour.\n');
}

async function benchLongWait(): Promise<void> {
  console.log('## (f) Lambda invocations per job-hour, by wait mode (bench/long-wait.ts: replayed against the synthesized template)\n');
  const rows: (string | number)[][] = [];
  const details: string[] = [];
  for (const shape of CASES) {
    const m = await measureLongWait(shape);
    rows.push([shape.label, m.mode, fmt(m.waitSeconds / 3600, 2), fmt(m.jobHours, 1), m.invocations, fmt(m.invocations / m.jobHours, 1),
      m.signals, m.signalledAtMinute === undefined ? '-' : m.signalledAtMinute]);
    details.push(`- ${shape.label}: ${Object.entries(m.byKind).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  }
  console.log(table(['job', 'mode', 'wait h', 'job h', 'invocations', 'per job-hour', 'signals', 'signalled at min'], rows));
  console.log(`\n${details.join('\n')}\n`);
  const perDay = (await measureLongWait(CASES.find(c => c.label.includes('events'))!)).stackChecksPerDay;
  console.log(`On top, per stack with long waits, whatever their number: its safety check, ${perDay} invocations a day for as long as the stack exists `
    + '(counted above while a wait lasts; otherwise one ListStackResources call each).\n');
}

async function main(): Promise<void> {
  const start = Date.now();
  if (process.env.BENCH_ONLY === 'f') {
    await benchLongWait();
    return;
  }
  console.log(`# cdk-sagemaker-tuning benchmarks (${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${os.cpus().length} CPUs${QUICK ? ', QUICK' : ''})\n`);
  const templates = benchSynth();
  benchLargest(benchResources(templates));
  benchBundles();
  benchColdInit();
  benchPolling();
  await benchLongWait();
  console.log(`(total ${fmt((Date.now() - start) / 1000, 0)} s)`);
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
