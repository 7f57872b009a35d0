/** Instance type names: what `TrainingInstanceType.of` received, checked where a definition receives it. */
import { error, show } from '../core';
import { defField, EntryRule, instanceTypesOf } from './rule';

/**
 * What every SageMaker training instance type name looks like, `ml.<family>.<size>`. A name of
 * that shape that the service model does not list only warns (SM-ENUM-OPEN): newer types exist.
 */
export const INSTANCE_TYPE_NAME = /^ml\.[a-z0-9-]+\.[a-z0-9-]+$/;

/** TJ-INSTANCE-TYPE-NAME: every instance type of the definition looks like `ml.<family>.<size>`. */
export const instanceTypeNames: EntryRule = ({ props }) => instanceTypesOf(props)
  .filter(t => !INSTANCE_TYPE_NAME.test(t.type))
  .map(t => error('TJ-INSTANCE-TYPE-NAME', `${defField(t.path)} is ${show(t.type)}, but an instance type name looks like 'ml.<family>.<size>' (e.g. ml.m5.xlarge).`));
