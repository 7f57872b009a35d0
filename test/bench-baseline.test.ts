// The benchmark's "equal permissions" baseline (bench/stacks.ts) must stay what it claims: the
// same requests and the same IAM as the library, written by hand. Otherwise the synth-time
// ratios the README quotes compare different templates (bench/ is not run by CI; this is).
import { equalPermissionsStack, libraryStack, newApp, cleanup, STACK_NAME } from '../bench/stacks';

const TYPES = ['Custom::SageMakerTuningJob', 'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'];

function resourcesOf(build: typeof libraryStack): Record<string, { Type: string; Properties?: unknown }> {
  const app = newApp();
  try {
    build(app, 2);
    const template = app.synth().getStackByName(STACK_NAME).template as { Resources: Record<string, { Type: string; Properties?: unknown }> };
    return Object.fromEntries(Object.entries(template.Resources).filter(([, r]) => TYPES.includes(r.Type)));
  } finally {
    cleanup(app);
  }
}

test('the equal-permissions baseline has the library\'s requests and IAM, resource by resource', () => {
  const library = resourcesOf(libraryStack);
  const baseline = resourcesOf(equalPermissionsStack);
  expect(Object.keys(library).length).toBeGreaterThan(5);
  for (const [id, resource] of Object.entries(library)) {
    expect({ id, resource: baseline[id] }).toEqual({ id, resource });
  }
});
