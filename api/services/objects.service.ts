// What a person has in hand -> the objects it names (resolve), and one object's detail for the
// trace explorer's side panel. Supplier scope works as in the trace: a supplier finds only its
// own objects, and sees nothing made or shipped in the plant.
import { AppError } from '../../domain/errors.ts';
import {
  GS,
  looksLikeElementString,
  parseElementString,
  splitSymbology,
} from '../../domain/gs1-element-string.ts';
import { canonicalDigitalLink, toCanonicalKey } from '../../domain/gs1-ids.ts';
import { operationParameters, type OperationParameter } from '../../analytics/objects.ts';
import type { DuckStore } from '../../analytics/duckdb.ts';
import { materialNamesOf, objectDetailRows, type ObjectDetailRow } from '../../cypher/objects.ts';
import type { GraphStore } from '../../cypher/neo4j.ts';
import { resolveItem } from '../../cypher/trace.ts';
import { EVERYTHING, resolve, traceForward, withoutHoldDetails, type TraceScope } from './trace.service.ts';

export type Interpretation = 'epc' | 'digital-link' | 'element-string' | 'text';

export interface Candidate {
  id: string;
  kind: string;
  code: string;
  material: string | null;
  materialName: string | null;
  matchedBy: 'id' | 'code' | 'supplier-lot';
}
export interface ResolveAnswer {
  /** the text as received */
  query: string;
  interpretedAs: Interpretation;
  /** the canonical key looked up (the Digital Link path for GS1 identifiers) */
  key: string;
  /** best matches only: exact ids beat codes beat supplier lot numbers */
  candidates: Candidate[];
}

const MATCHED_BY: Candidate['matchedBy'][] = ['id', 'code', 'supplier-lot'];

/**
 * How the text is meant: a GS1 element string (scanned or typed with parentheses), an EPC URI,
 * a GS1 Digital Link, or plain text (lot code, serial, supplier lot number). A scanner's
 * symbology identifier in front of a URI or text is dropped.
 */
