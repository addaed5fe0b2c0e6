/**
 * go-yaml v2's resolution of unquoted scalars (its resolve.go), the rules the API server reads
 * manifests by (through sigs.k8s.io/yaml, into untyped values):
 * - null: `~`, `null`, `Null`, `NULL` and the empty scalar;
 * - booleans: `y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF`;
 * - integers: Go's base-prefixed syntax after dropping every `_` (`0644` is octal 420, `0x1F`,
 *   `0o17`, `0b101`, `1_000`), with an optional sign;
 * - floats: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` (so `1e3` is 1000), `.inf`, `-.inf`,
 *   `.nan` in their three spellings;
 * - everything else, timestamps and `1:30` included, is a string (go-yaml v2 keeps timestamp-like
 *   values as strings when decoding into untyped values, and has no base-60 numbers).
 * Only these rules live here; the YAML libraries' schemas (yaml11-schema.ts, js-yaml-5.ts) apply them.
 */
export const NULLS = new Set(['~', 'null', 'Null', 'NULL', '']);
export const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
export const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const SPECIAL_FLOATS: ReadonlyMap<string, number> = new Map([
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((word) => [word, Infinity] as const),
  ...['-.inf', '-.Inf', '-.INF'].map((word) => [word, -Infinity] as const),
  ...['.nan', '.NaN', '.NAN'].map((word) => [word, NaN] as const),
]);
/** go-yaml's `yamlStyleFloat`. */
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** What Go's `strconv.ParseInt(s, 0, 64)` accepts once `_` is gone (sign, then a base prefix or none). */
const INTEGER = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/;
/** go-yaml only tries numbers on scalars that start like one. */
const NUMBER_START = /^[-+0-9.]/;

export function integerOf(data: string): number | undefined {
  if (!NUMBER_START.test(data)) return undefined;
  const plain = data.replace(/_/g, '');
  if (!INTEGER.test(plain)) return undefined;
  const negative = plain.startsWith('-');
  const digits = plain.replace(/^[-+]/, '');
  let value: number;
  if (/^0[xX]/.test(digits)) value = parseInt(digits.slice(2), 16);
  else if (/^0[bB]/.test(digits)) value = parseInt(digits.slice(2), 2);
  else if (/^0[oO]/.test(digits)) value = parseInt(digits.slice(2), 8);
  else if (digits.length > 1 && digits.startsWith('0')) value = parseInt(digits.slice(1), 8);
  else value = parseInt(digits, 10);
  return negative ? -value : value;
}

export function floatOf(data: string): number | undefined {
  const special = SPECIAL_FLOATS.get(data);
  if (special !== undefined) return special;
  if (!NUMBER_START.test(data)) return undefined;
  // go-yaml drops `_` before trying numbers that start with a digit or a sign, not with a dot.
  const plain = data.startsWith('.') ? data : data.replace(/_/g, '');
  return FLOAT.test(plain) ? Number(plain) : undefined;
}
