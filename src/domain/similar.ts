/**
 * Which existing names a typed name probably meant: `/bind 制锦市街道` for 制锦市街道办事处.
 * Pure: compares spellings only.
 */

// Words most unit names end with; two names differing only there are the same place.
const GENERIC_SUFFIXES = ["街道办事处", "办事处", "指挥部", "管委会", "委员会", "街道", "办公室", "中心", "局", "办", "委"];

/** Width, case, spaces and punctuation do not count: ＡＢ 指挥部 is ab指挥部. */
export function normaliseName(name: string): string {
  return name.normalize("NFKC").toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, "");
}

/** The distinctive part of a unit's name: 制锦市街道办事处 → 制锦市. */
export function nameCore(name: string): string {
  let core = normaliseName(name);
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of GENERIC_SUFFIXES) {
      if (core.length > suffix.length && core.endsWith(suffix)) {
        core = core.slice(0, -suffix.length);
        changed = true;
      }
    }
  }
  return core;
}

/** Levenshtein distance by code point. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[y.length] ?? 0;
}

/**
 * How far a typed name is from an existing one, or null when it is not close: the same core,
 * one core inside the other (at least two characters), or a core within a third of its length
 * in edits (a slip of one character in three).
 */
export function nameDistance(typed: string, existing: string): number | null {
  const [a, b] = [normaliseName(typed), normaliseName(existing)];
  if (!a || !b) return null;
  if (a === b) return 0;
  const [ca, cb] = [nameCore(typed), nameCore(existing)];
  const full = editDistance(a, b);
  if (ca === cb) return Math.min(full, 1);
  const shorter = Math.min([...ca].length, [...cb].length);
  if (shorter >= 2 && (ca.includes(cb) || cb.includes(ca))) return full;
  const core = editDistance(ca, cb);
  return core <= Math.max(1, Math.floor(Math.max([...ca].length, [...cb].length) / 3)) && core < shorter ? full : null;
}

/** The existing names a typed name is close to, closest first; [] when none is (a truly new name). */
export function closestNames(typed: string, existing: readonly string[], limit = 3): string[] {
  return existing
    .map((name) => ({ name, distance: nameDistance(typed, name) }))
    .filter((c): c is { name: string; distance: number } => c.distance !== null)
    .sort((x, y) => x.distance - y.distance || x.name.localeCompare(y.name))
    .slice(0, limit)
    .map((c) => c.name);
}

/** The existing name that is the typed one up to width, case, spaces and punctuation. */
export function sameName(typed: string, existing: readonly string[]): string | null {
  const a = normaliseName(typed);
  return existing.find((name) => normaliseName(name) === a) ?? null;
}
