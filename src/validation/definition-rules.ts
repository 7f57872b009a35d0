/**
 * Rules that concern one training-job definition alone. Each rule is one function; they run
 * in `validateTrainingJobDefinition` only (the job-level validator never repeats them).
 */
import { isBuiltInAlgorithmImage } from './builtin-image';
import {
  Finding, WirePath, error, formatPath, isKnownNumber, isKnownString, isToken, listNames, mask, parseKnownNumber, show, showSeconds, warning,
} from './core';
import { withArticle } from './credential-shapes';
import { definitionFieldName } from './field-names';
import { instanceStorage } from './instance-types';
import { RangeProblem, autoParameterProblems, categoricalRangeProblems, numericRangeProblems } from './ranges';
import { findCredential } from './secrets';
import { SERVICE_SHAPES } from './service-model.generated';
import { walkServiceModel } from './walker';
import { WireChannel, WireParameterRanges, WireTrainingJobDefinition } from '../shared/wire';

/** Prefix of API paths in definition messages (the definition rendered standalone). */
export const DEFINITION_API_PREFIX = 'TrainingJobDefinition';

/** `userName (TrainingJobDefinition.Api.Path)` for a field of a definition. */
export function defField(path: WirePath): string {
  const api = formatPath([DEFINITION_API_PREFIX, ...path]);
  const user = definitionFieldName(path);
  return user ? `${user} (${api})` : api;
}

/** A rule over one definition. */
export type DefinitionRule = (def: WireTrainingJobDefinition) => Finding[];

/** Most hyperparameters (static + tuned) a training job takes, and the one SageMaker adds itself. */
export const MAX_HYPERPARAMETERS = 100;
/** SageMaker adds `_tuning_objective_metric` to every training job's hyperparameters. */
export const RESERVED_HYPERPARAMETERS = 1;
/** Most ranges (integer + continuous + categorical) in one ParameterRanges. */
export const MAX_TUNED_RANGES = SERVICE_SHAPES.IntegerParameterRanges.max!; // 30
/** Longest training job runtime, 28 days (StoppingCondition.MaxRuntimeInSeconds docs). */
export const MAX_TRAINING_RUNTIME_SECONDS = 28 * 24 * 3600;

// ---------------------------------------------------------------------------------------------
// helpers

interface NamedRange {
  readonly kind: 'integer' | 'continuous' | 'categorical' | 'auto';
  readonly name: string;
  readonly path: WirePath;
}

const RANGE_LISTS: Array<[keyof WireParameterRanges, NamedRange['kind']]> = [
  ['IntegerParameterRanges', 'integer'],
  ['ContinuousParameterRanges', 'continuous'],
  ['CategoricalParameterRanges', 'categorical'],
  ['AutoParameters', 'auto'],
];

/** Every range of a ParameterRanges object with its kind and path (token lists skipped). */
export function rangesOf(ranges: WireParameterRanges | undefined, base: WirePath): NamedRange[] {
  const out: NamedRange[] = [];
  if (!ranges || isToken(ranges)) {
    return out;
  }
  for (const [list, kind] of RANGE_LISTS) {
    const items = ranges[list];
    if (!Array.isArray(items) || isToken(items)) {
      continue;
    }
    items.forEach((r, i) => out.push({ kind, name: (r as { Name: string }).Name, path: [...base, list, i] }));
  }
  return out;
}

/** Number of integer + continuous + categorical ranges (auto parameters not counted). */
export function tunedRangeCount(ranges: WireParameterRanges | undefined): number {
  return rangesOf(ranges, []).filter(r => r.kind !== 'auto').length;
}

function entries(map: Record<string, string> | undefined): Array<[string, string]> {
  if (!map || isToken(map) || typeof map !== 'object') {
    return [];
  }
  return Object.entries(map).filter(([, v]) => v !== undefined);
}

/** The input mode a channel really uses: its own, else the algorithm's. */
export function effectiveInputMode(def: WireTrainingJobDefinition, channel: WireChannel): string | undefined {
  const own = channel.InputMode;
  if (own !== undefined) {
    return isKnownString(own) ? own : undefined;
  }
  const general = def.AlgorithmSpecification?.TrainingInputMode;
  return isKnownString(general) ? general : undefined;
}

function channels(def: WireTrainingJobDefinition): WireChannel[] {
  const list = def.InputDataConfig;
  return Array.isArray(list) && !isToken(list) ? list : [];
}

