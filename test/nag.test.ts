// cdk-nag (v3, AwsSolutions pack) over the example app (example/stacks.ts).
//
// cdk-nag 3 is a policy-validation plugin, not an aspect: it reports violations to the
// validation framework instead of adding annotations, so `Annotations.fromStack()` never sees
// them. The test runs the pack directly on the synthesized construct tree
// (`NagPack.validateScope`) and asserts on its report. Acknowledgments are the construct
// metadata `Validations.of(c).acknowledge()` records (cdk-nag 3 ignores the v2
// `cdk_nag` CloudFormation metadata).
//
// Findings are split three ways, each with its reason:
// - EXAMPLE: the example's own resources, acknowledged here on those resources;
// - PROVIDER_FRAMEWORK: aws-cdk-lib's custom-resource provider framework (its Lambda
//   functions, their roles and the waiter state machine), which this library cannot change;
// - LIBRARY: the library's own handler functions and training roles. These are pending:
//   the library should acknowledge them itself (or remove them); until then the test
//   acknowledges them, and fails as soon as one of them no longer occurs, so the list
//   cannot go stale.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, PolicyViolation, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { buildExampleApp } from '../example/stacks';

interface Finding {
  /** e.g. `AwsSolutions-IAM5[Resource::*]` */
  readonly id: string;
  readonly severity: string;
  /** construct path of the CfnResource, e.g. `XgboostTuning/Data/Resource` */
  readonly path: string;
}

/** A documented class of findings: rule id and construct path patterns, and why. */
interface KnownFinding {
  readonly id: RegExp;
  readonly path: RegExp;
  readonly reason: string;
}

const PROVIDER = '[^/]+/SageMakerTuningProvider[0-9s]*';
const FRAMEWORK_FN = `${PROVIDER}/Provider/framework-(onEvent|isComplete|onTimeout)`;
const HANDLER = `${PROVIDER}/(OnEvent|IsComplete)`;
/** The default role of a TrainingJobDefinition (the example gives none its own role). */
const TRAINING_ROLE = '[^/]+/[^/]+/Role/DefaultPolicy/Resource';

const PROVIDER_FRAMEWORK: KnownFinding[] = [
  {
    id: /^AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole\]$/,
    path: new RegExp(`^${FRAMEWORK_FN}/ServiceRole/Resource$`),
    reason: 'aws-cdk-lib custom-resources Provider framework function: its role and managed policy are created by aws-cdk-lib (logs only)',
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::<SageMakerTuningProvider[0-9s]*(OnEvent|IsComplete|frameworkisComplete|frameworkonTimeout)[0-9A-F]{8}\.Arn>:\*\]$/,
    path: new RegExp(`^(${FRAMEWORK_FN}/ServiceRole|${PROVIDER}/Provider/waiter-state-machine/Role)/DefaultPolicy/Resource$`),
    reason: 'aws-cdk-lib Provider framework: lambda:InvokeFunction on the versions and aliases (<function ARN>:*) of the handler it invokes, and nothing else',
  },
  {
    id: /^AwsSolutions-L1$/,
    path: new RegExp(`^${FRAMEWORK_FN}/Resource$`),
    reason: 'aws-cdk-lib Provider framework function: aws-cdk-lib picks its Node.js runtime (determineLatestNodeRuntime), not this library',
  },
  {
    id: /^AwsSolutions-SF1$/,
    path: new RegExp(`^${PROVIDER}/Provider/waiter-state-machine/Resource$`),
    reason: 'aws-cdk-lib Provider framework waiter state machine: it only loops over isComplete; its failures surface in the handler logs and the CloudFormation event, and ALL-level logging would log every poll',
  },
  {
    id: /^AwsSolutions-SF2$/,
    path: new RegExp(`^${PROVIDER}/Provider/waiter-state-machine/Resource$`),
    reason: 'aws-cdk-lib Provider framework waiter state machine: the Provider construct offers no X-Ray tracing option',
  },
];

// Pending library-side acknowledgments or fixes (see the report of this change).
const LIBRARY: KnownFinding[] = [
  {
    id: /^AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole\]$/,
    path: new RegExp(`^${HANDLER}/ServiceRole/Resource$`),
    reason: 'handler functions use the default Lambda role with AWSLambdaBasicExecutionRole (fix: explicit role granted write on the function log group)',
  },
  {
    id: /^AwsSolutions-L1$/,
    path: new RegExp(`^${HANDLER}/Resource$`),
    reason: 'handler functions run nodejs22.x (fix: NODEJS_24_X in .projenrc.ts lambdaOptions)',
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:hyper-parameter-tuning-job\/[a-z0-9-]+-\*\]$/,
    path: new RegExp(`^${HANDLER}/ServiceRole/DefaultPolicy/Resource$`),
    reason: 'the handler names each job <stack>-<id>-<random suffix> at create time: it may manage the jobs of this name prefix only',
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    path: new RegExp(`^${TRAINING_ROLE}$`),
    reason: 'training role: cloudwatch:PutMetricData (limited by a cloudwatch:namespace condition), ecr:GetAuthorizationToken and the VPC ENI actions (limited to the region) support no resource-level permissions',
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:logs:[^:]+:[^:]+:log-group:\/aws\/sagemaker\/TrainingJobs:log-stream:\*\]$/,
    path: new RegExp(`^${TRAINING_ROLE}$`),
    reason: 'training role: SageMaker names the log streams after the training jobs it launches, unknown at synth time; limited to the /aws/sagemaker/TrainingJobs log group',
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::<[A-Za-z0-9]+\.Arn>\/([A-Za-z0-9._-]+\/)*\*\]$/,
    path: new RegExp(`^${TRAINING_ROLE}$`),
    reason: 'training role: objects under the input, output and checkpoint key prefixes the definition names (the whole bucket only for a manifest, which may list any key)',
  },
];

