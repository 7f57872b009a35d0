/**
 * One place for each limit and name pattern: each known limit of the services, written as a
 * literal in code (comments are not code; strings are, since a message that spells a limit out
 * repeats it), appears in exactly one module of src/, its owner; every other module imports it.
 * Generated data (`*.generated.ts`: the service model, the built-in algorithm tables) is the
 * services' own text and is not scanned.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MAX_JOB_TAGS } from '../src/shared/contract';
import { MAX_LENGTH } from '../src/shared/max-length';
import { SERVICE_SHAPES } from '../src/validation/service-model.generated';

const SRC = path.join(__dirname, '..', 'src');

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      return sourcesUnder(p);
    }
    return e.name.endsWith('.ts') && !e.name.endsWith('.generated.ts') ? [p] : [];
  });
}

/** The code of a file, one entry a line, without comments. */
function codeLines(file: string): string[] {
  const text = fs.readFileSync(file, 'utf-8').replace(/\/\*[\s\S]*?\*\//g, m => m.replace(/[^\n]/g, ''));
  return text.split('\n').map(line => {
    // a `//` comment starts where `//` follows whitespace outside a string ('https://' is inside one)
    const at = line.search(/(^|\s)\/\//);
    if (at < 0) {
      return line;
    }
    const before = line.slice(0, at);
    const quotes = (before.match(/['`"]/g) ?? []).length;
    return quotes % 2 === 0 ? before : line;
  });
}

const FILES = sourcesUnder(SRC).map(f => ({
  name: path.relative(path.join(SRC, '..'), f),
  lines: codeLines(f),
}));

interface Limit {
  /** What the literal is. */
  readonly what: string;
  /** The module that owns it. */
  readonly owner: string;
  /** The literal, as code writes it. */
  readonly literal: RegExp;
  /** Only lines that also match this are about the limit (for numbers that mean other things too). */
  readonly context?: RegExp;
  /** Modules that still repeat it, each with the reason in a comment. */
  readonly pending?: string[];
}

const LIMITS: Limit[] = [
  { what: 'the longest polled wait, 55 minutes', owner: 'src/shared/long-wait.ts', literal: /\b55 \* 60\b|\b3_?300\b/ },
  // (60 converts minutes everywhere: the literal is the constant's definition, or a wait compared with 60)
  { what: 'the shortest wait, 1 minute', owner: 'src/private/tuning-job-provider.ts', literal: /MIN_WAIT_SECONDS = 60\b|\bwait\w*\s*[<>]=?\s*60\b/i },
  { what: 'the WaitCondition timeout, 12 hours', owner: 'src/shared/long-wait.ts', literal: /\b43_?200\b|\b12 \* 3_?600\b|\b12 \* 60 \* 60\b/ },
  { what: 'the tuning job name pattern', owner: 'src/handler/naming.ts', literal: /\{0,31\}/ },
  { what: 'the tuning job name length, 32', owner: 'src/shared/max-length.ts', literal: /(?<![\w.-])32(?![\w.-])/ },
  { what: 'a custom resource response, 4,096 bytes', owner: 'src/shared/response-size.ts', literal: /\b4_?096\b/ },
  { what: 'resources in a template, 500', owner: 'src/private/stack-limits.ts', literal: /(?<![\w.])500(?![\w.])/, context: /resource/i },
  { what: 'template bytes, 1,000,000', owner: 'src/private/stack-limits.ts', literal: /\b1_?000_?000\b/ },
  {
    what: 'tags of a SageMaker job, 50',
    owner: 'src/shared/contract.ts',
    literal: /(?<![\w.])50(?![\w.])/,
    context: /tag/i,
  },
  { what: 'the poll interval bounds, 10 s to 15 min', owner: 'src/private/tuning-job-provider.ts', literal: /(?<![\w.])(10|900)(?![\w.])|minutes\(15\)/, context: /poll(?!ed)/i },
  { what: 'the default poll interval, 1 minute', owner: 'src/private/tuning-job-provider.ts', literal: /minutes\(1\)|(?<![\w.])60(?![\w.])/, context: /poll(?!ed)/i },
  { what: 'the default training job runtime, 1 day', owner: 'src/validation/definition/stopping.ts', literal: /\b86_?400\b|\bdays\(1\)|\b24 \* 3_?600\b/, context: /runtime/i },
  { what: 'a training job runtime, 28 days', owner: 'src/validation/definition/stopping.ts', literal: /\b28 \* 24\b|\bdays\(28\)/ },
  { what: 'Hyperband MaxResource, 20,000', owner: 'src/validation/job/hyperband.ts', literal: /\b20_?000\b/ },
  { what: 'an EventBridge event pattern, 2,048 characters', owner: 'src/private/long-wait.ts', literal: /\b2_?048\b/ },
  { what: 'the wait key, 16 upper-case hex digits', owner: 'src/shared/long-wait.ts', literal: /\[0-9A-F\]\{16\}/ },
  { what: 'the safety check\'s pages of stack resources', owner: 'src/shared/long-wait.ts', literal: /MAX_STACK_RESOURCE_PAGES = / },
  { what: 'hyperparameters of a training job, 100', owner: 'src/validation/definition/hyperparameters.ts', literal: /(?<![\w.])100(?![\w.])/, context: /hyperparameter/i },
];

describe('each limit and pattern is written in one module', () => {
  test.each(LIMITS.map(l => [l.what, l] as const))('%s', (_what, limit) => {
    const holders = FILES
      .filter(f => f.lines.some(line => limit.literal.test(line) && (!limit.context || limit.context.test(line))))
      .map(f => f.name);
    expect(holders).toEqual([limit.owner, ...(limit.pending ?? [])].sort());
  });
});

describe('the owners agree with the service model', () => {
  test('tags and the tuning job name length', () => {
    expect(SERVICE_SHAPES.TagList.max).toBe(MAX_JOB_TAGS);
    expect(SERVICE_SHAPES.HyperParameterTuningJobName.max).toBe(MAX_LENGTH.TUNING_JOB_NAME);
    expect(SERVICE_SHAPES.HyperParameterTuningJobName.pattern).toContain(`{0,${MAX_LENGTH.TUNING_JOB_NAME - 1}}`);
  });
});
