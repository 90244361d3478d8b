// What a label prints for a lot, unit or container: code, material, quantity, expiry, supplier
// lot, and the QR code's content. A GS1-identified object (or one whose material has a GTIN)
// gets its GS1 Digital Link on the configured resolver host; anything else gets the Lotgraph
// trace link, and the label says so.
import { AppError, isAppError, type Problem } from '../../domain/errors.ts';
import { buildDigitalLink, gtin14, type DigitalLinkInput } from '../../domain/gs1-digital-link.ts';
import { toCanonicalKey } from '../../domain/gs1-ids.ts';
import { itemsByGtin, labelItemRows, type LabelItemRow } from '../../cypher/labels.ts';
import type { GraphStore } from '../../cypher/neo4j.ts';
import type { ResolvedItem } from '../../cypher/trace.ts';
import { interpret } from './objects.service.ts';
import { EVERYTHING, resolve, type TraceScope } from './trace.service.ts';

export type LabelTemplate = 'finished-goods' | 'inbound-lot';
export const LABEL_TEMPLATES: readonly LabelTemplate[] = ['finished-goods', 'inbound-lot'];

export interface Label {
  id: string;
  kind: 'lot' | 'unit' | 'container';
  code: string;
  /** the template that fits: inbound-lot for a lot received from a supplier, else finished-goods */
  template: LabelTemplate;
  material: string | null;
  materialName: string | null;
  /** a lot's received (inbound) or made quantity; null for units and containers */
  quantity: number | null;
  uom: string | null;
  /** YYYY-MM-DD */
  expiry: string | null;
  productionDate: string | null;
  supplier: { id: string; name: string | null } | null;
  /** the supplier's own lot number (inbound lots) */
  supplierLot: string | null;
  /** GS1 keys printed on the label (GTIN-14) */
  gtin: string | null;
  lot: string | null;
  serial: string | null;
  sscc: string | null;
  /** the GS1 Digital Link URI, or null when the object has no GTIN or SSCC */
  digitalLink: string | null;
  /** human-readable AI text `(01)…(10)…(17)…`, with the Digital Link */
  hri: string | null;
  /** the same in GS1-128 order (fixed-length AIs first) */
  gs1128: string | null;
  /** what the QR code holds: the Digital Link, or else the trace link */
  qr: string;
  qrKind: 'digital-link' | 'trace-link';
  /** why the QR holds the trace link instead of a Digital Link, for the label and the person printing */
  note: string | null;
  /** what a container holds now */
  contents: {
    id: string;
    kind: string;
    code: string;
    qty: number | null;
    uom: string | null;
    materialName: string | null;
  }[];
}

export interface LabelOptions {
  /** host (and path prefix) of the Digital Links, e.g. `https://id.example.com/`; default: `origin` */
  resolverBase?: string | null;
  /** this server's own origin (`https://lotgraph.example.com`), for trace links */
  origin: string;
  scope?: TraceScope;
}

/** At most this many labels in one request. */
export const MAX_LABELS = 100;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const dateOf = (v: unknown): string | null => {
  const s = str(v);
  return s && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : s;
};

/** The GS1 keys in an object's canonical key (`01/<gtin>/10/<lot>`, `01/…/21/…`, `00/<sscc>`). */
function gs1KeysOf(key: string): DigitalLinkInput | null {
  const m = /^(?:01\/(\d{14})(?:\/(10|21)\/([^/]+))?|00\/(\d{18}))$/.exec(key);
  if (!m) return null;
  if (m[4]) return { sscc: m[4] };
  const value = m[3] ? decodeURIComponent(m[3]) : null;
  return { gtin: m[1]!, ...(m[2] === '10' ? { lot: value } : m[2] === '21' ? { serial: value } : {}) };
}

/** The trace page of an object on this server. */
export const traceLink = (origin: string, id: string) =>
  `${origin.replace(/\/$/, '')}/trace?id=${encodeURIComponent(id)}`;