/** Acknowledges `id` on `scope` the way `Validations.of(scope).acknowledge()` records it. */
function acknowledge(scope: IConstruct, id: string, reason: string): void {
  // Validations.acknowledge() rejects ids holding more than one '::' (it reserves '::' for a
  // prefix), which rules out every finding id with an ARN such as `arn:<AWS::Partition>:...`.
  // It records the same metadata entry that cdk-nag reads, so write that entry directly then.
  if (id.split('::').length <= 2) {
    Validations.of(scope).acknowledge({ id, reason });
  } else {
    scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: reason });
  }
}

/** Acknowledges the example's own findings on the example's own resources. */
function acknowledgeExampleFindings(app: App): void {
  for (const stack of app.node.children.filter((c): c is Stack => Stack.isStack(c))) {
    const bucket = stack.node.tryFindChild('Data');
    if (bucket instanceof s3.Bucket) {
      acknowledge(bucket, 'AwsSolutions-S1',
        'example data bucket: server access logging needs a separate log bucket the example does not model; the buckets block public access and enforce TLS');
    }
  }
}

interface RunOptions {
  readonly exampleAcknowledgments?: boolean;
  /** (construct path, finding id, reason) to acknowledge before checking. */
  readonly acknowledgments?: { path: string; id: string; reason: string }[];
}

function runNag(options: RunOptions = {}): Finding[] {
  const app = buildExampleApp(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'nag-')) }));
  if (options.exampleAcknowledgments ?? true) {
    acknowledgeExampleFindings(app);
  }
  for (const ack of options.acknowledgments ?? []) {
    const construct = app.node.findAll().find(c => c.node.path === ack.path);
    if (!construct) {
      throw new Error(`no construct at ${ack.path}`);
    }
    acknowledge(construct, ack.id, ack.reason);
  }
  app.synth();
  const report = new AwsSolutionsChecks(app).validateScope(app);
  return report.violations.flatMap((v: PolicyViolation) => v.violatingResources.map(r => ({
    id: v.ruleName,
    severity: v.severity ?? 'error',
    path: r.constructPath ?? r.resourceLogicalId ?? '?',
  })));
}

function matches(known: KnownFinding[], f: Finding): KnownFinding | undefined {
  return known.find(k => k.id.test(f.id) && k.path.test(f.path));
}

const show = (findings: Finding[]) => findings.map(f => `${f.severity} ${f.id} at ${f.path}`).sort();

describe('cdk-nag AwsSolutions on the example app', () => {
  const raw = runNag();

  test('the checks run (without the example acknowledgments its buckets are reported)', () => {
    const unacknowledged = runNag({ exampleAcknowledgments: false });
    expect(show(unacknowledged.filter(f => f.id === 'AwsSolutions-S1'))).toEqual([
      'error AwsSolutions-S1 at AdvancedTuning/Data/Resource',
      'error AwsSolutions-S1 at MultiAlgorithmTuning/Data/Resource',
      'error AwsSolutions-S1 at XgboostTuning/Data/Resource',
    ]);
  });

  test('every finding is a documented provider-framework or pending library finding', () => {
    const unexplained = raw.filter(f => !matches([...PROVIDER_FRAMEWORK, ...LIBRARY], f));
    expect(show(unexplained)).toEqual([]);
  });

  test('the example resources have no findings once acknowledged', () => {
    const example = raw.filter(f => !/\/SageMakerTuningProvider[0-9s]*\//.test(f.path) && !new RegExp(`^${TRAINING_ROLE}$`).test(f.path));
    expect(show(example)).toEqual([]);
  });

  test('no documented finding class is stale', () => {
    const unused = [...PROVIDER_FRAMEWORK, ...LIBRARY].filter(k => !raw.some(f => k.id.test(f.id) && k.path.test(f.path)));
    expect(unused.map(k => `${k.id} at ${k.path}`)).toEqual([]);
  });

  test('with the documented findings acknowledged on their resources, nothing is left', () => {
    const acknowledgments = raw.map(f => ({ path: f.path, id: f.id, reason: matches([...PROVIDER_FRAMEWORK, ...LIBRARY], f)?.reason ?? '' }))
      .filter(a => a.reason !== '');
    expect(show(runNag({ acknowledgments }))).toEqual([]);
  });

  test('pending library findings (to be acknowledged or fixed by the library)', () => {
    // Fails when the library changes them: then update LIBRARY above.
    const library = raw.filter(f => matches(LIBRARY, f));
    const perRule = new Map<string, number>();
    for (const f of library) {
      const rule = f.id.replace(/\[.*$/, '');
      perRule.set(rule, (perRule.get(rule) ?? 0) + 1);
    }
    expect(Object.fromEntries([...perRule].sort())).toEqual({
      'AwsSolutions-IAM4': 6,
      'AwsSolutions-IAM5': 35,
      'AwsSolutions-L1': 6,
    });
  });
});
