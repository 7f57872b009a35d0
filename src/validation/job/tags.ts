/** The job's tags: count and keys. */
import { error, Finding, isKnownString, isToken } from '../core';
import { jobField, JobRule } from './rule';
import { HANDLER_TAG_COUNT, HANDLER_TAG_KEYS, MAX_JOB_TAGS } from '../../shared/contract';

/** Tags a user can set: the service's MAX_JOB_TAGS minus the handler's own. */
export const MAX_USER_TAGS = MAX_JOB_TAGS - HANDLER_TAG_COUNT;

/** TJ-TAGS-MAX: at most 45 tags (50, minus the five the handler may add). */
export const tagsMax: JobRule = request => {
  const tags = request.Tags;
  if (!Array.isArray(tags) || isToken(tags) || tags.length <= MAX_USER_TAGS) {
    return [];
  }
  return [error('TJ-TAGS-MAX', `tags (Tags) has ${tags.length} tags, but at most ${MAX_USER_TAGS} are allowed: SageMaker takes ${MAX_JOB_TAGS} and the library adds its own ${HANDLER_TAG_KEYS.map(k => `'${k}'`).join(', ')} tags to find, check and own the job.`)];
};

/** TJ-TAG-KEYS: tag keys are unique, not reserved by the library, and do not start with aws:. */
export const tagKeys: JobRule = request => {
  const tags = request.Tags;
  if (!Array.isArray(tags) || isToken(tags)) {
    return [];
  }
  const out: Finding[] = [];
  const seen = new Set<string>();
  tags.forEach((t, i) => {
    const k = t?.Key;
    if (!isKnownString(k)) {
      return;
    }
    if (HANDLER_TAG_KEYS.includes(k)) {
      out.push(error('TJ-TAG-KEYS', `${jobField(['Tags', i, 'Key'])} is '${k}', but that key is reserved: the library tags every tuning job it creates with it.`));
    } else if (k.toLowerCase().startsWith('aws:')) {
      out.push(error('TJ-TAG-KEYS', `${jobField(['Tags', i, 'Key'])} is '${k}', but tag keys starting with 'aws:' are reserved for AWS.`));
    }
    if (seen.has(k)) {
      out.push(error('TJ-TAG-KEYS', `${jobField(['Tags', i, 'Key'])} is '${k}', which an earlier tag already uses: tag keys must be unique.`));
    }
    seen.add(k);
  });
  return out;
};
