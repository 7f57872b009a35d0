/** Early stopping and completion criteria, checked where the TuningJob receives them. */
import { error, isKnownNumber, warning } from '../core';
import { EARLY_STOPPING, JobEntryRule, jobField } from './rule';

/**
 * TJ-EARLY-STOPPING-SINGLE-DEFINITION: early stopping only when tuning one definition. Also
 * checked by `addTrainingJobDefinition`.
 */
export const earlyStoppingSingleDefinition: JobEntryRule = entry => {
  if (entry.earlyStopping !== true || entry.definitionCount < 2) {
    return [];
  }
  return [error('TJ-EARLY-STOPPING-SINGLE-DEFINITION', `${jobField(EARLY_STOPPING)} is true ('Auto') with ${entry.definitionCount} trainingJobDefinitions (TrainingJobDefinitions), but early stopping is available only when a tuning job tunes a single definition.`)];
};

/** TJ-COMPLETION-NOT-IMPROVING (warning): a not-improving count that can never be reached. */
export const completionNotImproving: JobEntryRule = entry => {
  const n = entry.maxTrainingJobsNotImproving;
  const total = entry.maxTrainingJobs;
  if (!isKnownNumber(n) || !isKnownNumber(total) || n < total) {
    return [];
  }
  return [warning('TJ-COMPLETION-NOT-IMPROVING', `${jobField(['HyperParameterTuningJobConfig', 'TuningJobCompletionCriteria', 'BestObjectiveNotImproving', 'MaxNumberOfTrainingJobsNotImproving'])} is ${n}, but maxTrainingJobs is ${total}: the job ends before ${n} jobs can fail to improve, so this criterion never stops it.`)];
};
