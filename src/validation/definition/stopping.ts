/** Stopping condition and managed spot training. */
import { Duration } from 'aws-cdk-lib';
import { error, isKnownNumber, isToken, showSeconds, warning } from '../core';
import { defField, DEFINITION_API_PREFIX, EntryRule, knownSeconds } from './rule';

/** SageMaker's default training job runtime, 1 day (StoppingCondition.MaxRuntimeInSeconds docs); also the construct's default. */
export const DEFAULT_TRAINING_RUNTIME_SECONDS = 86_400;

/** Longest training job runtime, 28 days (StoppingCondition.MaxRuntimeInSeconds docs). */
export const MAX_TRAINING_RUNTIME_SECONDS = 28 * 24 * 3600;

/** Rule id (docs/RULES.md, construct-level checks). */
export const MAX_RUNTIME_RULE = 'TJ-MAX-RUNTIME-28-DAYS';

/**
 * TJ-MAX-RUNTIME-28-DAYS: the problem of a definition's `maxRuntime` prop, if any: a training
 * job runs at most 28 days. A single-prop rule, checked where `TrainingJobDefinition` receives
 * its props (the renderer's default, 1 day, is within it); a token passes unchecked.
 */
export function maxRuntimeProblem(maxRuntime: Duration | undefined): string | undefined {
  if (maxRuntime === undefined || maxRuntime.isUnresolved()) {
    return undefined;
  }
  const v = maxRuntime.toSeconds({ integral: false });
  if (v <= MAX_TRAINING_RUNTIME_SECONDS) {
    return undefined;
  }
  return `${defField(['StoppingCondition', 'MaxRuntimeInSeconds'])} is ${showSeconds(v)}, but a training job can run at most 28 days (${MAX_TRAINING_RUNTIME_SECONDS} s).`;
}

/** TJ-SPOT-MAX-WAIT: managed spot training needs maxWaitTime >= maxRuntime. */
export const spotMaxWait: EntryRule = ({ props }) => {
  if (props.spotTraining !== true) {
    return [];
  }
  if (props.maxWaitTime === undefined) {
    return [error('TJ-SPOT-MAX-WAIT', `spotTraining (${DEFINITION_API_PREFIX}.EnableManagedSpotTraining) is true, but ${defField(['StoppingCondition', 'MaxWaitTimeInSeconds'])} is not set: managed spot training needs a maximum wait time (time waiting for spot capacity plus run time), at least maxRuntime.`)];
  }
  const wait = knownSeconds(props.maxWaitTime);
  const runtime = props.maxRuntime === undefined ? DEFAULT_TRAINING_RUNTIME_SECONDS : knownSeconds(props.maxRuntime);
  if (isKnownNumber(wait) && isKnownNumber(runtime) && wait < runtime) {
    return [error('TJ-SPOT-MAX-WAIT', `${defField(['StoppingCondition', 'MaxWaitTimeInSeconds'])} is ${showSeconds(wait)}, but it must be at least ${defField(['StoppingCondition', 'MaxRuntimeInSeconds'])}, which is ${showSeconds(runtime)}${props.maxRuntime === undefined ? ' (the default)' : ''}.`)];
  }
  return [];
};

/** TJ-MAX-WAIT-SPOT-ONLY: maxWaitTime only with managed spot training. */
export const maxWaitSpotOnly: EntryRule = ({ props }) => {
  if (props.maxWaitTime === undefined || props.spotTraining === true || isToken(props.spotTraining)) {
    return [];
  }
  return [error('TJ-MAX-WAIT-SPOT-ONLY', `${defField(['StoppingCondition', 'MaxWaitTimeInSeconds'])} is set, but spotTraining (${DEFINITION_API_PREFIX}.EnableManagedSpotTraining) is not: the maximum wait time applies only to managed spot training. Enable spotTraining or remove maxWaitTime.`)];
};

/** TJ-SPOT-CHECKPOINT (warning): spot training without checkpoints restarts from scratch. */
export const spotCheckpoint: EntryRule = ({ props }) => {
  if (props.spotTraining !== true || props.checkpoint !== undefined) {
    return [];
  }
  return [warning('TJ-SPOT-CHECKPOINT', `spotTraining (${DEFINITION_API_PREFIX}.EnableManagedSpotTraining) is true without checkpoint (${DEFINITION_API_PREFIX}.CheckpointConfig): a training job interrupted by a spot reclaim starts over from the beginning. Set checkpoint so it resumes.`)];
};
