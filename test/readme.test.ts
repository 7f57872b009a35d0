import * as fs from 'fs';
import * as path from 'path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ts from 'typescript';

/** Runs a ```ts block of the README (against this package's source) and returns what it assigned to `names`. */
function runReadmeBlock(heading: string, names: string[]): Record<string, any> {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const block = new RegExp(`## ${heading.replace(/[()]/g, '\\$&')}[^\\n]*\\n[\\s\\S]*?\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(readme);
  expect(block).not.toBeNull();
  const source = block![1].replace("from 'cdk-sagemaker-tuning'", `from '${path.join(__dirname, '..', 'src').replace(/\\/g, '/')}'`)
    + `\nmodule.exports = { ${names.join(', ')} };\n`;
  const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  const js = ts.transpileModule(source, { compilerOptions }).outputText;
  const mod = { exports: {} as any };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('require', 'module', 'exports', js)(require, mod, mod.exports);
  return mod.exports;
}

// The README's TypeScript example must run as written (against this package's source).
test('the README TypeScript example synthesizes a tuning job and an endpoint for the winner', () => {
  const { stack } = runReadmeBlock('Example (TypeScript)', ['stack']);
  const template = Template.fromStack(stack);
  template.resourceCountIs('Custom::SageMakerTuningJob', 1);
  template.resourceCountIs('AWS::SageMaker::Model', 1);
  template.resourceCountIs('AWS::SageMaker::Endpoint', 1);
  // the built-in XGBoost image of the stack's region
  expect(JSON.stringify(template.findResources('Custom::SageMakerTuningJob'))).toContain('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1');
  // Up to 10 hours (20 jobs, 2 at a time, 1 hour each): the default wait is 12 hours, driven by
  // events; the best-job attributes come from the results resource after the WaitCondition.
  template.hasResourceProperties('AWS::CloudFormation::WaitCondition', { Timeout: '43200' });
  const [resultsId] = Object.keys(template.findResources('Custom::SageMakerTuningJobResults'));
  template.hasOutput('BestEta', { Value: { 'Fn::GetAtt': [resultsId, 'BestHyperParameter.eta'] } });
  expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('wait-estimate'))).toEqual([]);
});

// The two-step pattern (jobs longer than 12 hours) must run as written too.
test('the README two-step example starts a detached job, then reads its results and deploys the winner', () => {
  const { search, winner } = runReadmeBlock('Example: jobs longer than 12 hours', ['search', 'winner']);
  const searchTemplate = Template.fromStack(search);
  searchTemplate.hasResourceProperties('Custom::SageMakerTuningJob', { Detached: 'true', WaitTimeoutSeconds: '0' });
  searchTemplate.resourceCountIs('AWS::CloudFormation::WaitCondition', 0);
  const template = Template.fromStack(winner);
  template.resourceCountIs('Custom::SageMakerTuningJob', 0);
  template.hasResourceProperties('Custom::SageMakerTuningJobResults', { TuningJobName: 'bigsearch-tuning-k3v9x0q2ma', HyperParameterNames: '["eta"]' });
  const [resultsId] = Object.keys(template.findResources('Custom::SageMakerTuningJobResults'));
  expect(JSON.stringify(template.findResources('AWS::SageMaker::Model'))).toContain(`{"Fn::GetAtt":["${resultsId}","BestModelDataKey"]}`);
  template.hasOutput('BestEta', { Value: { 'Fn::GetAtt': [resultsId, 'BestHyperParameter.eta'] } });
});
