// CloudFormation's per-stack limits (src/private/stack-limits.ts): the resource count is checked
// before synthesis; the template size is measured on the template the stack's synthesizer has
// just written (one `stat`), and a template over 1 MB fails `app.synth()` with the way out.
import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { definition, tuningJob } from './fixtures';
import { cleanup, libraryStack, newApp } from '../bench/stacks';
import { CFN_MAX_TEMPLATE_BYTES } from '../src/private/stack-limits';

const ENV = { account: '123456789012', region: 'us-east-1' };

/** `jobs` tuning jobs of 10 definitions with 96 static hyperparameters of 250 characters each (about 290 KB of template per job). */
function addLargeJobs(stack: Stack, jobs: number): void {
  const staticHyperParameters = Object.fromEntries(Array.from({ length: 96 }, (_, i) => [`p${i}`, 'v'.repeat(250)]));
  for (let j = 0; j < jobs; j++) {
    const defs = Array.from({ length: 10 }, (_, d) => definition(stack, `J${j}D${d}`, { staticHyperParameters: { objective: 'binary:logistic', ...staticHyperParameters } }));
    tuningJob(stack, { trainingJobDefinitions: defs }, `Job${j}`);
  }
}

function templateSize(outdir: string, file: string): number {
  return fs.statSync(path.join(outdir, file)).size;
}

describe('the template-size check', () => {
  test('a template over 1 MB fails synth with its exact size, the jobs\' share and the way out', () => {
    const app = newApp();
    try {
      const stack = new Stack(app, 'Big', { env: ENV });
      addLargeJobs(stack, 4);
      expect(() => app.synth()).toThrow(/\[Big\] stack Big's template is [0-9]+ bytes, but CloudFormation accepts at most 1000000 bytes per template; its 4 tuning jobs take about [0-9]+ bytes each \(each carries its whole request, and its training role's policy\)\. Put some of the tuning jobs .* in another stack: a second Stack, or a NestedStack/);
      // The size in the message is the template the synthesizer wrote; each job's share is measured in it.
      let message = '';
      try {
        app.synth();
      } catch (e) {
        message = (e as Error).message;
      }
      const written = templateSize(app.outdir, stack.templateFile);
      expect(written).toBeGreaterThan(CFN_MAX_TEMPLATE_BYTES);
      expect(message).toContain(`template is ${written} bytes`);
      const each = Number(/take about ([0-9]+) bytes each/.exec(message)![1]);
      expect(each).toBeGreaterThan(200_000);
      expect(each * 4).toBeLessThan(written);
    } finally {
      cleanup(app);
    }
  });

  test('a template under 1 MB synthesizes, and the check writes nothing to the assembly', () => {
    const app = newApp();
    try {
      const stack = new Stack(app, 'Fits', { env: ENV });
      addLargeJobs(stack, 3);
      const files = (dir: string) => fs.readdirSync(dir).sort();
      const assembly = app.synth();
      expect(templateSize(app.outdir, stack.templateFile)).toBeLessThanOrEqual(CFN_MAX_TEMPLATE_BYTES);
      // The stack's artifacts and files only: the check adds none.
      expect(assembly.artifacts.map(a => a.id).sort()).toEqual(['Fits', 'Fits.assets', 'Tree']);
      expect(files(app.outdir).filter(f => !f.startsWith('asset.'))).toEqual(
        ['Fits.assets.json', 'Fits.metadata.json', 'Fits.template.json', 'cdk.out', 'manifest.json', 'tree.json']);
      // The check is a construct next to the stack, added after it (synthesis visits it after the stack).
      const siblings = app.node.children.map(c => c.node.id);
      expect(siblings.indexOf('SageMakerTuningTemplateSizeOfFits')).toBeGreaterThan(siblings.indexOf('Fits'));
    } finally {
      cleanup(app);
    }
  });

  test('a nested stack\'s template is checked on its own (with its path)', () => {
    const app = newApp();
    try {
      const parent = new Stack(app, 'Parent', { env: ENV });
      const nested = new NestedStack(parent, 'Jobs');
      addLargeJobs(nested, 4);
      expect(() => app.synth()).toThrow(/\[Parent\/Jobs\] stack .*'s template is [0-9]+ bytes, but CloudFormation accepts at most 1000000 bytes per template; its 4 tuning jobs/);
    } finally {
      cleanup(app);
    }
  });

  test('a stack in a Stage (its own cloud assembly) is checked in that assembly', () => {
    const app = newApp();
    try {
      const stage = new Stage(app, 'Prod');
      const holder = new Construct(stage, 'Holder');
      const stack = new Stack(holder, 'Big', { env: ENV });
      addLargeJobs(stack, 4);
      expect(() => app.synth()).toThrow(/\[Prod\/Holder\/Big\] stack Prod-Holder[A-Za-z0-9]*'s template is [0-9]+ bytes/);
    } finally {
      cleanup(app);
    }
  });

  test('the size checked is the template as written: with what the synthesizer adds (about 770 bytes)', () => {
    // What a check before synthesis rendered (the previous check) misses: the synthesizer adds the
    // BootstrapVersion parameter and rule while it writes the template.
    const app = newApp();
    try {
      const stack = libraryStack(app, 5);
      let rendered = 0;
      stack.node.addValidation({
        validate: () => {
          rendered = Buffer.byteLength(JSON.stringify((stack as unknown as { _toCloudFormation(): unknown })._toCloudFormation(), undefined, 1));
          return [];
        },
      });
      app.synth();
      const written = JSON.parse(fs.readFileSync(path.join(app.outdir, stack.templateFile), 'utf-8'));
      expect(written.Parameters.BootstrapVersion).toBeDefined();
      const missed = templateSize(app.outdir, stack.templateFile) - rendered;
      expect(missed).toBeGreaterThan(700);
      expect(missed).toBeLessThan(850);
    } finally {
      cleanup(app);
    }
  });

  test('nothing is rendered for it: each element is rendered as often as synthesis itself does', () => {
    // 180 benchmark jobs: about 85% of the limit, where the former estimate rendered every
    // other element once more.
    const calls = new Map<string, number>();
    const original = CfnResource.prototype._toCloudFormation;
    const spy = jest.spyOn(CfnResource.prototype, '_toCloudFormation').mockImplementation(function (this: CfnResource) {
      calls.set(this.node.path, (calls.get(this.node.path) ?? 0) + 1);
      return original.call(this);
    });
    const app = newApp();
    try {
      const stack = libraryStack(app, 180);
      app.synth();
      expect(templateSize(app.outdir, stack.templateFile)).toBeGreaterThan(0.75 * CFN_MAX_TEMPLATE_BYTES);
      // Twice: once when the app prepares its references, once when the template is written.
      expect(new Set(calls.values())).toEqual(new Set([2]));
    } finally {
      spy.mockRestore();
      cleanup(app);
    }
  });
});
