/**
 * The one place that recognizes a SageMaker built-in algorithm's training image, by its URI,
 * and the rules on such an image: TJ-BUILTIN-IMAGE (the URI names an image that exists) and
 * TJ-BUILTIN-IMAGE-REGION (a hard-coded image of another region than the stack's).
 *
 * Other rules ask `builtInAlgorithmOfImage(uri)` (or `isBuiltInAlgorithmImage`) whether an
 * image is a built-in algorithm's, and which one.
 */
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Finding, error, isToken, listNames, warning } from './core';
import { DEFINITION_API_PREFIX, defField } from './definition/rule';
import { BUILT_IN_ALGORITHM_DATA, BuiltInAlgorithmData, BuiltInImage } from '../private/builtin-algorithms.generated';

/** A built-in algorithm's image recognized in an image URI. */
export interface BuiltInImageMatch {
  /** The algorithm's id, e.g. `xgboost` (the name of `BuiltInAlgorithm.XGBOOST` is its constant). */
  readonly algorithmId: string;
  /** What the library knows about the algorithm. */
  readonly algorithm: BuiltInAlgorithmData;
  /** The algorithm's image repository the URI names. */
  readonly image: BuiltInImage;
  /** The registry account, when the URI holds it literally. */
  readonly account?: string;
  /** The registry region, when the URI holds it literally. */
  readonly region?: string;
  /** The tag, when the URI holds one literally. */
  readonly tag?: string;
  /** True when the URI names a digest (`@sha256:...`) rather than a tag. */
  readonly digest: boolean;
  /** True when the URI names neither a tag nor a digest. */
  readonly untagged: boolean;
}

const BY_REPOSITORY = new Map<string, { algorithmId: string; algorithm: BuiltInAlgorithmData; image: BuiltInImage }>();
for (const [algorithmId, algorithm] of Object.entries(BUILT_IN_ALGORITHM_DATA)) {
  for (const image of algorithm.images) {
    BY_REPOSITORY.set(image.repository, { algorithmId, algorithm, image });
  }
}

/**
 * The built-in algorithm whose training image `imageUri` names, or undefined for any other
 * image (a custom image).
 *
 * An image is a built-in algorithm's when its repository (after the last `/`, before the tag
 * or digest) is one of a built-in algorithm's repositories and, when the URI holds the
 * registry account literally (`<account>.dkr.ecr.<region>.<suffix>/...`), that account is one
 * of the repository's registry accounts. So `123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1`
 * (your own repository named `xgboost`) is a custom image. When the account is a token (an
 * imported repository, or `TrainingImage.fromBuiltInAlgorithm` in a region-agnostic stack,
 * which renders a mapping lookup), the repository name decides.
 *
 * @param imageUri the training image URI as rendered (it may hold tokens)
 */
export function builtInAlgorithmOfImage(imageUri: string): BuiltInImageMatch | undefined {
  if (typeof imageUri !== 'string') {
    return undefined;
  }
  // Several rules ask about the same URI for every definition: the answer depends on the string alone.
  if (MATCHES.has(imageUri)) {
    return MATCHES.get(imageUri);
  }
  if (MATCHES.size >= MAX_MATCHES) {
    MATCHES.clear();
  }
  const match = recognize(imageUri);
  MATCHES.set(imageUri, match);
  return match;
}

/** Image URIs already recognized (a pure function of the string), bounded. */
const MATCHES = new Map<string, BuiltInImageMatch | undefined>();
const MAX_MATCHES = 1000;

function recognize(imageUri: string): BuiltInImageMatch | undefined {
  const slash = imageUri.lastIndexOf('/');
  if (slash < 0) {
    return undefined;
  }
  const host = imageUri.slice(0, slash);
  const rest = /^([a-z0-9][a-z0-9._-]*)(?::([^@/]+)|@(.+))?$/.exec(imageUri.slice(slash + 1));
  if (!rest || isToken(rest[1])) {
    return undefined;
  }
  const known = BY_REPOSITORY.get(rest[1]);
  if (!known) {
    return undefined;
  }
  const registry = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\./.exec(host);
  if (!isToken(host) && !registry) {
    return undefined; // a literal host that is not an ECR registry
  }
  const account = registry && !isToken(registry[1]) ? registry[1] : undefined;
  const region = registry && !isToken(registry[2]) ? registry[2] : undefined;
  if (account !== undefined && !Object.values(known.image.accounts).includes(account)) {
    return undefined; // a repository of the same name in another account
  }
  const tag = rest[2] !== undefined && !isToken(rest[2]) ? rest[2] : undefined;
  return {
    ...known,
    account,
    region,
    tag,
    digest: rest[3] !== undefined,
    untagged: rest[2] === undefined && rest[3] === undefined,
  };
}

/**
 * True when `imageUri` is a SageMaker built-in algorithm's training image (see
 * `builtInAlgorithmOfImage`): such images emit their own metrics and need no metric definitions.
 *
 * @param imageUri the training image URI as rendered (it may hold tokens)
 */
