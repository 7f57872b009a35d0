/** The algorithm of a definition and its metric definitions, checked against the props and the bound algorithm. */
import { isBuiltInAlgorithmImage } from '../builtin-image';
import { error, isKnownString, isToken, listNames, show, warning } from '../core';
import { DEFINITION_API_PREFIX, EntryRule } from './rule';

/**
 * TJ-ALGORITHM-ONE-OF: the bound algorithm has exactly one of an image and an algorithm name
 * (the library's algorithms always do; a user's `TrainingAlgorithm.bind()` may not).
 */
export const algorithmOneOf: EntryRule = ({ algorithm }) => {
  if (!algorithm) {
    return [];
  }
  const image = algorithm.trainingImage !== undefined;
  const name = algorithm.algorithmName !== undefined;
  if (image && name) {
    return [error('TJ-ALGORITHM-ONE-OF', `algorithm (${DEFINITION_API_PREFIX}.AlgorithmSpecification) bound to both trainingImage ${show(algorithm.trainingImage)} and algorithmName ${show(algorithm.algorithmName)}, but exactly one of them is allowed: TrainingAlgorithm.bind() must return one (as TrainingAlgorithm.fromImage(...) and TrainingAlgorithm.fromAlgorithmName(...) do).`)];
  }
  if (!image && !name) {
    return [error('TJ-ALGORITHM-ONE-OF', `algorithm (${DEFINITION_API_PREFIX}.AlgorithmSpecification) bound to neither trainingImage nor algorithmName, but one of them is required: TrainingAlgorithm.bind() must return one.`)];
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
export const metricsForCustomImage: EntryRule = ({ props, algorithm }) => {
  const image = algorithm?.trainingImage;
  if (image === undefined || algorithm?.algorithmName !== undefined) {
    return [];
  }
  if (typeof image === 'string' && isBuiltInAlgorithmImage(image)) {
    return [];
  }
  const metrics = props.metricDefinitions;
  if (isToken(metrics) || (Array.isArray(metrics) && metrics.length > 0)) {
    return [];
  }
  return [error('TJ-METRICS-CUSTOM-IMAGE', `metricDefinitions (${DEFINITION_API_PREFIX}.AlgorithmSpecification.MetricDefinitions) is empty for the image ${show(image)}, which is not a SageMaker built-in algorithm image: SageMaker reads the objective metric from the training logs with these regexes and refuses a tuning job whose custom image has none ("A metric is required for this hyperparameter tuning job objective"). Add metricDefinitions with the objective metric (built-in algorithm images and algorithm resources define their own metrics).`)];
};

/** TJ-METRIC-NAMES-UNIQUE (warning): metric definition names repeat. */
export const metricNamesUnique: EntryRule = ({ props }) => {
  const metrics = props.metricDefinitions;
  if (!Array.isArray(metrics) || isToken(metrics)) {
    return [];
  }
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const m of metrics) {
    if (m && isKnownString(m.name)) {
      if (seen.has(m.name)) {
        dupes.add(m.name);
      }
      seen.add(m.name);
    }
  }
  return dupes.size === 0 ? [] : [warning('TJ-METRIC-NAMES-UNIQUE', `metricDefinitions (${DEFINITION_API_PREFIX}.AlgorithmSpecification.MetricDefinitions) defines ${listNames([...dupes])} more than once: each metric name should have one regex, or the objective metric is ambiguous.`)];
};
