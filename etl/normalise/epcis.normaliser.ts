// Reads one validated EPCIS 2.0 event into a TraceEvent. Pure: the same event always gives
// the same TraceEvent, so `rebuild` replays the log into the same projections.
import { cbvShortName } from '../../domain/cbv.ts';
import type { EpcisEvent, QuantityElement, SensorReport } from '../../domain/epcis.ts';
import { toCanonicalKey } from '../../domain/gs1-ids.ts';
import {
  DECISION_ACTIONS,
  LG_NAMESPACE,
  type DecisionAction,
  type DecisionFacts,
  type HoldFacts,
  type InspectionFacts,
  type ItemKind,
  type ObjectRef,
  type ProcessParameter,
  type TraceEvent,
} from '../../domain/trace-event.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Prefixes that a JSON-LD @context binds to Lotgraph's namespace (`lg` when none is bound). */
function lotgraphPrefixes(context: unknown): string[] {
  const found = new Set<string>();
  const visit = (c: unknown) => {
    if (Array.isArray(c)) c.forEach(visit);
    else if (isObject(c))
      for (const [k, v] of Object.entries(c)) {
        const iri = typeof v === 'string' ? v : isObject(v) ? v['@id'] : undefined;
        if (iri === LG_NAMESPACE) found.add(k);
      }
  };
  visit(context);
  if (found.size === 0) found.add('lg');
  return [...found];
}

/** Reads Lotgraph extension fields from an object whatever prefix the document bound. */
class Ext {
  constructor(private readonly prefixes: string[]) {}
  get(obj: unknown, field: string): unknown {
    if (!isObject(obj)) return undefined;
    for (const p of this.prefixes) if (obj[`${p}:${field}`] !== undefined) return obj[`${p}:${field}`];
    return obj[LG_NAMESPACE + field];
  }
  str(obj: unknown, field: string): string | undefined {
    const v = this.get(obj, field);
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
  }
  num(obj: unknown, field: string): number | undefined {
    const v = this.get(obj, field);
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    return Number.isFinite(n) ? n : undefined;
  }
}

const utc = (t: string) => new Date(t).toISOString();