function channelLabel(channel: WireChannel, i: number): string {
  return isKnownString(channel.ChannelName) ? `channel '${channel.ChannelName}'` : `inputs[${i}]`;
}

// ---------------------------------------------------------------------------------------------
// the service model

/** SM-*: the definition against the service model (the objective is checked with the job). */
export const serviceModelRule: DefinitionRule = def => walkServiceModel(def, {
  shape: 'HyperParameterTrainingJobDefinition',
  apiPrefix: [DEFINITION_API_PREFIX],
  nameOf: definitionFieldName,
  skip: [
    'TuningObjective',
    // the range rules (ranges.ts) check names, bounds, scaling, values and hints
    ...['IntegerParameterRanges', 'ContinuousParameterRanges'].flatMap(l => ['Name', 'MinValue', 'MaxValue', 'ScalingType'].map(m => `HyperParameterRanges.${l}[].${m}`)),
    'HyperParameterRanges.CategoricalParameterRanges[].Name',
    'HyperParameterRanges.CategoricalParameterRanges[].Values',
    'HyperParameterRanges.AutoParameters[].Name',
    'HyperParameterRanges.AutoParameters[].ValueHint',
  ],
});

// ---------------------------------------------------------------------------------------------
// algorithm and metrics

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

// ---------------------------------------------------------------------------------------------
// ranges

function rangeFinding(path: WirePath, name: unknown, p: RangeProblem): Finding {
  return error(p.rule, `${defField(path)} for hyperparameter ${show(name)}: ${p.message}.`);
}

/** TJ-RANGE-*: the value rules of every range (the same functions the ParameterRange factories call). */
export const rangeValues: DefinitionRule = def => {
  const out: Finding[] = [];
  const ranges = def.HyperParameterRanges;
  for (const r of rangesOf(ranges, ['HyperParameterRanges'])) {
    const list = ranges![r.path[1] as keyof WireParameterRanges] as unknown[];
    const item = list[r.path[2] as number] as Record<string, unknown>;
    if (!item || isToken(item)) {
      continue;
    }
    let problems: RangeProblem[];
    if (r.kind === 'integer' || r.kind === 'continuous') {
      const min = boundOf(item.MinValue);
      const max = boundOf(item.MaxValue);
      problems = numericRangeProblems(r.kind, r.name, min, max, (item.ScalingType as string | undefined) ?? 'Auto');
    } else if (r.kind === 'categorical') {
      problems = categoricalRangeProblems(r.name, item.Values as string[]);
    } else {
      problems = autoParameterProblems(r.name, item.ValueHint as string);
    }
    out.push(...problems.map(p => rangeFinding(r.path, r.name, p)));
  }
  return out;
};

/**
 * A wire bound (a string) as the number the range helpers take: tokens stay tokens, a missing
 * bound stays undefined (the service-model rule reports it), junk is NaN.
 */
function boundOf(v: unknown): number {
  if (v === undefined || isToken(v)) {
    return v as number; // an unresolved token or undefined; the helpers skip it
  }
  const n = parseKnownNumber(v);
  return n === undefined ? NaN : n;
}

/** TJ-RANGE-SINGLE-VALUE (warning): a categorical range of a single value tunes nothing. */
export const rangeSingleValue: DefinitionRule = def => {
  const out: Finding[] = [];
  const ranges = def.HyperParameterRanges;
  for (const r of rangesOf(ranges, ['HyperParameterRanges'])) {
    const item = (ranges![r.path[1] as keyof WireParameterRanges] as unknown[])[r.path[2] as number] as Record<string, unknown>;
    if (!item || isToken(item)) {
      continue;
    }
    // min = max is an error of the range itself (TJ-RANGE-MIN-LT-MAX); one categorical value is legal.
    if (r.kind === 'categorical' && Array.isArray(item.Values) && !isToken(item.Values) && item.Values.length === 1) {
      out.push(warning('TJ-RANGE-SINGLE-VALUE', `${defField(r.path)} for hyperparameter ${show(r.name)} has a single value ${show(item.Values[0])}: it tunes nothing. Put it in staticHyperParameters instead.`));
    }
  }
  return out;
};

/** TJ-RANGES-TOTAL: at most 30 integer + continuous + categorical ranges in one ParameterRanges. */
export const rangesTotal: DefinitionRule = def => {
  const count = tunedRangeCount(def.HyperParameterRanges);
  if (count <= MAX_TUNED_RANGES) {
    return [];
  }
  return [error('TJ-RANGES-TOTAL', `parameterRanges (${DEFINITION_API_PREFIX}.HyperParameterRanges) has ${count} integer, continuous and categorical ranges, but SageMaker allows at most ${MAX_TUNED_RANGES} in total (the limit of each list is also the limit of their sum).`)];
};

