import { Lazy, Token } from 'aws-cdk-lib';
import { checkHyperbandConfig, checkMetricName } from '../../src/validation/factory-checks';

describe('checkMetricName', () => {
  test.each(['validation:auc', 'm'.repeat(255)])('%s is valid', name => {
    expect(checkMetricName(name)).toEqual([]);
  });

  test.each([
    ['empty', '', "metricName (HyperParameterTuningJobObjective.MetricName) is ''", '1 to 255 characters'],
    ['too long', 'm'.repeat(256), '256 characters', '1 to 255 characters'],
    ['two lines', 'a\nb', 'pattern .+', ''],
  ])('%s', (_title, name, text1, text2) => {
    const text = checkMetricName(name).join('\n');
    expect(text).toContain(text1);
    expect(text).toContain(text2);
  });

  test('a token is not checked', () => {
    expect(checkMetricName(Token.asString(Lazy.string({ produce: () => '' })))).toEqual([]);
  });
});

describe('checkHyperbandConfig', () => {
  test.each([
    [undefined, undefined], [1, undefined], [undefined, 20000], [1, 81], [5, 5],
  ])('min %s max %s is valid', (min, max) => {
    expect(checkHyperbandConfig(min, max)).toEqual([]);
  });

  test.each([
    ['min 0', 0, 10, 'minResource (HyperbandStrategyConfig.MinResource) is 0, but it must be at least 1'],
    ['fractional max', 1, 2.5, 'maxResource (HyperbandStrategyConfig.MaxResource) is 2.5, but SageMaker expects a whole number'],
    ['max over 20000', 1, 20001, 'maxResource (HyperbandStrategyConfig.MaxResource) is 20001, but Hyperband allows at most 20000'],
    ['min above max', 11, 10, 'minResource must not be greater than maxResource'],
  ])('%s', (_title, min, max, text) => {
    expect(checkHyperbandConfig(min, max).join('\n')).toContain(text);
  });

  test('tokens are not checked', () => {
    const n = Token.asNumber(Lazy.number({ produce: () => 0 }));
    expect(checkHyperbandConfig(n, n)).toEqual([]);
    expect(checkHyperbandConfig(50, n)).toEqual([]);
  });
});
