import { describeResponse, multiRequest, singleRequest } from './fixtures';
import { errorName, isNotFound, isTransient } from '../../src/handler/errors';
import { generateJobName, isValidJobName, nameSuffix, sanitizePrefix } from '../../src/handler/naming';
import { canonicalJson, hashMatches, parseProperties, planUpdate, requestHash, tagChanges, tunedParameterNames, userTags } from '../../src/handler/request';
import { Deadline, MAX_RESERVE_MS } from '../../src/handler/runtime';
import { bestModelDataUri, progressLine, unquote } from '../../src/handler/status';
import { MAX_PREFIX_LENGTH } from '../../src/shared/contract';
import { parseWaitTag, waitConditionLogicalId, waitHandleLogicalId, waitKeyOfCondition, waitTagValue } from '../../src/shared/long-wait';

describe('naming', () => {
  test('suffix: 10 lower-case alphanumerics, a function of its inputs', () => {
    const a = nameSuffix('stack', 'Logical', 'req-1');
    expect(a).toMatch(/^[a-z0-9]{10}$/);
    expect(nameSuffix('stack', 'Logical', 'req-1')).toBe(a);
    expect(nameSuffix('stack', 'Logical', 'req-2')).not.toBe(a);
    expect(nameSuffix('stack', 'Other', 'req-1')).not.toBe(a);
    expect(nameSuffix('stack2', 'Logical', 'req-1')).not.toBe(a);
  });

  test('suffixes spread over the alphabet (not a constant or a narrow range)', () => {
    const chars = new Set(Array.from({ length: 200 }, (_, i) => nameSuffix('s', 'l', `r${i}`)).join(''));
    expect(chars.size).toBe(36);
  });

  test.each([
    ['mystack-tuning', 'mystack-tuning'],
    ['a--b-9', 'a--b-9'], // valid prefixes are kept verbatim: the IAM grant is <prefix>-*
    ['My_Stack..Tuning', 'my-stack-tuning'],
    ['-lead-and-trail-', 'lead-and-trail'],
    ['', 'tuning'],
    [undefined, 'tuning'],
    ['---', 'tuning'],
    ['a'.repeat(40), 'a'.repeat(MAX_PREFIX_LENGTH)],
    ['a'.repeat(MAX_PREFIX_LENGTH - 1) + '-b', 'a'.repeat(MAX_PREFIX_LENGTH - 1)],
  ])('prefix %j becomes %j', (input, expected) => {
    expect(sanitizePrefix(input)).toBe(expected);
  });

  test('generated names are always valid and at most 32 characters', () => {
    for (const prefix of ['x', 'a'.repeat(50), 'Weird Name!', '9-9', undefined]) {
      const name = generateJobName(prefix, 'stack', 'Logical', 'req');
      expect(isValidJobName(name)).toBe(true);
      expect(name.length).toBeLessThanOrEqual(32);
    }
  });

  test.each([['a', true], ['a-b--c', true], ['A1', true], ['-a', false], ['a-', false], ['a_b', false], ['a'.repeat(33), false], ['', false]])(
    'isValidJobName(%j) = %j', (name, valid) => {
      expect(isValidJobName(name)).toBe(valid);
    });
});

