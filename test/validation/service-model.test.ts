import * as child from 'child_process';
import * as path from 'path';
import { EBS_ONLY_FAMILIES, LOCAL_STORAGE_FAMILIES, instanceFamily, instanceStorage } from '../../src/validation/instance-types';
import { ROOT_SHAPE, SERVICE_MODEL_BOTOCORE_VERSION, SERVICE_SHAPES } from '../../src/validation/service-model.generated';
import { servicePattern, walkServiceModel } from '../../src/validation/walker';

describe('generated service model', () => {
  test('has the request shape and everything it reaches', () => {
    expect(ROOT_SHAPE).toBe('CreateHyperParameterTuningJobRequest');
    expect(SERVICE_MODEL_BOTOCORE_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    for (const [name, shape] of Object.entries(SERVICE_SHAPES)) {
      const refs = [...Object.values(shape.members ?? {}), shape.member, shape.key, shape.value].filter((r): r is string => r !== undefined);
      for (const ref of refs) {
        expect({ shape: name, ref, known: ref in SERVICE_SHAPES }).toEqual({ shape: name, ref, known: true });
      }
    }
  });

  test('every pattern compiles in JavaScript (u flag for \\p{...}, lookbehind)', () => {
    for (const shape of Object.values(SERVICE_SHAPES)) {
      if (shape.pattern) {
        expect(() => servicePattern(shape.pattern!)).not.toThrow();
      }
    }
    expect(servicePattern(SERVICE_SHAPES.TagKey.pattern!).flags).toContain('u');
    expect(servicePattern(SERVICE_SHAPES.ArnOrName.pattern!).test('my-algo')).toBe(true);
    expect(servicePattern(SERVICE_SHAPES.ArnOrName.pattern!).test('my-algo-')).toBe(false); // (?<!-)
  });

  test('patterns are anchored like the service applies them', () => {
    const name = servicePattern(SERVICE_SHAPES.HyperParameterTuningJobName.pattern!);
    expect(name.test('job-1')).toBe(true);
    expect(name.test('job-1_')).toBe(false); // a prefix match is not enough
    expect(name.test('-job')).toBe(false);
  });

  test('the training instance enum has 145 types, each of a family with known storage', () => {
    const types = SERVICE_SHAPES.TrainingInstanceType.enum!;
    expect(types.length).toBe(145);
    const families = new Set(types.map(t => instanceFamily(t)));
    for (const f of families) {
      const classified = LOCAL_STORAGE_FAMILIES.includes(f!) || EBS_ONLY_FAMILIES.includes(f!);
      expect({ family: f, classified }).toEqual({ family: f, classified: true });
    }
    expect(instanceStorage('ml.p4d.24xlarge')).toBe('local');
    expect(instanceStorage('ml.c5.xlarge')).toBe('ebs');
    expect(instanceStorage('ml.m6id.large')).toBe('local'); // a future "d" family
    expect(instanceStorage('ml.x9.large')).toBe('unknown');
    expect(instanceStorage('weird')).toBe('unknown');
  });

  test('the committed file matches the installed botocore (tools/gen-service-model.py --check)', () => {
    const script = path.join(__dirname, '..', '..', 'tools', 'gen-service-model.py');
    let botocore = true;
    try {
      child.execFileSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' });
    } catch {
      botocore = false;
    }
    if (!botocore) {
      return; // no Python botocore on this machine: nothing to compare with
    }
    const installed = child.execFileSync('python3', ['-c', 'import botocore; print(botocore.__version__)']).toString().trim();
    if (installed !== SERVICE_MODEL_BOTOCORE_VERSION) {
      return; // another botocore: regenerating is a deliberate update, not a test failure
    }
    expect(() => child.execFileSync('python3', [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});

describe('walkServiceModel', () => {
  const nameOf = () => undefined;
  test('reports type errors of every kind', () => {
    const findings = walkServiceModel({
      Strategy: 5,
      ResourceLimits: { MaxParallelTrainingJobs: '3' },
      RandomSeed: 1.5,
      ParameterRanges: { CategoricalParameterRanges: 'x' },
    }, { shape: 'HyperParameterTuningJobConfig', nameOf });
    const text = findings.map(f => `${f.rule} ${f.message}`).join('\n');
    expect(text).toContain('SM-TYPE Strategy is 5, but SageMaker expects a string');
    expect(text).toContain("SM-TYPE ResourceLimits.MaxParallelTrainingJobs is '3', but SageMaker expects a number");
    expect(text).toContain('SM-TYPE RandomSeed is 1.5, but SageMaker expects a whole number');
    expect(text).toContain('SM-TYPE ParameterRanges.CategoricalParameterRanges is');
  });

  test('reports wrong booleans, maps and structures', () => {
    const findings = walkServiceModel({ EnableNetworkIsolation: 'true', Environment: ['A'], VpcConfig: 'vpc' },
      { shape: 'HyperParameterTrainingJobDefinition', nameOf, omitted: ['AlgorithmSpecification', 'RoleArn', 'OutputDataConfig', 'StoppingCondition'] });
    expect(findings.map(f => f.rule)).toEqual(['SM-TYPE', 'SM-TYPE', 'SM-TYPE']);
  });

  test('skips paths owned by other rules but still requires their presence', () => {
    const findings = walkServiceModel({ Name: 'x'.repeat(300) }, { shape: 'AutoParameter', nameOf, skip: ['Name'] });
    expect(findings.map(f => f.message)).toEqual(['ValueHint is missing, but SageMaker requires it in AutoParameter.']);
  });
});
