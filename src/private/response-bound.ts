import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ParameterRange, ParameterRangeType } from '../parameter-range';
import { Attr } from '../shared/contract';
import { MAX_LENGTH } from '../shared/max-length';
import {
  DataEntryBound, jsonStringBytes, MAX_RESPONSE_BYTES, MODEL_ARTIFACT_SUFFIX, responseBound, stackIdBytes, tuningJobArnBytes,
  unknownStringBytes,
} from '../shared/response-size';
import { isToken } from '../validation/core';

/** What bounding a tuning job's response needs from the construct. */
export interface ResponseBoundSource {
  /** The custom resource. */
  readonly resource: CfnResource;
  /** Output bucket name and prefix of each definition. */
  readonly outputs: ReadonlyArray<{ readonly bucketName: string; readonly prefix: string }>;
  /** The ranges of every definition. */
  readonly ranges: readonly ParameterRange[];
  /** The on-demand attributes the app reads (`ReadAttributes`). */
  readonly readAttributes: readonly string[];
  /** Whether the resource is a long wait's job resource (it also returns its wait window). */
  readonly longWait?: boolean;
}

/** The bound, and how each part contributed (for the error message). */
export interface ResponseBoundResult {
  /** The most bytes the response can take. */
  readonly bytes: number;
  /** The largest contributions, described. */
  readonly largest: string[];
}

/** Bytes (as a JSON string, quotes included) of a string that may be a token, at most `maxChars` of which charset. */
function stringBytes(value: string, maxChars: number, ascii: boolean): number {
  return isToken(value) ? unknownStringBytes(maxChars, ascii) : jsonStringBytes(value);
}

/** The most bytes a best value of `range` can take, as a JSON string. */
function valueBytes(range: ParameterRange): number {
  switch (range.type) {
    case ParameterRangeType.CATEGORICAL:
      return Math.max(...(range.values ?? []).map(v => stringBytes(v, MAX_LENGTH.PARAMETER_VALUE, false)), 2);
    case ParameterRangeType.INTEGER:
    case ParameterRangeType.CONTINUOUS:
      return unknownStringBytes(MAX_LENGTH.NUMBER, true);
    default:
      // An auto parameter: SageMaker infers the range, the value can be any ParameterValue.
      return unknownStringBytes(MAX_LENGTH.PARAMETER_VALUE, false);
  }
}

/**
 * An upper bound of the custom resource's response (see `src/shared/response-size.ts`): the
 * service's maximum lengths where the synthesized value is unknown (a token, or chosen by
 * SageMaker), the exact size where it is known. With `logicalIdAtMost`, the resource's logical
 * id counts at its longest (255 characters) instead of being resolved: a looser bound, cheaper.
 */
export function boundResponse(scope: IConstruct, source: ResponseBoundSource, options: { logicalIdAtMost?: boolean } = {}): ResponseBoundResult {
  const stack = Stack.of(scope);
  // The logical id at its longest when that is enough (resolving it costs more than the rest).
  const logicalId = options.logicalIdAtMost ? undefined : stack.resolve(source.resource.logicalId);
  const logicalIdBytes = typeof logicalId === 'string' ? jsonStringBytes(logicalId) : unknownStringBytes(MAX_LENGTH.LOGICAL_ID, true);
  const stackName = Token.isUnresolved(stack.stackName) ? MAX_LENGTH.STACK_NAME : stack.stackName.length;

  const parts: Array<[string, number]> = [];
  let modelDataUriBytes = 2;
  if (source.readAttributes.includes(Attr.BEST_MODEL_DATA_URI)) {
    for (const o of source.outputs) {
      // s3://<bucket>/<prefix>/<best training job>/output/model.tar.gz
      const bucket = stringBytes(o.bucketName, MAX_LENGTH.BUCKET_NAME, true) - 2;
      const prefix = o.prefix === '' ? 0 : stringBytes(o.prefix, MAX_LENGTH.S3_URI, false) - 2 + 1;
      modelDataUriBytes = Math.max(modelDataUriBytes, 2 + 's3://'.length + bucket + prefix + 1 + MAX_LENGTH.TRAINING_JOB_NAME + MODEL_ARTIFACT_SUFFIX.length);
    }
    parts.push([`bestModelDataUri (${modelDataUriBytes} bytes${source.outputs.some(o => isToken(o.prefix)) ? ': an output prefix is a token, so up to 1024 characters' : ''})`, modelDataUriBytes]);
  }

  const hyperParameters: DataEntryBound[] = [];
  for (const attribute of source.readAttributes) {
    if (!attribute.startsWith(Attr.BEST_HYPERPARAMETER_PREFIX)) {
      continue;
    }
    const name = attribute.slice(Attr.BEST_HYPERPARAMETER_PREFIX.length);
    const ranges = source.ranges.filter(r => r.name === name);
    const value = ranges.length === 0 ? 2 : Math.max(...ranges.map(valueBytes));
    const key = stringBytes(attribute, Attr.BEST_HYPERPARAMETER_PREFIX.length + MAX_LENGTH.PARAMETER_NAME, false);
    hyperParameters.push({ keyBytes: key, valueBytes: value });
    parts.push([`bestHyperParameter('${name}') (${key + value + 2} bytes${ranges.some(r => r.type === ParameterRangeType.AUTO) ? ': an auto parameter, up to 256 characters' : ''})`, key + value + 2]);
  }

  const bytes = responseBound({
    stackIdBytes: stackIdBytes(stackName),
    logicalIdBytes,
    modelDataUriBytes,
    tuningJobArnBytes: tuningJobArnBytes(),
    hyperParameters,
    waitWindow: source.longWait,
  });
  const largest = parts.sort((a, b) => b[1] - a[1]).slice(0, 5).map(p => p[0]);
  return { bytes, largest };
}

/** The synth-time error for a response that may be too large, or undefined. */
export function responseSizeProblem(scope: IConstruct, source: ResponseBoundSource): string | undefined {
  if (boundResponse(scope, source, { logicalIdAtMost: true }).bytes <= MAX_RESPONSE_BYTES) {
    return undefined;
  }
  const { bytes, largest } = boundResponse(scope, source);
  if (bytes <= MAX_RESPONSE_BYTES) {
    return undefined;
  }
  return `the attributes this app reads can make the custom resource's response ${bytes} bytes, more than the ${MAX_RESPONSE_BYTES} bytes CloudFormation accepts `
    + `(the deployment would fail when the job completes). Largest: ${largest.join(', ') || 'none'}. `
    + 'Read fewer bestHyperParameter() values (categorical values count at their longest, auto parameters at 256 characters), '
    + 'give the definitions a concrete outputPrefix, or use bestModelDataKey instead of bestModelDataUri.';
}
