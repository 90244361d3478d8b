// Narrowing a recall scope with evidence: keep only what an operation that meets every criterion
// made (and what was made from it), or what descends from one specific input lot, and say for
// everything removed why, in words a quality engineer can defend (docs/decisions/016).
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import { operationReadings, type ParameterReading } from '../../analytics/narrowing.ts';
import { scopeMakerRows, type MakerOperation, type ScopeMakerRow } from '../../cypher/narrowing.ts';
import type { GraphStore } from '../../cypher/neo4j.ts';
import type { DuckStore } from '../../analytics/duckdb.ts';
import { recallScope, resolve, type RecallScope } from './trace.service.ts';
import { parseInput } from '../validation.ts';

export interface NarrowingCriteria {
  /** keep objects made (by an operation in the scope's chain) at or after this time (ISO 8601) */
  from?: string;
  /** … and before this time */
  to?: string;
  /** keep objects made on one of these lines (read point / business location ids) */
  lines?: string[];
  /** keep objects made on one of these pieces of equipment */
  equipment?: string[];
  /** keep objects made by an operation whose reading of a parameter was out of spec */
  parameter?: {
    name: string;
    op: 'gt' | 'gte' | 'lt' | 'lte';
    value: number;
    step?: string;
    equipment?: string;
    /** YYYY-MM-DD, the day the operation ran */
    day?: string;
  };
  /** keep objects that descend from this specific lot (a supplier lot of a multi-lot input) */
  inputLot?: string;
}

export interface RemovedItem {
  id: string;
  kind: string;
  code: string;
  reason: string;
}

export interface NarrowedScope {
  root: RecallScope['root'];
  criteria: NarrowingCriteria;
  scope: RecallScope;
  full: { lots: number; units: number; containers: number; shipments: number; customers: number };
  removed: {
    items: RemovedItem[];
    shipments: { id: string; customer: string | null; reason: string }[];
    customers: { id: string; name: string | null; reason: string }[];
  };
  explanation: string[];
}

// ---- criteria ------------------------------------------------------------------------------

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/** An ISO 8601 date or date-time; without an offset it is UTC (as storage is). */
const isoTime = z
  .string()
  .trim()
  .regex(ISO, 'must be an ISO 8601 date or date-time, e.g. 2026-03-04T14:00:00Z')
  .transform((s, ctx) => {
    const withZone = /T/.test(s) && !/(Z|[+-]\d{2}:?\d{2})$/.test(s) ? `${s}Z` : s;
    const t = Date.parse(withZone);
    if (Number.isNaN(t)) {
      ctx.addIssue({ code: 'custom', message: 'is not a real date or time' });
      return z.NEVER;
    }
    return new Date(t).toISOString();
  });
const day = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real date');
const text = z.string().trim().min(1, 'must not be blank').max(500);
const list = z
  .array(text)
  .min(1, 'must name at least one; leave the criterion out to not filter by it')
  .max(200);

