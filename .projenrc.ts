import { awscdk, javascript } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  author: 'cdk-sagemaker-tuning maintainers',
  authorAddress: 'maintainers@example.com',
  cdkVersion: '2.257.0',
  constructsVersion: '10.5.1',
  defaultReleaseBranch: 'main',
  jsiiVersion: '~6.0.0',
  name: 'cdk-sagemaker-tuning',
  description:
    'AWS CDK L2 constructs for Amazon SageMaker hyperparameter tuning jobs, validated at synth time and run by a custom resource.',
  keywords: ['cdk', 'awscdk', 'aws-cdk', 'sagemaker', 'hyperparameter-tuning', 'machine-learning', 'automatic-model-tuning'],
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  repositoryUrl: 'https://github.com/cdk-sagemaker-tuning/cdk-sagemaker-tuning.git',
  stability: 'experimental',

  // jsii targets: only JavaScript is built on the development machines (CI=true),
  // the others are configured for the release pipeline.
  publishToPypi: {
    distName: 'cdk-sagemaker-tuning',
    module: 'cdk_sagemaker_tuning',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdksagemakertuning',
    mavenGroupId: 'io.github.cdk-sagemaker-tuning',
    mavenArtifactId: 'cdk-sagemaker-tuning',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkSagemakerTuning',
    packageId: 'CdkSagemakerTuning',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-sagemaker-tuning/cdk-sagemaker-tuning-go',
  },

  // The handlers are bundled by projen's esbuild step (src/**/*.lambda.ts -> assets/).
  // The SageMaker client is bundled (pinned) rather than taken from the Lambda runtime:
  // the SDK's serializers drop request members they do not know, so a runtime SDK older
  // than a field the request uses (Autotune, HyperParameterTuningResourceConfig, ...) would
  // silently create a different tuning job than the one synthesized.
  lambdaOptions: {
    runtime: awscdk.LambdaRuntime.NODEJS_24_X,
    bundlingOptions: {
      externals: [],
      sourcemap: false,
    },
  },

  devDeps: [
    '@aws-sdk/client-sagemaker@^3.700.0',
    // The long wait's signal handler reads the stack (DescribeStackResource, ListStackResources).
    // The release client-sagemaker resolves to in package-lock.json, so that the bundle carries one SDK core.
    '@aws-sdk/client-cloudformation@3.1142.0',
    '@types/aws-lambda',
    'aws-sdk-client-mock@^4',
    'aws-sdk-client-mock-jest@^4',
    'cdk-nag@^3',
    '@aws-cdk/integ-tests-alpha@^2.245.0-alpha.0',
    '@aws-cdk/integ-runner@^2',
    '@aws-cdk/aws-sagemaker-alpha@2.159.1-alpha.0',
    'aws-cdk@^2',
  ],

  // Snapshots are checked, never silently rewritten: `npx projen test:update` updates them.
  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '\\.snapshot/'],
    },
  },

  gitignore: ['cdk.out', 'cdk.context.json', '.cdk.staging', 'cdk-integ.out.*', 'bench/results', '.moto'],
});

for (const p of ['/example/', '/bench/', '/.ci/', '/cdk.out/']) {
  project.addPackageIgnore(p);
}

// The lockfile can carry optional @unrs/resolver-binding-* packages that were never
// published; pinning unrs-resolver keeps `npm ci` working.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// The library, its tests and the build run on Node 20 and later (the handlers themselves run
// on Lambda's Node.js 24); the release tooling (commit-and-tag-version, used by
// `npx projen bump`/`release`) wants Node 22, which the release workflows (lts/*) have.
project.package.addEngine('node', '>= 20.0.0');

// Example app, benchmarks and integ tests are type-checked and linted with the tests.
project.tsconfigDev.addInclude('../example/**/*.ts');
project.tsconfigDev.addInclude('../bench/**/*.ts');
project.eslint?.addLintPattern('example');
project.eslint?.addLintPattern('bench');

// Tests synthesize stacks that reference the bundled handlers: bundle first.
const bundle = project.tasks.tryFind('bundle');
if (bundle) {
  project.testTask.prependSpawn(bundle);
  project.tasks.tryFind('test:update')?.prependSpawn(bundle);
}

// Minify the handler bundles: the SageMaker client is large and cold start reads it all.
for (const task of project.tasks.all) {
  if (task.name.startsWith('bundle:') && task.name.endsWith('.lambda')) {
    task.steps.forEach((step, i) => {
      if (step.execArgs?.[0] === 'esbuild' && !step.execArgs.includes('--minify')) {
        // ES module builds of the AWS SDK tree-shake far better than its CommonJS builds.
        task.updateStep(i, { ...step, execArgs: [...step.execArgs, '--minify', '--main-fields=module,main'] });
      }
    });
  }
}

// `npm run example`: synthesize the example app in example/ into cdk.out/.
const example = project.addTask('example', {
  description: 'Bundle the handlers, synthesize the example app (example/app.ts) into cdk.out/, print one summary per stack and tuning job, and write each job\'s request to cdk.out/<stack>.<job>.request.json',
});
if (bundle) {
  example.spawn(bundle);
}
example.exec('ts-node --project test/tsconfig.json example/app.ts');

project.synth();