/** TJ-TUNED-NAMES-UNIQUE: a hyperparameter is tuned by one range only. */
export const tunedNamesUnique: DefinitionRule = def => {
  const byName = new Map<string, string[]>();
  for (const r of rangesOf(def.HyperParameterRanges, [])) {
    if (isKnownString(r.name)) {
      byName.set(r.name, [...(byName.get(r.name) ?? []), r.kind]);
    }
  }
  const out: Finding[] = [];
  for (const [name, kinds] of byName) {
    if (kinds.length > 1) {
      out.push(error('TJ-TUNED-NAMES-UNIQUE', `parameterRanges (${DEFINITION_API_PREFIX}.HyperParameterRanges) tunes hyperparameter '${name}' ${kinds.length} times (${kinds.join(', ')}), but each hyperparameter can have one range only.`));
    }
  }
  return out;
};

/** TJ-STATIC-TUNED-DISJOINT: a hyperparameter is either static or tuned. */
export const staticTunedDisjoint: DefinitionRule = def => {
  const statics = new Set(entries(def.StaticHyperParameters).map(([k]) => k));
  const both = [...new Set(rangesOf(def.HyperParameterRanges, []).map(r => r.name).filter(n => isKnownString(n) && statics.has(n)))];
  if (both.length === 0) {
    return [];
  }
  return [error('TJ-STATIC-TUNED-DISJOINT', `staticHyperParameters (${DEFINITION_API_PREFIX}.StaticHyperParameters) sets ${listNames(both)}, which parameterRanges also tunes: a hyperparameter is either static or tuned, not both. Remove ${both.length === 1 ? 'it' : 'them'} from staticHyperParameters.`)];
};

/** TJ-HYPERPARAMETERS-TOTAL: static + tuned hyperparameters, plus the one SageMaker adds, at most 100. */
export const hyperParametersTotal: DefinitionRule = def => {
  const statics = entries(def.StaticHyperParameters).length;
  if (isToken(def.StaticHyperParameters) || statics > (SERVICE_SHAPES.HyperParameters.max ?? MAX_HYPERPARAMETERS)) {
    return []; // the service-model rule reports a static map over its own limit
  }
  const tuned = rangesOf(def.HyperParameterRanges, []).length;
  const limit = MAX_HYPERPARAMETERS - RESERVED_HYPERPARAMETERS;
  if (statics + tuned <= limit) {
    return [];
  }
  return [error('TJ-HYPERPARAMETERS-TOTAL', `staticHyperParameters + parameterRanges (${DEFINITION_API_PREFIX}.StaticHyperParameters, HyperParameterRanges) make ${statics} + ${tuned} = ${statics + tuned} hyperparameters, but a training job takes at most ${MAX_HYPERPARAMETERS} and SageMaker adds _tuning_objective_metric itself: at most ${limit} are yours.`)];
};

/** TJ-SECRET: credentials in hyperparameters or environment values. */
export const noCredentials: DefinitionRule = def => {
  const out: Finding[] = [];
  const report = (path: WirePath, key: string | undefined, value: unknown, where: string) => {
    const hit = findCredential(key, value);
    if (hit) {
      out.push(error('TJ-SECRET', `${defField(path)} holds what looks like ${withArticle(hit.kind)} (${mask(hit.secret)}): ${where} Grant the training role the permissions it needs, or read the secret at run time (e.g. from Secrets Manager); never put credentials in the request.`));
    }
  };
  for (const [k, v] of entries(def.StaticHyperParameters)) {
    report(['StaticHyperParameters', k], k, v, 'SageMaker rejects hyperparameters that contain credentials, and the value would sit in clear text in the CloudFormation template.');
  }
  for (const [k, v] of entries(def.Environment)) {
    report(['Environment', k], k, v, 'environment values sit in clear text in the CloudFormation template and in DescribeTrainingJob.');
  }
  const ranges = def.HyperParameterRanges;
  for (const r of rangesOf(ranges, ['HyperParameterRanges'])) {
    const item = (ranges![r.path[1] as keyof WireParameterRanges] as unknown[])[r.path[2] as number] as Record<string, unknown>;
    if (r.kind === 'categorical' && Array.isArray(item?.Values) && !isToken(item.Values)) {
      (item.Values as unknown[]).forEach((v, j) => report([...r.path, 'Values', j], r.name, v, 'SageMaker rejects hyperparameters that contain credentials.'));
    } else if (r.kind === 'auto') {
      report([...r.path, 'ValueHint'], r.name, item?.ValueHint, 'SageMaker rejects hyperparameters that contain credentials.');
    }
  }
  return out;
};

