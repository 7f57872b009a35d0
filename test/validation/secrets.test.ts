/*
 * TJ-SECRET's credential shapes: each shape with a value it must find, and near misses it
 * must not (look-alikes that are ordinary configuration). Built from the published formats;
 * the positives are synthetic (not real credentials).
 */
import { show } from '../../src/validation/core';
import { MIN_CREDENTIAL_LENGTH, findCredential } from '../../src/validation/secrets';

const b62 = (n: number) => 'aB3dE5gH7jK9mN1pQ2rS4tU6vW8xY0z'.repeat(10).slice(0, n);
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const JWT = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '1234567890', name: 'someone' })}.${b62(43)}`;

const FOUND: Array<[string, string, string | undefined, string]> = [
  ['GitHub classic token', `ghp_${b62(36)}`, undefined, 'GitHub token'],
  ['GitHub OAuth token inside a URL', `https://x-access-token:gho_${b62(36)}@github.com/org/repo.git`, undefined, 'GitHub token'],
  ['GitHub fine-grained token', `github_pat_${b62(22)}_${b62(59)}`, undefined, 'GitHub token'],
  ['GitLab token', `glpat-${b62(20)}`, undefined, 'GitLab token'],
  ['Slack bot token', `xoxb-123456789012-1234567890123-${b62(24)}`, undefined, 'Slack token'],
  ['Slack webhook', `https://hooks.slack.com/services/T0ABCDEFG/B0ABCDEFG/${b62(24)}`, undefined, 'Slack webhook URL'],
  ['PEM private key', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg', undefined, 'private key'],
  ['OpenSSH private key', '-----BEGIN OPENSSH PRIVATE KEY-----', undefined, 'private key'],
  ['PGP private key block', '-----BEGIN PGP PRIVATE KEY BLOCK-----', undefined, 'private key'],
  ['signed JWT', JWT, 'AUTH', 'JSON Web Token'],
  ['Google API key', `AIza${b62(35)}`, undefined, 'Google API key'],
  ['Stripe live key', `sk_live_${b62(24)}`, undefined, 'Stripe secret key'],
  ['OpenAI key', `sk-proj-${b62(20)}T3BlbkFJ${b62(20)}`, undefined, 'OpenAI API key'],
  ['npm token', `npm_${b62(36)}`, undefined, 'npm token'],
  ['Hugging Face token', `hf_${'aBcDeFgHiJkLmNoPqRsTuVwXyZaBcDeFgH'}`, 'HF_TOKEN', 'Hugging Face token'],
  ['password in a database URL', 'postgresql://trainer:s3cr3t-pw@db.internal:5432/features', 'DB_URL', 'password in a URL'],
  ['AWS access key id (unchanged)', 'AKIAIOSFODNN7EXAMPLE', undefined, 'AWS access key id'],
  ['AWS secret under a secret-named key (unchanged)', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'aws_secret', 'AWS secret access key'],
];

const NEAR_MISSES: Array<[string, string, string | undefined]> = [
  ['a GitHub prefix without a token', 'ghp_', undefined],
  ['a short ghp_ name', 'ghp_model_v2', undefined],
  ['a GitHub repository URL', 'https://github.com/org/repo.git', undefined],
  ['a Slack-like placeholder', 'xoxb-test-token', undefined],
  ['a Slack channel name', '#ml-alerts', 'SLACK_CHANNEL'],
  ['a public key block', '-----BEGIN PUBLIC KEY-----\nMFkwEwYH', 'PUB'],
  ['a certificate', '-----BEGIN CERTIFICATE-----', undefined],
  ['a base64 JSON that is not a JWT (no alg, no signature)', `${b64url({ a: 1, b: 'xxxxxxxxxx' })}.${b64url({ c: 2, d: 'yyyyyyyyyy' })}`, 'CONFIG'],
  ['three base64 parts whose header is not a JWT header', `${b64url({ kind: 'config', v: 1 })}.${b64url({ sub: 'x', more: 'yyyyyyy' })}.${b62(43)}`, undefined],
  ['a Hugging Face model id', 'hf_internal_testing/tiny-random-bert', undefined],
  ['hf_ and 34 lower-case letters (a name)', `hf_${'abcdefghijklmnopqrstuvwxyzabcdefgh'}`, undefined],
  ['an sk- prefix without the OpenAI marker', `sk-${b62(40)}`, undefined],
  ['a Stripe test key', `sk_test_${b62(24)}`, undefined],
  ['a URL with a port and no credentials', 'https://mlflow.internal:5000/api', 'MLFLOW_URI'],
  ['a URL with a user but no password', 'ssh://git@github.com/org/repo.git', undefined],
  ['a URL whose password is a placeholder', 'postgresql://trainer:${DB_PASSWORD}@db:5432/x', undefined],
  ['an S3 URI', 's3://bucket/key/with:colon@at', undefined],
  ['a hyperparameter value', 'binary:logistic', 'objective'],
  ['a Google-like prefix, too short', 'AIzaSyShort', undefined],
  ['a model name starting with npm_', 'npm_package_version', undefined],
];

describe("TJ-SECRET: credential shapes ('TJ-SECRET')", () => {
  test.each(FOUND)('finds %s', (_title, value, key, kind) => {
    const hit = findCredential(key, value);
    expect(hit?.kind).toBe(kind);
    if (kind !== 'AWS secret access key') {
      // recognizable from the value alone: every message shows it masked
      expect(show(value)).toContain('masked');
      expect(show(value)).not.toContain(value.slice(8, 20));
    }
  });

  test.each(NEAR_MISSES)('does not report %s', (_title, value, key) => {
    expect(findCredential(key, value)).toBeUndefined();
  });
});

describe('values shorter than MIN_CREDENTIAL_LENGTH skip the patterns', () => {
  test('the shortest credential any check finds is that long', () => {
    const shortest = 'a://b:ccc@d';
    expect(shortest).toHaveLength(MIN_CREDENTIAL_LENGTH);
    expect(findCredential(undefined, shortest)?.kind).toBe('password in a URL');
  });

  test('every credential of the shapes above is at least that long', () => {
    for (const [, value] of FOUND) {
      expect(value.length).toBeGreaterThanOrEqual(MIN_CREDENTIAL_LENGTH);
    }
  });

  test('a session-token key needs a value of 16 characters or more', () => {
    expect(findCredential('AWS_SESSION_TOKEN', 'x'.repeat(16))?.kind).toBe('AWS session token');
    expect(findCredential('AWS_SESSION_TOKEN', 'x'.repeat(MIN_CREDENTIAL_LENGTH - 1))).toBeUndefined();
  });
});
