import { CfnElement, CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { warn } from '../validation/report';

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

// The template-size estimate. Resolving a template is what synthesis costs most; the check
// must not do it twice for every stack. So the parts that grow with the jobs are estimated
// from what the constructs know unresolved, by upper bounds measured on the test and
// benchmark stacks (test/stack-limits.test.ts holds them to at least the exact size and at
// most a fifth above it); the rest of the stack is measured exactly, resource by resource,
// once the jobs' share matters; and only an estimate over the limit renders the template.

/**
 * A job's custom resource besides its Request and ReadAttributes JSON: type, logical id,
 * service token, the other properties, deletion policies. Measured: 690-810 bytes with 4-5
 * tokens in the request, 1,060-1,100 with 10-11 (the integ stacks).
 */
const CUSTOM_RESOURCE_BYTES = 800;
/**
 * What a long wait adds to its job's custom resource: its wait properties and its dependencies
 * on the handle and on the stack's rules and their permissions (long logical ids). Measured:
 * about 460 bytes.
 */
const LONG_WAIT_CUSTOM_RESOURCE_BYTES = 600;
/**
 * A token in the request becomes an `Fn::Join` part (`Ref`, `Fn::GetAtt`, an import) with its
 * indentation in the template, in place of its `${Token[...]}` string.
 */
const BYTES_PER_REQUEST_TOKEN = 60;
/**
 * A training role besides its description and inline policy: the trust policy, the path,
 * the shared managed policy, the policy's name. Measured: 1,130-1,230 bytes.
 */
const TRAINING_ROLE_BYTES = 1_400;
/**
 * The inline policy in the template, per character of its JSON with tokens unresolved: bucket
 * and key ARNs become `Fn::Join`s, and the document is indented. Measured: 1.6-2.0.
 */
const POLICY_TEMPLATE_FACTOR = 2;
/**
 * Until the other resources are measured: what one takes, typically (the provider's average
 * is about 1,000 bytes). Only decides whether to measure them.
 */
const TYPICAL_RESOURCE_BYTES = 2_000;
/** Below this share of the template limit (the others at a typical size) the estimate decides without measuring anything. */
const MEASURE_SHARE = 0.75;
/** Resources of a job: its custom resource and its definition's training role. */
const RESOURCES_PER_JOB = 2;
/**
 * Resources a job that waits for its events adds: its wait condition and handle, its deadline
 * schedule and its results resource (the rules, their permissions and the safety check are
 * the stack's, shared by its long waits).
 */
const RESOURCES_PER_LONG_WAIT = 4;

/** What a tuning job puts in its stack's template, as the limit check estimates it. */
export interface JobTemplateShare {
  /** The job's custom resource. */
  readonly resource: CfnResource;
  /** The JSON of the properties that grow with the job (the request, the attributes read), as the template carries them (escaped), tokens unresolved. */
  readonly propertiesJsonBytes: number;
  /** Tokens in those properties. */
  readonly tokens: number;
  /** The training roles of its definitions that the library created. */
  readonly roles: readonly IConstruct[];
}

/** A training role as the limit check sees it. */
interface EstimatedRole extends IConstruct {
  _templateFacts(): { descriptionLength: number; inlinePolicyJsonLength: number };
}

/** A tuning job as the limit check sees it. */
export interface LimitedJob extends IConstruct {
  /** What the job puts in the template. */
  _templateShare(): JobTemplateShare;
  /** Whether the deployment waits for the job's events (a wait over 55 minutes), which adds resources. */
  _waitsForEvents(): boolean;
}

const jobsByStack = new WeakMap<Stack, LimitedJob[]>();

/** The tuning jobs registered in `stack`. */
export function jobsOf(stack: Stack): LimitedJob[] {
  return [...jobsByStack.get(stack) ?? []];
}

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
  const elements = stackElements(stack);
  const resources = elements.filter(CfnResource.isCfnResource).length;
  const longWaits = jobs.filter(job => job._waitsForEvents()).length;
  if (resources > CFN_MAX_RESOURCES) {
    errors.push(`stack ${stack.stackName} has ${resources} resources, but CloudFormation allows ${CFN_MAX_RESOURCES} per stack; `
      + `its ${jobs.length} tuning jobs take about ${RESOURCES_PER_JOB * jobs.length + RESOURCES_PER_LONG_WAIT * longWaits} of them `
      + `(a custom resource each, a training role per definition that creates one${longWaits > 0 ? `, and ${RESOURCES_PER_LONG_WAIT} for each of the ${longWaits} jobs that wait for their events` : ''}). ${WAY_OUT}.`);
  }
  const estimate = estimateTemplateBytes(stack, jobs, { elements });
  if (estimate.bytes > CFN_MAX_TEMPLATE_BYTES) {
    const exact = templateBytes(stack);
    const bytes = exact ?? estimate.bytes;
    if (bytes > CFN_MAX_TEMPLATE_BYTES) {
      const others = estimate.otherBytes ?? 0;
      errors.push(`stack ${stack.stackName}'s template is ${exact === undefined ? 'about ' : ''}${bytes} bytes, but CloudFormation accepts at most `
        + `${CFN_MAX_TEMPLATE_BYTES} bytes per template; its ${jobs.length} tuning jobs take about ${Math.round(Math.max(0, bytes - others) / jobs.length)} bytes each `
        + `(each carries its whole request, and its training role's policy). ${WAY_OUT}.`);
    } else if (exact === undefined) {
      warn(stack, 'template-size',
        `the template of stack ${stack.stackName} is estimated at ${estimate.bytes} bytes, close to CloudFormation's ${CFN_MAX_TEMPLATE_BYTES}-byte limit. ${WAY_OUT}.`);
    }
  }
  return errors;
}