// ---------------------------------------------------------------------------------------------
// inputs

/** TJ-CHANNEL-NAMES-UNIQUE: channel names differ within a definition. */
export const channelNamesUnique: DefinitionRule = def => {
  const seen = new Map<string, number>();
  const out: Finding[] = [];
  channels(def).forEach((c, i) => {
    if (!c || !isKnownString(c.ChannelName)) {
      return;
    }
    const first = seen.get(c.ChannelName);
    if (first !== undefined) {
      out.push(error('TJ-CHANNEL-NAMES-UNIQUE', `${defField(['InputDataConfig', i, 'ChannelName'])} is '${c.ChannelName}', which inputs[${first}] already uses: channel names must be unique within a definition.`));
    } else {
      seen.set(c.ChannelName, i);
    }
  });
  return out;
};

/** TJ-CHANNEL-ONE-SOURCE: a channel reads from exactly one data source. */
export const channelOneSource: DefinitionRule = def => {
  const out: Finding[] = [];
  channels(def).forEach((c, i) => {
    const ds = c?.DataSource as Record<string, unknown> | undefined;
    if (!ds || isToken(ds) || typeof ds !== 'object') {
      return;
    }
    const sources = Object.keys(ds).filter(k => ds[k] !== undefined);
    if (sources.length !== 1) {
      out.push(error('TJ-CHANNEL-ONE-SOURCE', `${defField(['InputDataConfig', i, 'DataSource'])} of ${channelLabel(c, i)} has ${sources.length === 0 ? 'no data source' : `${sources.length} data sources (${sources.join(', ')})`}, but a channel reads from exactly one (S3DataSource or FileSystemDataSource).`));
    }
  });
  return out;
};

/** TJ-CHANNEL-AUGMENTED-PIPE: AugmentedManifestFile only in Pipe mode. */
export const augmentedManifestPipe: DefinitionRule = def => {
  const out: Finding[] = [];
  channels(def).forEach((c, i) => {
    const s3 = c?.DataSource?.S3DataSource;
    const mode = effectiveInputMode(def, c);
    if (s3 && s3.S3DataType === 'AugmentedManifestFile' && mode !== undefined && mode !== 'Pipe') {
      out.push(error('TJ-CHANNEL-AUGMENTED-PIPE', `${defField(['InputDataConfig', i, 'DataSource', 'S3DataSource', 'S3DataType'])} of ${channelLabel(c, i)} is 'AugmentedManifestFile' with input mode '${mode}', but augmented manifest files can only be used in Pipe mode (FastFile does not take them): set inputs[${i}].inputMode (or inputMode) to Pipe.`));
    }
  });
  return out;
};

/** TJ-CHANNEL-GZIP-PIPE: Gzip compression only in Pipe mode. */
export const gzipPipe: DefinitionRule = def => {
  const out: Finding[] = [];
  channels(def).forEach((c, i) => {
    const mode = effectiveInputMode(def, c);
    if (c?.CompressionType === 'Gzip' && mode !== undefined && mode !== 'Pipe') {
      out.push(error('TJ-CHANNEL-GZIP-PIPE', `${defField(['InputDataConfig', i, 'CompressionType'])} of ${channelLabel(c, i)} is 'Gzip' with input mode '${mode}', but CompressionType is used only in Pipe mode: in ${mode} mode leave it unset or None, or switch the channel to Pipe.`));
    }
  });
  return out;
};

/** TJ-CHANNEL-RECORDIO-FILE: RecordIO wrapping is not for File mode. */
export const recordIoNotFile: DefinitionRule = def => {
  const out: Finding[] = [];
  channels(def).forEach((c, i) => {
    const mode = effectiveInputMode(def, c);
    if (c?.RecordWrapperType === 'RecordIO' && mode === 'File') {
      out.push(error('TJ-CHANNEL-RECORDIO-FILE', `${defField(['InputDataConfig', i, 'RecordWrapperType'])} of ${channelLabel(c, i)} is 'RecordIO' with input mode 'File', but in File mode RecordWrapperType must be unset or None.`));
    }
  });
  return out;
};

