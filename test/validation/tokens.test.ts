import { Lazy, Token, Tokenization } from 'aws-cdk-lib';
import { changed, dump, validDefinition, validRequest } from './wire-fixtures';
import { WireCreateRequest, WireTrainingJobDefinition } from '../../src/shared/wire';
import { checkCategoricalRange, checkNumericRange, checkParameterName, checkAutoParameter, validateTrainingJobDefinition, validateTuningJobRequest } from '../../src/validation';
import { LIST_TOKEN_MARKER, NUMBER_TOKEN_TEXT, STRING_TOKEN_MARKER, literalLength, stringTokens } from '../../src/validation/token-literals';

/** Replaces values by tokens after the JSON copy (tokens are objects / encoded values). */
function withTokens<T>(value: T, change: (v: T) => void): T {
  const copy = changed(value, () => undefined);
  change(copy);
  return copy;
}

const str = (s: string) => Token.asString(Lazy.string({ produce: () => s }));
const num = (n: number) => Token.asNumber(Lazy.number({ produce: () => n }));
const list = () => Token.asList(Lazy.list({ produce: () => ['a'] }));

describe('unresolved tokens are never validated', () => {
  test('range helpers skip token bounds, names, values and hints', () => {
    expect(checkNumericRange('integer', str('n'), num(10), 3, 'Linear')).toEqual([]);
    expect(checkNumericRange('continuous', 'x', num(-1), 10, 'Logarithmic')).toEqual([]);
    // a known bad bound is still reported next to a token
    expect(checkNumericRange('continuous', 'x', 0, num(1), 'Logarithmic')).toHaveLength(1);
    expect(checkNumericRange('continuous', 'x', -1, 5, str('ReverseLogarithmic'))).toEqual([]);
    expect(checkCategoricalRange('c', list())).toEqual([]);
    expect(checkCategoricalRange('c', [str('a'), str('a')])).toEqual([]);
    expect(checkAutoParameter(str('n'), str('hint'))).toEqual([]);
    expect(checkParameterName(str('x'))).toEqual([]);
  });

  test('a definition whose values are tokens has no findings', () => {
    const def = withTokens(validDefinition(), (d: WireTrainingJobDefinition) => {
      d.RoleArn = str('role');
      d.AlgorithmSpecification.TrainingImage = str('image');
      d.AlgorithmSpecification.TrainingInputMode = str('mode');
      d.ResourceConfig = { InstanceType: str('type'), InstanceCount: num(0), VolumeSizeInGB: num(0), VolumeKmsKeyId: str('key') };
      d.OutputDataConfig = { S3OutputPath: `s3://${str('bucket')}/out/`, KmsKeyId: str('k') };
      d.InputDataConfig = [{ ChannelName: str('c'), DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: str('uri'), InstanceGroupNames: list() } }, CompressionType: str('Gzip') }];
      d.StoppingCondition = { MaxRuntimeInSeconds: num(99999999), MaxWaitTimeInSeconds: num(1) };
      d.EnableManagedSpotTraining = Token.asAny(Lazy.any({ produce: () => true })) as unknown as boolean;
      d.CheckpointConfig = { S3Uri: str('ckpt') };
      d.VpcConfig = { SecurityGroupIds: list(), Subnets: list() };
      d.StaticHyperParameters = { objective: str('binary'), secret: str('AKIAIOSFODNN7EXAMPLE') };
      d.Environment = Token.asAny(Lazy.any({ produce: () => ({}) })) as unknown as Record<string, string>;
      d.HyperParameterRanges = {
        IntegerParameterRanges: [{ Name: 'n', MinValue: Tokenization.stringifyNumber(num(10)), MaxValue: '3', ScalingType: 'Logarithmic' }],
        ContinuousParameterRanges: [{ Name: 'x', MinValue: str('0'), MaxValue: '0.5', ScalingType: 'ReverseLogarithmic' }],
        CategoricalParameterRanges: [{ Name: 'c', Values: list() }],
      };
    });
    expect(dump(validateTrainingJobDefinition(def))).toBe('');
  });

  test('a request whose values are tokens has no findings', () => {
    const request = withTokens(validRequest(), (r: WireCreateRequest) => {
      r.HyperParameterTuningJobConfig.Strategy = str('Grid');
      r.HyperParameterTuningJobConfig.ResourceLimits = {
        MaxNumberOfTrainingJobs: num(1), MaxParallelTrainingJobs: num(99), MaxRuntimeInSeconds: num(1),
      };
      r.HyperParameterTuningJobConfig.HyperParameterTuningJobObjective = { Type: str('t'), MetricName: str('m') };
      r.HyperParameterTuningJobConfig.TrainingJobEarlyStoppingType = str('Auto');
      r.Tags = Token.asAny(Lazy.any({ produce: () => [] })) as unknown as { Key: string; Value: string }[];
      r.WarmStartConfig = { WarmStartType: str('w'), ParentHyperParameterTuningJobs: [{ HyperParameterTuningJobName: str('p') }] };
    });
    expect(dump(validateTuningJobRequest(request, { definitionPaths: [], jobName: str('name') }))).toBe('');
  });

  test('a token tag list passes even when the rest of the tags would be too many', () => {
    const request = withTokens(validRequest(), (r: WireCreateRequest) => {
      r.Tags = [{ Key: str('k'), Value: str('v') }, { Key: str('k'), Value: 'v' }];
    });
    expect(dump(validateTuningJobRequest(request, { definitionPaths: [] }))).toBe('');
  });
});

