/** Early stopping and completion criteria. */
import { error, isKnownNumber, warning } from '../core';
import { EARLY_STOPPING, jobField, JobRule, limits } from './rule';

/** TJ-EARLY-STOPPING-SINGLE-DEFINITION: early stopping only when tuning one definition. */
export const earlyStoppingSingleDefinition: JobRule = (request, _context, defs) => {
  const es = request.HyperParameterTuningJobConfig?.TrainingJobEarlyStoppingType;
  if (es !== 'Auto' || request.TrainingJobDefinitions === undefined) {
    return [];
  }
  return [error('TJ-EARLY-STOPPING-SINGLE-DEFINITION', `${jobField(EARLY_STOPPING)} is 'Auto' with ${defs.length} trainingJobDefinitions (TrainingJobDefinitions), but early stopping is available only when a tuning job tunes a single definition.`)];
};

/** TJ-COMPLETION-NOT-IMPROVING (warning): a not-improving count that can never be reached. */
export const completionNotImproving: JobRule = request => {
  const n = request.HyperParameterTuningJobConfig?.TuningJobCompletionCriteria?.BestObjectiveNotImproving?.MaxNumberOfTrainingJobsNotImproving;
  const { total } = limits(request);
  if (!isKnownNumber(n) || total === undefined || n < total) {
    return [];
  }
  return [warning('TJ-COMPLETION-NOT-IMPROVING', `${jobField(['HyperParameterTuningJobConfig', 'TuningJobCompletionCriteria', 'BestObjectiveNotImproving', 'MaxNumberOfTrainingJobsNotImproving'])} is ${n}, but maxTrainingJobs is ${total}: the job ends before ${n} jobs can fail to improve, so this criterion never stops it.`)];
};