/** TJ-CHANNEL-ATTRIBUTES-AUGMENTED: AttributeNames only with an augmented manifest. */
export const attributeNamesAugmented: DefinitionRule = def => {
  const out: Finding[] = [];
  channels(def).forEach((c, i) => {
    const s3 = c?.DataSource?.S3DataSource;
    if (s3 && Array.isArray(s3.AttributeNames) && s3.AttributeNames.length > 0 && isKnownString(s3.S3DataType) && s3.S3DataType !== 'AugmentedManifestFile') {
      out.push(error('TJ-CHANNEL-ATTRIBUTES-AUGMENTED', `${defField(['InputDataConfig', i, 'DataSource', 'S3DataSource', 'AttributeNames'])} of ${channelLabel(c, i)} is set with s3DataType '${s3.S3DataType}', but attribute names select fields of an augmented manifest file: they apply only with S3DataType 'AugmentedManifestFile'.`));
    }
  });
  return out;
};

/** TJ-CHANNEL-INSTANCE-GROUPS: S3 channels name instance groups that exist. */
export const channelInstanceGroups: DefinitionRule = def => {
  const out: Finding[] = [];
  const groups = def.ResourceConfig?.InstanceGroups;
  const groupsKnown = !isToken(groups);
  const known = Array.isArray(groups) ? groups.map(g => g?.InstanceGroupName).filter(isKnownString) : [];
  channels(def).forEach((c, i) => {
    const names = c?.DataSource?.S3DataSource?.InstanceGroupNames;
    if (!Array.isArray(names) || isToken(names) || names.length === 0 || !groupsKnown) {
      return;
    }
    const missing = names.filter(n => isKnownString(n) && !known.includes(n));
    if (missing.length > 0) {
      const have = known.length > 0 ? `the definition's instance groups are ${listNames(known)}` : 'the definition has no instanceGroups';
      out.push(error('TJ-CHANNEL-INSTANCE-GROUPS', `${defField(['InputDataConfig', i, 'DataSource', 'S3DataSource', 'InstanceGroupNames'])} of ${channelLabel(c, i)} names ${listNames(missing)}, but ${have}: a channel can only feed instance groups of its definition's heterogeneous cluster.`));
    }
  });
  return out;
};

/** TJ-FILE-SYSTEM-VPC: EFS and FSx for Lustre inputs need the training jobs in a VPC. */
export const fileSystemNeedsVpc: DefinitionRule = def => {
  if (def.VpcConfig !== undefined) {
    return [];
  }
  const out: Finding[] = [];
  channels(def).forEach((c, i) => {
    const fs = c?.DataSource?.FileSystemDataSource;
    if (fs) {
      out.push(error('TJ-FILE-SYSTEM-VPC', `${defField(['InputDataConfig', i, 'DataSource', 'FileSystemDataSource'])} of ${channelLabel(c, i)} reads from ${isKnownString(fs.FileSystemType) ? fs.FileSystemType : 'a file system'}, but vpc (${DEFINITION_API_PREFIX}.VpcConfig) is not set: training jobs reach EFS and FSx for Lustre only from inside a VPC. Set vpc (and vpcSubnets / securityGroups).`));
    }
  });
  return out;
};

// ---------------------------------------------------------------------------------------------
// instances and storage

/** TJ-RESOURCE-CONFIG-ONE-OF: ResourceConfig or HyperParameterTuningResourceConfig, exactly one. */
export const resourceConfigOneOf: DefinitionRule = def => {
  const a = def.ResourceConfig !== undefined;
  const b = def.HyperParameterTuningResourceConfig !== undefined;
  if (a && b) {
    return [error('TJ-RESOURCE-CONFIG-ONE-OF', `instance settings (${DEFINITION_API_PREFIX}.ResourceConfig and HyperParameterTuningResourceConfig) are both set, but a definition takes one: ResourceConfig (instanceType / instanceCount / volumeSize / instanceGroups) or HyperParameterTuningResourceConfig (instanceConfigs).`)];
  }
  if (!a && !b) {
    return [error('TJ-RESOURCE-CONFIG-ONE-OF', `instance settings (${DEFINITION_API_PREFIX}.ResourceConfig / HyperParameterTuningResourceConfig) are missing: set instanceType and instanceCount, or instanceConfigs, so the training jobs have instances to run on.`)];
  }
  return [];
};

