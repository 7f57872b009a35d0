/** Input modes and the channel formats that depend on them (augmented manifests, Gzip, RecordIO). */
import { error, Finding, isKnownString } from '../core';
import { channelLabel, channels, defField, DefinitionRule } from './rule';
import { WireChannel, WireTrainingJobDefinition } from '../../shared/wire';

/** The input mode a channel really uses: its own, else the algorithm's. */
export function effectiveInputMode(def: WireTrainingJobDefinition, channel: WireChannel): string | undefined {
  const own = channel.InputMode;
  if (own !== undefined) {
    return isKnownString(own) ? own : undefined;
  }
  const general = def.AlgorithmSpecification?.TrainingInputMode;
  return isKnownString(general) ? general : undefined;
}

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
