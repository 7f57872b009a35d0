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
  ParameterRange, TrainingAlgorithm, TrainingImage, TrainingJobDefinition, TuningJob, TuningObjective,
} from '../src';
import { ROOT, bundles, coldInit, median, sizes } from './cold-init';
import { CASES, measure } from './long-wait';
import { waitCost, waiterPolicy } from './polling';
import { STACK_NAME, Template, baselineStack, libraryStack, newApp, cleanup, synthOnce } from './stacks';

const QUICK = process.env.BENCH_QUICK === '1';
const SIZES = [1, 10, 100];
const REPEATS: Record<number, number> = QUICK ? { 1: 2, 10: 2, 100: 1 } : { 1: 21, 10: 15, 100: 9 };
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

/**
 * The IAM policies attached to the onEvent handler's role (the one that grows with the jobs:
 * a tuning-job name pattern and an iam:PassRole ARN per job): how many, and how many
 * resource ARNs they list. aws-cdk-lib moves what does not fit the role's inline policy
 * (10,240 characters) into "OverflowPolicy" managed policies (at most 10 per role by default).
 */
function onEventPolicies(template: Template): { policies: number; managed: number; resources: number } {
  const role = Object.keys(template.Resources).find(id => /^SageMakerTuningProviderOnEventRole[0-9A-F]{8}$/.test(id));
  let policies = 0;
  let managed = 0;
  let resources = 0;
  for (const r of Object.values(template.Resources)) {
    const roles = (r.Properties?.Roles ?? []) as { Ref?: string }[];
    if ((r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') && roles.some(x => x.Ref === role)) {
      policies++;
      managed += r.Type === 'AWS::IAM::ManagedPolicy' ? 1 : 0;
      const statements = (r.Properties?.PolicyDocument as { Statement: { Resource: unknown }[] }).Statement;
      resources += statements.reduce((sum, st) => sum + (Array.isArray(st.Resource) ? st.Resource.length : 1), 0);
    }
  }
  return { policies, managed, resources };
}

function benchSynth(): Map<number, Template> {
  console.log('## (a) synth time: library vs raw CustomResource baseline\n');
  console.log('Each run builds a fresh App with one stack of N tuning jobs and calls app.synth() (construction,');
  console.log('validation, rendering, IAM grants, template and asset staging). The baseline builds the same');
  console.log('Request JSON (Stack.toJsonString) as raw CustomResources on the same provider (same service token).');
  console.log(`Median of ${Object.entries(REPEATS).map(([n, r]) => `${r} (N=${n})`).join(', ')} interleaved runs after one warm-up.\n`);

  // Warm-up: module loading and JIT.
  synthOnce(libraryStack, 3);
  synthOnce(baselineStack, 3);

  const templates = new Map<number, Template>();
  const rows: (string | number)[][] = [];
  for (const n of SIZES) {
    const lib: number[] = [];
    const base: number[] = [];
    let libTemplate: Template | undefined;
    let baseTemplate: Template | undefined;
    let libBytes = 0;
    for (let r = 0; r < REPEATS[n]; r++) {
      const a = synthOnce(libraryStack, n);
      const b = synthOnce(baselineStack, n);
      lib.push(a.ms);
      base.push(b.ms);
      libTemplate = a.template;
      baseTemplate = b.template;
      libBytes = a.bytes;
    }
    templates.set(n, libTemplate!);
    const libRequests = requests(libTemplate!);
    const baseRequests = requests(baseTemplate!);
    const identical = [...libRequests].filter(([id, req]) => baseRequests.get(id) === req).length;
    const libMs = median(lib);
    const baseMs = median(base);
    rows.push([n, fmt(libMs, 0), fmt(baseMs, 0), `${fmt(libMs / baseMs, 2)}x`, fmt((libMs - baseMs) / n, 1),
      `${identical}/${libRequests.size}`, kib(libBytes)]);
  }
  console.log(table(['N jobs', 'library ms', 'baseline ms', 'ratio', 'extra ms/job', 'same Request', 'template'], rows));
  console.log();
  return templates;
}

function benchResources(templates: Map<number, Template>): void {
  console.log('## (b) template resources against N (the provider is shared per stack)\n');
  const total = (n: number) => Object.keys(templates.get(n)!.Resources).length;
  const k = (total(100) - total(10)) / 90;
  const constant = total(1) - k;
  const rows = SIZES.map(n => {
    const t = templates.get(n)!;
    const types = countByType(t);
    const policies = onEventPolicies(t);
    return [n, total(n), fmt(constant + k * n, 0), types.get('Custom::SageMakerTuningJob') ?? 0,
      types.get('AWS::Lambda::Function') ?? 0, types.get('AWS::StepFunctions::StateMachine') ?? 0,
      types.get('AWS::IAM::Role') ?? 0, `${policies.resources} ARNs in ${policies.policies} (${policies.managed} managed)`];
  });
  console.log(table(['N jobs', 'resources', 'fit', 'tuning jobs', 'functions', 'state machines', 'roles', 'onEvent role policies'], rows));
  console.log(`\nresources = ${fmt(constant, 0)} + ${fmt(k, 2)}·N  (the bucket + the shared provider; per job: custom resource, training role and its policy)`);
  console.log('The onEvent role lists 2 ARNs per job (tuning-job name pattern, iam:PassRole); aws-cdk-lib moves what');
  console.log('exceeds the 10,240-character inline limit into managed "OverflowPolicy"s (IAM allows 10 per role by default).');
  console.log('CloudFormation accepts templates up to 1 MB (uploaded to S3 by the CDK CLI).\n');
}

function benchBundles(): void {
  console.log('## (c) handler bundles\n');
  const rows = bundles().map(b => {
    const s = sizes(b.file);
    return [b.name, fmt(s.bytes), kib(s.bytes), fmt(s.gzip), kib(s.gzip)];
  });
  console.log(table(['bundle', 'bytes', '', 'gzip -9 bytes', ''], rows));
  console.log();
}

function benchColdInit(): void {
  console.log(`## (d) handler cold init (fresh node ${process.version} process, median of ${COLD_RUNS})\n`);
  console.log('require() of the bundle includes creating its SageMaker client (done at module load).');
  console.log('For reference: node alone, and the unbundled SDK from node_modules (require + new client).\n');
  const rows: (string | number)[][] = [];
  const empty = coldInit(path.join(__dirname, 'empty-module.js'), COLD_RUNS);
  rows.push(['(empty module)', fmt(empty.requireMs, 1), '-', fmt(empty.processMs, 0)]);
  for (const b of bundles()) {
    const t = coldInit(b.file, COLD_RUNS);
    rows.push([b.name, fmt(t.requireMs, 1), '(in require)', fmt(t.processMs, 0)]);
  }
  const sdk = coldInit(require.resolve('@aws-sdk/client-sagemaker', { paths: [ROOT] }), COLD_RUNS, true);
  rows.push(['@aws-sdk/client-sagemaker (node_modules)', fmt(sdk.requireMs, 1), fmt(sdk.clientMs, 1), fmt(sdk.processMs, 0)]);
  console.log(table(['module', 'require ms', 'new client ms', 'process ms'], rows));
  console.log();
}

function benchPolling(): void {
  console.log('## (e) invocations per hour of waiting (read from the synthesized waiter state machine)\n');
  const rows: (string | number)[][] = [];
  for (const poll of [Duration.seconds(10), Duration.minutes(1), Duration.minutes(5)]) {
    const app = newApp();
    const stack = new Stack(app, STACK_NAME);
    const bucket = new s3.Bucket(stack, 'Data');
    const definition = new TrainingJobDefinition(stack, 'Def', {
      algorithm: TrainingAlgorithm.fromImage(TrainingImage.fromRegistry('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1')),
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
    const m = await measure(shape);
    rows.push([shape.label, m.mode, fmt(m.waitSeconds / 3600, 2), fmt(m.jobHours, 1), m.invocations, fmt(m.invocations / m.jobHours, 1),
      m.signals, m.signalledAtMinute === undefined ? '-' : m.signalledAtMinute]);
    details.push(`- ${shape.label}: ${Object.entries(m.byKind).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  }
  console.log(table(['job', 'mode', 'wait h', 'job h', 'invocations', 'per job-hour', 'signals', 'signalled at min'], rows));
  console.log(`\n${details.join('\n')}\n`);
}

async function main(): Promise<void> {
  const start = Date.now();
  console.log(`# cdk-sagemaker-tuning benchmarks (${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${os.cpus().length} CPUs${QUICK ? ', QUICK' : ''})\n`);
  const templates = benchSynth();
  benchResources(templates);
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