describe('request', () => {
  const base = { Request: JSON.stringify(singleRequest()), JobNamePrefix: 'p', Detached: 'false', WaitTimeoutSeconds: '600' };

  test('properties parse with defaults', () => {
    const p = parseProperties({ Request: base.Request });
    expect(p).toMatchObject({ detached: false, waitTimeoutSeconds: 3300, jobName: undefined, jobNamePrefix: undefined });
    expect(parseProperties({ ...base, Detached: 'TRUE', JobName: '' })).toMatchObject({ detached: true, jobName: undefined, waitTimeoutSeconds: 600 });
    expect(() => parseProperties({ ...base, JobName: 12 })).toThrow('Resource property "JobName" must be a string, got 12');
    expect(() => parseProperties({ ...base, WaitTimeoutSeconds: '-5' })).toThrow(/WaitTimeoutSeconds/);
    // a detached job sends 0
    expect(parseProperties({ ...base, Detached: 'true', WaitTimeoutSeconds: '0' })).toMatchObject({ detached: true, waitTimeoutSeconds: 0 });
    expect(() => parseProperties(undefined)).toThrow(/"ResourceProperties" is missing/);
  });

  test('canonical JSON ignores key order only', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
    expect(canonicalJson([2, 1])).toBe('[2,1]');
  });

  test('update plans', () => {
    const p = (o: Record<string, string>) => parseProperties({ ...base, ...o });
    const other = JSON.stringify(multiRequest());
    expect(planUpdate(p({}), p({ Detached: 'true', WaitTimeoutSeconds: '60', JobNamePrefix: 'q' }))).toEqual({ kind: 'keep' });
    expect(planUpdate(p({}), p({ Request: other }))).toEqual({ kind: 'replace' });
    expect(planUpdate(p({}), p({ JobName: 'fixed' }))).toEqual({ kind: 'replace' });
    expect(planUpdate(p({ JobName: 'fixed' }), p({}))).toEqual({ kind: 'replace' });
    expect(planUpdate(p({ JobName: 'fixed' }), p({ JobName: 'fixed2', Request: other }))).toEqual({ kind: 'replace' });
    expect(planUpdate(p({ JobName: 'fixed' }), p({ JobName: 'FIXED' }))).toEqual({ kind: 'keep' });
    expect(planUpdate(p({ JobName: 'fixed' }), p({ JobName: 'fixed', Request: other }))).toEqual({ kind: 'immutable', jobName: 'fixed' });
  });

  test('tuned names: from ParameterRanges for one definition, from every definition for several', () => {
    expect(tunedParameterNames(singleRequest())).toEqual(['max_depth', 'eta', 'booster']);
    expect(tunedParameterNames(multiRequest())).toEqual(['eta', 'loss', 'wd']);
  });
});

describe('status', () => {
  test('unquote strips one pair of surrounding double quotes', () => {
    expect(unquote('"dart"')).toBe('dart');
    expect(unquote('0.1')).toBe('0.1');
    expect(unquote('"')).toBe('"');
    expect(unquote('""')).toBe('');
    expect(unquote('"a"b"')).toBe('a"b');
  });

  test('bestModelDataUri falls back to the request when the description has no definitions', () => {
    const d = describeResponse('job', 'Completed', {
      TrainingJobDefinition: undefined,
      BestTrainingJob: { TrainingJobName: 'job-001-abc', TrainingJobDefinitionName: 'xgboost' } as never,
    });
    expect(bestModelDataUri(d, multiRequest())).toBe('s3://my-bucket/xgb/job-001-abc/output/model.tar.gz');
    expect(bestModelDataUri(d, singleRequest())).toBe('s3://my-bucket/output/job-001-abc/output/model.tar.gz');
    expect(bestModelDataUri({ ...d, BestTrainingJob: { ...d.BestTrainingJob!, TrainingJobDefinitionName: 'unknown' } } as never, multiRequest())).toBe('');
    expect(bestModelDataUri(d)).toBe('');
  });

  test('progress line without limits or counters', () => {
    const d = describeResponse('job', 'InProgress', { HyperParameterTuningJobConfig: undefined, TrainingJobStatusCounters: undefined });
    expect(progressLine(d)).toBe('tuning job job: InProgress; training jobs 0/? completed, 0 in progress, 0 failed (0 retryable, 0 non-retryable), 0 stopped; no objective value yet');
  });
});

