// cdk-nag (v3, AwsSolutions pack) over the example app (example/stacks.ts).
//
// cdk-nag 3 is a policy-validation plugin, not an aspect: it reports violations to the
// validation framework instead of adding annotations, so `Annotations.fromStack()` never sees
// them. The test runs the pack directly on the synthesized construct tree
// (`NagPack.validateScope`) and asserts on its report. Acknowledgments are the construct
// metadata `Validations.of(c).acknowledge()` records (cdk-nag 3 ignores the v2
// `cdk_nag` CloudFormation metadata).
//
// The result: no unacknowledged finding. Of the findings the pack raises:
// - EXAMPLE: the example's own data buckets, acknowledged here, on those buckets;
// - PROVIDER_FRAMEWORK: aws-cdk-lib's custom-resource provider framework (its Lambda
//   functions, their roles and the waiter state machine), which this library cannot change:
//   acknowledged by the library, each on the construct that owns it;
// - LIBRARY: wildcards the library's own roles need (generated tuning-job names, the
//   training roles' logs, metrics, image pull, VPC and S3 prefixes): acknowledged by the
//   library on the role that holds them, for the ids that occur only.
// The test fails when a finding falls outside these classes, when a class no longer occurs,
// and when an acknowledgment of the library no longer matches a finding.
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

/** A documented class of findings: rule id and construct path patterns. */
interface KnownFinding {
  readonly id: RegExp;
  readonly path: RegExp;
  readonly what: string;
}

const PROVIDER = '[^/]+/SageMakerTuningProvider[0-9s]*';
/** The long-wait handlers (signal, results) and the results provider, one per stack. */
const LONG_WAIT = '[^/]+/SageMakerTuningLongWait';
const FRAMEWORK_FN = `(${PROVIDER}/Provider|${LONG_WAIT}/ResultsProvider)/framework-(onEvent|isComplete|onTimeout)`;
const HANDLER_ROLE = `(${PROVIDER}/(OnEvent|IsComplete)Role|${LONG_WAIT}/(Signal|Results)Role)`;
/** The role a TrainingJobDefinition creates (the example gives none its own role): its statements are inline. */
const TRAINING_ROLE = '[^/]+/[^/]+/Role/Resource';
/** The stack's logs-and-metrics policy, shared by the training roles. */
const TRAINING_LOGS_AND_METRICS = '[^/]+/SageMakerTrainingLogsAndMetrics/Resource';

const EXAMPLE: KnownFinding[] = [
  { id: /^AwsSolutions-S1$/, path: /^[^/]+\/Data\/Resource$/, what: 'example data buckets without server access logs' },
];

const PROVIDER_FRAMEWORK: KnownFinding[] = [
  {
    id: /^AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole\]$/,
    path: new RegExp(`^${FRAMEWORK_FN}/ServiceRole/Resource$`),
    what: 'framework functions: AWSLambdaBasicExecutionRole on the roles aws-cdk-lib creates',
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::<(SageMakerTuningProvider[0-9s]*(OnEvent|IsComplete|frameworkisComplete|frameworkonTimeout)|SageMakerTuningLongWaitResults)[0-9A-F]{8}\.Arn>:\*\]$/,
    path: new RegExp(`^(${FRAMEWORK_FN}/ServiceRole|${PROVIDER}/Provider/waiter-state-machine/Role)/DefaultPolicy/Resource$`),
    what: 'framework roles: lambda:InvokeFunction on <function ARN>:* of the functions they call',
  },
  {
    id: /^AwsSolutions-L1$/,
    path: new RegExp(`^${FRAMEWORK_FN}/Resource$`),
    what: 'framework functions: Node.js runtime picked by aws-cdk-lib',
  },
  {
    id: /^AwsSolutions-SF1$/,
    path: new RegExp(`^${PROVIDER}/Provider/waiter-state-machine/Resource$`),
    what: 'waiter state machine: no ALL-level logging',
  },
  {
    id: /^AwsSolutions-SF2$/,
    path: new RegExp(`^${PROVIDER}/Provider/waiter-state-machine/Resource$`),
    what: 'waiter state machine: no X-Ray tracing',
  },
];