export function interpret(q: string): { interpretedAs: Interpretation; id: string; key: string } {
  if (looksLikeElementString(q)) {
    const parsed = parseElementString(q);
    if (!parsed.ok)
      throw new AppError(
        'INVALID_INPUT',
        `"${printable(q)}" is not a readable GS1 barcode: ${parsed.reason}`,
        {
          problems: [{ field: 'q', reason: `is not a readable GS1 element string: ${parsed.reason}` }],
        },
      );
    return { interpretedAs: 'element-string', id: parsed.digitalLink, key: parsed.key };
  }
  const text = splitSymbology(q).body.trim();
  if (text.startsWith('urn:epc:')) return { interpretedAs: 'epc', id: text, key: toCanonicalKey(text) };
  if (/^https?:\/\//i.test(text) && canonicalDigitalLink(text) !== null)
    return { interpretedAs: 'digital-link', id: text, key: toCanonicalKey(text) };
  return { interpretedAs: 'text', id: text, key: text };
}

/** Control characters (a scanner's group separator) shown as <GS>, so a message stays readable. */
const printable = (s: string) =>
  [...s].map((c) => (c === GS ? '<GS>' : c.charCodeAt(0) < 0x20 ? '' : c)).join('');

/** The objects a scanned or typed text names, best match first. */
export async function resolveText(graph: GraphStore, q: string, scope = EVERYTHING): Promise<ResolveAnswer> {
  const { interpretedAs, id, key } = interpret(q);
  const found = await resolveItem(graph, id, key, scope.supplierId);
  const names = await materialNamesOf(
    graph,
    found.flatMap((f) => (f.material ? [f.material] : [])),
  );
  return {
    query: q,
    interpretedAs,
    key,
    candidates: found.map((f) => ({
      id: f.id,
      kind: f.kind,
      code: f.code,
      material: f.material ?? null,
      materialName: (f.material && names.get(f.material)) ?? null,
      matchedBy: MATCHED_BY[f.rank] ?? 'id',
    })),
  };
}

type Row = ObjectDetailRow;
export interface ObjectDetail {
  /** every stored property of the object, with its material's name and type and its state */
  item: Record<string, unknown> & { id: string; key: string; kind: string; code: string };
  suppliers: Row['suppliers'];
  inspections: Row['inspections'];
  /** the operations that made it, with their process parameters and inputs */
  operations: (Row['operations'][number] & { parameters: OperationParameter[] })[];
  /** shipments that carried it (`itself`, maybe in a container) or something made from it (`downstream`) */
  shipments: {
    id: string;
    time: string | null;
    customer: string | null;
    customerName: string | null;
    reached: 'itself' | 'downstream';
  }[];
  customers: { id: string; name: string | null; shipments: string[] }[];
  /** the hold on it now, or null */
  hold: { since: string | null; by: string | null; reason: string | null; caseId: string | null } | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * One object with everything the side panel shows. A supplier sees only its own objects
 * (another's is a 404), their inspections, and no operations or shipments of the plant.
 */
export async function objectDetail(
  stores: { graph: GraphStore; duck: DuckStore },
  id: string,
  scope: TraceScope = EVERYTHING,
): Promise<ObjectDetail> {
  const found = await resolve(stores.graph, id, scope);
  const [row] = await objectDetailRows(stores.graph, found.key);
  if (!row)
    throw new AppError('NOT_FOUND', `no lot, unit or container is known as "${id}"`, { details: { id } });
  const supplierView = scope.supplierId !== null;
  // The forward trace knows where it went (packing over time respected) and the object's state.
  const forward = await traceForward(stores.graph, found.id, scope);
  const operations = supplierView
    ? []
    : await Promise.all(
        row.operations.map(async (o) => ({ ...o, parameters: await operationParameters(stores.duck, o.id) })),
      );

  // The object itself and the containers it went into, however nested.
  const itself = new Set([found.id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const e of forward.edges)
      if (e.type === 'PACKED_IN' && itself.has(e.from) && !itself.has(e.to)) {
        itself.add(e.to);
        grew = true;
      }
  }
  const nodes = new Map(forward.nodes.map((n) => [n.id, n]));
  const customerOf = new Map(forward.edges.filter((e) => e.type === 'TO').map((e) => [e.from, e.to]));
  const direct = new Set(
    forward.edges.filter((e) => e.type === 'CARRIES' && itself.has(e.to)).map((e) => e.from),
  );
  const shipments: ObjectDetail['shipments'] = forward.nodes
    .filter((n) => n.kind === 'shipment')
    .map((n) => {
      const customer = customerOf.get(n.id) ?? null;
      return {
        id: n.id,
        time: str(n['time']),
        customer,
        customerName: customer ? (nodes.get(customer)?.label ?? null) : null,
        reached: direct.has(n.id) ? ('itself' as const) : ('downstream' as const),
      };
    })
    .sort((a, b) => (a.time ?? '').localeCompare(b.time ?? '') || a.id.localeCompare(b.id));
  const customers = new Map<string, ObjectDetail['customers'][number]>();
  for (const s of shipments) {
    if (!s.customer) continue;
    const c = customers.get(s.customer) ?? { id: s.customer, name: s.customerName, shipments: [] };
    c.shipments.push(s.id);
    customers.set(s.customer, c);
  }

  const props = supplierView ? withoutHoldDetails(row.item) : row.item;
  const root = forward.root as Record<string, unknown>;
  const item = {
    ...props,
    id: found.id,
    key: found.key,
    kind: found.kind,
    code: found.code,
    materialName: row.materialName ?? null,
    materialType: row.materialType ?? null,
    ...(root['state'] !== undefined ? { state: root['state'] } : {}),
  };
  return {
    item,
    suppliers: supplierView ? row.suppliers.filter((s) => s.id === scope.supplierId) : row.suppliers,
    inspections: row.inspections,
    operations,
    shipments,
    customers: [...customers.values()].sort((a, b) => a.id.localeCompare(b.id)),
    hold:
      props['held'] === true
        ? {
            since: str(props['holdSince']),
            // A supplier learns that its object is held and since when, not by whom or why.
            by: str(props['holdBy']),
            reason: str(props['holdReason']),
            caseId: str(props['holdCase']),
          }
        : null,
  };
}
