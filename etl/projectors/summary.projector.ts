// What each projection should hold, worked out from the event log alone: the ids the consistency
// check (etl/check.ts) compares with what DuckDB's analytic tables and the Neo4j graph hold.
// It restates the projectors' rules in the plainest form, entry by entry in log order, so that
// a store that lost, doubled or half-applied anything shows up as a difference.
import type { ObjectRef, TraceEvent } from '../../domain/trace-event.ts';

/** Ids of tuples are JSON arrays, so no separator can be confused with part of an id. */
const tuple = (...parts: (string | null)[]) => JSON.stringify(parts);

/** What the analytic tables should hold (written in the log's own transaction: every entry). */
export interface ExpectedDuck {
  events: string[];
  masterData: string[];
  objects: string[];
  eventObjects: number;
  operations: string[];
  inspections: string[];
  shipments: string[];
}

/** What the graph should hold after applying the log up to its checkpoint. */
export interface ExpectedGraph {
  objects: string[];
  operations: string[];
  inspections: string[];
  shipments: string[];
  links: string[];
}

const refsOf = (e: TraceEvent): ObjectRef[] => [
  ...e.objects,
  ...(e.parent ? [e.parent] : []),
  ...e.children,
  ...e.inputs,
  ...e.outputs,
];

/** The analytic projection of log entries: one row per event and per object reference. */
export class DuckSummary {
  private readonly events: string[] = [];
  private readonly masterData: string[] = [];
  private readonly objects = new Set<string>();
  private eventObjects = 0;
  private readonly operations = new Set<string>();
  private readonly inspections: string[] = [];
  private readonly shipments = new Set<string>();

  addMasterData(seq: number): void {
    this.masterData.push(String(seq));
  }

  addEvent(e: TraceEvent): void {
    this.events.push(e.eventId);
    const refs = refsOf(e);
    this.eventObjects += refs.length;
    for (const r of refs) this.objects.add(tuple(r.kind, r.key));
    if (e.operationId !== undefined) this.operations.add(e.operationId);
    if (e.inspection) for (const r of e.objects) this.inspections.push(tuple(e.eventId, r.key));
    if (e.type === 'ObjectEvent' && e.bizStep === 'shipping') this.shipments.add(e.shipment ?? e.eventId);
  }

  result(): ExpectedDuck {
    return {
      events: [...this.events],
      masterData: [...this.masterData],
      objects: [...this.objects],
      eventObjects: this.eventObjects,
      operations: [...this.operations],
      inspections: [...this.inspections],
      shipments: [...this.shipments],
    };
  }
}

/**
 * The graph projection of log entries (etl/projectors/graph.projector.ts and the statements in
 * cypher/queries/projection): objects keep the kind they were first seen as; an error
 * declaration withdraws its event's links, inspections and shipped objects, and an operation
 * left with no link goes. Entries are taken in log order; the projector applies a batch's error
 * declarations after its other events, which differs only when a declaration is logged before
 * the event it declares erroneous.
 */
export class GraphSummary {
  private readonly objects = new Map<string, string>();
  private readonly operations = new Set<string>();
  private readonly inspections = new Set<string>();
  private readonly shipments = new Map<string, { eventId: string; carries: Set<string> }>();
  /** link id -> its operation (null for packing) */
  private readonly links = new Map<string, string | null>();
  /** what each event added, so that its error declaration can withdraw it */
  private readonly byEvent = new Map<string, { links: string[]; inspections: string[] }>();
  /** how many links each operation has */
  private readonly opLinks = new Map<string, number>();

  private made(eventId: string) {
    let m = this.byEvent.get(eventId);
    if (!m) this.byEvent.set(eventId, (m = { links: [], inspections: [] }));
    return m;
  }

  private link(eventId: string, op: string | null, ...parts: string[]): void {
    const id = tuple(...parts, eventId);
    if (this.links.has(id)) return;
    this.links.set(id, op);
    this.made(eventId).links.push(id);
    if (op !== null) this.opLinks.set(op, (this.opLinks.get(op) ?? 0) + 1);
  }

  addEvent(e: TraceEvent): void {
    if (e.declaredError) return this.void(e);
    for (const r of refsOf(e)) if (!this.objects.has(r.key)) this.objects.set(r.key, r.kind);
    switch (e.type) {
      case 'ObjectEvent':
        if (e.inspection || e.bizStep === 'inspecting')
          for (const r of e.objects) {
            const id = `${e.eventId}|${r.key}`;
            if (!this.inspections.has(id)) this.made(e.eventId).inspections.push(id);
            this.inspections.add(id);
          }
        if (e.bizStep === 'shipping') {
          const id = e.shipment ?? e.eventId;
          const s = this.shipments.get(id) ?? { eventId: e.eventId, carries: new Set<string>() };
          for (const r of e.objects) s.carries.add(r.key);
          this.shipments.set(id, s);
        }
        break;
      case 'AggregationEvent':
        if (e.parent && e.action === 'ADD')
          for (const c of e.children) this.link(e.eventId, null, 'PACKED_IN', c.key, e.parent.key);
        break;
      case 'TransformationEvent': {
        const op = e.operationId ?? e.eventId;
        this.operations.add(op);
        for (const r of e.inputs) this.link(e.eventId, op, 'CONSUMED', op, r.key);
        for (const r of e.outputs) this.link(e.eventId, op, 'PRODUCED', op, r.key);
        break;
      }
      default:
        break;
    }
  }

  private void(e: TraceEvent): void {
    const eventId = e.eventId.replace(/#errorDeclaration$/, '');
    const op =
      e.type === 'TransformationEvent' && e.operationId
        ? e.operationId.replace(/#errorDeclaration$/, '')
        : null;
    const keys = new Set([...e.objects, ...e.children, ...e.inputs, ...e.outputs].map((r) => r.key));
    const made = this.byEvent.get(eventId);
    this.byEvent.delete(eventId);
    for (const id of made?.links ?? []) {
      const linkOp = this.links.get(id);
      this.links.delete(id);
      if (linkOp != null) this.opLinks.set(linkOp, (this.opLinks.get(linkOp) ?? 1) - 1);
    }
    for (const id of made?.inspections ?? []) this.inspections.delete(id);
    for (const [id, s] of this.shipments) {
      if (s.eventId !== eventId) continue;
      const before = s.carries.size;
      for (const k of keys) s.carries.delete(k);
      if (s.carries.size < before && s.carries.size === 0) this.shipments.delete(id);
    }
    if (op !== null && !this.opLinks.get(op)) this.operations.delete(op);
  }

  result(): ExpectedGraph {
    return {
      objects: [...this.objects].map(([key, kind]) => tuple(kind, key)),
      operations: [...this.operations],
      inspections: [...this.inspections],
      shipments: [...this.shipments.keys()],
      links: [...this.links.keys()],
    };
  }
}
