import { Token } from 'aws-cdk-lib';
import { ParameterRange, ParameterRangeType, ScalingType } from '../src';
import { definition, newStack } from './fixtures';
import { renderParameterRanges } from '../src/parameter-range';

/** The lines of the error `receive` throws (a constructor or addParameterRange); empty when it throws none. */
function entryErrors(receive: () => unknown): string[] {
  try {
    receive();
    return [];
  } catch (e) {
    return (e as Error).message.split(/\n(?=Stack\/)/);
  }
}

describe('ParameterRange factories', () => {
  test('integer', () => {
    const r = ParameterRange.integer('max_depth', { min: 3, max: 10, scaling: ScalingType.LINEAR });
    expect(r).toMatchObject({ name: 'max_depth', type: ParameterRangeType.INTEGER, min: 3, max: 10, scaling: ScalingType.LINEAR });
  });

  test('continuous defaults to Auto scaling', () => {
    expect(ParameterRange.continuous('eta', { min: 0.01, max: 0.3 }).scaling).toBe(ScalingType.AUTO);
  });

  test('categorical copies its values', () => {
    const values = ['a', 'b'];
    const r = ParameterRange.categorical('kernel', values);
    values.push('c');
    expect(r.values).toEqual(['a', 'b']);
  });

  test('auto', () => {
    expect(ParameterRange.auto('eta', '0.1')).toMatchObject({ name: 'eta', type: ParameterRangeType.AUTO, valueHint: '0.1' });
  });

  test.each([
    ['integer min > max', () => ParameterRange.integer('d', { min: 10, max: 3 }), /\[0\] \(integer 'd'\): min \(MinValue\) is 10 and max \(MaxValue\) is 3/],
    ['integer bounds whole', () => ParameterRange.integer('d', { min: 1.5, max: 3 }), /min \(MinValue\) is 1.5, but the bounds of an integer range must be whole numbers/],
    ['logarithmic needs > 0', () => ParameterRange.continuous('eta', { min: 0, max: 1, scaling: ScalingType.LOGARITHMIC }), /logarithmic scaling works only when every value of the range is greater than 0/],
    ['reverse log only for continuous', () => ParameterRange.integer('d', { min: 1, max: 3, scaling: ScalingType.REVERSE_LOGARITHMIC }), /only for continuous ranges/],
    ['reverse log within [0, 1)', () => ParameterRange.continuous('m', { min: 0.5, max: 1, scaling: ScalingType.REVERSE_LOGARITHMIC }), /entirely within 0 <= x < 1/],
    ['no categorical values', () => ParameterRange.categorical('k', []), /values \(Values\) has 0 values, but a categorical range takes 1 to 30 values/],
    ['31 categorical values', () => ParameterRange.categorical('k', Array.from({ length: 31 }, (_, i) => `v${i}`)), /has 31 values/],
    ['duplicate categorical values', () => ParameterRange.categorical('k', ['a', 'a']), /must be distinct/],
    ['long categorical value', () => ParameterRange.categorical('k', ['x'.repeat(257)]), /at most 256 characters/],
    ['empty name', () => ParameterRange.continuous('', { min: 0, max: 1 }), /1 to 256 characters/],
    ['long name', () => ParameterRange.auto('n'.repeat(257), '1'), /at most 256 characters/],
    ['long value hint', () => ParameterRange.auto('n', '1'.repeat(257)), /valueHint \(ValueHint\).*at most 256 characters/],
  ])('%s is reported by the definition that receives it, with its construct path', (_what, build, message) => {
    expect(build).not.toThrow();
    const errors = entryErrors(() => definition(newStack(), 'Def', { parameterRanges: [build()] }));
    expect(errors.find(e => message.test(e))).toMatch(/^Stack\/Def: parameterRanges\[0\] \((integer|continuous|categorical|auto) '[^']*'\): /);
    // and the same through addParameterRange
    const def = definition(newStack(), 'Def');
    const added = entryErrors(() => def.addParameterRange(build()));
    expect(added.find(e => message.test(e))).toMatch(/^Stack\/Def: addParameterRange\(\): ranges\[0\] /);
  });

  test('the problems of several ranges are thrown together', () => {
    const errors = entryErrors(() => definition(newStack(), 'Def', {
      parameterRanges: [ParameterRange.integer('d', { min: 10, max: 3 }), ParameterRange.categorical('k', ['a', 'a']), ParameterRange.auto('n', '1'.repeat(257))],
    }));
    expect(errors.filter(e => e.startsWith('Stack/Def: parameterRanges['))).toHaveLength(3);
  });

  test.each([
    ['logarithmic above 0', () => ParameterRange.continuous('eta', { min: 0.0001, max: 1, scaling: ScalingType.LOGARITHMIC })],
    ['reverse log within [0, 1)', () => ParameterRange.continuous('m', { min: 0, max: 0.999, scaling: ScalingType.REVERSE_LOGARITHMIC })],
    ['integer logarithmic', () => ParameterRange.integer('n', { min: 1, max: 1024, scaling: ScalingType.LOGARITHMIC })],
    ['30 categorical values', () => ParameterRange.categorical('k', Array.from({ length: 30 }, (_, i) => `v${i}`))],
    ['256-character name and value', () => ParameterRange.categorical('n'.repeat(256), ['v'.repeat(256)])],
    ['negative linear bounds', () => ParameterRange.integer('offset', { min: -10, max: -1 })],
  ])('%s is accepted', (_what, build) => {
    expect(build).not.toThrow();
  });

  test('tokens are not validated and stay resolvable', () => {
    const min = Token.asNumber({ Ref: 'Min' });
    const r = ParameterRange.continuous('eta', { min, max: 0.1, scaling: ScalingType.LOGARITHMIC });
    expect(() => ParameterRange.categorical('k', Token.asList({ Ref: 'Values' }))).not.toThrow();
    const rendered = renderParameterRanges([r])!;
    expect(Token.isUnresolved(rendered.ContinuousParameterRanges![0].MinValue)).toBe(true);
  });
});

describe('renderParameterRanges', () => {
  test('groups ranges by type in the API shape, numbers as strings', () => {
    expect(renderParameterRanges([
      ParameterRange.integer('a', { min: 1, max: 5 }),
      ParameterRange.continuous('b', { min: 0.5, max: 1.5, scaling: ScalingType.LINEAR }),
      ParameterRange.categorical('c', ['x']),
      ParameterRange.auto('d', '3'),
    ])).toEqual({
      IntegerParameterRanges: [{ Name: 'a', MinValue: '1', MaxValue: '5', ScalingType: 'Auto' }],
      ContinuousParameterRanges: [{ Name: 'b', MinValue: '0.5', MaxValue: '1.5', ScalingType: 'Linear' }],
      CategoricalParameterRanges: [{ Name: 'c', Values: ['x'] }],
      AutoParameters: [{ Name: 'd', ValueHint: '3' }],
    });
  });

  test('no ranges render nothing', () => {
    expect(renderParameterRanges([])).toBeUndefined();
  });
});