describe('errors', () => {
  test('classification', () => {
    expect(errorName(Object.assign(new Error('x'), { name: 'ResourceNotFound' }))).toBe('ResourceNotFound');
    expect(errorName('boom')).toBe('Error');
    expect(isNotFound({ name: 'ValidationException', message: 'Requested resource not found.' })).toBe(true);
    expect(isNotFound({ name: 'ValidationException', message: 'Job is already stopped' })).toBe(false);
    expect(isTransient({ name: 'ThrottlingException' })).toBe(true);
    expect(isTransient({ name: 'Whatever', $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isTransient({ name: 'ECONNRESET' })).toBe(true);
    expect(isTransient({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } })).toBe(false);
  });
});

describe('tags, hashes and deadlines (pure)', () => {
  test('the configuration hash ignores Tags; a job tagged by an earlier version (hash with Tags) matches too', () => {
    const tagged = singleRequest();
    const retagged = { ...singleRequest(), Tags: [{ Key: 'team', Value: 'other' }] };
    const a = parseProperties({ Request: JSON.stringify(tagged) });
    const b = parseProperties({ Request: JSON.stringify(retagged) });
    expect(a.canonicalRequest).toBe(b.canonicalRequest);
    expect(planUpdate(a, b)).toEqual({ kind: 'keep' });
    expect(hashMatches(requestHash(a.canonicalRequest), b)).toBe(true);
    expect(hashMatches(requestHash(canonicalJson(tagged)), a)).toBe(true);
    expect(hashMatches(requestHash(canonicalJson(tagged)), b)).toBe(false);
    expect(hashMatches(undefined, a)).toBe(false);
  });

  test('tag changes: set new and changed keys, remove dropped ones; the handler\'s own keys are never user tags', () => {
    expect(tagChanges(
      [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }, { Key: 'c', Value: '3' }],
      [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '20' }, { Key: 'd', Value: '4' }],
    )).toEqual({ add: [{ Key: 'b', Value: '20' }, { Key: 'd', Value: '4' }], remove: ['c'] });
    expect(userTags([{ Key: 'cdk-sagemaker-tuning:request-id', Value: 'x' }, { Key: 'cdk-sagemaker-tuning:replaces', Value: 'y' }, { Key: 'k', Value: 'v' }, 'junk']))
      .toEqual([{ Key: 'k', Value: 'v' }]);
  });

  test('a deadline keeps 10 % of the remaining time (at most 5 s) to answer', () => {
    expect(new Deadline(60_000, Date.now()).remaining()).toBeGreaterThan(60_000 - MAX_RESERVE_MS - 100);
    expect(new Deadline(60_000, Date.now()).remaining()).toBeLessThanOrEqual(60_000 - MAX_RESERVE_MS);
    expect(new Deadline(2_000, Date.now()).remaining()).toBeLessThanOrEqual(1_800);
    expect(Deadline.of({ getRemainingTimeInMillis: () => 1_000 }).remaining()).toBeLessThanOrEqual(900);
    expect(new Deadline(1_000, Date.now() - 5_000).remaining()).toBe(0);
  });
});

describe('the wait tag and the wait\'s logical ids (src/shared/long-wait.ts)', () => {
  test('a wait tag is <key>/<deadline seconds>; anything else is no wait', () => {
    expect(parseWaitTag(waitTagValue('0123456789ABCDEF', 21_600))).toEqual({ key: '0123456789ABCDEF', deadlineSeconds: 21_600 });
    for (const bad of [undefined, '', '0123456789ABCDEF', '0123456789abcdef/60', '0123456789ABCDEF/0', '0123456789ABCDEF/60/1', 'ABC/60', '0123456789ABCDEF/6e3']) {
      expect(parseWaitTag(bad)).toBeUndefined();
    }
  });

  test('the condition\'s logical id gives its key back; other logical ids give none', () => {
    expect(waitKeyOfCondition(waitConditionLogicalId('0123456789ABCDEF'))).toBe('0123456789ABCDEF');
    expect(waitKeyOfCondition(waitHandleLogicalId('0123456789ABCDEF'))).toBeUndefined();
    expect(waitKeyOfCondition('TuningWaitCondition1A2B3C4D5E6F7A8B')).toBeUndefined(); // a condition of an earlier version
  });
});
