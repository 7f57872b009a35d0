/**
 * The one place that knows how aws-cdk-lib encodes tokens in values (core/lib/private/encoding):
 * a string token is `${Token[NAME.123]}`, a list token a one-element list holding
 * `#{Token[NAME.123]}`, and a number token written into a string `-1.8881545897087626e+289`.
 * The cheap tests (`isToken`), the literal length of a string and the flattening of ARNs for
 * cdk-nag read the encoding here; `test/validation/tokens.test.ts` holds them to aws-cdk-lib's
 * own answers.
 */

/** What every string token starts with. */
export const STRING_TOKEN_MARKER = '${Token[';
/** What the one element of an encoded list starts with. */
export const LIST_TOKEN_MARKER = '#{Token[';
/** What every number token written as a string holds (its exponent). */
export const NUMBER_TOKEN_TEXT = 'e+289';

/** A string token, as aws-cdk-lib's `STRING_TOKEN_REGEX` matches it (key characters `a-zA-Z0-9:._-`). */
const STRING_TOKEN_SOURCE = '\\$\\{Token\\[[a-zA-Z0-9:._-]+\\]\\}';

/** A new global RegExp matching each string token of a string (for `matchAll`). */
export function stringTokens(): RegExp {
  return new RegExp(STRING_TOKEN_SOURCE, 'g');
}

/**
 * A token as aws-cdk-lib writes it into a string: a string token or a number token written as
 * a string. The same pattern as aws-cdk-lib's `STRING_TOKEN_REGEX`, which
 * `Tokenization.reverseString` splits strings by.
 */
const TOKEN_IN_STRING = new RegExp(`${STRING_TOKEN_SOURCE}|-1\\.\\d{10,16}e\\+289`, 'g');

/**
 * The number of characters of `value` outside its tokens: the length the string has at
 * least, whatever its tokens resolve to (a token may resolve to an empty string). For a
 * string without tokens, its length.
 */
export function literalLength(value: string): number {
  if (!value.includes(STRING_TOKEN_MARKER) && !value.includes(NUMBER_TOKEN_TEXT)) {
    return value.length;
  }
  let tokenChars = 0;
  TOKEN_IN_STRING.lastIndex = 0;
  for (let m = TOKEN_IN_STRING.exec(value); m !== null; m = TOKEN_IN_STRING.exec(value)) {
    tokenChars += m[0].length;
  }
  return value.length - tokenChars;
}
