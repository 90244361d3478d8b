// The recall workspace's data: what is recalled and how it is narrowed live in the address
// (/recall?id=…&criteria=<JSON>), so a narrowed recall can be bookmarked and shared; the scope
// comes from GET /api/recall, or POST /api/recall/narrow when there are criteria.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import {
  criteriaParam,
  getScope,
  listHolds,
  narrowScope,
  type NarrowedScope,
  type NarrowingCriteria,
  type Scope,
} from '../api/recall.ts';
import { useApiData, type ApiData } from './use-api-data.ts';

export interface RecallAddress {
  id: string;
  criteria: NarrowingCriteria | null;
  /** set when the address holds criteria that are not JSON */
  badCriteria: string | null;
  setCriteria: (c: NarrowingCriteria | null) => void;
}

/** Drops empty values so the address and the API see only what was asked. */
export function cleanCriteria(c: NarrowingCriteria): NarrowingCriteria | null {
  const out: NarrowingCriteria = {};
  if (c.from) out.from = c.from;
  if (c.to) out.to = c.to;
  if (c.lines?.length) out.lines = c.lines;
  if (c.equipment?.length) out.equipment = c.equipment;
  if (c.parameter?.name) {
    const p = c.parameter;
    out.parameter = { name: p.name, op: p.op, value: p.value };
    if (p.step) out.parameter.step = p.step;
    if (p.equipment) out.parameter.equipment = p.equipment;
    if (p.day) out.parameter.day = p.day;
  }
  if (c.inputLot) out.inputLot = c.inputLot;
  return Object.keys(out).length ? out : null;
}

export function useRecallAddress(): RecallAddress {
  const [params, setParams] = useSearchParams();
  const id = params.get('id')?.trim() ?? '';
  const raw = params.get('criteria') ?? '';
  const { criteria, badCriteria } = useMemo(() => {
    if (!raw) return { criteria: null, badCriteria: null };
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        return { criteria: cleanCriteria(parsed as NarrowingCriteria), badCriteria: null };
    } catch {
      // falls through: shown as a problem with the address
    }
    return { criteria: null, badCriteria: raw };
  }, [raw]);
  const setCriteria = useCallback(
    (c: NarrowingCriteria | null) =>
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        const s = criteriaParam(c);
        if (s) next.set('criteria', s);
        else next.delete('criteria');
        return next;
      }),
    [setParams],
  );
  return { id, criteria, badCriteria, setCriteria };
}

export interface RecallData {
  scope: Scope;
  /** the narrowing's answer when there are criteria */
  narrowed: NarrowedScope | null;
}

/** The scope of `id`, narrowed by `criteria` when given; nothing is fetched without an id. */
export function useRecallScope(id: string, criteria: NarrowingCriteria | null): ApiData<RecallData | null> {
  const key = criteriaParam(criteria);
  return useApiData(async () => {
    if (!id) return null;
    if (!criteria) return { scope: await getScope(id), narrowed: null };
    const narrowed = await narrowScope(id, criteria);
    return { scope: narrowed.scope, narrowed };
  }, [id, key]);
}

/** The holds on objects of this recall's scope. */
export function useRecallHolds(id: string, enabled: boolean) {
  return useApiData(
    () => (id && enabled ? listHolds(id).then((a) => a.holds) : Promise.resolve([])),
    [id, enabled],
  );
}
