// IAM policy sizes of a synthesized template as IAM counts them: the policy document as JSON
// without white space, every CloudFormation intrinsic replaced by a realistic (long) value.
//
// IAM limits ("IAM and AWS STS quotas", IAM User Guide,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html):
// a managed policy at most 6,144 characters, all inline policies of a role together at most
// 10,240 characters (white space not counted).

export const IAM_MAX_MANAGED_POLICY = 6_144;
export const IAM_MAX_ROLE_INLINE = 10_240;

interface Resource { Type: string; Properties?: Record<string, any> }
export interface PolicyTemplate { Resources: Record<string, Resource> }

/** Realistic long values for the pseudo parameters and generated names. */
const PARTITION = 'aws-us-gov';
const REGION = 'ap-southeast-2';
const ACCOUNT = '123456789012';
const UUID = '0f6a1c20-aaaa-bbbb-cccc-0123456789ab';
/** CloudFormation-generated physical names, at their usual maximum lengths. */
const name = (length: number, logicalId: string) => logicalId.toLowerCase().padEnd(length, 'x').slice(0, length);

/** A realistic value of `Ref` / `Fn::GetAtt` of a resource (longest usual names). */
function resourceValue(template: PolicyTemplate, stackName: string, logicalId: string, attribute?: string): string {
  const resource = template.Resources[logicalId];
  const type = resource?.Type ?? '';
  switch (type) {
    case 'AWS::IAM::Role': {
      const roleName = name(64, logicalId);
      const path = resource.Properties?.Path ?? '/';
      return attribute === 'Arn' ? `arn:${PARTITION}:iam::${ACCOUNT}:role${path}${roleName}` : roleName;
    }
    case 'AWS::IAM::ManagedPolicy':
      return `arn:${PARTITION}:iam::${ACCOUNT}:policy/${name(128, logicalId)}`;
    case 'AWS::S3::Bucket':
      return attribute === 'Arn' ? `arn:${PARTITION}:s3:::${name(63, logicalId)}` : name(63, logicalId);
    case 'AWS::Logs::LogGroup':
      return attribute === 'Arn' ? `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:${name(100, logicalId)}:*` : name(100, logicalId);
    case 'AWS::Lambda::Function':
      return attribute === 'Arn' ? `arn:${PARTITION}:lambda:${REGION}:${ACCOUNT}:function:${name(64, logicalId)}` : name(64, logicalId);
    case 'AWS::StepFunctions::StateMachine':
      return `arn:${PARTITION}:states:${REGION}:${ACCOUNT}:stateMachine:${name(80, logicalId)}`;
    case 'AWS::KMS::Key':
      return attribute === 'Arn' ? `arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:key/${UUID}` : UUID;
    default:
      return `${stackName}-${logicalId}-${'x'.repeat(13)}`;
  }
}

/** `value` with every intrinsic resolved to a realistic string. */
export function resolveRealistic(value: unknown, template: PolicyTemplate, stackName: string): unknown {
  if (Array.isArray(value)) {
    return value.map(v => resolveRealistic(v, template, stackName));
  }
  if (!value || typeof value !== 'object') {
    return value;
  }
  const v = value as Record<string, any>;
  if (v.Ref !== undefined) {
    switch (v.Ref) {
      case 'AWS::Partition': return PARTITION;
      case 'AWS::Region': return REGION;
      case 'AWS::AccountId': return ACCOUNT;
      case 'AWS::URLSuffix': return 'amazonaws.com';
      case 'AWS::StackName': return stackName;
      case 'AWS::StackId': return `arn:${PARTITION}:cloudformation:${REGION}:${ACCOUNT}:stack/${stackName}/${UUID}`;
      default: return resourceValue(template, stackName, v.Ref);
    }
  }
  if (v['Fn::GetAtt']) {
    const [id, attribute] = v['Fn::GetAtt'] as [string, string];
    return resourceValue(template, stackName, id, attribute);
  }
  if (v['Fn::Join']) {
    const [delimiter, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(p => resolveRealistic(p, template, stackName)).join(delimiter);
  }
  if (v['Fn::ImportValue'] !== undefined) {
    return `arn:${PARTITION}:iam::${ACCOUNT}:role/${'x'.repeat(64)}`;
  }
  if (v['Fn::Sub'] !== undefined) {
    const text = Array.isArray(v['Fn::Sub']) ? v['Fn::Sub'][0] : v['Fn::Sub'];
    return String(text).replace(/\$\{([^}]+)\}/g, (_m, ref: string) => String(resolveRealistic({ Ref: ref }, template, stackName)));
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveRealistic(x, template, stackName)]));
}

/** Characters IAM counts for a policy document (JSON without white space), intrinsics resolved. */
export function policySize(document: unknown, template: PolicyTemplate, stackName: string): number {
  return JSON.stringify(resolveRealistic(document, template, stackName)).length;
}

export interface PolicySizes {
  /** Every managed policy: logical id and size. */
  readonly managed: Array<{ id: string; size: number }>;
  /** Every role: logical id and the total size of its inline policies (Policies + AWS::IAM::Policy attached to it). */
  readonly roleInline: Array<{ id: string; size: number }>;
}

/** The sizes of every managed policy and every role's inline policies in a template. */
export function policySizes(template: PolicyTemplate, stackName: string): PolicySizes {
  const managed: Array<{ id: string; size: number }> = [];
  const inline = new Map<string, number>();
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Type === 'AWS::IAM::Role') {
      const own = (r.Properties?.Policies ?? []) as Array<{ PolicyDocument: unknown }>;
      inline.set(id, (inline.get(id) ?? 0) + own.reduce((n, p) => n + policySize(p.PolicyDocument, template, stackName), 0));
    }
  }
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Type === 'AWS::IAM::ManagedPolicy') {
      managed.push({ id, size: policySize(r.Properties?.PolicyDocument, template, stackName) });
    }
    if (r.Type === 'AWS::IAM::Policy') {
      const size = policySize(r.Properties?.PolicyDocument, template, stackName);
      for (const role of (r.Properties?.Roles ?? []) as Array<{ Ref?: string }>) {
        if (role.Ref && inline.has(role.Ref)) {
          inline.set(role.Ref, inline.get(role.Ref)! + size);
        }
      }
    }
  }
  return { managed, roleInline: [...inline].map(([id, size]) => ({ id, size })) };
}