/** TJ-INSTANCE-CONFIGS-ONE-OF: InstanceConfigs or InstanceType/InstanceCount/VolumeSizeInGB. */
export const instanceConfigsOneOf: DefinitionRule = def => {
  const rc = def.HyperParameterTuningResourceConfig;
  if (!rc || isToken(rc)) {
    return [];
  }
  const single = (['InstanceType', 'InstanceCount', 'VolumeSizeInGB'] as const).filter(k => rc[k] !== undefined);
  if (rc.InstanceConfigs !== undefined && single.length > 0) {
    return [error('TJ-INSTANCE-CONFIGS-ONE-OF', `instanceConfigs (${DEFINITION_API_PREFIX}.HyperParameterTuningResourceConfig.InstanceConfigs) is set together with ${single.join(', ')}, but with instanceConfigs the instance type, count and volume size go in each instance config only.`)];
  }
  if (rc.InstanceConfigs === undefined) {
    const missing = (['InstanceType', 'InstanceCount'] as const).filter(k => rc[k] === undefined);
    if (missing.length > 0) {
      return [error('TJ-INSTANCE-CONFIGS-ONE-OF', `instance settings (${DEFINITION_API_PREFIX}.HyperParameterTuningResourceConfig) have neither instanceConfigs nor ${missing.join(' and ')}: set instanceType and instanceCount, or instanceConfigs.`)];
    }
  }
  return [];
};

/** TJ-INSTANCE-GROUPS-ONE-OF: InstanceGroups or InstanceType/InstanceCount; group names unique. */
export const instanceGroupsOneOf: DefinitionRule = def => {
  const rc = def.ResourceConfig;
  if (!rc || isToken(rc)) {
    return [];
  }
  const out: Finding[] = [];
  const groups = rc.InstanceGroups;
  const hasGroups = groups !== undefined && !(Array.isArray(groups) && groups.length === 0);
  if (hasGroups) {
    const both = (['InstanceType', 'InstanceCount'] as const).filter(k => rc[k] !== undefined);
    if (both.length > 0) {
      out.push(error('TJ-INSTANCE-GROUPS-ONE-OF', `instanceGroups (${DEFINITION_API_PREFIX}.ResourceConfig.InstanceGroups) is set together with ${both.map(b => defField(['ResourceConfig', b])).join(' and ')}, but a heterogeneous cluster takes its instance types and counts from the groups only.`));
    }
    if (Array.isArray(groups) && !isToken(groups)) {
      const seen = new Set<string>();
      groups.forEach((g, i) => {
        if (g && isKnownString(g.InstanceGroupName)) {
          if (seen.has(g.InstanceGroupName)) {
            out.push(error('TJ-INSTANCE-GROUPS-ONE-OF', `${defField(['ResourceConfig', 'InstanceGroups', i, 'InstanceGroupName'])} is '${g.InstanceGroupName}', which an earlier group already uses: instance group names must be unique.`));
          }
          seen.add(g.InstanceGroupName);
        }
      });
    }
  } else {
    const missing = (['InstanceType', 'InstanceCount'] as const).filter(k => rc[k] === undefined);
    if (missing.length > 0) {
      out.push(error('TJ-INSTANCE-GROUPS-ONE-OF', `instance settings (${DEFINITION_API_PREFIX}.ResourceConfig) have neither instanceGroups nor ${missing.map(m => defField(['ResourceConfig', m])).join(' and ')}: set instanceType and instanceCount (or instanceGroups).`));
    }
  }
  return out;
};

/** TJ-INSTANCE-COUNT-MIN: every instance count is at least 1 (the model allows 0). */
export const instanceCountMin: DefinitionRule = def => {
  const out: Finding[] = [];
  const check = (path: WirePath, v: unknown) => {
    if (isKnownNumber(v) && v < 1) {
      out.push(error('TJ-INSTANCE-COUNT-MIN', `${defField(path)} is ${v}, but a training job needs at least 1 instance.`));
    }
  };
  check(['ResourceConfig', 'InstanceCount'], def.ResourceConfig?.InstanceCount);
  (Array.isArray(def.ResourceConfig?.InstanceGroups) ? def.ResourceConfig!.InstanceGroups : []).forEach((g, i) => check(['ResourceConfig', 'InstanceGroups', i, 'InstanceCount'], g?.InstanceCount));
  check(['HyperParameterTuningResourceConfig', 'InstanceCount'], def.HyperParameterTuningResourceConfig?.InstanceCount);
  (Array.isArray(def.HyperParameterTuningResourceConfig?.InstanceConfigs) ? def.HyperParameterTuningResourceConfig!.InstanceConfigs : [])
    .forEach((c, i) => check(['HyperParameterTuningResourceConfig', 'InstanceConfigs', i, 'InstanceCount'], c?.InstanceCount));
  return out;
};

