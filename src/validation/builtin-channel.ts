/**
 * TJ-BUILTIN-CHANNEL: a built-in algorithm emits a `validation:` / `test:` / `train:` metric
 * only when the training job has an input channel of that name, so an objective on such a
 * metric needs the channel. Job-level rule: the objective is the job's or the definition's own.
 */
import { builtInOf } from './builtin-objective';
import { Finding, error, isKnownString, isToken, listNames } from './core';
import { JobRule, jobField } from './job/rule';

/** Metric name prefixes that name the channel the metric is computed on. */
export const CHANNEL_METRIC_PREFIXES: readonly string[] = ['train', 'validation', 'test'];

/** TJ-BUILTIN-CHANNEL: the objective's channel is one of the definition's input channels. */
export const builtInObjectiveChannel: JobRule = (_request, _context, defs) => {
  const out: Finding[] = [];
  for (const d of defs) {
    const match = builtInOf(d);
    const metric = d.objective?.MetricName;
    if (!match || !isKnownString(metric)) {
      continue;
    }
    const channel = metric.split(':')[0];
    if (!metric.includes(':') || !CHANNEL_METRIC_PREFIXES.includes(channel)) {
      continue;
    }
    const inputs = d.def?.InputDataConfig;
    if (isToken(inputs) || (inputs !== undefined && !Array.isArray(inputs))) {
      continue;
    }
    const names = (inputs ?? []).map(c => c?.ChannelName);
    if (names.some(n => !isKnownString(n)) || names.includes(channel)) {
      continue; // a token channel name could be the one
    }
    const have = names.length === 0 ? 'it has no input channels' : `its input channels are ${listNames(names as string[])}`;
    out.push(error('TJ-BUILTIN-CHANNEL', `${jobField([...d.objectivePath, 'MetricName'])} of ${d.label} is '${metric}', which the built-in ${match.algorithm.displayName} algorithm computes on the '${channel}' input channel, but ${have}: add an input named '${channel}' (e.g. TrainingInput.fromBucket('${channel}', bucket, prefix)), or SageMaker never reports the objective.`));
  }
  return out;
};
