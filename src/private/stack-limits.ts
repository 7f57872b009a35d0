import { Annotations, CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

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

/**
 * Below this share of the template limit the (cheap) estimate decides; above it the stack's
 * template is rendered once more and measured exactly.
 */
const EXACT_CHECK_SHARE = 0.7;
/**
 * What a tuning job adds to the template besides its request: the custom resource's other
 * properties, its definition's training role with its inline policy. Measured: about 3,200
 * bytes for a single-definition job with two S3 channels (bench/stacks.ts), with a margin.
 */
const PER_JOB_BYTES = 3_600;
/**
 * What a job whose deployment waits for its events (a wait over 55 minutes) adds on top: its
 * WaitConditionHandle, WaitCondition, deadline schedule and results resource, and its job
 * resource's wait properties (the stack's rules, safety check and signal handler are shared:
 * PER_STACK_BYTES). Measured: about 2,600 bytes, with a margin.
 */
const PER_LONG_WAIT_JOB_BYTES = 3_000;
/** Resources of a job: its custom resource and its definition's training role. */
const RESOURCES_PER_JOB = 2;
/** Resources a job that waits for its events adds (see PER_LONG_WAIT_JOB_BYTES). */
const RESOURCES_PER_LONG_WAIT = 4;
/**
 * The provider (handlers, their roles and logs, the waiter state machine), the stack's shared
 * training policy and, with long waits, their handlers, rules and safety check.
 */
const PER_STACK_BYTES = 45_000;

/** A tuning job as the limit check sees it. */
export interface LimitedJob extends IConstruct {
  /** The request's JSON as rendered (tokens unresolved): its length estimates the job's share of the template. */
  _requestJsonLength(): number;
  /** Whether the deployment waits for the job's events (a wait over 55 minutes), which adds resources. */
  _waitsForEvents(): boolean;
}

const jobsByStack = new WeakMap<Stack, LimitedJob[]>();

/** Registers a tuning job; the first job of a stack adds the stack's limit check. */
export function registerForStackLimits(job: LimitedJob): void {
  const stack = Stack.of(job);
  let jobs = jobsByStack.get(stack);
  if (!jobs) {
    jobs = [];
    jobsByStack.set(stack, jobs);
    const registered = jobs;
    stack.node.addValidation({ validate: () => checkStackLimits(stack, registered) });
  }
  jobs.push(job);
}

const WAY_OUT = 'Put some of the tuning jobs (with their training-job definitions) in another stack: a second Stack, or a NestedStack '
  + '(each stack gets its own provider; the limit counts per stack). A job whose deployment waits more than 55 minutes for it takes '
  + `${RESOURCES_PER_JOB + RESOURCES_PER_LONG_WAIT} resources instead of ${RESOURCES_PER_JOB}: a waitTimeout of at most 55 minutes, or detached: true `
  + 'with TuningJobResults in a later deployment, also makes room';

/** The limit problems of a stack with these tuning jobs ([] when it fits). */
export function checkStackLimits(stack: Stack, jobs: LimitedJob[]): string[] {
  const errors: string[] = [];
  const resources = countResources(stack);
  const longWaits = jobs.filter(job => job._waitsForEvents()).length;
  if (resources > CFN_MAX_RESOURCES) {
    errors.push(`stack ${stack.stackName} has ${resources} resources, but CloudFormation allows ${CFN_MAX_RESOURCES} per stack; `
      + `its ${jobs.length} tuning jobs take about ${RESOURCES_PER_JOB * jobs.length + RESOURCES_PER_LONG_WAIT * longWaits} of them `
      + `(a custom resource each, a training role per definition that creates one${longWaits > 0 ? `, and ${RESOURCES_PER_LONG_WAIT} for each of the ${longWaits} jobs that wait for their events` : ''}). ${WAY_OUT}.`);
  }
  const estimate = PER_STACK_BYTES + jobs.reduce((sum, job) => sum + job._requestJsonLength() + PER_JOB_BYTES
    + (job._waitsForEvents() ? PER_LONG_WAIT_JOB_BYTES : 0), 0);
  if (estimate > EXACT_CHECK_SHARE * CFN_MAX_TEMPLATE_BYTES) {
    const exact = templateBytes(stack);
    const bytes = exact ?? estimate;
    if (bytes > CFN_MAX_TEMPLATE_BYTES) {
      errors.push(`stack ${stack.stackName}'s template is ${exact === undefined ? 'about ' : ''}${bytes} bytes, but CloudFormation accepts at most `
        + `${CFN_MAX_TEMPLATE_BYTES} bytes per template; its ${jobs.length} tuning jobs take about ${Math.round(Math.max(0, bytes - PER_STACK_BYTES) / jobs.length)} bytes each `
        + `(each carries its whole request, and its training role's policy). ${WAY_OUT}.`);
    } else if (exact === undefined) {
      Annotations.of(stack).addWarningV2('cdk-sagemaker-tuning:template-size',
        `the template of stack ${stack.stackName} is estimated at ${estimate} bytes, close to CloudFormation's ${CFN_MAX_TEMPLATE_BYTES}-byte limit. ${WAY_OUT}.`);
    }
  }
  return errors;
}

/** The CloudFormation resources of `stack` (not of the stacks nested in it). */
function countResources(stack: Stack): number {
  let count = 0;
  const visit = (c: IConstruct) => {
    for (const child of c.node.children) {
      if (Stack.isStack(child)) {
        // Another stack (nested or not) has its own limit; a nested stack's
        // AWS::CloudFormation::Stack resource is a CfnResource of this stack, counted where it is.
        continue;
      }
      if (CfnResource.isCfnResource(child)) {
        count++;
      }
      visit(child);
    }
  };
  visit(stack);
  return count;
}

/**
 * The size of the stack's template as the CDK writes it (JSON, indented by one space), or
 * undefined when this version of aws-cdk-lib does not expose the template before synthesis.
 */
function templateBytes(stack: Stack): number | undefined {
  const render = (stack as unknown as { _toCloudFormation?: () => unknown })._toCloudFormation;
  if (typeof render !== 'function') {
    return undefined;
  }
  const template = stack.resolve(render.call(stack));
  return Buffer.byteLength(JSON.stringify(template, undefined, 1));
}
