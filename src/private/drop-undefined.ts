/**
 * Removes keys whose value is undefined, so rendered requests hold only what was given.
 */
export function dropUndefined<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  const from = obj as Record<string, unknown>;
  for (const k in from) {
    if (from[k] !== undefined && Object.prototype.hasOwnProperty.call(from, k)) {
      out[k] = from[k];
    }
  }
  return out as T;
}
