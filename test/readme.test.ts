import * as fs from 'fs';
import * as path from 'path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ts from 'typescript';

// The README's TypeScript example must run as written (against this package's source).
test('the README TypeScript example synthesizes a tuning job and an endpoint for the winner', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const block = /## Example \(TypeScript\)\s+```ts\n([\s\S]*?)```/.exec(readme);
  expect(block).not.toBeNull();
  const source = block![1].replace("from 'cdk-sagemaker-tuning'", `from '${path.join(__dirname, '..', 'src').replace(/\\/g, '/')}'`)
    + '\nmodule.exports = { stack };\n';
  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  const js = ts.transpileModule(source, { compilerOptions }).outputText;
  const mod = { exports: {} as any };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('require', 'module', 'exports', js)(require, mod, mod.exports);
  const template = Template.fromStack(mod.exports.stack);
  template.resourceCountIs('Custom::SageMakerTuningJob', 1);
  template.resourceCountIs('AWS::SageMaker::Model', 1);
  template.resourceCountIs('AWS::SageMaker::Endpoint', 1);
  // Up to 10 hours (20 jobs, 2 at a time, 1 hour each): the default wait is 12 hours, driven by
  // events; the best-job attributes come from the results resource after the WaitCondition.
  template.hasResourceProperties('AWS::CloudFormation::WaitCondition', { Timeout: '43200' });
  const [resultsId] = Object.keys(template.findResources('Custom::SageMakerTuningJobResults'));
  template.hasOutput('BestEta', { Value: { 'Fn::GetAtt': [resultsId, 'BestHyperParameter.eta'] } });
  expect(Annotations.fromStack(mod.exports.stack).findWarning('*', Match.stringLikeRegexp('wait-estimate'))).toEqual([]);
});
