import { checkAutoParameter, checkCategoricalRange, checkNumericRange, checkParameterName } from '../../src/validation';

describe('checkNumericRange', () => {
  test.each([
    ['integer', 1, 10, 'Auto'],
    ['integer', 1, 2, 'Linear'],
    ['integer', 1, 1000, 'Logarithmic'],
    ['continuous', 0.0001, 1, 'Logarithmic'],
    ['continuous', 0, 0.999, 'ReverseLogarithmic'],
    ['continuous', -5.5, 5.5, 'Linear'],
  ] as const)('%s %d..%d %s is valid', (kind, min, max, scaling) => {
    expect(checkNumericRange(kind, 'p', min, max, scaling)).toEqual([]);
  });

  test.each([
    ['min above max', 'integer', 10, 3, 'Auto', 'min (MinValue) is 10 and max (MaxValue) is 3, but min must be less than max'],
    ['fractional integer min', 'integer', 1.5, 3, 'Auto', 'min (MinValue) is 1.5, but the bounds of an integer range must be whole numbers'],
    ['fractional integer max', 'integer', 1, 3.5, 'Auto', 'max (MaxValue) is 3.5'],
    ['infinite bound', 'continuous', 0, Infinity, 'Auto', 'max (MaxValue) is Infinity, but it must be a finite number'],
    ['NaN bound', 'continuous', NaN, 1, 'Auto', 'min (MinValue) is NaN'],
    ['logarithmic from 0', 'continuous', 0, 1, 'Logarithmic', "scaling (ScalingType) is 'Logarithmic' and min (MinValue) is 0"],
    ['logarithmic from negative', 'integer', -1, 10, 'Logarithmic', 'greater than 0'],
    ['reverse log on integers', 'integer', 0, 1, 'ReverseLogarithmic', 'supported only for continuous ranges'],
    ['reverse log reaching 1', 'continuous', 0.1, 1, 'ReverseLogarithmic', 'entirely within 0 <= x < 1'],
    ['reverse log below 0', 'continuous', -0.1, 0.5, 'ReverseLogarithmic', 'with min (MinValue) -0.1'],
    ['unknown scaling', 'continuous', 0, 1, 'Exponential', "scaling (ScalingType) is 'Exponential', but it must be one of 'Auto', 'Linear', 'Logarithmic', 'ReverseLogarithmic'"],
  ] as const)('%s', (_title, kind, min, max, scaling, text) => {
    const problems = checkNumericRange(kind, 'p', min, max, scaling);
    expect(problems.join('\n')).toContain(text);
  });

  test('min equal to max is an error: a range of one value tunes nothing', () => {
    expect(checkNumericRange('integer', 'p', 1, 1, 'Linear').join('\n')).toContain('are both 1, but min must be less than max');
  });

  test('reports every problem of a range, not only the first', () => {
    expect(checkNumericRange('integer', '', 2.5, 1, 'ReverseLogarithmic')).toHaveLength(4);
  });
});

describe('checkCategoricalRange', () => {
  test('1 to 30 distinct values are valid', () => {
    expect(checkCategoricalRange('c', ['a'])).toEqual([]);
    expect(checkCategoricalRange('c', Array.from({ length: 30 }, (_, i) => `v${i}`))).toEqual([]);
  });

  test.each([
    ['no values', [], 'values (Values) has 0 values, but a categorical range takes 1 to 30 values'],
    ['31 values', Array.from({ length: 31 }, (_, i) => `v${i}`), 'has 31 values'],
    ['a repeated value', ['a', 'b', 'a', 'b'], "repeats 'a', 'b'"],
    ['a value over 256 characters', ['x'.repeat(257)], 'values[0] (Values[0])'],
    ['a value with a line break', ['a\nb'], 'single line'],
  ] as Array<[string, string[], string]>)('%s', (_title, values, text) => {
    expect(checkCategoricalRange('c', values).join('\n')).toContain(text);
  });
});

describe('checkAutoParameter and checkParameterName', () => {
  test('valid', () => {
    expect(checkAutoParameter('max_depth', '4')).toEqual([]);
    expect(checkParameterName('x'.repeat(256))).toEqual([]);
  });

  test.each([
    ['empty name', () => checkParameterName(''), "name (Name) is ''"],
    ['name over 256', () => checkParameterName('x'.repeat(257)), '257 characters'],
    ['name with a line break', () => checkParameterName('a\nb'), 'single line'],
    ['hint over 256', () => checkAutoParameter('p', 'x'.repeat(257)), 'valueHint (ValueHint)'],
    ['hint with a line break', () => checkAutoParameter('p', 'a\rb'), 'single line'],
  ] as Array<[string, () => string[], string]>)('%s', (_title, run, text) => {
    expect(run().join('\n')).toContain(text);
  });
});