describe('literalLength counts what aws-cdk-lib leaves outside the tokens of a string', () => {
  // The reference: split the string as aws-cdk-lib does, drop the tokens, keep the literals.
  const reference = (value: string): number => {
    const literals = Tokenization.reverseString(value)
      .mapTokens({ mapToken: () => '' })
      .join({ join: (left: unknown, right: unknown) => `${left ?? ''}${right ?? ''}` });
    return typeof literals === 'string' ? literals.length : 0;
  };

  test.each([
    ['no token', 'arn:aws:iam::123456789012:role/x'],
    ['empty', ''],
    ['only a token', str('x')],
    ['tokens and literals', `s3://${str('bucket')}/prefix/${str('key')}-${str('k2')}/`],
    ['adjacent tokens', `${str('a')}${str('b')}`],
    ['a number token written in a string', `a-${Tokenization.stringifyNumber(num(3))}-b`],
    ['a number token as text', `x${num(7)}y`],
    ['a list token joined in', `${list().join(',')}!`],
    ['marker-like literals', '${Token[not a token]} and #{Token[x]} and -1.5e+289'],
  ])('%s', (_name, value) => {
    expect(literalLength(value)).toBe(reference(value));
  });
});

describe('the token encoding token-literals.ts knows is aws-cdk-lib\'s', () => {
  test('string, list and number tokens carry the markers', () => {
    expect(str('a').startsWith(STRING_TOKEN_MARKER)).toBe(true);
    expect(list()[0].startsWith(LIST_TOKEN_MARKER)).toBe(true);
    expect(Tokenization.stringifyNumber(num(1)).includes(STRING_TOKEN_MARKER)
      || Tokenization.stringifyNumber(num(1)).includes(NUMBER_TOKEN_TEXT)).toBe(true);
    expect(`${num(1)}`).toContain(NUMBER_TOKEN_TEXT);
  });

  test('stringTokens() finds every string token aws-cdk-lib splits a string by', () => {
    const value = `arn:${str('p')}:s3:::${str('bucket')}/key/*`;
    const found = [...value.matchAll(stringTokens())].map(m => m[0]);
    const split = Tokenization.reverseString(value).tokens.map(t => Token.asString(t));
    expect(found).toEqual(split);
  });
});