function labelOf(found: ResolvedItem, row: LabelItemRow, opts: LabelOptions): Label {
  const item = row.item;
  const kind = found.kind as Label['kind'];
  const base = opts.resolverBase ?? opts.origin;
  const expiry = dateOf(item['expiry']);
  const supplier = row.supplier ? { id: row.supplier.id, name: row.supplier.name ?? null } : null;
  const inbound = kind === 'lot' && supplier !== null && str(item['receivedAt']) !== null;
  const materialGtin = row.material?.gtin != null ? String(row.material.gtin) : null;

  // Which GS1 keys name it: its own id, or its material's GTIN with its code as lot or serial.
  let keys = gs1KeysOf(found.key);
  const own = keys !== null;
  let note: string | null = null;
  if (!keys && kind !== 'container' && materialGtin) {
    const g = gtin14(materialGtin);
    if (g.ok) keys = { gtin: g.gtin, ...(kind === 'lot' ? { lot: found.code } : { serial: found.code }) };
    else
      note = `No Digital Link: the material's GTIN is not valid (${g.reason}). The QR code opens the trace in Lotgraph.`;
  }
  if (!keys && !note)
    note =
      kind === 'container'
        ? 'No SSCC: the QR code opens the trace in Lotgraph.'
        : 'No GTIN: the QR code opens the trace in Lotgraph.';
  let dl = keys ? buildDigitalLink({ ...keys, expiry }, base) : null;
  if (dl && !dl.ok) {
    note = `No Digital Link: ${dl.reason}. The QR code opens the trace in Lotgraph.`;
    dl = null;
  }
  let digitalLink = dl?.uri ?? null;
  // An object named by a GS1 key keeps its key's spelling, so a scan finds exactly it.
  if (dl && own && dl.path !== found.key) digitalLink = digitalLink!.replace(dl.path, found.key);

  const received = num(item['receivedQty']);
  return {
    id: found.id,
    kind,
    code: found.code,
    template: inbound ? 'inbound-lot' : 'finished-goods',
    material: row.material?.id ?? str(item['material']),
    materialName: row.material?.name ?? null,
    quantity: kind === 'lot' ? (received ?? row.producedQty ?? null) : null,
    uom: kind === 'lot' ? (str(item['uom']) ?? row.producedUom ?? row.material?.uom ?? null) : null,
    expiry,
    productionDate: dateOf(item['productionDate']),
    supplier,
    supplierLot: str(item['supplierLot']),
    gtin: keys?.gtin && dl ? keys.gtin : null,
    lot: dl ? (keys?.lot ?? null) : null,
    serial: dl ? (keys?.serial ?? null) : null,
    sscc: dl ? (keys?.sscc ?? null) : null,
    digitalLink,
    hri: dl?.text ?? null,
    gs1128: dl?.gs1128 ?? null,
    qr: digitalLink ?? traceLink(opts.origin, found.id),
    qrKind: digitalLink ? 'digital-link' : 'trace-link',
    note,
    contents: row.contents.map((c) => ({
      id: c.id,
      kind: c.kind,
      code: c.code,
      qty: c.qty ?? null,
      uom: c.uom ?? null,
      materialName: c.materialName ?? null,
    })),
  };
}

/**
 * Label data for objects named by any identifier a trace accepts (id, code, EPC URI, Digital
 * Link, supplier lot), in the order asked. Unknown or ambiguous identifiers fail the whole
 * request, each named with its reason.
 */
export async function labelsFor(graph: GraphStore, ids: string[], opts: LabelOptions): Promise<Label[]> {
  const scope = opts.scope ?? EVERYTHING;
  const problems: Problem[] = [];
  let unreadable = false;
  const found: (ResolvedItem | null)[] = [];
  for (const [i, id] of ids.entries()) {
    try {
      found.push(await resolveLabelled(graph, id, scope));
    } catch (err) {
      if (!isAppError(err) || !['NOT_FOUND', 'CONFLICT', 'INVALID_INPUT'].includes(err.code)) throw err;
      unreadable ||= err.code === 'INVALID_INPUT';
      problems.push({ field: 'id', pointer: `/id/${i}`, reason: err.message });
      found.push(null);
    }
  }
  // One answer for the whole list: 400 when a text is unreadable, else 404 (unknown or ambiguous).
  if (problems.length)
    throw new AppError(unreadable ? 'INVALID_INPUT' : 'NOT_FOUND', problems[0]!.reason, {
      problems,
      details: { ids },
    });
  const rows = new Map(
    (
      await labelItemRows(
        graph,
        found.map((f) => f!.key),
      )
    ).map((r) => [r.key, r]),
  );
  return found.map((f) => {
    const row = rows.get(f!.key);
    if (!row) throw new AppError('NOT_FOUND', `no lot, unit or container is known as "${f!.id}"`);
    return labelOf(f!, row, opts);
  });
}

/**
 * Finds the object an identifier or a scanned text names, as the trace search does; a GS1
 * Digital Link (or element string) built from a material's GTIN and a plant-internal lot or
 * serial is found too.
 */
export async function resolveLabelled(
  graph: GraphStore,
  text: string,
  scope = EVERYTHING,
): Promise<ResolvedItem> {
  const { id } = interpret(text);
  try {
    return await resolve(graph, id, scope);
  } catch (err) {
    if (!isAppError(err) || err.code !== 'NOT_FOUND') throw err;
    const [hit, ...more] = await findByMaterialGtin(graph, toCanonicalKey(id), scope);
    if (!hit || more.length) throw err;
    return hit;
  }
}

/**
 * The plant-internal lots or units a canonical GS1 key (`01/<gtin>/10/<lot>` or
 * `01/<gtin>/21/<serial>`) names through their material's GTIN; empty for any other key.
 */
export async function findByMaterialGtin(
  graph: GraphStore,
  key: string,
  scope = EVERYTHING,
): Promise<ResolvedItem[]> {
  const m = /^01\/(\d{14})\/(10|21)\/([^/]+)$/.exec(key);
  if (!m) return [];
  let code: string;
  try {
    code = decodeURIComponent(m[3]!);
  } catch {
    return [];
  }
  const rows = await itemsByGtin(graph, {
    gtin: m[1]!,
    code,
    kind: m[2] === '10' ? 'lot' : 'unit',
    supplier: scope.supplierId,
  });
  return rows.map((r) => ({ ...r, rank: 0 }));
}
