/**
 * The size of the custom resource's response to CloudFormation, bounded at synth time (by
 * `TuningJob`) and measured at deploy time (by the isComplete handler), with one formula.
 *
 * CloudFormation rejects a custom-resource response body larger than 4,096 bytes
 * ("Response object is too long"), which fails the deployment after the job ran. The provider
 * framework sends `{"Status","Reason","StackId","RequestId","PhysicalResourceId","LogicalResourceId","Data"}`
 * as JSON, where `Data` is onEvent's `Data` merged with isComplete's.
 */
import { Attr, InternalData } from './contract';
import { WaitWindowAttr } from './long-wait';
import { MAX_LENGTH } from './max-length';

/** CloudFormation's limit on a custom-resource response body. */
export const MAX_RESPONSE_BYTES = 4096;


/** The model artifact's path under the best job's output: `/<best job>/output/model.tar.gz`. */
export const MODEL_ARTIFACT_SUFFIX = '/output/model.tar.gz';

/** UTF-8 bytes of `value` as a JSON string, quotes included (exact). */
export function jsonStringBytes(value: string): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * Most UTF-8 bytes a JSON string of at most `maxChars` UTF-16 units can take, quotes included:
 * 1 byte each for the ASCII the pattern allows, otherwise 6 (`\u001f`, the longest escape;
 * no character takes more than 3 bytes per UTF-16 unit in UTF-8).
 */
export function unknownStringBytes(maxChars: number, ascii: boolean): number {
  return 2 + maxChars * (ascii ? 1 : 6);
}

/** A bound for one entry of `Data`: bytes of its key and of its value, both as JSON strings with quotes. */
export interface DataEntryBound {
  /** The key, as a JSON string, in bytes. */
  readonly keyBytes: number;
  /** The value, as a JSON string, in bytes (at most). */
  readonly valueBytes: number;
}

/** What a response bound depends on, each as the most bytes it can take as a JSON string (quotes included). */
export interface ResponseBoundInput {
  /** StackId. */
  readonly stackIdBytes: number;
  /** LogicalResourceId. */
  readonly logicalIdBytes: number;
  /** The value of `BestModelDataUri` ('' when the app does not read it). */
  readonly modelDataUriBytes: number;
  /** The value of `TuningJobArn`. */
  readonly tuningJobArnBytes: number;
  /** `BestHyperParameter.<name>` entries the app reads. */
  readonly hyperParameters: readonly DataEntryBound[];
  /** Whether the resource is a long wait's job resource, which also returns its wait window. */
  readonly waitWindow?: boolean;
}

/** Bytes of the response with every string empty and `Data` empty. */
const EMPTY_ENVELOPE_BYTES = Buffer.byteLength(JSON.stringify({
  Status: 'SUCCESS', Reason: 'SUCCESS', StackId: '', RequestId: '', PhysicalResourceId: '', LogicalResourceId: '', Data: {},
}), 'utf8');

/** Bytes of one `"key":"value",` entry (the comma counted for every entry: one too many, an upper bound). */
function entryBytes(e: DataEntryBound): number {
  return e.keyBytes + 1 + e.valueBytes + 1;
}

function entry(key: string, valueBytes: number): DataEntryBound {
  return { keyBytes: jsonStringBytes(key), valueBytes };
}

/** The `Data` entries the handlers always return, with their value bounds. */
export function fixedDataEntries(input: Pick<ResponseBoundInput, 'modelDataUriBytes' | 'tuningJobArnBytes' | 'waitWindow'>): DataEntryBound[] {
  const ascii = (n: number) => unknownStringBytes(n, true);
  return [
    entry(Attr.JOB_NAME, ascii(MAX_LENGTH.TUNING_JOB_NAME)),
    entry(Attr.JOB_ARN, input.tuningJobArnBytes),
    entry(Attr.STATUS, ascii(MAX_LENGTH.STATUS)),
    entry(Attr.BEST_TRAINING_JOB_NAME, ascii(MAX_LENGTH.TRAINING_JOB_NAME)),
    entry(Attr.BEST_OBJECTIVE_VALUE, ascii(MAX_LENGTH.NUMBER)),
    entry(Attr.BEST_MODEL_DATA_URI, input.modelDataUriBytes),
    entry(Attr.OVERALL_BEST_TRAINING_JOB_NAME, ascii(MAX_LENGTH.TRAINING_JOB_NAME)),
    entry(InternalData.WAIT_STARTED_AT, ascii(MAX_LENGTH.ISO_TIME)),
    entry(InternalData.STARTED_JOB, ascii(MAX_LENGTH.BOOLEAN)),
    // A long wait's job resource (detached, with a wait) also returns its wait window.
    ...(input.waitWindow
      ? [entry(WaitWindowAttr.DEADLINE, ascii(MAX_LENGTH.ISO_TIME)), entry(WaitWindowAttr.DEADLINE_AT, ascii(MAX_LENGTH.ISO_TIME))]
      : []),
  ];
}

/** The most bytes the response can take. */
export function responseBound(input: ResponseBoundInput): number {
  const strings = unknownStringBytes(MAX_LENGTH.REQUEST_ID, true) + unknownStringBytes(MAX_LENGTH.TUNING_JOB_NAME, true)
    + input.stackIdBytes + input.logicalIdBytes - 4 * 2; // the envelope already counts each field's quotes
  const data = [...fixedDataEntries(input), ...input.hyperParameters].reduce((n, e) => n + entryBytes(e), 0);
  return EMPTY_ENVELOPE_BYTES + strings + data;
}

/** Bytes of a StackId `arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<uuid>`, given the name's bytes (no quotes). */
export function stackIdBytes(stackNameChars: number): number {
  return unknownStringBytes(`arn::cloudformation::123456789012:stack//${'0'.repeat(36)}`.length
    + MAX_LENGTH.PARTITION + MAX_LENGTH.REGION + stackNameChars, true);
}

/** Bytes of a tuning job ARN `arn:<partition>:sagemaker:<region>:<account>:hyper-parameter-tuning-job/<name>`. */
export function tuningJobArnBytes(): number {
  return unknownStringBytes('arn::sagemaker::123456789012:hyper-parameter-tuning-job/'.length
    + MAX_LENGTH.PARTITION + MAX_LENGTH.REGION + MAX_LENGTH.TUNING_JOB_NAME, true);
}

/** The response body the provider framework sends for a successful operation (what `responseBytes` measures). */
export interface ResponseEnvelope {
  /** StackId. */
  readonly StackId: string;
  /** RequestId. */
  readonly RequestId: string;
  /** PhysicalResourceId. */
  readonly PhysicalResourceId: string;
  /** LogicalResourceId. */
  readonly LogicalResourceId: string;
  /** The merged Data. */
  readonly Data: Record<string, unknown>;
}

/** Exact bytes of the SUCCESS response the provider framework sends for `envelope`. */
export function responseBytes(envelope: ResponseEnvelope): number {
  return Buffer.byteLength(JSON.stringify({
    Status: 'SUCCESS',
    Reason: 'SUCCESS',
    StackId: envelope.StackId,
    RequestId: envelope.RequestId,
    PhysicalResourceId: envelope.PhysicalResourceId,
    LogicalResourceId: envelope.LogicalResourceId,
    Data: envelope.Data,
  }), 'utf8');
}
