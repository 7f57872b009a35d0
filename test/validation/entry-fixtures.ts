/*
 * What a TrainingJobDefinition receives, as the definition rules see it (its props, its bound
 * algorithm, its channels and its ranges), and a helper that runs the rules the way the
 * construct does: the props, then each channel against the earlier ones, then the ranges.
 */
import { Duration } from 'aws-cdk-lib';
import {
  ParameterRange, ScalingType, TrainingAlgorithm, TrainingAlgorithmConfig, TrainingInputConfig, TrainingJobDefinitionProps,
} from '../../src';
import { checkDefinitionChannel, checkDefinitionProps, checkDefinitionRanges, ChannelEntry, Finding } from '../../src/validation';
import { channelLabel, rangeLabel } from '../../src/validation/definition/rule';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What a definition receives. */
export interface Subject {
  props: Mutable<TrainingJobDefinitionProps>;
  /** The bound algorithm (undefined: binding failed). */
  algorithm?: TrainingAlgorithmConfig;
  channels: Array<{ name: string; config: TrainingInputConfig }>;
  ranges: ParameterRange[];
}

export const CUSTOM_IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/xgb:1';

/** A definition that passes every definition rule without warnings. */
export function validSubject(): Subject {
  return {
    props: {
      algorithm: TrainingAlgorithm.fromAlgorithmName('unused-by-the-rules'),
      outputBucket: undefined as never, // the rules never read it
      metricDefinitions: [{ name: 'validation:auc', regex: 'validation-auc=([0-9.]+)' }],
      maxRuntime: Duration.hours(2),
      staticHyperParameters: { objective: 'binary:logistic' },
    },
    algorithm: { trainingImage: CUSTOM_IMAGE },
    channels: [{ name: 'train', config: { s3DataSource: { s3Uri: 's3://bucket/data/train/' } } }],
    ranges: [
      ParameterRange.continuous('eta', { min: 0.01, max: 0.3, scaling: ScalingType.LOGARITHMIC }),
      ParameterRange.integer('max_depth', { min: 3, max: 10 }),
      ParameterRange.categorical('booster', ['gbtree', 'dart']),
    ],
  };
}

/** Every finding of the definition rules over `s`, as the constructor collects them. */
export function findingsOf(s: Subject): Finding[] {
  const d = { props: s.props, algorithm: s.algorithm };
  const out = [...checkDefinitionProps(d)];
  const earlier: ChannelEntry[] = [];
  s.channels.forEach((c, i) => {
    const channel = { label: channelLabel(`inputs[${i}]`, c.name), name: c.name, inputClass: 'UserInput', config: c.config };
    out.push(...checkDefinitionChannel(d, channel, earlier));
    earlier.push(channel);
  });
  out.push(...checkDefinitionRanges(d, s.ranges.map((range, i) => ({ label: rangeLabel(`parameterRanges[${i}]`, range), range })), []));
  return out;
}