/** The kind an identifier names, from its scheme where it says, else from where it appears. */
export function kindOf(id: string, fallback: ItemKind): ItemKind {
  const own = /^urn:lotgraph:(lot|unit|container):/.exec(id);
  if (own) return own[1] as ItemKind;
  if (/^urn:epc:(class:lgtin|idpat):/.test(id)) return 'lot';
  if (/^urn:epc:id:(sgtin|sgtin-\d+):/.test(id)) return 'unit';
  if (/^urn:epc:id:(sscc|grai|giai):/.test(id)) return 'container';
  if (/^https?:\/\//.test(id)) {
    if (/\/00\/\d{18}/.test(id)) return 'container';
    if (/\/01\/\d{8,14}\/21\//.test(id)) return 'unit';
    if (/\/01\/\d{8,14}\/10\//.test(id)) return 'lot';
  }
  return fallback;
}

/** The code people say: a lot number, a serial, an SSCC, the last segment of an internal id. */
export function codeOf(id: string): string {
  const own = /^urn:lotgraph:[a-z]+:(.+)$/.exec(id);
  if (own) return own[1]!;
  const dl = /\/(?:10|21|00|8003|8004)\/([^/?#]+)/.exec(id);
  if (dl) return decodeURIComponent(dl[1]!);
  const epc = /^urn:epc:(?:id|class):[a-z0-9-]+:(.+)$/.exec(id);
  if (epc) {
    const parts = epc[1]!.split('.');
    return parts[parts.length - 1]!;
  }
  return id;
}

function ref(id: string, fallback: ItemKind, q?: QuantityElement): ObjectRef {
  const r: ObjectRef = { id, key: toCanonicalKey(id), kind: kindOf(id, fallback), code: codeOf(id) };
  if (q?.quantity !== undefined) r.quantity = q.quantity;
  if (q?.uom !== undefined) r.uom = q.uom;
  return r;
}
const epcs = (list: string[] | undefined, fallback: ItemKind) => (list ?? []).map((id) => ref(id, fallback));
const classes = (list: QuantityElement[] | undefined) => (list ?? []).map((q) => ref(q.epcClass, 'lot', q));

function parameter(report: SensorReport, ext: Ext, sensorTime: string | undefined): ProcessParameter | null {
  const name =
    ext.str(report, 'parameter') ?? (report.type ? report.type.replace(/^.*[:/#-]/, '') : undefined);
  if (!name) return null;
  const p: ProcessParameter = { name };
  if (report.type) p.measurementType = report.type;
  const value = report.value ?? report.meanValue;
  if (value !== undefined) p.value = value;
  if (report.stringValue !== undefined) p.stringValue = report.stringValue;
  if (report.booleanValue !== undefined) p.stringValue = String(report.booleanValue);
  if (report.uom) p.uom = report.uom;
  const time = report.time ?? sensorTime;
  if (time) p.time = utc(time);
  return p;
}

function inspection(raw: unknown, ext: Ext): InspectionFacts | undefined {
  if (!isObject(raw)) return undefined;
  const defectsRaw = ext.get(raw, 'defects');
  const defects = (Array.isArray(defectsRaw) ? defectsRaw : [])
    .map((d) => ({
      code: ext.str(d, 'code'),
      quantity: ext.num(d, 'quantity') ?? 1,
      severity: ext.str(d, 'severity'),
    }))
    .filter(
      (d): d is { code: string; quantity: number; severity: string | undefined } => d.code !== undefined,
    )
    .map((d) => (d.severity ? d : { code: d.code, quantity: d.quantity }));
  const facts: InspectionFacts = { defects };
  const kind = ext.str(raw, 'kind');
  const result = ext.str(raw, 'result');
  const sampleSize = ext.num(raw, 'sampleSize');
  const defective = ext.num(raw, 'defectiveQuantity');
  if (kind) facts.kind = kind;
  if (result) facts.result = result;
  if (sampleSize !== undefined) facts.sampleSize = sampleSize;
  if (defective !== undefined) facts.defectiveQuantity = defective;
  return facts;
}

function hold(raw: unknown, ext: Ext): HoldFacts | undefined {
  const action = ext.str(raw, 'action');
  if (action !== 'hold' && action !== 'release') return undefined;
  const facts: HoldFacts = { action };
  const reason = ext.str(raw, 'reason');
  const holdCase = ext.str(raw, 'case');
  const by = ext.str(raw, 'by');
  if (reason) facts.reason = reason;
  if (holdCase) facts.case = holdCase;
  if (by) facts.by = by;
  return facts;
}

function decision(raw: unknown, ext: Ext): DecisionFacts | undefined {
  const action = ext.str(raw, 'action');
  if (!DECISION_ACTIONS.includes(action as DecisionAction)) return undefined;
  const facts: DecisionFacts = { action: action as DecisionAction };
  const reason = ext.str(raw, 'reason');
  const until = ext.str(raw, 'until');
  const by = ext.str(raw, 'by');
  if (reason) facts.reason = reason;
  if (until && /^\d{4}-\d{2}-\d{2}/.test(until)) facts.until = until.slice(0, 10);
  if (by) facts.by = by;
  return facts;
}

/** Normalises one validated EPCIS event (with its document's @context). */
export function normaliseEvent(
  event: EpcisEvent,
  eventId: string,
  seq: number,
  context: unknown,
): TraceEvent {
  const ext = new Ext(lotgraphPrefixes([context, (event as Json)['@context']]));
  const e = event as EpcisEvent & Json;
  const t: TraceEvent = {
    seq,
    eventId,
    type: event.type,
    eventTime: utc(event.eventTime),
    objects: [],
    children: [],
    inputs: [],
    outputs: [],
    parameters: [],
    lot: {},
    declaredError: event.errorDeclaration !== undefined,
  };
  if ('action' in event && event.action) t.action = event.action as TraceEvent['action'];
  if (event.bizStep) t.bizStep = cbvShortName('BizStep', event.bizStep) ?? event.bizStep;
  if (event.disposition) t.disposition = cbvShortName('Disp', event.disposition) ?? event.disposition;
  if (event.readPoint) t.readPoint = event.readPoint.id;
  if (event.bizLocation) t.bizLocation = event.bizLocation.id;

  switch (event.type) {
    case 'ObjectEvent':
      t.objects = [...epcs(event.epcList, 'unit'), ...classes(event.quantityList)];
      break;
    case 'TransactionEvent':
      t.objects = [...epcs(event.epcList, 'unit'), ...classes(event.quantityList)];
      if (event.parentID) t.parent = ref(event.parentID, 'container');
      break;
    case 'AggregationEvent':
    case 'AssociationEvent':
      if (event.parentID) t.parent = ref(event.parentID, 'container');
      t.children = [...epcs(event.childEPCs, 'unit'), ...classes(event.childQuantityList)];
      break;
    case 'TransformationEvent':
      t.inputs = [...epcs(event.inputEPCList, 'unit'), ...classes(event.inputQuantityList)];
      t.outputs = [...epcs(event.outputEPCList, 'unit'), ...classes(event.outputQuantityList)];
      t.operationId = event.transformationID ?? eventId;
      break;
  }

  for (const b of event.bizTransactionList ?? []) {
    const type = b.type ? cbvShortName('BTT', b.type) : undefined;
    if (type === 'prodorder') t.workOrder = b.bizTransaction;
    else if (type === 'desadv' || (type === 'bol' && !t.shipment)) t.shipment = b.bizTransaction;
    else if (type === 'po') t.purchaseOrder = b.bizTransaction;
  }
  const party = (list: { type: string; source?: string; destination?: string }[] | undefined) =>
    list?.find((s) => cbvShortName('SDT', s.type) === 'owning_party') ??
    list?.find((s) => cbvShortName('SDT', s.type) === 'possessing_party');
  const src = party(event.sourceList);
  const dst = party(event.destinationList);
  if (src?.source) t.sourceParty = src.source;
  if (dst?.destination) t.destinationParty = dst.destination;

  const step = ext.str(e, 'step');
  const equipment = ext.str(e, 'equipment');
  const operator = ext.str(e, 'operator');
  if (step) t.step = step;
  if (equipment) t.equipment = equipment;
  if (operator) t.operator = operator;

  for (const el of event.sensorElementList ?? []) {
    const sensorTime = el.sensorMetadata?.time;
    for (const r of el.sensorReport) {
      const p = parameter(r, ext, sensorTime);
      if (p) t.parameters.push(p);
    }
  }

  const ilmd = 'ilmd' in event && isObject(event.ilmd) ? event.ilmd : undefined;
  if (ilmd) {
    const material = ext.str(ilmd, 'material');
    const supplierLot = ext.str(ilmd, 'supplierLot');
    const tlcSource = ext.str(ilmd, 'tlcSource');
    const tlcSourceReference = ext.str(ilmd, 'tlcSourceReference');
    const lotNumber = typeof ilmd['cbvmda:lotNumber'] === 'string' ? ilmd['cbvmda:lotNumber'] : undefined;
    const expiry = ilmd['cbvmda:itemExpirationDate'] ?? ilmd['cbvmda:bestBeforeDate'];
    const produced = ilmd['cbvmda:productionDate'];
    if (material) t.lot.material = material;
    if (supplierLot) t.lot.supplierLot = supplierLot;
    if (tlcSource) t.lot.tlcSource = tlcSource;
    if (tlcSourceReference) t.lot.tlcSourceReference = tlcSourceReference;
    if (lotNumber) t.lot.lotNumber = lotNumber;
    if (typeof expiry === 'string') t.lot.expiry = expiry;
    if (typeof produced === 'string') t.lot.productionDate = produced;
  }
  const insp = inspection(ext.get(e, 'inspection'), ext);
  if (insp) t.inspection = insp;
  // A hold is read only where EPCIS lets it mean one: an ObjectEvent observing the objects.
  const h = event.type === 'ObjectEvent' ? hold(ext.get(e, 'hold'), ext) : undefined;
  if (h) t.hold = h;
  // Likewise a decision (release, reject, conditional release) on the objects an ObjectEvent names.
  const d = event.type === 'ObjectEvent' ? decision(ext.get(e, 'decision'), ext) : undefined;
  if (d) t.decision = d;
  return t;
}
