/** Input modes and the channel formats that depend on them (augmented manifests, Gzip, RecordIO), checked where a definition receives a channel. */
import { CompressionType, InputMode, RecordWrapperType, S3DataType } from '../../training-input';
import { error, isKnownString } from '../core';
import { ChannelEntry, ChannelRule, DefinitionEntry } from './rule';

/** The input mode a channel really uses: its own, else the definition's (File by default); undefined for a token. */
export function effectiveInputMode(d: DefinitionEntry, channel: ChannelEntry): string | undefined {
  const mode = (channel.config.inputMode ?? d.props.inputMode ?? InputMode.FILE).mode;
  return isKnownString(mode) ? mode : undefined;
}

/** TJ-CHANNEL-AUGMENTED-PIPE: AugmentedManifestFile only in Pipe mode. */
export const augmentedManifestPipe: ChannelRule = (d, c) => {
  const mode = effectiveInputMode(d, c);
  const augmented = c.config.s3DataSource?.dataType?.dataType === S3DataType.AUGMENTED_MANIFEST_FILE.dataType;
  if (augmented && mode !== undefined && mode !== InputMode.PIPE.mode) {
    return [error('TJ-CHANNEL-AUGMENTED-PIPE', `${c.label}: dataType (S3DataSource.S3DataType) is 'AugmentedManifestFile' with input mode '${mode}', but augmented manifest files can only be used in Pipe mode (FastFile does not take them): set the channel's inputMode (or the definition's inputMode) to InputMode.PIPE.`)];
  }
  return [];
};

/** TJ-CHANNEL-GZIP-PIPE: Gzip compression only in Pipe mode. */
export const gzipPipe: ChannelRule = (d, c) => {
  const mode = effectiveInputMode(d, c);
  if (c.config.compression === CompressionType.GZIP && mode !== undefined && mode !== InputMode.PIPE.mode) {
    return [error('TJ-CHANNEL-GZIP-PIPE', `${c.label}: compression (CompressionType) is 'Gzip' with input mode '${mode}', but CompressionType is used only in Pipe mode: in ${mode} mode leave it unset or None, or switch the channel to Pipe.`)];
  }
  return [];
};

/** TJ-CHANNEL-RECORDIO-FILE: RecordIO wrapping is not for File mode. */
export const recordIoNotFile: ChannelRule = (d, c) => {
  if (c.config.recordWrapperType === RecordWrapperType.RECORD_IO && effectiveInputMode(d, c) === InputMode.FILE.mode) {
    return [error('TJ-CHANNEL-RECORDIO-FILE', `${c.label}: recordWrapperType (RecordWrapperType) is 'RecordIO' with input mode 'File', but in File mode RecordWrapperType must be unset or None.`)];
  }
  return [];
};

/** TJ-CHANNEL-ATTRIBUTES-AUGMENTED: AttributeNames only with an augmented manifest. */
export const attributeNamesAugmented: ChannelRule = (_d, c) => {
  const s3 = c.config.s3DataSource;
  const dataType = (s3?.dataType ?? S3DataType.S3_PREFIX).dataType;
  const named = s3 !== undefined && Array.isArray(s3.attributeNames) && s3.attributeNames.length > 0;
  if (named && isKnownString(dataType) && dataType !== S3DataType.AUGMENTED_MANIFEST_FILE.dataType) {
    return [error('TJ-CHANNEL-ATTRIBUTES-AUGMENTED', `${c.label}: attributeNames (S3DataSource.AttributeNames) is set with dataType '${dataType}', but attribute names select fields of an augmented manifest file: they apply only with S3DataType 'AugmentedManifestFile'.`)];
  }
  return [];
};