interface TypedInstance {
  readonly type: string;
  readonly path: WirePath;
}

/** Every instance type a definition names, with its path. */
function instanceTypes(def: WireTrainingJobDefinition): { rc?: 'ResourceConfig' | 'HyperParameterTuningResourceConfig'; types: TypedInstance[] } {
  const types: TypedInstance[] = [];
  const add = (v: unknown, path: WirePath) => {
    if (isKnownString(v)) {
      types.push({ type: v, path });
    }
  };
  if (def.ResourceConfig && !isToken(def.ResourceConfig)) {
    add(def.ResourceConfig.InstanceType, ['ResourceConfig', 'InstanceType']);
    (Array.isArray(def.ResourceConfig.InstanceGroups) ? def.ResourceConfig.InstanceGroups : [])
      .forEach((g, i) => add(g?.InstanceType, ['ResourceConfig', 'InstanceGroups', i, 'InstanceType']));
    return { rc: 'ResourceConfig', types };
  }
  if (def.HyperParameterTuningResourceConfig && !isToken(def.HyperParameterTuningResourceConfig)) {
    const rc = def.HyperParameterTuningResourceConfig;
    add(rc.InstanceType, ['HyperParameterTuningResourceConfig', 'InstanceType']);
    (Array.isArray(rc.InstanceConfigs) ? rc.InstanceConfigs : [])
      .forEach((c, i) => add(c?.InstanceType, ['HyperParameterTuningResourceConfig', 'InstanceConfigs', i, 'InstanceType']));
    return { rc: 'HyperParameterTuningResourceConfig', types };
  }
  return { types };
}

/** TJ-VOLUME-KMS-LOCAL-STORAGE: no volume KMS key with instance types that have local storage. */
export const volumeKmsLocalStorage: DefinitionRule = def => {
  const { rc, types } = instanceTypes(def);
  if (!rc) {
    return [];
  }
  const key = (def[rc] as { VolumeKmsKeyId?: string }).VolumeKmsKeyId;
  if (key === undefined) {
    return [];
  }
  const local = types.filter(t => instanceStorage(t.type) === 'local');
  return local.map(t => error('TJ-VOLUME-KMS-LOCAL-STORAGE', `volumeEncryptionKey (${DEFINITION_API_PREFIX}.${rc}.VolumeKmsKeyId) is set, but ${defField(t.path)} is '${t.type}', which has local NVMe instance storage: SageMaker encrypts that storage with a hardware module and rejects a volume KMS key for it. Remove volumeEncryptionKey, or choose an EBS-only instance type.`));
};

/** TJ-VOLUME-SIZE-EBS-ONLY: EBS-only instance types need a volume size. */
export const volumeSizeEbsOnly: DefinitionRule = def => {
  const { rc, types } = instanceTypes(def);
  if (!rc) {
    return [];
  }
  const out: Finding[] = [];
  if (rc === 'ResourceConfig') {
    const size = def.ResourceConfig!.VolumeSizeInGB;
    if (isToken(size) || (isKnownNumber(size) && size >= 1)) {
      return [];
    }
    for (const t of types.filter(x => instanceStorage(x.type) === 'ebs')) {
      out.push(error('TJ-VOLUME-SIZE-EBS-ONLY', `volumeSize (${DEFINITION_API_PREFIX}.ResourceConfig.VolumeSizeInGB) is ${show(size)}, but ${defField(t.path)} is '${t.type}', an EBS-only instance type: it needs an EBS volume of at least 1 GB. Set volumeSize.`));
    }
    return out;
  }
  const hrc = def.HyperParameterTuningResourceConfig!;
  if (hrc.InstanceConfigs !== undefined) {
    return []; // each instance config carries a required VolumeSizeInGB >= 1 (service model)
  }
  const size = hrc.VolumeSizeInGB;
  if (isToken(size) || (isKnownNumber(size) && size >= 1)) {
    return [];
  }
  for (const t of types.filter(x => instanceStorage(x.type) === 'ebs')) {
    out.push(error('TJ-VOLUME-SIZE-EBS-ONLY', `volumeSize (${DEFINITION_API_PREFIX}.HyperParameterTuningResourceConfig.VolumeSizeInGB) is ${show(size)}, but ${defField(t.path)} is '${t.type}', an EBS-only instance type: it needs an EBS volume of at least 1 GB. Set volumeSize.`));
  }
  return out;
};

// ---------------------------------------------------------------------------------------------
// stopping condition and spot

