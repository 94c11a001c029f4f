/**
 * Finds the partition key value(s) a Query's `KeyConditionExpression` pins, the way IAM reads
 * `dynamodb:LeadingKeys` for a Query. The parser is deliberately narrow and fails closed:
 * anything it does not understand, or any use of the partition key other than `key = :value`,
 * yields an error, and the guard refuses the request.
 */

/** The partition values of a key condition, or why they could not be determined. */
export type PartitionValuesResult =
  | { readonly ok: true; readonly valueReferences: readonly string[] }
  | { readonly ok: false; readonly reason: string };

type Token =
  | { readonly kind: 'name'; readonly text: string }
  | { readonly kind: 'value'; readonly text: string }
  | { readonly kind: 'symbol'; readonly text: string };

const tokenPattern =
  /\s*(?:(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|<>|=|<|>|\(|\)|,))\s*/y;

/** Words of the key condition grammar; every other bare word is an attribute name. */
const keywords = new Set(['and', 'between', 'begins_with']);

const tokenize = (expression: string): Token[] | undefined => {
  const tokens: Token[] = [];
  tokenPattern.lastIndex = 0;
  while (tokenPattern.lastIndex < expression.length) {
    const start = tokenPattern.lastIndex;
    const match = tokenPattern.exec(expression);
    if (match === null || tokenPattern.lastIndex === start) return undefined;
    const [, placeholder, valueReference, word, symbol] = match;
    if (placeholder !== undefined) tokens.push({ kind: 'name', text: placeholder });
    else if (valueReference !== undefined) tokens.push({ kind: 'value', text: valueReference });
    else if (word !== undefined)
      tokens.push(
        keywords.has(word.toLowerCase()) ? { kind: 'symbol', text: word } : { kind: 'name', text: word },
      );
    else if (symbol !== undefined) tokens.push({ kind: 'symbol', text: symbol });
  }
  return tokens;
};

const isEquals = (token: Token | undefined): boolean => token?.kind === 'symbol' && token.text === '=';

/**
 * The `:value` references compared for equality with `partitionKey` in `expression`.
 * `attributeNames` resolves `#placeholders` as DynamoDB would.
 */
export const partitionValueReferences = (
  expression: string,
  partitionKey: string,
  attributeNames: Readonly<Record<string, string>>,
): PartitionValuesResult => {
  const tokens = tokenize(expression);
  if (tokens === undefined) return { ok: false, reason: 'key condition expression could not be parsed' };

  const valueReferences: string[] = [];
  for (const [index, token] of tokens.entries()) {
    if (token.kind !== 'name') continue;
    const attribute = token.text.startsWith('#') ? attributeNames[token.text] : token.text;
    if (attribute === undefined) return { ok: false, reason: `attribute name ${token.text} is not defined` };
    if (attribute !== partitionKey) continue;

    const after = tokens[index + 1];
    const operandAfter = tokens[index + 2];
    const before = tokens[index - 1];
    const operandBefore = tokens[index - 2];
    if (isEquals(after) && operandAfter?.kind === 'value') valueReferences.push(operandAfter.text);
    else if (isEquals(before) && operandBefore?.kind === 'value') valueReferences.push(operandBefore.text);
    else return { ok: false, reason: `partition key ${partitionKey} is used other than in an equality` };
  }
  if (valueReferences.length === 0) {
    return { ok: false, reason: `key condition does not fix partition key ${partitionKey}` };
  }
  return { ok: true, valueReferences };
};