const LIBRARY: KnownFinding[] = [
  {
    id: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:hyper-parameter-tuning-job\/[a-z0-9-]+-\*\]$/,
    path: new RegExp(`^${HANDLER_ROLE}/DefaultPolicy/Resource$`),
    what: 'handler roles: tuning jobs of the stack\'s generated-name prefix (and its stack tag)',
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role\/cdk-sagemaker-tuning\/[A-Za-z0-9-]+\/\*\]$/,
    path: new RegExp(`^${PROVIDER}/OnEventRole/DefaultPolicy/Resource$`),
    what: 'onEvent role: iam:PassRole of the training roles under the stack\'s path',
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    path: new RegExp(`^${TRAINING_ROLE}$`),
    what: 'training roles: actions without resource-level permissions (ECR token, VPC ENIs)',
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    path: new RegExp(`^${TRAINING_LOGS_AND_METRICS}$`),
    what: 'training roles\' shared policy: metrics (no resource-level permissions)',
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:logs:[^:]+:[^:]+:log-group:\/aws\/sagemaker\/TrainingJobs:log-stream:\*\]$/,
    path: new RegExp(`^${TRAINING_LOGS_AND_METRICS}$`),
    what: 'training roles\' shared policy: log streams of /aws/sagemaker/TrainingJobs',
  },
  {
    id: /^AwsSolutions-IAM5\[Resource::<[A-Za-z0-9]+\.Arn>\/([A-Za-z0-9._-]+\/)*\*\]$/,
    path: new RegExp(`^${TRAINING_ROLE}$`),
    what: 'training roles: objects under input, output and checkpoint prefixes (a manifest: the bucket)',
  },
];

const EXAMPLE_S1_REASON = 'example data bucket: server access logging needs a separate log bucket the example does not model; the buckets block public access and enforce TLS';

/** Acknowledges the example's own findings on the example's own resources. */
function acknowledgeExampleFindings(app: App): void {
  for (const stack of app.node.children.filter((c): c is Stack => Stack.isStack(c))) {
    const bucket = stack.node.tryFindChild('Data');
    if (bucket instanceof s3.Bucket) {
      Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: EXAMPLE_S1_REASON });
    }
  }
}

interface RunOptions {
  /** Acknowledge the example's buckets (default true). */
  readonly exampleAcknowledgments?: boolean;
  /** Ignore every acknowledgment (the library's too): what the pack raises. */
  readonly ignoreAcknowledgments?: boolean;
}

function buildApp(options: RunOptions = {}): App {
  const app = buildExampleApp(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'nag-')) }));
  if (options.exampleAcknowledgments ?? true) {
    acknowledgeExampleFindings(app);
  }
  app.synth();
  return app;
}

function runNag(app: App, options: RunOptions = {}): Finding[] {
  const pack = new AwsSolutionsChecks(app);
  if (options.ignoreAcknowledgments) {
    // NagPack has no switch for this; its (private) check is replaced on this instance only.
    (pack as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
  }
  const report = pack.validateScope(app);
  return report.violations.flatMap((v: PolicyViolation) => v.violatingResources.map(r => ({
    id: v.ruleName,
    severity: v.severity ?? 'error',
    path: r.constructPath ?? r.resourceLogicalId ?? '?',
  })));
}

/** Every acknowledgment recorded in the tree: construct path, finding id, reason. */
function acknowledgments(scope: IConstruct): { path: string; id: string; reason: string }[] {
  return scope.node.findAll().flatMap(c => c.node.metadata
    .filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap(m => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
      path: c.node.path,
      id: id.replace(/^annotation::/i, ''),
      reason,
    }))));
}

