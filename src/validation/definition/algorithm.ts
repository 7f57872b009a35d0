/** The algorithm of a definition and its metric definitions. */
import { isBuiltInAlgorithmImage } from '../builtin-image';
import { error, isKnownString, isToken, listNames, show, warning } from '../core';
import { DEFINITION_API_PREFIX, DefinitionRule } from './rule';

/** TJ-ALGORITHM-ONE-OF: exactly one of TrainingImage and AlgorithmName. */
export const algorithmOneOf: DefinitionRule = def => {
  const spec = def.AlgorithmSpecification;
  if (!spec || isToken(spec)) {
    return [];
  }
  const image = spec.TrainingImage !== undefined;
  const name = spec.AlgorithmName !== undefined;
  if (image && name) {
    return [error('TJ-ALGORITHM-ONE-OF', `algorithm (${DEFINITION_API_PREFIX}.AlgorithmSpecification) sets both TrainingImage ${show(spec.TrainingImage)} and AlgorithmName ${show(spec.AlgorithmName)}, but exactly one of them is allowed: use TrainingAlgorithm.fromImage(...) or TrainingAlgorithm.fromAlgorithmName(...).`)];
  }
  if (!image && !name) {
    return [error('TJ-ALGORITHM-ONE-OF', `algorithm (${DEFINITION_API_PREFIX}.AlgorithmSpecification) sets neither TrainingImage nor AlgorithmName, but one of them is required.`)];
  }
  return [];
};

/**
 * TJ-METRICS-CUSTOM-IMAGE: a custom image without metric definitions. SageMaker reads the
 * objective from the training logs with these regexes; without them it refuses the job ("A
 * metric is required for this hyperparameter tuning job objective"). Built-in algorithm images
 * and algorithm resources define their own metrics. Which images are built-in is decided by
 * `isBuiltInAlgorithmImage` alone (one call, so that a better recognizer can replace it).
 */
export const metricsForCustomImage: DefinitionRule = def => {
  const spec = def.AlgorithmSpecification;
  if (!spec || spec.TrainingImage === undefined || spec.AlgorithmName !== undefined) {
    return [];
  }
  if (typeof spec.TrainingImage === 'string' && isBuiltInAlgorithmImage(spec.TrainingImage)) {
    return [];
  }
  const metrics = spec.MetricDefinitions;
  if (isToken(metrics) || (Array.isArray(metrics) && metrics.length > 0)) {
    return [];
  }
  return [error('TJ-METRICS-CUSTOM-IMAGE', `metricDefinitions (${DEFINITION_API_PREFIX}.AlgorithmSpecification.MetricDefinitions) is empty for the image ${show(spec.TrainingImage)}, which is not a SageMaker built-in algorithm image: SageMaker reads the objective metric from the training logs with these regexes and refuses a tuning job whose custom image has none ("A metric is required for this hyperparameter tuning job objective"). Add metricDefinitions with the objective metric (built-in algorithm images and algorithm resources define their own metrics).`)];
};

/** TJ-METRIC-NAMES-UNIQUE (warning): metric definition names repeat. */
export const metricNamesUnique: DefinitionRule = def => {
  const metrics = def.AlgorithmSpecification?.MetricDefinitions;
  if (!Array.isArray(metrics) || isToken(metrics)) {
    return [];
  }
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const m of metrics) {
    if (m && isKnownString(m.Name)) {
      if (seen.has(m.Name)) {
        dupes.add(m.Name);
      }
      seen.add(m.Name);
    }
  }
  return dupes.size === 0 ? [] : [warning('TJ-METRIC-NAMES-UNIQUE', `metricDefinitions (${DEFINITION_API_PREFIX}.AlgorithmSpecification.MetricDefinitions) defines ${listNames([...dupes])} more than once: each metric name should have one regex, or the objective metric is ambiguous.`)];
};
