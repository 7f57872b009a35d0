import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { isToken } from '../validation/core';
import { stringTokens } from '../validation/token-literals';

// How acknowledgments for policy-validation plugins such as cdk-nag (v3) are recorded, without
// depending on them. Internal: not exported from the package. Which findings the library
// acknowledges, where and why, is nag-acknowledgments.ts (the only module that calls this one).
//
// cdk-nag 3 reads the construct metadata that `Validations.of(c).acknowledge()` records
// (type `Validations.ACKNOWLEDGED_RULES_METADATA_KEY`, data `{ [ruleId]: reason }`) on the
// flagged CfnResource and on every construct above it. `acknowledge()` itself rejects ids
// holding more than one '::' (it reserves '::' for a prefix such as `annotation::`), which
// rules out every IAM finding that names an ARN (`...[Resource::arn:<AWS::Partition>:...]`),
// so the entry is written directly, in the same shape, for every id.

/** The acknowledgment entry this module recorded on each construct, to extend it. */
const entries = new WeakMap<IConstruct, { data: Record<string, string>; reasons: Map<string, string[]> }>();

/**
 * Records that the findings `ids` on `scope` (and the constructs below it) are deliberate,
 * and why. Keep `scope` as close to the flagged resource as the finding allows.
 *
 * One entry per construct: an id acknowledged again on the same construct for another
 * reason keeps both reasons (`first | second`).
 */
export function acknowledgeNagFindings(scope: IConstruct, ids: string[], reason: string): void {
  if (!/\S/.test(reason)) {
    throw new Error('an acknowledgment needs a reason');
  }
  if (ids.length === 0) {
    return;
  }
  let entry = entries.get(scope);
  if (!entry) {
    entry = { data: {}, reasons: new Map() };
    entries.set(scope, entry);
    scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, entry.data);
  }
  for (const id of ids) {
    const reasons = entry.reasons.get(id);
    if (reasons === undefined) {
      entry.reasons.set(id, [reason]);
      entry.data[id] = reason;
    } else if (!reasons.includes(reason)) {
      reasons.push(reason);
      entry.data[id] = reasons.join(' | ');
    }
  }
}

/**
 * Withdraws what `acknowledgeNagFindings` recorded for `id` on `scope` (every reason), e.g.
 * when a role that acknowledged `Resource::*` is later granted an action the reasons do not
 * cover.
 */
export function withdrawNagFinding(scope: IConstruct, id: string): void {
  const entry = entries.get(scope);
  if (entry) {
    entry.reasons.delete(id);
    delete entry.data[id];
  }
}

/**
 * An IAM resource as cdk-nag names it in a finding id (`AwsSolutions-IAM5[Resource::<this>]`):
 * the resource resolved in `scope`'s stack and flattened the way cdk-nag's
 * `flattenCfnReference` does it (`Fn::Join` joined, `Ref` as `<Name>`, `Fn::GetAtt` as
 * `<Resource.Attribute>`, `${x}` of `Fn::Sub` as `<x>`, `Fn::ImportValue` as its name).
 *
 * Logical ids are read now: a logical id overridden afterwards, or a reference to another
 * stack (replaced by an import at synthesis), no longer matches, and the finding shows.
 */
export function nagResource(scope: IConstruct, resource: string): string {
  const stack = Stack.of(scope);
  if (!isToken(resource)) {
    return flattenCfnReference(resource);
  }
  // The tokens of an ARN (a bucket's ARN, the partition, ...) are few and shared by every
  // job of a stack: each is resolved once per stack, and the literal parts in between are
  // kept as they are. Literals with `${` or `}` (which cdk-nag rewrites), and tokens that are
  // not string tokens, take the exact path.
  let out = '';
  let last = 0;
  for (const m of resource.matchAll(stringTokens())) {
    const literal = resource.slice(last, m.index);
    if (literal.includes('${') || literal.includes('}')) {
      return flattenCfnReference(stack.resolve(resource));
    }
    out += literal + flattenTokenString(stack, m[0]);
    last = m.index! + m[0].length;
  }
  const tail = resource.slice(last);
  if (last === 0 || tail.includes('${') || tail.includes('}')) {
    return flattenCfnReference(stack.resolve(resource));
  }
  return out + tail;
}


/** String tokens already flattened, per stack. */
const flattenedTokens = new WeakMap<Stack, Map<string, string>>();

function flattenTokenString(stack: Stack, token: string): string {
  let cache = flattenedTokens.get(stack);
  if (!cache) {
    cache = new Map();
    flattenedTokens.set(stack, cache);
  }
  let flat = cache.get(token);
  if (flat === undefined) {
    flat = flattenCfnReference(stack.resolve(token));
    cache.set(token, flat);
  }
  return flat;
}

/** A finding id of AwsSolutions-IAM5 for a wildcard resource. */
export function nagWildcardResourceId(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${nagResource(scope, resource)}]`;
}

function flattenCfnReference(node: unknown): string {
  if (node === undefined) {
    return '';
  }
  if (typeof node === 'string') {
    return node.replace(/\${/g, '<').replace(/}/g, '>');
  }
  const o = node as Record<string, any>;
  if (o['Fn::Join']) {
    const [delimiter, items] = o['Fn::Join'] as [string, unknown[]];
    return items.map(flattenCfnReference).join(delimiter);
  }
  if (o['Fn::Sub']) {
    return flattenCfnReference(o['Fn::Sub']);
  }
  if (o['Fn::GetAtt']) {
    const [resource, attribute] = o['Fn::GetAtt'] as [unknown, unknown];
    return `<${flattenCfnReference(resource)}.${flattenCfnReference(attribute)}>`;
  }
  if (o['Fn::ImportValue']) {
    return flattenCfnReference(o['Fn::ImportValue']);
  }
  if (o.Ref) {
    return `<${flattenCfnReference(o.Ref)}>`;
  }
  return JSON.stringify(node);
}
