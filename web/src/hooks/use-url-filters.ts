// Filters that live in the address (?period=quarter&material=…), so a view can be bookmarked,
// shared and reloaded. Every value is a string; '' means "not set". A value equal to its default
// is left out of the address, and a value outside its choices reads as the default.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export type Filters<K extends string> = Record<K, string>;

export function useUrlFilters<K extends string>(
  defaults: Filters<K>,
  choices: Partial<Record<K, readonly string[]>> = {},
): [Filters<K>, (patch: Partial<Filters<K>>) => void] {
  const [params, setParams] = useSearchParams();
  const values = useMemo(() => {
    const out = { ...defaults };
    for (const k of Object.keys(defaults) as K[]) {
      const v = params.get(k);
      const allowed = choices[k];
      if (v !== null && (!allowed || allowed.includes(v))) out[k] = v;
    }
    return out;
    // `defaults` and `choices` are the page's constants; only the address changes.
  }, [params]);
  const set = useCallback(
    (patch: Partial<Filters<K>>) =>
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(patch) as [K, string | undefined][]) {
          if (v === undefined) continue;
          if (v === '' || v === defaults[k]) next.delete(k);
          else next.set(k, v);
        }
        return next;
      }),
    [setParams, defaults],
  );
  return [values, set];
}

/** One of `options`, or `fallback` when the value is not among them. */
export const oneOf = <T extends string>(value: string, options: readonly T[], fallback: T): T =>
  (options as readonly string[]).includes(value) ? (value as T) : fallback;
