// 150+ tuning jobs in one stack: the template stays within CloudFormation's and IAM's limits,
// the handlers' permissions do not grow with the jobs, and past the limits synth fails with
// the way out. The stacks are the benchmark's (bench/stacks.ts): N single-definition jobs,
// each with its own definition and generated training role.
import * as fs from 'fs';
import { App, Duration, NestedStack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { definition, newStack, tuningJob } from './fixtures';
import { IAM_MAX_MANAGED_POLICY, IAM_MAX_ROLE_INLINE, policySizes, PolicyTemplate } from '../bench/iam-size';
import { addLibraryJobs, cleanup, libraryStack, newApp } from '../bench/stacks';
import { CFN_MAX_RESOURCES, CFN_MAX_TEMPLATE_BYTES } from '../src/private/stack-limits';

/** A 128-character stack name (CloudFormation's longest): the longest ARNs and paths. */
const LONG_STACK = `Tuning-${'x'.repeat(121)}`;

function synth(n: number, stackName: string): { template: PolicyTemplate; bytes: number } {
  const app = newApp();
  try {
    libraryStack(app, n, stackName);
    const artifact = app.synth().getStackByName(stackName);
    return { template: artifact.template as PolicyTemplate, bytes: fs.statSync(artifact.templateFullPath).size };
  } finally {
    cleanup(app);
  }
}

const handlerRole = (id: string) => /^SageMakerTuningProvider(OnEvent|IsComplete)Role[0-9A-F]{8}$/.test(id);

describe.each([['Bench'], [LONG_STACK]])('150 tuning jobs in stack %s', (stackName) => {
  const big = synth(150, stackName);
  const sizes = policySizes(big.template, stackName);

  test(`fewer than ${CFN_MAX_RESOURCES} resources, template under ${CFN_MAX_TEMPLATE_BYTES} bytes`, () => {
    const resources = Object.keys(big.template.Resources).length;
    expect(resources).toBeLessThan(CFN_MAX_RESOURCES);
    // 2 per job: the custom resource and the training role (its policy is inline).
    expect(resources).toBe(Object.keys(synth(10, stackName).template.Resources).length + 2 * 140);
    expect(big.bytes).toBeLessThan(CFN_MAX_TEMPLATE_BYTES);
  });

  test(`every managed policy under ${IAM_MAX_MANAGED_POLICY} characters, every role's inline policies under ${IAM_MAX_ROLE_INLINE}`, () => {
    expect(sizes.managed.length).toBeGreaterThan(0);
    expect(sizes.managed.filter(p => p.size >= IAM_MAX_MANAGED_POLICY)).toEqual([]);
    expect(sizes.roleInline.length).toBe(156);
    expect(sizes.roleInline.filter(r => r.size >= IAM_MAX_ROLE_INLINE)).toEqual([]);
  });

  test('the handler roles\' policies are the same size for 10 and 150 jobs', () => {
    const small = policySizes(synth(10, stackName).template, stackName);
    const handlers = (s: typeof sizes) => s.roleInline.filter(r => handlerRole(r.id)).sort((a, b) => a.id.localeCompare(b.id));
    expect(handlers(sizes)).toHaveLength(2);
    expect(handlers(sizes)).toEqual(handlers(small));
    // and no overflow policies anywhere
    expect(sizes.managed.map(p => p.id)).toEqual([expect.stringMatching(/^SageMakerTrainingLogsAndMetrics/)]);
  });
});

describe('past the limits, synth fails naming the limit and the way out', () => {
  test('template size: 211 of the benchmark\'s jobs would be over 1 MB', () => {
    const app = new App();
    libraryStack(app, 211);
    expect(() => app.synth()).toThrow(/stack Bench's template is [0-9]+ bytes, but CloudFormation accepts at most 1000000 bytes per template; its 211 tuning jobs take about [0-9]+ bytes each.*another stack: a second Stack, or a NestedStack/);
  });

  test('the way out: 240 jobs split over the stack and a NestedStack synthesize', () => {
    const app = newApp();
    try {
      const stack = libraryStack(app, 120);
      addLibraryJobs(new NestedStack(stack, 'More'), 120);
      const template = app.synth().getStackByName('Bench').template;
      expect(Object.keys(template.Resources).length).toBeLessThan(CFN_MAX_RESOURCES);
    } finally {
      cleanup(app);
    }
  });

  test('210 jobs still fit (the benchmark\'s largest N that deploys: the template-size limit comes first)', () => {
    const app = newApp();
    try {
      libraryStack(app, 210);
      const artifact = app.synth().getStackByName('Bench');
      expect(Object.keys(artifact.template.Resources).length).toBeLessThan(CFN_MAX_RESOURCES);
      expect(fs.statSync(artifact.templateFullPath).size).toBeLessThan(CFN_MAX_TEMPLATE_BYTES);
    } finally {
      cleanup(app);
    }
  });

  test('resources: jobs that wait for their events take 6 resources each; 76 fit, the 77th fails naming the limit', () => {
    const build = (n: number) => {
      const stack = newStack();
      for (let i = 0; i < n; i++) {
        tuningJob(stack, { trainingJobDefinitions: [definition(stack, `D${i}`)], waitTimeout: Duration.hours(6) }, `Job${i}`);
      }
      return () => (stack.node.root as App).synth();
    };
    const resources = Object.keys(build(76)().getStackByName('Stack').template.Resources).length;
    expect(resources).toBeLessThanOrEqual(CFN_MAX_RESOURCES);
    expect(build(77)).toThrow(/stack Stack has 501 resources, but CloudFormation allows 500 per stack; its 77 tuning jobs take about 462 of them \(.*4 for each of the 77 jobs that wait for their events\).*a waitTimeout of at most 55 minutes/);
  });

  test('a long wait adds 4 resources of its own; the stack\'s rules, safety check and signal handler are shared', () => {
    const count = (n: number) => {
      const stack = newStack();
      for (let i = 0; i < n; i++) {
        tuningJob(stack, { trainingJobDefinitions: [definition(stack, `D${i}`)], waitTimeout: Duration.hours(6) }, `Job${i}`);
      }
      return Object.keys(Template.fromStack(stack).toJSON().Resources).length;
    };
    expect(count(11) - count(1)).toBe(10 * (2 + 4));
  });

  test('the long-wait handlers\' policies and the stack\'s rules are the same size for 2 and 60 jobs that wait for their events', () => {
    const build = (n: number) => {
      const stack = newStack();
      for (let i = 0; i < n; i++) {
        tuningJob(stack, { trainingJobDefinitions: [definition(stack, `D${i}`)], waitTimeout: Duration.hours(6) }, `Job${i}`);
      }
      const template = Template.fromStack(stack).toJSON() as PolicyTemplate;
      const roles = policySizes(template, 'Stack').roleInline.filter(r => /^SageMakerTuningLongWait(Signal|Results|Scheduler)Role/.test(r.id));
      const rules = Object.values<any>(template.Resources).filter(r => r.Type === 'AWS::Events::Rule').map(r => JSON.stringify(r.Properties.EventPattern));
      return { roles: roles.sort((a, b) => a.id.localeCompare(b.id)), rules };
    };
    const small = build(2);
    expect(small.roles).toHaveLength(3);
    expect(small.rules).toHaveLength(2);
    expect(build(60)).toEqual(small);
  });

  test('template size: jobs with large requests', () => {
    const stack = newStack();
    // 96 static hyperparameters of 300 characters (plus the objective and the 2 ranges: the 99 SageMaker leaves): about 30 KB per definition, 10 definitions per job.
    const staticHyperParameters = Object.fromEntries(Array.from({ length: 96 }, (_, i) => [`p${i}`, 'v'.repeat(300)]));
    for (let j = 0; j < 4; j++) {
      const defs = Array.from({ length: 10 }, (_, d) => definition(stack, `J${j}D${d}`, { staticHyperParameters: { objective: 'binary:logistic', ...staticHyperParameters } }));
      tuningJob(stack, { trainingJobDefinitions: defs }, `Job${j}`);
    }
    expect(() => (stack.node.root as App).synth()).toThrow(/stack Stack's template is [0-9]+ bytes, but CloudFormation accepts at most 1000000 bytes per template; its 4 tuning jobs take about [0-9]+ bytes each.*another stack/);
  });

  test('a stack within the limits: no error, no warning', () => {
    const stack = newStack();
    // (a job bounded to 2 hours: the default wait covers it, so no wait-estimate warning either)
    tuningJob(stack, { maxRuntime: Duration.hours(2) });
    const assembly = (stack.node.root as App).synth();
    expect(assembly.getStackByName(stack.stackName).messages).toEqual([]);
  });
});

describe('what still grows with the jobs is bounded at synth: fixed names and roles given by ARN', () => {
  test('30 jobs with fixed names fit; 40 fail naming the limit and the ways out', () => {
    const build = (n: number) => {
      const stack = newStack();
      for (let i = 0; i < n; i++) {
        tuningJob(stack, { trainingJobDefinitions: [definition(stack, `D${i}`)], tuningJobName: `fixed-name-${i}` }, `Job${i}`);
      }
      return () => (stack.node.root as App).synth();
    };
    const fits = build(30)();
    const sizes = policySizes(fits.getStackByName('Stack').template as PolicyTemplate, 'Stack');
    expect(sizes.roleInline.filter(r => r.size >= IAM_MAX_ROLE_INLINE)).toEqual([]);
    expect(build(40)).toThrow(/\[Stack\/SageMakerTuningProvider\] the onEvent handler's policy would list 40 fixed tuning-job names \(tuningJobName\) and 0 training roles given by ARN: about 11600 characters.*Let the library name the jobs/);
  });

  test('the estimate is an upper bound: 25 fixed names and 10 roles given by ARN, measured with realistic ARNs', () => {
    const stack = newStack();
    for (let i = 0; i < 25; i++) {
      const role = i < 10 ? new iam.Role(stack, `UserRole${i}`, { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') }) : undefined;
      tuningJob(stack, { trainingJobDefinitions: [definition(stack, `D${i}`, role ? { role } : {})], tuningJobName: `fixed-name-${i}` }, `Job${i}`);
    }
    const template = (stack.node.root as App).synth().getStackByName('Stack').template as PolicyTemplate;
    const onEvent = policySizes(template, 'Stack').roleInline.find(r => /^SageMakerTuningProviderOnEventRole/.test(r.id))!;
    expect(onEvent.size).toBeLessThan(2_000 + 25 * 240 + 10 * 180);
    // (the estimate assumes 32-character names and long role paths; these are shorter)
    expect(onEvent.size).toBeGreaterThan(0.5 * (2_000 + 25 * 240 + 10 * 180));
  });
});