const matches = (known: KnownFinding[], f: Finding) => known.find(k => k.id.test(f.id) && k.path.test(f.path));
const show = (findings: Finding[]) => findings.map(f => `${f.severity} ${f.id} at ${f.path}`).sort();
const perRule = (findings: Finding[]) => {
  const counts = new Map<string, number>();
  for (const f of findings) {
    const rule = f.id.replace(/\[.*$/, '');
    counts.set(rule, (counts.get(rule) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].sort());
};

describe('cdk-nag AwsSolutions on the example app', () => {
  const app = buildApp();
  const findings = runNag(app);
  const raw = runNag(app, { ignoreAcknowledgments: true });
  const libraryAcks = acknowledgments(app).filter(a => !(a.id === 'AwsSolutions-S1' && a.reason === EXAMPLE_S1_REASON));

  test('no unacknowledged finding', () => {
    expect(show(findings)).toEqual([]);
  });

  test('the checks run (without the example acknowledgments its buckets are reported, and nothing else)', () => {
    const unacknowledged = runNag(buildApp({ exampleAcknowledgments: false }));
    expect(show(unacknowledged)).toEqual([
      'error AwsSolutions-S1 at AdvancedTuning/Data/Resource',
      'error AwsSolutions-S1 at MultiAlgorithmTuning/Data/Resource',
      'error AwsSolutions-S1 at XgboostTuning/Data/Resource',
    ]);
  });

  test('what the pack raises before acknowledgments: only documented classes, each of them', () => {
    const known = [...EXAMPLE, ...PROVIDER_FRAMEWORK, ...LIBRARY];
    expect(show(raw.filter(f => !matches(known, f)))).toEqual([]);
    const unused = known.filter(k => !raw.some(f => k.id.test(f.id) && k.path.test(f.path)));
    expect(unused.map(k => k.what)).toEqual([]);
    expect(perRule(raw.filter(f => matches(PROVIDER_FRAMEWORK, f)))).toEqual({
      'AwsSolutions-IAM4': 10, 'AwsSolutions-IAM5': 25, 'AwsSolutions-L1': 10, 'AwsSolutions-SF1': 3, 'AwsSolutions-SF2': 3,
    });
    // No AWS managed policy and no outdated runtime on the library's own handlers.
    expect(perRule(raw.filter(f => matches(LIBRARY, f)))).toEqual({ 'AwsSolutions-IAM5': 39 });
  });

  test('every acknowledgment of the library gives a reason', () => {
    expect(libraryAcks.length).toBeGreaterThan(0);
    expect(libraryAcks.filter(a => typeof a.reason !== 'string' || a.reason.trim().length < 20)).toEqual([]);
  });

  test('every acknowledgment of the library matches a finding raised on or below its construct', () => {
    const unused = libraryAcks.filter(a => !raw.some(f => f.id === a.id && (f.path === a.path || f.path.startsWith(`${a.path}/`))));
    expect(unused).toEqual([]);
  });

  test('the library acknowledges findings on the construct that owns them, never on a stack or the provider as a whole', () => {
    const scopes = [...new Set(libraryAcks.map(a => a.path.replace(/^[^/]+\//, '').replace(/SageMakerTuningProvider[0-9s]*/, 'SageMakerTuningProvider')))].sort();
    expect(scopes).toEqual([
      'Autotune/Role',
      'LightGbm/Role',
      'Marketplace/Role',
      'ResNet/Role',
      'SageMakerTrainingLogsAndMetrics',
      'SageMakerTuningLongWait/ResultsProvider/framework-onEvent/Resource',
      'SageMakerTuningLongWait/ResultsProvider/framework-onEvent/ServiceRole',
      'SageMakerTuningLongWait/ResultsRole',
      'SageMakerTuningLongWait/SignalRole',
      'SageMakerTuningProvider/IsCompleteRole',
      'SageMakerTuningProvider/OnEventRole',
      'SageMakerTuningProvider/Provider/framework-isComplete/Resource',
      'SageMakerTuningProvider/Provider/framework-isComplete/ServiceRole',
      'SageMakerTuningProvider/Provider/framework-onEvent/Resource',
      'SageMakerTuningProvider/Provider/framework-onEvent/ServiceRole',
      'SageMakerTuningProvider/Provider/framework-onTimeout/Resource',
      'SageMakerTuningProvider/Provider/framework-onTimeout/ServiceRole',
      'SageMakerTuningProvider/Provider/waiter-state-machine/Resource',
      'SageMakerTuningProvider/Provider/waiter-state-machine/Role',
      'Xgboost/Role',
    ]);
  });
});
