/**
 * Read-only input for rules: every pod is deeply frozen once before the first rule sees it, so one
 * rule cannot change what a later rule (or the next pod sharing a YAML alias) sees. A write inside a
 * rule throws (rules are ES modules, strict mode) and is reported as that rule's failure.
 * Maps and sets cannot be frozen; rules get them as `ReadOnlyMap`/`ReadOnlySet`, views without
 * setters (frozen, with their entries, by `deepFreeze`).
 */

/**
 * Freeze `value` and everything reachable through its own enumerable properties (and the entries
 * of maps and sets). Iterative, so a deeply nested document cannot overflow the stack. An object
 * found frozen is skipped (cycles, YAML aliases, values shared with an earlier pod, shared options):
 * it was frozen here, deeply, as nothing else freezes parsed values or the model's descriptions
 * (`Object.isFrozen` is cheaper than a WeakSet of the frozen: ~40 ms against ~70 ms on the bulk
 * corpus). Functions are frozen, not walked. Dates (YAML 1.1 timestamps) are frozen but keep their
 * setters; typed arrays (`!!binary`) cannot be frozen and are left as they are.
 */
export function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if ((typeof item !== 'object' && typeof item !== 'function') || item === null || Object.isFrozen(item)) continue;
    // Bytes (`!!binary` in YAML 1.1) cannot be frozen: they stay as they are.
    if (ArrayBuffer.isView(item)) continue;
    Object.freeze(item);
    if (typeof item === 'function') continue;
    if (item instanceof ReadOnlyMap || item instanceof Map) {
      for (const [key, entry] of item) pending.push(key, entry);
    } else if (item instanceof ReadOnlySet || item instanceof Set) {
      for (const entry of item) pending.push(entry);
    } else if (Array.isArray(item)) {
      for (const entry of item) pending.push(entry);
    } else {
      for (const entry of Object.values(item)) pending.push(entry);
    }
  }
  return value;
}

/** A map that can be read and not written (no `set`, `delete`, `clear`; no way to reach the store). */
export class ReadOnlyMap<K, V> implements ReadonlyMap<K, V> {
  readonly #map: Map<K, V>;

  constructor(entries: Iterable<readonly [K, V]>) {
    this.#map = new Map(entries);
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  has(key: K): boolean {
    return this.#map.has(key);
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    this.#map.forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  entries(): MapIterator<[K, V]> {
    return this.#map.entries();
  }

  keys(): MapIterator<K> {
    return this.#map.keys();
  }

  values(): MapIterator<V> {
    return this.#map.values();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.#map[Symbol.iterator]();
  }
}

/** A set that can be read and not written (no `add`, `delete`, `clear`). */
export class ReadOnlySet<T> implements ReadonlySet<T> {
  readonly #set: Set<T>;

  constructor(values: Iterable<T>) {
    this.#set = new Set(values);
  }

  get size(): number {
    return this.#set.size;
  }

  has(value: T): boolean {
    return this.#set.has(value);
  }

  forEach(callback: (value: T, key: T, set: ReadonlySet<T>) => void, thisArg?: unknown): void {
    this.#set.forEach((value) => callback.call(thisArg, value, value, this));
  }

  entries(): SetIterator<[T, T]> {
    return this.#set.entries();
  }

  keys(): SetIterator<T> {
    return this.#set.keys();
  }

  values(): SetIterator<T> {
    return this.#set.values();
  }

  [Symbol.iterator](): SetIterator<T> {
    return this.#set[Symbol.iterator]();
  }
}