/** TJ-MAX-RUNTIME-28-DAYS: a training job runs at most 28 days. */
export const maxRuntime28Days: DefinitionRule = def => {
  const v = def.StoppingCondition?.MaxRuntimeInSeconds;
  if (!isKnownNumber(v) || v <= MAX_TRAINING_RUNTIME_SECONDS) {
    return [];
  }
  return [error('TJ-MAX-RUNTIME-28-DAYS', `${defField(['StoppingCondition', 'MaxRuntimeInSeconds'])} is ${showSeconds(v)}, but a training job can run at most 28 days (${MAX_TRAINING_RUNTIME_SECONDS} s).`)];
};

/** TJ-SPOT-MAX-WAIT: managed spot training needs MaxWaitTimeInSeconds >= MaxRuntimeInSeconds. */
export const spotMaxWait: DefinitionRule = def => {
  if (def.EnableManagedSpotTraining !== true) {
    return [];
  }
  const wait = def.StoppingCondition?.MaxWaitTimeInSeconds;
  const run = def.StoppingCondition?.MaxRuntimeInSeconds;
  if (wait === undefined) {
    return [error('TJ-SPOT-MAX-WAIT', `spotTraining (${DEFINITION_API_PREFIX}.EnableManagedSpotTraining) is true, but ${defField(['StoppingCondition', 'MaxWaitTimeInSeconds'])} is not set: managed spot training needs a maximum wait time (time waiting for spot capacity plus run time), at least maxRuntime.`)];
  }
  const runtime = run === undefined ? 86400 : run; // SageMaker's default MaxRuntimeInSeconds is 1 day
  if (isKnownNumber(wait) && isKnownNumber(runtime) && wait < runtime) {
    return [error('TJ-SPOT-MAX-WAIT', `${defField(['StoppingCondition', 'MaxWaitTimeInSeconds'])} is ${showSeconds(wait)}, but it must be at least ${defField(['StoppingCondition', 'MaxRuntimeInSeconds'])}, which is ${showSeconds(runtime)}${run === undefined ? ' (the default)' : ''}.`)];
  }
  return [];
};

/** TJ-MAX-WAIT-SPOT-ONLY: MaxWaitTimeInSeconds only with managed spot training. */
export const maxWaitSpotOnly: DefinitionRule = def => {
  if (def.StoppingCondition?.MaxWaitTimeInSeconds === undefined || def.EnableManagedSpotTraining === true || isToken(def.EnableManagedSpotTraining)) {
    return [];
  }
  return [error('TJ-MAX-WAIT-SPOT-ONLY', `${defField(['StoppingCondition', 'MaxWaitTimeInSeconds'])} is set, but spotTraining (${DEFINITION_API_PREFIX}.EnableManagedSpotTraining) is not: the maximum wait time applies only to managed spot training. Enable spotTraining or remove maxWaitTime.`)];
};

/** TJ-SPOT-CHECKPOINT (warning): spot training without checkpoints restarts from scratch. */
export const spotCheckpoint: DefinitionRule = def => {
  if (def.EnableManagedSpotTraining !== true || def.CheckpointConfig !== undefined) {
    return [];
  }
  return [warning('TJ-SPOT-CHECKPOINT', `spotTraining (${DEFINITION_API_PREFIX}.EnableManagedSpotTraining) is true without checkpoint (${DEFINITION_API_PREFIX}.CheckpointConfig): a training job interrupted by a spot reclaim starts over from the beginning. Set checkpoint so it resumes.`)];
};

/** Every per-definition rule, in the order their findings are reported. */
export const DEFINITION_RULES: readonly DefinitionRule[] = [
  serviceModelRule,
  algorithmOneOf,
  metricsForCustomImage,
  metricNamesUnique,
  rangeValues,
  rangeSingleValue,
  rangesTotal,
  tunedNamesUnique,
  staticTunedDisjoint,
  hyperParametersTotal,
  noCredentials,
  channelNamesUnique,
  channelOneSource,
  augmentedManifestPipe,
  gzipPipe,
  recordIoNotFile,
  attributeNamesAugmented,
  channelInstanceGroups,
  fileSystemNeedsVpc,
  resourceConfigOneOf,
  instanceConfigsOneOf,
  instanceGroupsOneOf,
  instanceCountMin,
  volumeKmsLocalStorage,
  volumeSizeEbsOnly,
  maxRuntime28Days,
  spotMaxWait,
  maxWaitSpotOnly,
  spotCheckpoint,
];