const criteriaSchema = z
  .strictObject({
    from: isoTime.optional(),
    to: isoTime.optional(),
    lines: list.optional(),
    equipment: list.optional(),
    parameter: z
      .strictObject({
        name: text,
        op: z.enum(['gt', 'gte', 'lt', 'lte'], 'must be one of gt, gte, lt, lte'),
        value: z.number('must be a number').finite('must be a finite number'),
        step: text.optional(),
        equipment: text.optional(),
        day: day.optional(),
      })
      .optional(),
    inputLot: text.optional(),
  })
  .superRefine((c, ctx) => {
    if (Object.values(c).every((v) => v === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'give at least one criterion: from, to, lines, equipment, parameter or inputLot',
      });
    if (c.from && c.to && c.from >= c.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  });

/**
 * Checks narrowing criteria; a bad value is a 400 naming its field by path from `at`
 * (e.g. `criteria.parameter.value`). Times come back as ISO 8601 UTC.
 */
export function parseNarrowingCriteria(input: unknown, at = 'criteria'): NarrowingCriteria {
  const c = parseInput(criteriaSchema, input, 'narrowing criteria', at || undefined);
  const out: NarrowingCriteria = {};
  if (c.from !== undefined) out.from = c.from;
  if (c.to !== undefined) out.to = c.to;
  if (c.lines) out.lines = c.lines;
  if (c.equipment) out.equipment = c.equipment;
  if (c.parameter) {
    const p = c.parameter;
    out.parameter = { name: p.name, op: p.op, value: p.value };
    if (p.step !== undefined) out.parameter.step = p.step;
    if (p.equipment !== undefined) out.parameter.equipment = p.equipment;
    if (p.day !== undefined) out.parameter.day = p.day;
  }
  if (c.inputLot !== undefined) out.inputLot = c.inputLot;
  return out;
}

// ---- words ---------------------------------------------------------------------------------

const UOM: Record<string, string> = {
  CEL: '°C',
  FAH: '°F',
  KEL: 'K',
  P1: '%',
  SEC: 's',
  MIN: 'min',
  BAR: 'bar',
};
const withUnit = (v: number, uom: string | null | undefined) =>
  uom ? `${v} ${(Object.hasOwn(UOM, uom) ? UOM[uom] : undefined) ?? uom}` : String(v);
const OP_WORDS: Record<NonNullable<NarrowingCriteria['parameter']>['op'], string> = {
  gt: 'above',
  gte: 'at or above',
  lt: 'below',
  lte: 'at or below',
};
/** The readable end of an identifier (urn:…:oven-2 -> oven-2). */
export const readable = (id: string) => id.replace(/^.*[:/#]/, '') || id;
/** 2026-03-04 14:02 (UTC) */
const when = (iso: string | null | undefined) =>
  iso ? iso.slice(0, 16).replace('T', ' ') : 'at an unknown time';
const oneOf = (xs: string[]) =>
  xs.length === 1 ? readable(xs[0]!) : `one of ${xs.map(readable).join(', ')}`;
const listCodes = (xs: string[], max = 5) =>
  xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')} and ${xs.length - max} more`;

const meets = (v: number, p: NonNullable<NarrowingCriteria['parameter']>) =>
  p.op === 'gt' ? v > p.value : p.op === 'gte' ? v >= p.value : p.op === 'lt' ? v < p.value : v <= p.value;

/** Criteria in plain words, one line each. */
export function describeCriteria(c: NarrowingCriteria, inputLotLabel?: string): string[] {
  const out: string[] = [];
  if (c.from && c.to)
    out.push(`made by an operation that started between ${when(c.from)} and ${when(c.to)} UTC`);
  else if (c.from) out.push(`made by an operation that started at or after ${when(c.from)} UTC`);
  else if (c.to) out.push(`made by an operation that started before ${when(c.to)} UTC`);
  if (c.lines) out.push(`made on line ${oneOf(c.lines)}`);
  if (c.equipment) out.push(`made on ${oneOf(c.equipment)}`);
  if (c.parameter) {
    const p = c.parameter;
    const where = [
      p.step ? `at step ${p.step}` : '',
      p.equipment ? `on ${readable(p.equipment)}` : '',
      p.day ? `on ${p.day}` : '',
    ].filter(Boolean);
    out.push(
      `made by an operation${where.length ? ` ${where.join(' ')}` : ''} with a ${p.name} reading ${OP_WORDS[p.op]} ${p.value}`,
    );
  }
  if (c.inputLot) out.push(`descending from ${inputLotLabel ?? c.inputLot}`);
  return out;
}

// ---- evaluation ----------------------------------------------------------------------------

type Verdict = { ok: true } | { ok: false; why: string[] };

/** Whether one operation meets every operation criterion, and if not, each reason. */
function judgeOperation(op: MakerOperation, c: NarrowingCriteria, readings: ParameterReading[]): Verdict {
  const why: string[] = [];
  const start = op.start ?? op.end ?? null;
  const t = start ? Date.parse(start) : NaN;
  if (c.from && !(t >= Date.parse(c.from))) why.push(`it started before ${when(c.from)}`);
  if (c.to && !(t < Date.parse(c.to))) why.push(`it did not start before ${when(c.to)}`);
  if (c.lines && !(op.line && c.lines.includes(op.line)))
    why.push(op.line ? `line ${readable(op.line)} is not ${oneOf(c.lines)}` : 'it records no line');
  if (c.equipment && !(op.equipment && c.equipment.includes(op.equipment)))
    why.push(
      op.equipment ? `${readable(op.equipment)} is not ${oneOf(c.equipment)}` : 'it records no equipment',
    );
  const p = c.parameter;
  if (p) {
    if (p.step && op.step !== p.step) why.push(`step ${op.step ?? '(none)'} is not ${p.step}`);
    else if (p.equipment && op.equipment !== p.equipment)
      why.push(
        op.equipment
          ? `${readable(op.equipment)} is not ${readable(p.equipment)}`
          : 'it records no equipment',
      );
    else if (p.day && !(start && start.slice(0, 10) === p.day))
      why.push(`it ran on ${start ? start.slice(0, 10) : 'an unknown day'}, not ${p.day}`);
    else if (readings.length === 0) why.push(`it has no ${p.name} reading`);
    else if (!readings.some((r) => meets(r.value, p))) {
      // the reading closest to the limit: highest for above, lowest for below
      const r = p.op.startsWith('g')
        ? readings.reduce((a, b) => (b.value > a.value ? b : a))
        : readings.reduce((a, b) => (b.value < a.value ? b : a));
      const label =
        readings.length > 1 ? `its ${p.op.startsWith('g') ? 'highest' : 'lowest'} ${p.name} reading` : p.name;
      why.push(`${label} ${withUnit(r.value, r.uom)} is not ${OP_WORDS[p.op]} ${withUnit(p.value, r.uom)}`);
    }
  }
  return why.length ? { ok: false, why } : { ok: true };
}

const hasOperationCriteria = (c: NarrowingCriteria) =>
  c.from !== undefined || c.to !== undefined || !!c.lines || !!c.equipment || !!c.parameter;

const describeOp = (op: MakerOperation) => {
  const where = op.equipment ? readable(op.equipment) : op.line ? readable(op.line) : null;
  return `made ${when(op.start ?? op.end)}${op.step ? ` by ${op.step}` : ''}${where ? ` on ${where}` : ''}`;
};

/** Everything reachable from the start keys along `children` (start keys included). */
function closure(start: Iterable<string>, children: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length) {
    const k = stack.pop()!;
    if (seen.has(k)) continue;
    seen.add(k);
    for (const c of children.get(k) ?? []) if (!seen.has(c)) stack.push(c);
  }
  return seen;
}

const counts = (s: RecallScope) => ({
  lots: s.lots.length,
  units: s.units.length,
  containers: s.containers.length,
  shipments: s.shipments.length,
  customers: s.customers.length,
});
const countWords = (n: ReturnType<typeof counts>) =>
  `${n.lots} lots, ${n.units} units, ${n.containers} containers, ${n.shipments} shipments, ${n.customers} customers`;

/**
 * Narrows the recall scope of an identifier. An operation of the scope qualifies when it meets
 * every operation criterion (time window on its start, line, equipment, out-of-spec parameter);
 * kept are the objects a qualifying operation made and everything made from them within the
 * scope, intersected with the descendants of `inputLot` when given (only inputLot: the scope's
 * objects that descend from it). Containers, shipments and customers stay when a kept object
 * reaches them.
 */
export async function narrowRecall(
  stores: { graph: GraphStore; duck: DuckStore },
  id: string,
  criteriaInput: NarrowingCriteria,
  scope: { supplierId: string | null } = { supplierId: null },
): Promise<NarrowedScope> {
  if (scope.supplierId !== null)
    throw new AppError('FORBIDDEN', "a supplier's user cannot narrow a recall scope");
  const criteria = parseNarrowingCriteria(criteriaInput);
  const root = await resolve(stores.graph, id);
  const rows = await scopeMakerRows(stores.graph, root.key);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const children = new Map(rows.map((r) => [r.key, r.children.filter((c) => byKey.has(c))]));
  const parents = new Map<string, string[]>();
  for (const r of rows)
    for (const c of children.get(r.key)!) parents.set(c, [...(parents.get(c) ?? []), r.key]);

  // Operations: which qualify, and why the others do not.
  const ops = new Map<string, MakerOperation>();
  for (const r of rows) for (const o of r.ops) ops.set(o.id, o);
  const readings = new Map<string, ParameterReading[]>();
  if (criteria.parameter)
    for (const r of await operationReadings(stores.duck, [...ops.keys()], criteria.parameter.name))
      readings.set(r.operation, [...(readings.get(r.operation) ?? []), r]);
  const verdicts = new Map<string, Verdict>();
  for (const o of ops.values()) verdicts.set(o.id, judgeOperation(o, criteria, readings.get(o.id) ?? []));
  const qualifying = [...ops.values()].filter((o) => verdicts.get(o.id)!.ok);

  const byOps = hasOperationCriteria(criteria);
  let kept: Set<string> = new Set(byKey.keys());
  if (byOps) {
    const made = rows.filter((r) => r.ops.some((o) => verdicts.get(o.id)!.ok)).map((r) => r.key);
    kept = closure(made, children);
  }
  const keptByOps = new Set(kept);

  // The input lot: in the scope, or a co-input (it fed an operation together with scope objects).
  let input: { row: ScopeMakerRow; label: string; descendants: Set<string> } | null = null;
  if (criteria.inputLot) {
    const found = await resolve(stores.graph, criteria.inputLot).catch((err: unknown) => {
      if (err instanceof AppError && (err.code === 'NOT_FOUND' || err.code === 'CONFLICT'))
        throw new AppError('INVALID_INPUT', err.message, {
          problems: [{ field: 'criteria.inputLot', reason: err.message }],
          details: err.details,
        });
      throw err;
    });
    const fwd = await scopeMakerRows(stores.graph, found.key);
    const descendants = new Set(fwd.map((r) => r.key));
    const self = fwd.find((r) => r.key === found.key)!;
    const fail = (reason: string) =>
      new AppError('INVALID_INPUT', `inputLot ${found.code} ${reason}`, {
        problems: [{ field: 'criteria.inputLot', reason }],
      });
    if (found.key !== root.key && descendants.has(root.key))
      throw fail(
        `is upstream of ${root.code}: everything in its scope descends from it, so it narrows nothing`,
      );
    if (![...descendants].some((k) => byKey.has(k)))
      throw fail(`is neither in the scope of ${root.code} nor an input used together with it`);
    const word = self.kind === 'lot' ? (self.supplied ? 'supplier lot' : 'lot') : self.kind;
    const label = `${word} ${self.code}${self.supplierLot && self.supplierLot !== self.code ? ` (supplier lot number ${self.supplierLot})` : ''}`;
    input = { row: self, label, descendants };
    kept = new Set([...kept].filter((k) => descendants.has(k)));
  }

  const full = await recallScope(stores.graph, id);
  const narrowed = await recallScope(stores.graph, id, kept);

  // Why each removed lot or unit is gone.
  const codeOfKey = (k: string) => byKey.get(k)?.code ?? readable(k);
  const opReason = (r: ScopeMakerRow): string => {
    const own =
      r.ops.length === 0
        ? [
            `${r.supplied ? 'received from a supplier' : 'not made by an operation on record'}, so no operation of it meets the criteria`,
          ]
        : r.ops.map((o) => {
            const v = verdicts.get(o.id)!;
            return v.ok ? describeOp(o) : `${describeOp(o)}: ${v.why.join('; ')}`;
          });
    // inputs made in the scope and removed too (a received lot is no evidence either way)
    const ins = (parents.get(r.key) ?? []).filter((k) => !keptByOps.has(k) && byKey.get(k)!.ops.length > 0);
    if (ins.length && r.ops.length) own.push(`made from ${listCodes(ins.map(codeOfKey))}, removed too`);
    return own.join('; ');
  };
  const reasonOf = (key: string): string => {
    const r = byKey.get(key);
    const parts: string[] = [];
    if (input && !input.descendants.has(key)) parts.push(`does not descend from ${input.label}`);
    if (r && byOps && !keptByOps.has(key)) parts.push(opReason(r));
    return parts.join('; ') || 'not made from an object that meets the criteria';
  };

  const keyOfId = new Map(rows.map((r) => [r.id, r.key]));
  const keptIds = (xs: { id: string }[]) => new Set(xs.map((x) => x.id));
  const lotsKept = keptIds(narrowed.lots);
  const unitsKept = keptIds(narrowed.units);
  const containersKept = keptIds(narrowed.containers);
  const items: RemovedItem[] = [];
  for (const [kind, list, keep] of [
    ['lot', full.lots, lotsKept],
    ['unit', full.units, unitsKept],
  ] as const)
    for (const x of list)
      if (!keep.has(x.id)) {
        const key = keyOfId.get(x.id) ?? x.id;
        items.push({ id: x.id, kind, code: String(x['code'] ?? readable(x.id)), reason: reasonOf(key) });
      }
  for (const c of full.containers)
    if (!containersKept.has(c.id))
      items.push({
        id: c.id,
        kind: 'container',
        code: c.code,
        reason: 'holds now, or held when it shipped, only removed objects',
      });
  // The objects on each removed shipment: all removed, by construction.
  const removedCodes = new Map<string, string>(items.map((i) => [i.id, i.code]));
  const keptShipments = new Set(narrowed.shipments.map((s) => s.id));
  const shipments = full.shipments
    .filter((s) => !keptShipments.has(s.id))
    .map((s) => {
      const on = [...full.lots, ...full.units]
        .filter((x) => ((x['shipments'] as string[] | undefined) ?? []).includes(s.id))
        .map((x) => removedCodes.get(x.id) ?? String(x['code']));
      return {
        id: s.id,
        customer: s.customer,
        reason: `reached only by removed objects${on.length ? ` (${listCodes(on)})` : ''}`,
      };
    });
  const keptCustomers = new Set(narrowed.customers.map((c) => c.id));
  const customers = full.customers
    .filter((c) => !keptCustomers.has(c.id))
    .map((c) => ({
      id: c.id,
      name: c.name,
      reason: `every shipment to ${c.name ?? readable(c.id)} (${listCodes(c.shipments.map(readable))}) carries only removed objects`,
    }));

  const before = counts(full);
  const after = counts(narrowed);
  const explanation = [
    `Recall scope of ${root.kind} ${root.code}, narrowed to objects ${describeCriteria(criteria, input?.label).join(', and ')}.`,
  ];
  if (hasOperationCriteria(criteria))
    explanation.push(
      `${qualifying.length} of ${ops.size} operations in the scope meet the criteria${qualifying.length ? ` (${listCodes(qualifying.map((o) => readable(o.id)))})` : ''}; kept are the objects they made and everything made from those.`,
    );
  if (input)
    explanation.push(
      input.descendants.has(root.key)
        ? `${input.label} is in the scope: kept objects descend from it.`
        : `${input.label} is an input used together with objects of the scope: kept objects descend from it.`,
    );
  explanation.push(`Before: ${countWords(before)}.`, `After: ${countWords(after)}.`);
  explanation.push(
    `Removed: ${before.lots - after.lots} lots, ${before.units - after.units} units, ${before.containers - after.containers} containers, ${shipments.length} shipments, ${customers.length} customers.`,
  );

  return {
    root: full.root,
    criteria,
    scope: narrowed,
    full: before,
    removed: { items, shipments, customers },
    explanation,
  };
}
