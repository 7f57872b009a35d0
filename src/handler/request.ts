import { createHash } from 'crypto';
// eslint-disable-next-line import/no-extraneous-dependencies
import type { DescribeHyperParameterTuningJobResponse } from '@aws-sdk/client-sagemaker';
import type { Loosened } from './sagemaker';
import { CREATE_REQUEST_TAG, HANDLER_TAG_KEYS, Prop, REPLACES_TAG, REQUEST_HASH_TAG, STACK_TAG, WAIT_TAG } from '../shared/contract';
import { deadlineSeconds, MAX_POLLED_WAIT_SECONDS, WAIT_KEY_PATTERN, waitTagValue } from '../shared/long-wait';
import type { WireCreateRequest, WireTrainingJobDefinition } from '../shared/wire';

/** Longest wait the job resource polls for: CloudFormation allows one hour per custom resource. */
export const MAX_WAIT_TIMEOUT_SECONDS = MAX_POLLED_WAIT_SECONDS;

/** The resource properties, parsed and checked. */
export interface TuningJobProperties {
  /** The parsed `Request` (no job name). */
  readonly request: WireCreateRequest;
  /**
   * `Request` without `Tags` in canonical form (sorted keys): the job's configuration, what
   * update comparisons and the hash tag use. Tags are not part of it: they change in place.
   */
  readonly canonicalRequest: string;
  /** `Request` with `Tags` in canonical form: what the hash tag of jobs created before tags changed in place covered. */
  readonly legacyCanonicalRequest: string;
  /** The user's tags (`Request.Tags`, without the handler's own). */
  readonly tags: readonly WireTag[];
  /**
   * The on-demand attributes the app reads (`ReadAttributes`): `BestModelDataUri`,
   * `BestHyperParameter.<name>`; `undefined` when the property is absent (then all are returned).
   */
  readonly readAttributes?: readonly string[];
  /** User-fixed job name, if any. */
  readonly jobName?: string;
  /** Prefix of generated names. */
  readonly jobNamePrefix?: string;
  /** Complete as soon as the job runs. */
  readonly detached: boolean;
  /** How long a waiting deployment may wait. */
  readonly waitTimeoutSeconds: number;
  /** The wait key of a wait longer than an hour (`LongWait`), if any. */
  readonly waitKey?: string;
}

/** JSON with object keys sorted at every level, so equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      out[key] = sortKeys((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

/** SHA-256 (hex) of a canonical request: the value of `REQUEST_HASH_TAG`. */
export function requestHash(canonicalRequest: string): string {
  return createHash('sha256').update(canonicalRequest).digest('hex');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Parse the `Request` property: a JSON object with `HyperParameterTuningJobConfig` and
 * exactly one of `TrainingJobDefinition` / `TrainingJobDefinitions`.
 */
export function parseRequest(raw: unknown): WireCreateRequest {
  if (raw === undefined || raw === null || raw === '') {
    throw new Error(`Resource property "${Prop.REQUEST}" is missing: it must hold the JSON of the CreateHyperParameterTuningJob request`);
  }
  let parsed: unknown = raw;
  if (typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw);
    } catch (e) {
      throw new Error(`Resource property "${Prop.REQUEST}" is not valid JSON (${(e as Error).message}): ${raw.slice(0, 200)}`);
    }
  }
  if (!isObject(parsed)) {
    throw new Error(`Resource property "${Prop.REQUEST}" must be a JSON object (the CreateHyperParameterTuningJob request), got ${JSON.stringify(parsed)?.slice(0, 200)}`);
  }
  if (!isObject(parsed.HyperParameterTuningJobConfig)) {
    throw new Error(`Resource property "${Prop.REQUEST}" has no HyperParameterTuningJobConfig object`);
  }
  const single = parsed.TrainingJobDefinition !== undefined;
  const several = parsed.TrainingJobDefinitions !== undefined;
  if (single === several) {
    throw new Error(`Resource property "${Prop.REQUEST}" must have exactly one of TrainingJobDefinition and TrainingJobDefinitions`);
  }
  if (single && !isObject(parsed.TrainingJobDefinition)) {
    throw new Error(`Resource property "${Prop.REQUEST}": TrainingJobDefinition must be an object`);
  }
  if (several && (!Array.isArray(parsed.TrainingJobDefinitions) || !parsed.TrainingJobDefinitions.every(isObject))) {
    throw new Error(`Resource property "${Prop.REQUEST}": TrainingJobDefinitions must be an array of objects`);
  }
  if (parsed.HyperParameterTuningJobName !== undefined) {
    throw new Error(`Resource property "${Prop.REQUEST}" must not contain HyperParameterTuningJobName: the name is given by "${Prop.JOB_NAME}" or generated`);
  }
  return parsed as unknown as WireCreateRequest;
}

