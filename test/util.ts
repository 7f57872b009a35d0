import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/** The template of a stack with asset hashes masked, for snapshots. */
export function snapshotTemplate(stack: Stack): unknown {
  const json = JSON.stringify(Template.fromStack(stack).toJSON());
  return JSON.parse(json.replace(/[a-f0-9]{64}(\.zip|\.json)?/g, (_m, ext) => `ASSET_HASH${ext ?? ''}`));
}

/** Renders a CloudFormation value to text, intrinsics as `${Ref:X}` / `${GetAtt:X.Y}` / `${...}`. */
function intrinsicToText(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  const v = value as Record<string, any>;
  if (v.Ref) {
    return `\${Ref:${v.Ref}}`;
  }
  if (v['Fn::GetAtt']) {
    return `\${GetAtt:${v['Fn::GetAtt'].join('.')}}`;
  }
  if (v['Fn::Join']) {
    return (v['Fn::Join'][1] as unknown[]).map(intrinsicToText).join(v['Fn::Join'][0]);
  }
  return `\${${JSON.stringify(value).replace(/"/g, "'")}}`;
}

/** The logical ids of the tuning-job custom resources of a stack. */
export function tuningJobIds(stack: Stack): string[] {
  return Object.keys(Template.fromStack(stack).findResources('Custom::SageMakerTuningJob'));
}

/** The properties of a stack's tuning-job custom resource (the only one, or by logical id prefix). */
export function tuningJobProperties(stack: Stack, idPrefix?: string): Record<string, any> {
  const resources = Template.fromStack(stack).findResources('Custom::SageMakerTuningJob');
  const ids = Object.keys(resources).filter(id => idPrefix === undefined || id.startsWith(idPrefix));
  if (ids.length !== 1) {
    throw new Error(`expected one tuning job${idPrefix ? ` starting with ${idPrefix}` : ''}, found ${ids.join(', ') || 'none'}`);
  }
  return resources[ids[0]].Properties;
}

/** The CreateHyperParameterTuningJob request a stack's tuning job sends (intrinsics as text). */
export function requestOf(stack: Stack, idPrefix?: string): any {
  return JSON.parse(intrinsicToText(tuningJobProperties(stack, idPrefix).Request));
}
