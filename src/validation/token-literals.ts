import { Tokenization } from 'aws-cdk-lib';

/**
 * The number of characters of `value` outside its tokens: the length the string has at
 * least, whatever its tokens resolve to (a token may resolve to an empty string). For a
 * string without tokens, its length.
 */
export function literalLength(value: string): number {
  const literals = Tokenization.reverseString(value)
    .mapTokens({ mapToken: () => '' })
    .join({ join: (left: unknown, right: unknown) => `${left ?? ''}${right ?? ''}` });
  return typeof literals === 'string' ? literals.length : 0;
}
