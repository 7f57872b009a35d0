// `npm run example`: synthesizes the example stacks into cdk.out/ and prints, for each
// tuning job, the CreateHyperParameterTuningJob request it will send.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildExampleApp } from './stacks';

const outdir = path.resolve(__dirname, '..', 'cdk.out');
const app = buildExampleApp(new App({ outdir }));
const assembly = app.synth();

console.log(`Synthesized ${assembly.stacks.length} stacks into ${path.relative(process.cwd(), outdir) || '.'}/`);
for (const stack of assembly.stacks) {
  const template = stack.template as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
  const resources = Object.values(template.Resources);
  const jobs = Object.entries(template.Resources).filter(([, r]) => r.Type === 'Custom::SageMakerTuningJob');
  console.log(`\n${stack.stackName} (${path.basename(stack.templateFullPath)}): ${resources.length} resources, ${jobs.length} tuning job(s)`);
  for (const [logicalId, resource] of jobs) {
    const request = renderRequest(resource.Properties?.Request);
    fs.writeFileSync(path.join(outdir, `${stack.stackName}.${logicalId}.request.json`), JSON.stringify(request, null, 2));
    const config = request.HyperParameterTuningJobConfig ?? {};
    const definitions = request.TrainingJobDefinitions ?? (request.TrainingJobDefinition ? [request.TrainingJobDefinition] : []);
    console.log(`  ${logicalId}: ${config.Strategy} search, ${definitions.length} definition(s), ` +
      `max ${config.ResourceLimits?.MaxNumberOfTrainingJobs ?? '-'} jobs / ${config.ResourceLimits?.MaxParallelTrainingJobs} parallel` +
      (request.WarmStartConfig ? `, warm start (${request.WarmStartConfig.WarmStartType})` : '') +
      (request.Autotune ? ', autotune' : '') +
      waitMode(resource.Properties));
    for (const d of definitions) {
      const ranges = d.HyperParameterRanges ?? config.ParameterRanges ?? {};
      const names = Object.values(ranges).flat().map((r: any) => r.Name);
      console.log(`    - ${d.DefinitionName ?? '(single definition)'}: ${d.AlgorithmSpecification.TrainingImage ? 'image' : 'algorithm'}, ` +
        `tunes ${names.join(', ')}`);
    }
  }
}
console.log(`\nEach job's request (intrinsics shown as <...>) is in ${path.relative(process.cwd(), outdir) || '.'}/<stack>.<job>.request.json`);

/** How the deployment waits for the job: polls (up to 55 min), waits for its events (up to 12 h), or not at all. */
function waitMode(properties: Record<string, unknown> = {}): string {
  const seconds = Number(properties.WaitTimeoutSeconds ?? 0);
  if (properties.Detached === 'true') {
    return seconds > 0 ? `, waits up to ${+(seconds / 3600).toFixed(2)} h for its events` : ', detached';
  }
  return `, polls up to ${seconds / 60} min`;
}

/** The Request property as JSON with CloudFormation intrinsics shown as placeholders. */
function renderRequest(value: unknown): any {
  if (typeof value === 'string') {
    return JSON.parse(value);
  }
  // Fn::Join of literal strings and intrinsics (Ref / GetAtt): show intrinsics as <...>.
  const join = (value as any)?.['Fn::Join'];
  if (join) {
    const text = (join[1] as unknown[]).map(part => typeof part === 'string' ? part : `<${Object.values(part as object)[0]}>`).join(join[0]);
    return JSON.parse(text);
  }
  throw new Error(`unexpected Request property: ${JSON.stringify(value).slice(0, 200)}`);
}
