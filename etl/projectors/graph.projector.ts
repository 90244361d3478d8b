// Turns a run of normalised events (and master data) into one GraphBatch: the rows the
// projection statements in cypher/queries/projection apply with UNWIND.
import { emptyGraphBatch, type GraphBatch } from '../../cypher/projection.ts';
import type { ObjectRef, TraceEvent } from '../../domain/trace-event.ts';
import type { MasterDataEntry } from '../event-log.ts';

type Row = Record<string, unknown>;

const VTYPE_LABEL: Record<string, string> = {
  'urn:epcglobal:epcis:vtype:EPCClass': 'Material',
  'urn:epcglobal:epcis:vtype:BusinessLocation': 'Location',
  'urn:epcglobal:epcis:vtype:ReadPoint': 'Location',
  'urn:lotgraph:vtype:Equipment': 'Equipment',
};

/** Attribute names without their namespace ("lg:name" -> "name"); only plain values survive. */
export function plainAttributes(
  attributes: Record<string, unknown>,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(attributes)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') continue;
    out[k.replace(/^.*[:#/]/, '')] = v;
  }
  return out;
}

export function masterDataRow(md: MasterDataEntry): Row | null {
  const props = plainAttributes(md.attributes);
  let label = Object.hasOwn(VTYPE_LABEL, md.type) ? VTYPE_LABEL[md.type] : undefined;
  if (md.type === 'urn:epcglobal:epcis:vtype:Party')
    label = props['role'] === 'customer' ? 'Customer' : 'Supplier';
  if (!label) return null;
  return { label, id: md.id, props };
}

const opt = (v: unknown) => (v === undefined ? null : v);

export function buildGraphBatch(
  events: TraceEvent[],
  masterData: MasterDataEntry[],
  seq: number,
): GraphBatch {
  const items = new Map<string, Row>();
  const b: GraphBatch = emptyGraphBatch(seq);
  const feedOps = new Set<string>();
  const item = (r: ObjectRef) => {
    if (!items.has(r.key)) items.set(r.key, { key: r.key, id: r.id, code: r.code, kind: r.kind });
  };
  const status = (refs: ObjectRef[], s: string | undefined, time: string) => {
    if (s) for (const r of refs) b.status.push({ key: r.key, status: s, time });
  };
  // EPCIS: bizLocation is where the objects are after the event.
  const located = (refs: ObjectRef[], e: TraceEvent) => {
    if (e.bizLocation)
      for (const r of refs) b.locations.push({ key: r.key, location: e.bizLocation, time: e.eventTime });
  };
  const facts = (r: ObjectRef, e: TraceEvent, extra: Row) => {
    const l = e.lot;
    const row: Row = {
      key: r.key,
      material: opt(l.material),
      supplierLot: opt(l.supplierLot),
      lotNumber: opt(l.lotNumber),
      expiry: opt(l.expiry),
      productionDate: opt(l.productionDate),
      receivedQty: null,
      receivedAt: null,
      uom: opt(r.uom),
      supplier: null,
      ...extra,
    };
    if (Object.entries(row).some(([k, v]) => k !== 'key' && v !== null)) b.facts.push(row);
  };

  for (const md of masterData) {
    const row = masterDataRow(md);
    if (row) b.masterData.push(row);
  }

  for (const e of events) {
    // An error declaration restates an erroneous event: it adds nothing, and withdraws what the
    // event put in the genealogy (decision 023).
    if (e.declaredError) {
      b.voided.push({
        eventId: e.eventId.replace(/#errorDeclaration$/, ''),
        op:
          e.type === 'TransformationEvent' && e.operationId
            ? e.operationId.replace(/#errorDeclaration$/, '')
            : null,
        keys: [...e.objects, ...e.children, ...e.inputs, ...e.outputs].map((r) => r.key),
      });
      continue;
    }
    for (const r of [...e.objects, ...e.children, ...e.inputs, ...e.outputs]) item(r);
    if (e.parent) item(e.parent);

    switch (e.type) {
      case 'ObjectEvent': {
        const creates = e.action === 'ADD';
        for (const r of e.objects)
          facts(r, e, {
            receivedQty: creates && r.kind === 'lot' ? opt(r.quantity) : null,
            receivedAt: creates ? e.eventTime : null,
            supplier: creates && e.bizStep === 'receiving' ? opt(e.sourceParty) : null,
          });
        if (e.inspection || e.bizStep === 'inspecting') {
          const i = e.inspection ?? { defects: [] };
          for (const r of e.objects)
            b.inspections.push({
              id: e.eventId,
              key: r.key,
              kind: opt(i.kind),
              result: opt(i.result),
              sampleSize: opt(i.sampleSize),
              defectiveQty: opt(i.defectiveQuantity),
              time: e.eventTime,
              step: opt(e.step),
              equipment: opt(e.equipment),
              defects: i.defects.map((d) => ({ code: d.code, qty: d.quantity, severity: opt(d.severity) })),
            });
        }
        if (e.bizStep === 'shipping') {
          b.shipments.push({
            id: e.shipment ?? e.eventId,
            time: e.eventTime,
            eventId: e.eventId,
            customer: opt(e.destinationParty),
            carries: e.objects.map((r) => ({ key: r.key, qty: opt(r.quantity), uom: opt(r.uom) })),
          });
        }
        const s = e.disposition ?? (e.action === 'DELETE' ? 'destroyed' : undefined);
        status(e.objects, s, e.eventTime);
        if (e.action !== 'DELETE') located(e.objects, e);
        // A hold is an overlay beside the disposition, never a disposition itself.
        if (e.hold)
          for (const r of e.objects)
            b.holds.push({
              key: r.key,
              held: e.hold.action === 'hold',
              time: e.eventTime,
              by: opt(e.hold.by),
              reason: opt(e.hold.reason),
              case: opt(e.hold.case),
              eventId: e.eventId,
            });
        // The latest verdict on an object: an explicit decision (lg:decision), or what an
        // inspection's disposition says (so a later plain pass ends an earlier deviation).
        const verdict =
          e.decision ??
          (e.bizStep === 'inspecting' && e.disposition === 'conformant'
            ? { action: 'release' as const }
            : e.bizStep === 'inspecting' && e.disposition === 'non_conformant'
              ? { action: 'reject' as const }
              : undefined);
        if (verdict)
          for (const r of e.objects)
            b.decisions.push({
              key: r.key,
              action: verdict.action,
              time: e.eventTime,
              by: opt(verdict.by),
              reason: opt(verdict.reason),
              until: opt(verdict.until),
              eventId: e.eventId,
            });
        break;
      }
      case 'AggregationEvent': {
        if (!e.parent) break;
        if (e.action === 'ADD')
          for (const c of e.children)
            b.packing.push({
              child: c.key,
              parent: e.parent.key,
              since: e.eventTime,
              qty: opt(c.quantity),
              uom: opt(c.uom),
              eventId: e.eventId,
            });
        else if (e.action === 'DELETE') {
          if (e.children.length === 0)
            b.unpacking.push({ child: null, parent: e.parent.key, until: e.eventTime });
          for (const c of e.children)
            b.unpacking.push({ child: c.key, parent: e.parent.key, until: e.eventTime });
        }
        status([e.parent], e.disposition, e.eventTime);
        if (e.action === 'ADD') located([e.parent, ...e.children], e);
        break;
      }
      case 'TransformationEvent': {
        const op = e.operationId ?? e.eventId;
        b.operations.push({
          id: op,
          eventId: e.eventId,
          step: opt(e.step),
          bizStep: opt(e.bizStep),
          time: e.eventTime,
          line: opt(e.readPoint ?? e.bizLocation),
          equipment: opt(e.equipment),
          operator: opt(e.operator),
          workOrder: opt(e.workOrder),
        });
        for (const r of e.inputs)
          b.consumed.push({ op, key: r.key, qty: opt(r.quantity), uom: opt(r.uom), eventId: e.eventId });
        for (const r of e.outputs) {
          b.produced.push({ op, key: r.key, qty: opt(r.quantity), uom: opt(r.uom), eventId: e.eventId });
          facts(r, e, { productionDate: opt(e.lot.productionDate ?? e.eventTime.slice(0, 10)) });
        }
        if (e.inputs.length && e.outputs.length) feedOps.add(op);
        status(e.outputs, e.disposition, e.eventTime);
        located(e.outputs, e);
        break;
      }
      case 'TransactionEvent':
        status(e.objects, e.disposition, e.eventTime);
        break;
      case 'AssociationEvent':
        // Associations (sensors, assets) are kept in the log and DuckDB; they are not genealogy.
        break;
    }
  }
  // One statement applies a batch's rows with their time check read up front, so within a batch
  // only each object's latest row may go in (ties: the later event in the batch).
  b.status = latestPerKey(b.status);
  b.locations = latestPerKey(b.locations);
  b.holds = latestPerKey(b.holds);
  b.decisions = latestPerKey(b.decisions);
  b.items = [...items.values()];
  b.feedOps = [...feedOps];
  return b;
}

/** Each key's row with the greatest `time`; of equal times, the last one. */
function latestPerKey(rows: Row[]): Row[] {
  const latest = new Map<unknown, Row>();
  for (const r of rows) {
    const seen = latest.get(r['key']);
    if (!seen || String(seen['time']) <= String(r['time'])) latest.set(r['key'], r);
  }
  return [...latest.values()];
}