/** The template-size estimate of a stack. */
export interface TemplateEstimate {
  /** The estimate: at least the template's size, unless the stack's other resources were not measured (then `otherBytes` is undefined). */
  readonly bytes: number;
  /** The jobs' custom resources and the training roles of their definitions (an upper bound). */
  readonly jobBytes: number;
  /** Everything else, measured exactly; undefined when the jobs' share was too small to measure it. */
  readonly otherBytes?: number;
}

/**
 * Estimates the size of `stack`'s template without resolving it whole: the jobs' custom
 * resources and training roles from what they know unresolved (upper bounds), every other
 * element resolved and measured, but only when the jobs' share (with the others at a typical
 * size) passes three quarters of the limit.
 */
export function estimateTemplateBytes(
  stack: Stack, jobs: LimitedJob[], options: { elements?: CfnElement[]; measureOthers?: boolean } = {},
): TemplateEstimate {
  const elements = options.elements ?? stackElements(stack);
  const estimated = new Set<IConstruct>();
  let jobBytes = 0;
  for (const job of jobs) {
    const share = job._templateShare();
    estimated.add(share.resource);
    jobBytes += CUSTOM_RESOURCE_BYTES + share.propertiesJsonBytes + BYTES_PER_REQUEST_TOKEN * share.tokens
      + (job._waitsForEvents() ? LONG_WAIT_CUSTOM_RESOURCE_BYTES : 0);
    for (const role of share.roles) {
      const cfn = role.node.defaultChild;
      if (estimated.has(cfn as IConstruct) || !cfn || Stack.of(role) !== stack) {
        continue;
      }
      estimated.add(cfn);
      const facts = (role as EstimatedRole)._templateFacts();
      jobBytes += TRAINING_ROLE_BYTES + facts.descriptionLength + POLICY_TEMPLATE_FACTOR * facts.inlinePolicyJsonLength;
    }
  }
  const others = elements.filter(e => !estimated.has(e));
  if (!options.measureOthers && jobBytes + TYPICAL_RESOURCE_BYTES * others.length <= MEASURE_SHARE * CFN_MAX_TEMPLATE_BYTES) {
    return { bytes: jobBytes + TYPICAL_RESOURCE_BYTES * others.length, jobBytes };
  }
  // The other elements' fragments, merged into one template as the synthesizer does.
  const merged: Record<string, Record<string, unknown>> = {};
  for (const element of others) {
    const render = (element as unknown as { _toCloudFormation?: () => unknown })._toCloudFormation;
    if (typeof render !== 'function') {
      return { bytes: jobBytes + TYPICAL_RESOURCE_BYTES * others.length, jobBytes };
    }
    const fragment = stack.resolve(render.call(element)) as Record<string, Record<string, unknown>>;
    for (const [section, entries] of Object.entries(fragment ?? {})) {
      Object.assign(merged[section] ??= {}, entries);
    }
  }
  const otherBytes = Buffer.byteLength(JSON.stringify(merged, undefined, 1));
  return { bytes: jobBytes + otherBytes, jobBytes, otherBytes };
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

/**
 * The size of the stack's template as the CDK writes it (JSON, indented by one space), or
 * undefined when this version of aws-cdk-lib does not expose the template before synthesis.
 */
function templateBytes(stack: Stack): number | undefined {
  const render = (stack as unknown as { _toCloudFormation?: () => unknown })._toCloudFormation;
  if (typeof render !== 'function') {
    return undefined;
  }
  // `_toCloudFormation` returns the template resolved, as the synthesizer writes it.
  return Buffer.byteLength(JSON.stringify(render.call(stack), undefined, 1));
}
