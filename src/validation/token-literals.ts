/**
 * A token as aws-cdk-lib writes it into a string: a string token (`${Token[NAME.123]}`) or a
 * number token written as a string (`-1.8881545897087626e+289`). The same pattern as
 * aws-cdk-lib's `STRING_TOKEN_REGEX` (core/lib/private/encoding), which `Tokenization.reverseString`
 * splits strings by; `test/validation/tokens.test.ts` holds the two to the same answers.
 */
const TOKEN_IN_STRING = /\$\{Token\[[a-zA-Z0-9:._-]+\]\}|-1\.\d{10,16}e\+289/g;

/**
 * The number of characters of `value` outside its tokens: the length the string has at
 * least, whatever its tokens resolve to (a token may resolve to an empty string). For a
 * string without tokens, its length.
 */
export function literalLength(value: string): number {
  if (!value.includes('${Token[') && !value.includes('e+289')) {
    return value.length;
  }
  let tokenChars = 0;
  TOKEN_IN_STRING.lastIndex = 0;
  for (let m = TOKEN_IN_STRING.exec(value); m !== null; m = TOKEN_IN_STRING.exec(value)) {
    tokenChars += m[0].length;
  }
  return value.length - tokenChars;
}
