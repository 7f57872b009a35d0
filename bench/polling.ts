// What one tuning job costs while the deployment waits, read from the synthesized provider:
// aws-cdk-lib's provider framework (custom-resources/lib/provider-framework) runs a Step
// Functions state machine with one Task, `framework-isComplete-task`, that invokes the
// framework's isComplete function, which invokes ours. A "not complete yet" answer makes the
// framework function throw, and the Task's Retry (States.ALL, IntervalSeconds = queryInterval,
// BackoffRate 1, MaxAttempts = totalTimeout / queryInterval) runs it again. So, per attempt:
// 2 Lambda invocations (framework isComplete + ours), 1 DescribeHyperParameterTuningJob call,
// 1 state transition (Step Functions bills retries as state transitions). Once per operation:
// framework onEvent + our onEvent (2 invocations), StartExecution, the first attempt right
// away, and at the end the Task's exit (or, after MaxAttempts, framework-onTimeout).
import { Template } from './stacks';

export interface WaiterPolicy {
  readonly intervalSeconds: number;
  readonly maxAttempts: number;
  readonly backoffRate: number;
}

/** The Retry policy of the provider's waiter state machine in a synthesized template. */
export function waiterPolicy(template: Template): WaiterPolicy {
  const machine = Object.values(template.Resources).find(r => r.Type === 'AWS::StepFunctions::StateMachine');
  if (!machine) {
    throw new Error('no waiter state machine in the template');
  }
  const definition = renderJoin(machine.Properties?.DefinitionString);
  type Retry = { IntervalSeconds: number; MaxAttempts: number; BackoffRate: number };
  const parsed = JSON.parse(definition) as { States: Record<string, { Retry?: Retry[] }> };
  const retry = parsed.States['framework-isComplete-task']?.Retry?.[0];
  if (!retry) {
    throw new Error('the waiter state machine has no framework-isComplete-task retry');
  }
  return { intervalSeconds: retry.IntervalSeconds, maxAttempts: retry.MaxAttempts, backoffRate: retry.BackoffRate };
}

export interface WaitCost {
  readonly attemptsPerHour: number;
  readonly ourInvocationsPerHour: number;
  readonly frameworkInvocationsPerHour: number;
  readonly stateTransitionsPerHour: number;
  readonly describeCallsPerHour: number;
  /** The longest wait the retry policy covers before framework-onTimeout fails the resource. */
  readonly maxWaitMinutes: number;
}

export function waitCost(policy: WaiterPolicy): WaitCost {
  if (policy.backoffRate !== 1) {
    throw new Error(`unexpected backoff rate ${policy.backoffRate}: the figures assume a fixed interval`);
  }
  const attempts = 3600 / policy.intervalSeconds;
  return {
    attemptsPerHour: attempts,
    ourInvocationsPerHour: attempts,
    frameworkInvocationsPerHour: attempts,
    stateTransitionsPerHour: attempts,
    describeCallsPerHour: attempts,
    maxWaitMinutes: policy.intervalSeconds * policy.maxAttempts / 60,
  };
}

/** Fn::Join of literal strings (and intrinsics, rendered as placeholders) to one string. */
function renderJoin(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) {
    throw new Error(`unexpected DefinitionString ${JSON.stringify(value).slice(0, 100)}`);
  }
  return join[1].map(part => typeof part === 'string' ? part : 'ARN').join(join[0]);
}
