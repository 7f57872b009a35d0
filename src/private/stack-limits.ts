import * as fs from 'fs';
import * as path from 'path';
import { CfnElement, CfnResource, Stack, attachCustomSynthesis } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';

// CloudFormation's per-stack limits, checked once per stack that holds tuning jobs, so that a
// stack with too many jobs fails at synth with the way out instead of at deploy time.
// Internal: not exported from the package.

/**
 * CloudFormation quotas ("AWS CloudFormation quotas", AWS CloudFormation User Guide,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html):
 * resources per stack, and the size of a template body in an Amazon S3 object (the CDK CLI
 * uploads every template to S3 before it deploys).
 */
export const CFN_MAX_RESOURCES = 500;
export const CFN_MAX_TEMPLATE_BYTES = 1_000_000;

/** Resources of a job: its custom resource and its definition's training role. */
const RESOURCES_PER_JOB = 2;
/**
 * Resources a job that waits for its events adds: its wait condition and handle, its deadline
 * schedule and its results resource (the rules, their permissions and the safety check are
 * the stack's, shared by its long waits).
 */
const RESOURCES_PER_LONG_WAIT = 4;

/** A tuning job as the limit check sees it. */
export interface LimitedJob extends IConstruct {
  /**
   * What the job puts in its stack's template: its custom resource and the training roles its
   * definitions created (used to tell, when the template is too large, how much each job takes).
   */
  _templateParts(): { readonly resource: CfnResource; readonly roles: readonly IConstruct[] };
  /** Whether the deployment waits for the job's events (a wait over 55 minutes), which adds resources. */
  _waitsForEvents(): boolean;
}

/**
 * The tuning jobs of a stack, kept on the stack under a global symbol: a second copy of the
 * library in node_modules (see ./brand.ts) registers its jobs in the same list, so a stack has
 * one check whichever copies created its jobs.
 */
const JOBS = Symbol.for('cdk-sagemaker-tuning.StackLimits.jobs');

function registered(stack: Stack): LimitedJob[] | undefined {
  return (stack as unknown as Record<symbol, LimitedJob[] | undefined>)[JOBS];
}

/** The tuning jobs registered in `stack`. */
export function jobsOf(stack: Stack): LimitedJob[] {
  return [...registered(stack) ?? []];
}

/** Registers a tuning job; the first job of a stack adds the stack's limit checks. */
export function registerForStackLimits(job: LimitedJob): void {
  const stack = Stack.of(job);
  let jobs = registered(stack);
  if (!jobs) {
    const list: LimitedJob[] = [];
    Object.defineProperty(stack, JOBS, { value: list });
    stack.node.addValidation({ validate: () => resourceLimitProblems(stack, list) });
    new TemplateSizeCheck(stack, list);
    jobs = list;
  }
  jobs.push(job);
}

const WAY_OUT = 'Put some of the tuning jobs (with their training-job definitions) in another stack: a second Stack, or a NestedStack '
  + '(each stack gets its own provider; the limit counts per stack). A job whose deployment waits more than 55 minutes for it takes '
  + `${RESOURCES_PER_JOB + RESOURCES_PER_LONG_WAIT} resources instead of ${RESOURCES_PER_JOB}: a waitTimeout of at most 55 minutes, or detached: true `
  + 'with TuningJobResults in a later deployment, also makes room';

/** The resource-count problem of a stack with these tuning jobs ([] when it fits), checked before synthesis. */
export function resourceLimitProblems(stack: Stack, jobs: readonly LimitedJob[]): string[] {
  const resources = stackElements(stack).filter(CfnResource.isCfnResource).length;
  if (resources <= CFN_MAX_RESOURCES) {
    return [];
  }
  const longWaits = jobs.filter(job => job._waitsForEvents()).length;
  return [`stack ${stack.stackName} has ${resources} resources, but CloudFormation allows ${CFN_MAX_RESOURCES} per stack; `
    + `its ${jobs.length} tuning jobs take about ${RESOURCES_PER_JOB * jobs.length + RESOURCES_PER_LONG_WAIT * longWaits} of them `
    + `(a custom resource each, a training role per definition that creates one${longWaits > 0 ? `, and ${RESOURCES_PER_LONG_WAIT} for each of the ${longWaits} jobs that wait for their events` : ''}). ${WAY_OUT}.`];
}

/**
 * The template-size check of one stack: it measures the template the stack's synthesizer has
 * just written, so it costs one `stat` and never renders a template itself.
 *
 * Synthesis visits constructs children first, siblings in the order they were added; a stack
 * writes its template when it is visited. So the check is a construct of its own next to the
 * stack (a child of the stack's scope, added after the stack), whose custom synthesis runs
 * right after the stack's and fails `app.synth()` before the cloud assembly is complete.
 */
class TemplateSizeCheck extends Construct {
  constructor(private readonly stack: Stack, private readonly jobs: readonly LimitedJob[]) {
    super(stack.node.scope!, `SageMakerTuningTemplateSizeOf${stack.node.id}`);
    attachCustomSynthesis(this, { onSynthesize: session => this.check(session.outdir) });
  }

  private check(outdir: string): void {
    const file = path.join(outdir, this.stack.templateFile);
    if (!fs.existsSync(file)) {
      return; // a synthesizer that writes no template here: nothing to measure
    }
    const bytes = fs.statSync(file).size;
    if (bytes <= CFN_MAX_TEMPLATE_BYTES) {
      return;
    }
    throw new Error(`[${this.stack.node.path}] ${templateSizeProblem(this.stack, this.jobs, bytes, fs.readFileSync(file, 'utf-8'))}`);
  }
}

/** The message for a template over the limit, with the share of the jobs measured in it. */
function templateSizeProblem(stack: Stack, jobs: readonly LimitedJob[], bytes: number, templateJson: string): string {
  const resources = (JSON.parse(templateJson) as { Resources?: Record<string, unknown> }).Resources ?? {};
  let jobBytes = 0;
  const counted = new Set<string>();
  for (const job of jobs) {
    const parts = job._templateParts();
    for (const c of [parts.resource, ...parts.roles.map(r => r.node.defaultChild)]) {
      if (!CfnElement.isCfnElement(c) || Stack.of(c) !== stack) {
        continue;
      }
      const id = stack.resolve(c.logicalId) as string;
      if (!counted.has(id) && resources[id] !== undefined) {
        counted.add(id);
        jobBytes += Buffer.byteLength(JSON.stringify(resources[id], undefined, 1));
      }
    }
  }
  return `stack ${stack.stackName}'s template is ${bytes} bytes, but CloudFormation accepts at most ${CFN_MAX_TEMPLATE_BYTES} bytes per template; `
    + `its ${jobs.length} tuning jobs take about ${Math.round(jobBytes / Math.max(1, jobs.length))} bytes each `
    + `(each carries its whole request, and its training role's policy). ${WAY_OUT}.`;
}

/** The CloudFormation elements (resources, outputs, parameters, ...) of `stack`, not of the stacks nested in it. */
function stackElements(stack: Stack): CfnElement[] {
  const out: CfnElement[] = [];
  const visit = (c: IConstruct) => {
    for (const child of c.node.children) {
      if (Stack.isStack(child)) {
        // Another stack (nested or not) has its own limit; a nested stack's
        // AWS::CloudFormation::Stack resource is a CfnResource of this stack, counted where it is.
        continue;
      }
      if (CfnElement.isCfnElement(child)) {
        out.push(child);
      }
      visit(child);
    }
  };
  visit(stack);
  return out;
}
