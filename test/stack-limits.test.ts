// The template-size estimate of src/private/stack-limits.ts: the check resolves a stack's
// template only when the estimate passes the limit, so the estimate must never be below the
// template's size; and it must not be so far above it that stacks well within the limit pay
// for the exact measurement. Measured against the synthesized templates of stacks of every
// shape the library writes.
import * as fs from 'fs';
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { definition, newStack, tuningJob } from './fixtures';
import { cleanup, libraryStack, newApp } from '../bench/stacks';
import { TrainingInstanceType, TuningStrategy } from '../src';
import { CFN_MAX_TEMPLATE_BYTES, estimateTemplateBytes, jobsOf } from '../src/private/stack-limits';

interface Measured { readonly exact: number; readonly estimate: number; readonly jobBytes: number; readonly jobShare: number }

function measure(stack: Stack): Measured {
  const app = stack.node.root as App;
  const artifact = app.synth().getStackByName(stack.stackName);
  const exact = fs.statSync(artifact.templateFullPath).size;
  const est = estimateTemplateBytes(stack, jobsOf(stack), { measureOthers: true });
  expect(est.otherBytes).toBeDefined();
  return { exact, estimate: est.bytes, jobBytes: est.jobBytes, jobShare: exact - est.otherBytes! };
}

const shapes: Array<[string, () => Stack]> = [
  ['1 benchmark job', () => libraryStack(newApp(), 1)],
  ['10 benchmark jobs', () => libraryStack(newApp(), 10)],
  ['60 benchmark jobs', () => libraryStack(newApp(), 60)],
  ['a job of three definitions, one in a VPC with KMS keys, spot training and checkpoints', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const bucket = new s3.Bucket(stack, 'Data', { encryptionKey: key });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'i', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const secure = definition(stack, 'Secure', {
      vpc,
      volumeEncryptionKey: key,
      outputEncryptionKey: key,
      spotTraining: true,
      maxWaitTime: Duration.hours(2),
      maxRuntime: Duration.hours(1),
      checkpoint: { bucket },
      volumeSize: Size.gibibytes(50),
      instanceType: TrainingInstanceType.ML_M5_XLARGE,
    });
    tuningJob(stack, { trainingJobDefinitions: [secure, definition(stack, 'B'), definition(stack, 'C')], maxRuntime: Duration.hours(2) });
    return stack;
  }],
  ['a job that waits for its events, with a fixed name, reading every attribute', () => {
    const stack = newStack();
    const job = tuningJob(stack, { tuningJobName: 'a-fixed-name-for-the-job', waitTimeout: Duration.hours(6), strategy: TuningStrategy.random() });
    for (const name of ['eta', 'max_depth']) {
      job.bestHyperParameter(name);
    }
    void job.bestModelDataUri;
    return stack;
  }],
  ['jobs of large requests: 10 definitions of 96 static hyperparameters of 250 characters', () => {
    const stack = newStack();
    const staticHyperParameters = Object.fromEntries(Array.from({ length: 96 }, (_, i) => [`p${i}`, 'v'.repeat(250)]));
    const defs = Array.from({ length: 10 }, (_, d) => definition(stack, `D${d}`, { staticHyperParameters: { objective: 'binary:logistic', ...staticHyperParameters } }));
    tuningJob(stack, { trainingJobDefinitions: defs });
    return stack;
  }],
  ['a definition with a role the user gave (measured with the other resources)', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'UserRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    tuningJob(stack, { trainingJobDefinitions: [definition(stack, 'D', { role })] });
    return stack;
  }],
];

describe.each(shapes)('the estimate of %s', (_name, build) => {
  const stack = build();
  let m: Measured;
  try {
    m = measure(stack);
  } finally {
    cleanup(stack.node.root as App);
  }

  test('is at least the template\'s size', () => {
    expect(m.estimate).toBeGreaterThanOrEqual(m.exact);
    expect(m.jobBytes).toBeGreaterThanOrEqual(m.jobShare);
  });

  test('is at most a fifth above the jobs\' share', () => {
    expect(m.jobBytes).toBeLessThanOrEqual(1.2 * m.jobShare);
  });
});

test('the estimate decides alone below three quarters of the limit: nothing is resolved for it', () => {
  const app = newApp();
  try {
    const stack = libraryStack(app, 10);
    const est = estimateTemplateBytes(stack, jobsOf(stack));
    expect(est.otherBytes).toBeUndefined();
    expect(est.bytes).toBeLessThan(CFN_MAX_TEMPLATE_BYTES * 0.75);
  } finally {
    cleanup(app);
  }
});