function parseReadAttributes(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null || raw === '') {
    return undefined;
  }
  let parsed: unknown = raw;
  if (typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw);
    } catch (e) {
      throw new Error(`Resource property "${Prop.READ_ATTRIBUTES}" is not valid JSON (${(e as Error).message}): ${raw.slice(0, 200)}`);
    }
  }
  if (!Array.isArray(parsed) || !parsed.every(a => typeof a === 'string')) {
    throw new Error(`Resource property "${Prop.READ_ATTRIBUTES}" must be a JSON array of attribute names, got ${JSON.stringify(parsed)?.slice(0, 200)}`);
  }
  return parsed;
}

function parseDetached(raw: unknown): boolean {
  if (raw === undefined || raw === null || raw === '') {
    return false;
  }
  const s = String(raw).toLowerCase();
  if (s === 'true' || s === 'false') {
    return s === 'true';
  }
  throw new Error(`Resource property "${Prop.DETACHED}" must be "true" or "false", got ${JSON.stringify(raw)}`);
}

function parseWaitTimeout(raw: unknown): number {
  if (raw === undefined || raw === null || raw === '') {
    return MAX_WAIT_TIMEOUT_SECONDS;
  }
  const n = Number(raw);
  // 0 is what a detached job sends (it does not wait).
  if (!Number.isFinite(n) || n < 0) {
    throw new Error(`Resource property "${Prop.WAIT_TIMEOUT_SECONDS}" must be a number of seconds (0 or more), got ${JSON.stringify(raw)}`);
  }
  return n;
}

