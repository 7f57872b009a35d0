/** Credentials written into hyperparameters or environment values. */
import { error, Finding, isToken, mask } from '../core';
import { withArticle } from '../credential-shapes';
import { findCredential } from '../secrets';
import { defField, DefinitionEntry, entries, RangeEntry } from './rule';

/** A value that must not hold a credential: how messages name it (computed only for a hit), its key, the value and why. */
export interface CredentialSite {
  readonly field: () => string;
  readonly key?: string;
  readonly value: unknown;
  readonly why: string;
}

const HYPERPARAMETER = 'SageMaker rejects hyperparameters that contain credentials';

/** TJ-SECRET: credentials in hyperparameters or environment values. */
export function noCredentials(sites: readonly CredentialSite[]): Finding[] {
  const out: Finding[] = [];
  for (const s of sites) {
    const hit = findCredential(s.key, s.value);
    if (hit) {
      out.push(error('TJ-SECRET', `${s.field()} holds what looks like ${withArticle(hit.kind)} (${mask(hit.secret)}): ${s.why} Grant the training role the permissions it needs, or read the secret at run time (e.g. from Secrets Manager); never put credentials in the request.`));
    }
  }
  return out;
}

/** The values of a definition's props TJ-SECRET checks: static hyperparameters and environment. */
export function propCredentialSites({ props }: DefinitionEntry): CredentialSite[] {
  return [
    ...entries(props.staticHyperParameters).map(([k, v]) => ({
      field: () => defField(['StaticHyperParameters', k]),
      key: k,
      value: v,
      why: `${HYPERPARAMETER}, and the value would sit in clear text in the CloudFormation template.`,
    })),
    ...entries(props.environment).map(([k, v]) => ({
      field: () => defField(['Environment', k]),
      key: k,
      value: v,
      why: 'environment values sit in clear text in the CloudFormation template and in DescribeTrainingJob.',
    })),
  ];
}

/** The values of ranges TJ-SECRET checks: categorical values and auto parameters' value hints. */
export function rangeCredentialSites(ranges: readonly RangeEntry[]): CredentialSite[] {
  return ranges.flatMap(({ label, range }) => {
    if (Array.isArray(range.values) && !isToken(range.values)) {
      return range.values.map((v, j) => ({ field: () => `${label} values[${j}]`, key: range.name, value: v, why: `${HYPERPARAMETER}.` }));
    }
    return range.valueHint !== undefined ? [{ field: () => `${label} valueHint`, key: range.name, value: range.valueHint, why: `${HYPERPARAMETER}.` }] : [];
  });
}
