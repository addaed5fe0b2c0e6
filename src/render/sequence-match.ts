/**
 * Which written place a rendered item can have come from, when a template writes a sequence (list
 * items, documents) in order: each place writes exactly one item, or (inside an `if`/`with`) none
 * or one, or (inside a `range`, or an action that writes output) any number, and keeps the order.
 * Over every way the rendered items fit the places in order, the places the asked item takes;
 * one place is an answer, more are none. Time and memory grow with items times places, and a
 * sequence past `MAX_CELLS` is not matched at all.
 */

export interface Place {
  /** 0: may write nothing; 1: writes at least one. */
  readonly min: 0 | 1;
  /** 1: at most one; Infinity: any number. */
  readonly max: 1 | typeof Number.POSITIVE_INFINITY;
  /** Whether rendered item `index` can have been written here. */
  readonly accepts: (index: number) => boolean;
}

export const MAX_CELLS = 100_000;

/**
 * For each of `count` rendered items, the places it takes in some order-keeping fit of all the
 * items; undefined when the sequence is too long to match.
 */
export function placesOfEach(count: number, places: readonly Place[]): number[][] | undefined {
  const width = count + 1;
  if ((places.length + 1) * width > MAX_CELLS) return undefined;
  const accepted = places.map((place) => {
    const row = new Array<boolean>(count);
    for (let index = 0; index < count; index += 1) row[index] = place.accepts(index);
    return row;
  });
  // reach[j][x]: the first j places can write exactly the first x items.
  const reach: boolean[][] = [new Array<boolean>(width).fill(false)];
  reach[0]![0] = true;
  // took[j][x]: place j can write items up to x - 1 (at least one) after a reach of places before it.
  const took: boolean[][] = [];
  places.forEach((place, j) => {
    const before = reach[j]!;
    const row = accepted[j]!;
    const taking = new Array<boolean>(width).fill(false);
    for (let x = 1; x < width; x += 1) {
      if (!row[x - 1]) continue;
      taking[x] = before[x - 1]! || (place.max === Number.POSITIVE_INFINITY && taking[x - 1]!);
    }
    took.push(taking);
    reach.push(before.map((reached, x) => (place.min === 0 && reached) || taking[x]!));
  });
  // finish[j][x]: with the first x items written, places from j on can write the rest.
  const finish: boolean[][] = new Array<boolean[]>(places.length + 1);
  finish[places.length] = new Array<boolean>(width).fill(false);
  finish[places.length]![count] = true;
  // going[j][x]: place j has written at least one item and may write item x on, and the rest finish.
  const going: boolean[][] = new Array<boolean[]>(places.length);
  for (let j = places.length - 1; j >= 0; j -= 1) {
    const place = places[j]!;
    const row = accepted[j]!;
    const after = finish[j + 1]!;
    const more = new Array<boolean>(width).fill(false);
    for (let x = count; x >= 0; x -= 1) more[x] = after[x]! || (place.max === Number.POSITIVE_INFINITY && x < count && row[x]! && more[x + 1]!);
    going[j] = more;
    finish[j] = after.map((done, x) => (place.min === 0 && done) || (x < count && row[x]! && more[x + 1]!));
  }
  const found: number[][] = Array.from({ length: count }, () => []);
  places.forEach((_place, j) => {
    for (let target = 0; target < count; target += 1) if (took[j]![target + 1] && going[j]![target + 1]) found[target]!.push(j);
  });
  return found;
}