function optionalString(props: Record<string, unknown>, key: string): string | undefined {
  const v = props[key];
  if (v === undefined || v === null || v === '') {
    return undefined;
  }
  if (typeof v !== 'string') {
    throw new Error(`Resource property "${key}" must be a string, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Parse and check all resource properties; throws an error naming the property at fault. */
export function parseProperties(raw: unknown): TuningJobProperties {
  if (!isObject(raw)) {
    throw new Error('Malformed custom-resource event: "ResourceProperties" is missing or not an object');
  }
  const request = parseRequest(raw[Prop.REQUEST]);
  const { Tags: _tags, ...configuration } = request;
  return {
    request,
    canonicalRequest: canonicalJson(configuration),
    legacyCanonicalRequest: canonicalJson(request),
    tags: userTags(request.Tags),
    readAttributes: parseReadAttributes(raw[Prop.READ_ATTRIBUTES]),
    jobName: optionalString(raw, Prop.JOB_NAME),
    jobNamePrefix: optionalString(raw, Prop.JOB_NAME_PREFIX),
    detached: parseDetached(raw[Prop.DETACHED]),
    waitTimeoutSeconds: parseWaitTimeout(raw[Prop.WAIT_TIMEOUT_SECONDS]),
    waitKey: parseWaitKey(optionalString(raw, Prop.LONG_WAIT)),
  };
}

function parseWaitKey(key: string | undefined): string | undefined {
  if (key !== undefined && !WAIT_KEY_PATTERN.test(key)) {
    throw new Error(`Resource property "${Prop.LONG_WAIT}" must be 16 upper-case hexadecimal digits, got ${JSON.stringify(key)}`);
  }
  return key;
}

/** The `WAIT_TAG` of a job with these properties: [] when it is no long wait. */
export function waitTags(props: TuningJobProperties): WireTag[] {
  return props.waitKey === undefined ? []
    : [{ Key: WAIT_TAG, Value: waitTagValue(props.waitKey, deadlineSeconds(props.waitTimeoutSeconds)) }];
}

/**
 * What the handlers read of a request: the tuning config and the definitions. SageMaker's
 * description of a job holds them in the same shape, so the same code reads either (the wire
 * request and the SDK's description both fit: `test/handler/wire-sdk.test.ts`).
 */
export type RequestView = Loosened<Pick<DescribeHyperParameterTuningJobResponse,
'HyperParameterTuningJobConfig' | 'TrainingJobDefinition' | 'TrainingJobDefinitions'>>;

/** The request as sent: with the job name. */
export type NamedCreateRequest = WireCreateRequest & { HyperParameterTuningJobName: string };

/** A tag as the request carries it. */
export interface WireTag {
  /** Key. */
  readonly Key: string;
  /** Value. */
  readonly Value: string;
}

/** The user's tags of a request: well-formed, without the handler's own keys. */
export function userTags(tags: unknown): WireTag[] {
  if (!Array.isArray(tags)) {
    return [];
  }
  return tags.filter((t): t is WireTag => isObject(t) && typeof t.Key === 'string' && !HANDLER_TAG_KEYS.includes(t.Key))
    .map(t => ({ Key: t.Key, Value: typeof t.Value === 'string' ? t.Value : String(t.Value ?? '') }));
}

/**
 * Whether a job's hash tag says it runs the configuration of `props`: the current hash
 * (configuration without tags), or the hash jobs created by earlier versions carry (with tags).
 */
export function hashMatches(tagValue: string | undefined, props: TuningJobProperties): boolean {
  return tagValue !== undefined
    && (tagValue === requestHash(props.canonicalRequest) || tagValue === requestHash(props.legacyCanonicalRequest));
}

/** The changes that turn the tags `from` into `to`: keys to set (new or changed values) and keys to remove. */
export function tagChanges(from: readonly WireTag[], to: readonly WireTag[]): { add: WireTag[]; remove: string[] } {
  const before = new Map(from.map(t => [t.Key, t.Value]));
  const after = new Map(to.map(t => [t.Key, t.Value]));
  const add = [...after].filter(([k, v]) => before.get(k) !== v).map(([Key, Value]) => ({ Key, Value }));
  const remove = [...before.keys()].filter(k => !after.has(k));
  return { add, remove };
}

/**
 * The request to send: the user's request with the job name and the handler's tags
 * (`CREATE_REQUEST_TAG` = the CloudFormation request id, `REQUEST_HASH_TAG`, `STACK_TAG` =
 * the stack id, without which the handler roles may not create the job, and `REPLACES_TAG` =
 * the replaced job when an update starts the job, and `WAIT_TAG` on a long wait's job).
 */
export function buildCreateInput(
  props: TuningJobProperties, jobName: string, requestId: string, stackId: string, replaces?: string,
): NamedCreateRequest {
  const tags: WireTag[] = [...props.tags];
  tags.push({ Key: CREATE_REQUEST_TAG, Value: requestId });
  tags.push({ Key: REQUEST_HASH_TAG, Value: requestHash(props.canonicalRequest) });
  tags.push({ Key: STACK_TAG, Value: stackId });
  if (replaces !== undefined) {
    tags.push({ Key: REPLACES_TAG, Value: replaces });
  }
  tags.push(...waitTags(props));
  return { HyperParameterTuningJobName: jobName, ...props.request, Tags: tags };
}

/** What an Update event asks for. */
export type UpdatePlan =
  /** same job: only Detached / WaitTimeoutSeconds / JobNamePrefix changed */
  | { readonly kind: 'keep' }
  /** a new job (new request or new name) */
  | { readonly kind: 'replace' }
  /** a user-fixed name kept with a changed request: only fine if the existing job already is that request */
  | { readonly kind: 'immutable'; readonly jobName: string };

/**
 * Decide what an update means. Tuning job names are compared case-insensitively, like SageMaker
 * does. Tags are not compared: they change in place (see `tagChanges`).
 */
export function planUpdate(oldProps: TuningJobProperties, newProps: TuningJobProperties): UpdatePlan {
  const requestChanged = oldProps.canonicalRequest !== newProps.canonicalRequest;
  const oldName = oldProps.jobName?.toLowerCase();
  const newName = newProps.jobName?.toLowerCase();
  if (newProps.jobName !== undefined && oldName === newName) {
    return requestChanged ? { kind: 'immutable', jobName: newProps.jobName } : { kind: 'keep' };
  }
  if (requestChanged || oldName !== newName) {
    return { kind: 'replace' };
  }
  return { kind: 'keep' };
}

/** The training-job definitions of a request (one or several). */
export function definitionsOf(request: Pick<WireCreateRequest, 'TrainingJobDefinition' | 'TrainingJobDefinitions'>): WireTrainingJobDefinition[] {
  if (request.TrainingJobDefinition) {
    return [request.TrainingJobDefinition];
  }
  return request.TrainingJobDefinitions ?? [];
}

/** Every hyperparameter name tuned by any definition (in order of first appearance). */
export function tunedParameterNames(request: RequestView): string[] {
  const rangesList: (RequestView['TrainingJobDefinition'] & object)['HyperParameterRanges'][] = request.TrainingJobDefinition
    ? [request.HyperParameterTuningJobConfig?.ParameterRanges]
    : (request.TrainingJobDefinitions ?? []).map(d => d.HyperParameterRanges);
  const names: string[] = [];
  for (const ranges of rangesList) {
    const lists = [ranges?.IntegerParameterRanges, ranges?.ContinuousParameterRanges, ranges?.CategoricalParameterRanges, ranges?.AutoParameters];
    for (const list of lists) {
      for (const r of list ?? []) {
        if (typeof r?.Name === 'string' && !names.includes(r.Name)) {
          names.push(r.Name);
        }
      }
    }
  }
  return names;
}
