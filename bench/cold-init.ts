// Handler bundle size and cold initialization, measured in fresh `node` processes.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';

export const ROOT = path.resolve(__dirname, '..');
const HANDLER_DIR = path.join(ROOT, 'assets', 'handler');

export interface Bundle {
  readonly name: string;
  readonly file: string;
}

/** The bundled handlers (assets/handler/<name>/index.js), made by `npx projen bundle`. */
export function bundles(): Bundle[] {
  if (!fs.existsSync(HANDLER_DIR)) {
    throw new Error(`${HANDLER_DIR} does not exist: run 'npx projen bundle' first`);
  }
  return fs.readdirSync(HANDLER_DIR)
    .map(name => ({ name, file: path.join(HANDLER_DIR, name, 'index.js') }))
    .filter(b => fs.existsSync(b.file))
    .sort((a, b) => a.name.localeCompare(b.name));
}

let comparison: Bundle[] | undefined;

/**
 * For comparison: each handler bundled on its own (the previous layout: one asset per
 * handler), built into a temporary directory with the esbuild arguments of the projen
 * bundle task (.projen/tasks.json), only the entry point and output file changed.
 */
export function comparisonBundles(): Bundle[] {
  if (comparison) {
    return comparison;
  }
  const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf8'));
  const step = tasks.tasks['bundle:handler/main.lambda'].steps.find((x: { exec?: string; execArgs?: string[] }) => x.execArgs?.[0] === 'esbuild');
  const args: string[] = step.execArgs.slice(1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bundles-'));
  comparison = ['on-event', 'is-complete'].map(entry => {
    const file = path.join(dir, `${entry} alone`, 'index.js');
    const own = args.map(a => (a === 'src/handler/main.lambda.ts' ? `src/handler/${entry}.ts` : a.startsWith('--outfile=') ? `--outfile=${file}` : a));
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'esbuild'), own, { cwd: ROOT, stdio: 'ignore' });
    return { name: `${entry} alone (comparison)`, file };
  });
  return comparison;
}

export function sizes(file: string): { bytes: number; gzip: number } {
  const content = fs.readFileSync(file);
  return { bytes: content.length, gzip: zlib.gzipSync(content, { level: 9 }).length };
}

// Runs in the child: time `require()` of the module (for the bundles this includes creating
// the SageMaker client, which they do at load time), then of constructing a client (`client`
// argument: the module exports a SageMakerClient class), and print the figures as JSON.
const PROBE = `
const start = process.hrtime.bigint();
const mod = require(process.argv[1]);
const loaded = process.hrtime.bigint();
if (process.argv[2] === 'client') { new mod.SageMakerClient({}); }
const done = process.hrtime.bigint();
process.stdout.write(JSON.stringify({ requireMs: Number(loaded - start) / 1e6, clientMs: Number(done - loaded) / 1e6 }));
`;

export interface InitTiming {
  /** require() of the module, median (ms). */
  readonly requireMs: number;
  /** constructing a client after require, median (ms). */
  readonly clientMs: number;
  /** the whole process (spawn to exit), median (ms). */
  readonly processMs: number;
}

/** Median timings of loading `modulePath` in `runs` fresh node processes. */
export function coldInit(modulePath: string, runs: number, constructClient = false): InitTiming {
  const requireMs: number[] = [];
  const clientMs: number[] = [];
  const processMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const out = execFileSync(process.execPath, ['-e', PROBE, modulePath, constructClient ? 'client' : ''], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
      },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'], // the SDK warns about node < 22 on stderr
    });
    processMs.push(Number(process.hrtime.bigint() - start) / 1e6);
    const parsed = JSON.parse(out) as { requireMs: number; clientMs: number };
    requireMs.push(parsed.requireMs);
    clientMs.push(parsed.clientMs);
  }
  return { requireMs: median(requireMs), clientMs: median(clientMs), processMs: median(processMs) };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
