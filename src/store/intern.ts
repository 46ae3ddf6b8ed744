import type { Label } from '../model/types.js';

/**
 * Compact strings and labels for stored series. Strings cut out of a push
 * body by the parser can be views into the whole body, which would keep
 * every body alive for as long as its group is stored; and the same names
 * and values recur in every group. Interning gives one flat string per
 * content (V8's own table of internalized strings, which lets go of strings
 * nobody uses any more) behind a bounded cache, and one label object per
 * name/value pair.
 */

/** Entries at which a cache is emptied (it only speeds up interning; dropping it loses nothing). */
const CACHE_LIMIT = 65_536;

const strings = new Map<string, string>();
const labels = new Map<string, Map<string, Label>>();
let labelCount = 0;

/**
 * The object {@link internalize} adds its one key to and removes it from
 * again. Deleting a property turns it into a dictionary, which it stays:
 * adding a new key then makes no new hidden class (a fresh `{}` per string
 * would make one per distinct string, several times slower).
 */
const holder: Record<string, number> = Object.create(null) as Record<string, number>;
holder.x = 0;
delete holder.x;

/** The flat, internalized string with the content of `s`: a property key made of it. */
function internalize(s: string): string {
  holder[s] = 0;
  for (const k in holder) {
    delete holder[k];
    return k;
  }
  return s;
}

/**
 * Length from which V8 cuts a string out of another as a view (a sliced
 * string); a shorter cut is always a copy of its own.
 */
const SLICE_MIN = 13;

/** The canonical string with the content of `s` (the same object for equal contents while it is cached). Never a view into a larger string. */
export function internString(s: string): string {
  let v = strings.get(s);
  if (v === undefined) {
    if (strings.size >= CACHE_LIMIT) strings.clear();
    // A short string is no view: flattening it is enough. Adding it to V8's string table would
    // cost more than the rest of storing it when a push brings many new ones (a label per series).
    v = s.length < SLICE_MIN ? flatten(s) : internalize(s);
    strings.set(v, v);
  }
  return v;
}

/**
 * A shared label object with this name and value, both interned. Label
 * objects returned here are shared between series: never mutate them.
 */
export function internLabel(name: string, value: string): Label {
  let byValue = labels.get(name);
  if (byValue === undefined) {
    if (labels.size >= CACHE_LIMIT) {
      labels.clear();
      labelCount = 0;
    }
    name = internString(name);
    byValue = new Map();
    labels.set(name, byValue);
  }
  let l = byValue.get(value);
  if (l === undefined) {
    if (labelCount >= CACHE_LIMIT) {
      labels.clear();
      labelCount = 0;
      labels.set(internString(name), byValue);
      byValue.clear();
    }
    l = Object.freeze({ name: internString(name), value: internString(value) }) as Label;
    byValue.set(l.value, l);
    labelCount++;
  }
  return l;
}

/**
 * Labels of one series beyond which they are not shared: such a series is
 * rare, its labels would only push the common ones out of the caches, and
 * caching each costs several times copying it.
 */
const SHARED_LABELS_MAX = 1024;

/**
 * Replaces every label of `ls` in place by its shared object ({@link internLabel}),
 * or, for a series with very many labels, by a frozen copy that keeps no
 * larger string alive. Returns `ls`.
 */
export function internLabels(ls: Label[]): Label[] {
  if (ls.length > SHARED_LABELS_MAX) {
    for (let i = 0; i < ls.length; i++) {
      const l = ls[i];
      ls[i] = Object.freeze({ name: ownCopy(l.name), value: ownCopy(l.value) }) as Label;
    }
    return ls;
  }
  for (let i = 0; i < ls.length; i++) ls[i] = internLabel(ls[i].name, ls[i].value);
  return ls;
}

/**
 * `s` with a string built by concatenation turned into one piece in place
 * (reading a character makes V8 flatten it): a tree of pieces costs several
 * times its text. Returns `s` itself.
 */
export function flatten(s: string): string {
  s.charCodeAt(0);
  return s;
}

/**
 * A string with the content of `s` that keeps no larger string alive (a
 * slice of 13 or more characters is a view into the string it was cut from).
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : (s + '\n').slice(0, -1);
}

/**
 * A string with the content of `s` held in one flat piece of exactly its
 * length (V8's table of internalized strings, which lets go of strings
 * nobody uses): unlike {@link ownCopy}, no slice object in front of a copy.
 */
export function flatCopy(s: string): string {
  return internalize(s);
}
