/** Credentials written into hyperparameters or environment values. */
import { error, Finding, isToken, mask, WirePath } from '../core';
import { withArticle } from '../credential-shapes';
import { findCredential } from '../secrets';
import { defField, DefinitionRule, entries, rangesOf } from './rule';
import { WireParameterRanges } from '../../shared/wire';

/** TJ-SECRET: credentials in hyperparameters or environment values. */
export const noCredentials: DefinitionRule = def => {
  const out: Finding[] = [];
  const report = (path: WirePath, key: string | undefined, value: unknown, where: string) => {
    const hit = findCredential(key, value);
    if (hit) {
      out.push(error('TJ-SECRET', `${defField(path)} holds what looks like ${withArticle(hit.kind)} (${mask(hit.secret)}): ${where} Grant the training role the permissions it needs, or read the secret at run time (e.g. from Secrets Manager); never put credentials in the request.`));
    }
  };
  for (const [k, v] of entries(def.StaticHyperParameters)) {
    report(['StaticHyperParameters', k], k, v, 'SageMaker rejects hyperparameters that contain credentials, and the value would sit in clear text in the CloudFormation template.');
  }
  for (const [k, v] of entries(def.Environment)) {
    report(['Environment', k], k, v, 'environment values sit in clear text in the CloudFormation template and in DescribeTrainingJob.');
  }
  const ranges = def.HyperParameterRanges;
  for (const r of rangesOf(ranges, ['HyperParameterRanges'])) {
    const item = (ranges![r.path[1] as keyof WireParameterRanges] as unknown[])[r.path[2] as number] as Record<string, unknown>;
    if (r.kind === 'categorical' && Array.isArray(item?.Values) && !isToken(item.Values)) {
      (item.Values as unknown[]).forEach((v, j) => report([...r.path, 'Values', j], r.name, v, 'SageMaker rejects hyperparameters that contain credentials.'));
    } else if (r.kind === 'auto') {
      report([...r.path, 'ValueHint'], r.name, item?.ValueHint, 'SageMaker rejects hyperparameters that contain credentials.');
    }
  }
  return out;
};