export function isBuiltInAlgorithmImage(imageUri: string): boolean {
  return builtInAlgorithmOfImage(imageUri) !== undefined;
}

/**
 * The image of a built-in algorithm's version: the repository entry that has it, or an error
 * message listing the versions there are.
 */
export function builtInImageOfVersion(algorithmId: string, version: string): BuiltInImage | string {
  const algorithm = BUILT_IN_ALGORITHM_DATA[algorithmId];
  const image = algorithm.images.find(i => i.versions.includes(version));
  if (image) {
    return image;
  }
  const versions = algorithm.images.flatMap(i => [...i.versions]);
  return `'${version}' is not a version of the built-in ${algorithm.displayName} algorithm: its versions are ${listNames(versions, 40)}`;
}

/** Message tail listing the regions an image is available in. */
export function regionsOf(image: BuiltInImage): string {
  const regions = Object.keys(image.accounts).sort();
  return `it is available in ${regions.length} regions: ${listNames(regions, 60)}`;
}

/** TJ-BUILTIN-IMAGE: a built-in algorithm's image URI names a version and registry that exist. */
export const builtInImageExists = ({ algorithm }: { algorithm?: { trainingImage?: string } }): Finding[] => {
  const uri = algorithm?.trainingImage;
  const match = typeof uri === 'string' ? builtInAlgorithmOfImage(uri) : undefined;
  if (!match) {
    return [];
  }
  const out: Finding[] = [];
  const wrongTag = match.tag !== undefined && !match.image.versions.includes(match.tag);
  const registry = match.region !== undefined && match.account !== undefined ? match.image.accounts[match.region] : match.account;
  if (!match.untagged && !wrongTag && registry === match.account) {
    return out; // the common case: a version and registry that exist (no message built)
  }
  const field = defField(['AlgorithmSpecification', 'TrainingImage']);
  const name = `the built-in ${match.algorithm.displayName} image '${uri}'`;
  if (match.untagged) {
    out.push(error('TJ-BUILTIN-IMAGE', `${field} is ${name}, which names no version: add one of ${listNames(match.image.versions, 40)} as its tag (or use TrainingImage.fromBuiltInAlgorithm).`));
  } else if (match.tag !== undefined && !match.image.versions.includes(match.tag)) {
    const other = builtInImageOfVersion(match.algorithmId, match.tag);
    const hint = typeof other === 'string'
      ? `the repository '${match.image.repository}' has the versions ${listNames(match.image.versions, 40)}`
      : `version '${match.tag}' is in the repository '${other.repository}'`;
    out.push(error('TJ-BUILTIN-IMAGE', `${field} is ${name}, but '${match.tag}' is not one of its versions: ${hint}.`));
  }
  if (match.region !== undefined && match.account !== undefined) {
    const expected = match.image.accounts[match.region];
    if (expected === undefined) {
      out.push(error('TJ-BUILTIN-IMAGE', `${field} is ${name}, but the repository '${match.image.repository}' has no image in region '${match.region}': ${regionsOf(match.image)}.`));
    } else if (expected !== match.account) {
      out.push(error('TJ-BUILTIN-IMAGE', `${field} is ${name}, but the registry of '${match.image.repository}' in ${match.region} is account ${expected}, not ${match.account} (account ${match.account} serves other regions).`));
    }
  }
  return out;
};

/**
 * TJ-BUILTIN-IMAGE-REGION (warning): a hard-coded built-in algorithm image of another region
 * than the stack's (SageMaker pulls training images from the job's own region only). Returns
 * nothing when either region is a token.
 *
 * @param imageUri the image URI given to `TrainingImage.fromRegistry`
 * @param stackRegion the region of the stack the definition is in
 */
export function builtInImageRegion(imageUri: string, stackRegion: string): Finding[] {
  const match = builtInAlgorithmOfImage(imageUri);
  if (!match || match.region === undefined || isToken(stackRegion) || match.region === stackRegion) {
    return [];
  }
  const there = match.image.accounts[stackRegion];
  const fix = there !== undefined
    ? `use TrainingImage.fromBuiltInAlgorithm(BuiltInAlgorithm.${match.algorithm.constant}${match.tag ? `, '${match.tag}'` : ''}), which renders ${there}.dkr.ecr.${stackRegion}.${RegionInfo.get(stackRegion).domainSuffix ?? '<url suffix>'}/${match.image.repository}${match.tag ? `:${match.tag}` : ''} for the stack's region`
    : `the repository '${match.image.repository}' has no image in ${stackRegion} (${regionsOf(match.image)})`;
  return [warning('TJ-BUILTIN-IMAGE-REGION', `algorithm (${DEFINITION_API_PREFIX}.AlgorithmSpecification.TrainingImage) is the built-in ${match.algorithm.displayName} image '${imageUri}' of region ${match.region}, but the stack is in ${stackRegion}: SageMaker runs the training jobs in the stack's region and pulls the image from there. ${fix[0].toUpperCase()}${fix.slice(1)}.`)];
}
