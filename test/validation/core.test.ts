import { closest, listNames, mask, parseKnownNumber, show, showSeconds } from '../../src/validation/core';
import { findCredential } from '../../src/validation/secrets';

describe('message helpers', () => {
  test('closest suggests by prefix and by edit distance, and not for far values', () => {
    expect(closest('Bayes', ['Bayesian', 'Random'])).toBe('Bayesian');
    expect(closest('ml.m5.xlrage', ['ml.m5.xlarge', 'ml.m5.large'])).toBe('ml.m5.xlarge');
    expect(closest('Pipes', ['Pipe', 'File', 'FastFile'])).toBe('Pipe');
    expect(closest('completely-different', ['Pipe', 'File'])).toBeUndefined();
  });

  test('listNames joins and shortens', () => {
    expect(listNames(['a'])).toBe("'a'");
    expect(listNames(['a', 'b', 'c'])).toBe("'a', 'b' and 'c'");
    expect(listNames(Array.from({ length: 14 }, (_, i) => `n${i}`))).toMatch(/'n11' and 2 more$/);
  });

  test('show renders every kind of value and masks access keys', () => {
    expect(show('x')).toBe("'x'");
    expect(show('y'.repeat(100))).toMatch(/\.\.\.' \(100 characters\)$/);
    expect(show(3)).toBe('3');
    expect(show(true)).toBe('true');
    expect(show([1, 2])).toBe('a list of 2');
    expect(show(undefined)).toBe('not set');
    expect(show(null)).toBe('null');
    expect(show({})).toBe('an object');
    expect(show('key=AKIAIOSFODNN7EXAMPLE')).toBe(mask('key=AKIAIOSFODNN7EXAMPLE'));
    expect(show('key=AKIAIOSFODNN7EXAMPLE')).not.toContain('IOSFODNN7');
  });

  test('showSeconds picks the largest whole unit', () => {
    expect(showSeconds(172800)).toBe('172800 s (2 days)');
    expect(showSeconds(7200)).toBe('7200 s (2 h)');
    expect(showSeconds(120)).toBe('120 s (2 min)');
    expect(showSeconds(61)).toBe('61 s');
  });

  test('parseKnownNumber reads numbers and numeric strings only', () => {
    expect(parseKnownNumber(2)).toBe(2);
    expect(parseKnownNumber('0.5')).toBe(0.5);
    expect(parseKnownNumber('1e-3')).toBe(0.001);
    expect(parseKnownNumber('')).toBeUndefined();
    expect(parseKnownNumber('abc')).toBeUndefined();
    expect(parseKnownNumber(undefined)).toBeUndefined();
  });
});

describe('findCredential', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  test.each([
    ['an access key id anywhere', 'x', 'id=ASIAIOSFODNN7EXAMPLE;', 'AWS access key id'],
    ['an inline secret under any key', 'config', `aws_secret_access_key = ${secret}`, 'AWS secret access key'],
    ['a secret under a key named like a secret', 'client_secret', secret, 'AWS secret access key'],
    ['an STS session token by its prefix', 'x', 'IQoJb3JpZ2luX2VjE' + 'A'.repeat(80), 'AWS session token'],
    ['a session token by its key name', 'AWS_SESSION_TOKEN', 'abcdefghijklmnopqrstuvwxyz', 'AWS session token'],
    ['a security token by its key name', 'security-token', '0123456789abcdef0123', 'AWS session token'],
  ])('finds %s', (_title, key, value, kind) => {
    expect(findCredential(key, value)?.kind).toBe(kind);
  });

  test.each([
    ['a 40-character value under an ordinary key', 'checksum', secret],
    ['a short value under a session-token key', 'session_token_ttl', '3600'],
    ['ordinary text', 'objective', 'binary:logistic'],
    ['a non-string', 'x', 42],
  ])('ignores %s', (_title, key, value) => {
    expect(findCredential(key, value)).toBeUndefined();
  });
});
