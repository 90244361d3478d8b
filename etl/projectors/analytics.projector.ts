// Turns normalised events into rows of the analytic tables (analytics/schema), in column order.
// Every row of an event ends with the event's position in the log (schema 0016, decision 048).
import type { TraceEvent } from '../../domain/trace-event.ts';

type Cell = string | number | null;

export interface AnalyticRows {
  events: Cell[][];
  event_objects: Cell[][];
  sensor_readings: Cell[][];
  inspections: Cell[][];
  defects: Cell[][];
}

const n = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

export function buildAnalyticRows(events: TraceEvent[]): AnalyticRows {
  const out: AnalyticRows = {
    events: [],
    event_objects: [],
    sensor_readings: [],
    inspections: [],
    defects: [],
  };
  for (const e of events) {
    out.events.push([
      e.seq,
      e.eventId,
      e.type,
      n(e.action),
      n(e.bizStep),
      n(e.disposition),
      e.eventTime,
      n(e.readPoint),
      n(e.bizLocation),
      n(e.step),
      n(e.equipment),
      n(e.operator),
      n(e.workOrder),
      n(e.operationId),
      n(e.shipment),
      n(e.sourceParty),
      n(e.destinationParty),
    ]);
    const roles: [string, typeof e.objects][] = [
      ['object', e.objects],
      ['parent', e.parent ? [e.parent] : []],
      ['child', e.children],
      ['input', e.inputs],
      ['output', e.outputs],
    ];
    for (const [role, refs] of roles)
      for (const r of refs)
        out.event_objects.push([e.eventId, role, r.id, r.key, r.kind, n(r.quantity), n(r.uom), e.seq]);
    for (const p of e.parameters)
      out.sensor_readings.push([
        e.eventId,
        n(e.operationId),
        p.name,
        n(p.measurementType),
        n(p.value),
        n(p.stringValue),
        n(p.uom),
        p.time ?? e.eventTime,
        e.seq,
      ]);
    if (e.inspection) {
      const i = e.inspection;
      for (const r of e.objects) {
        out.inspections.push([
          e.eventId,
          r.key,
          r.id,
          n(i.kind),
          n(i.result),
          n(i.sampleSize),
          n(i.defectiveQuantity),
          e.eventTime,
          n(e.step),
          n(e.equipment),
          e.seq,
        ]);
        for (const d of i.defects)
          out.defects.push([e.eventId, r.key, d.code, d.quantity, n(d.severity), e.seq]);
      }
    }
  }
  return out;
}
