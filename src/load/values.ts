/** Type guards over plain values from parsed YAML or JSON, which may have any shape. */

/** A map (a plain object), not null and not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
