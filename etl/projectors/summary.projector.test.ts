import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ItemKind, ObjectRef, TraceEvent } from '../../domain/trace-event.ts';
import { compareIds, setHash } from '../check.ts';
import { DuckSummary, GraphSummary } from './summary.projector.ts';

const ref = (key: string, kind: ItemKind = 'lot'): ObjectRef => ({ id: key, key, kind, code: key });
let seq = 0;
const ev = (e: Partial<TraceEvent> & Pick<TraceEvent, 'eventId' | 'type'>): TraceEvent => ({
  seq: ++seq,
  eventTime: '2025-03-01T00:00:00.000Z',
  objects: [],
  children: [],
  inputs: [],
  outputs: [],
  parameters: [],
  lot: {},
  declaredError: false,
  ...e,
});
const j = (...parts: string[]) => JSON.stringify(parts);

const mix = ev({
  eventId: 'e-mix',
  type: 'TransformationEvent',
  operationId: 'op-1',
  inputs: [ref('flour'), ref('salt')],
  outputs: [ref('dough')],
});
const packed = ev({
  eventId: 'e-pack',
  type: 'AggregationEvent',
  action: 'ADD',
  parent: ref('case', 'container'),
  children: [ref('dough')],
});
const shipped = ev({
  eventId: 'e-ship',
  type: 'ObjectEvent',
  action: 'OBSERVE',
  bizStep: 'shipping',
  shipment: 'sh-1',
  objects: [ref('case', 'container'), ref('dough')],
});
const inspected = ev({
  eventId: 'e-insp',
  type: 'ObjectEvent',
  action: 'OBSERVE',
  bizStep: 'inspecting',
  objects: [ref('flour')],
  inspection: { defects: [] },
});
const declared = (e: TraceEvent): TraceEvent => ({
  ...e,
  seq: ++seq,
  eventId: `${e.eventId}#errorDeclaration`,
  ...(e.operationId ? { operationId: e.operationId } : {}),
  declaredError: true,
});

describe('GraphSummary', () => {
  it('names every object (kind of first sight), operation, inspection, shipment and link', () => {
    const g = new GraphSummary();
    for (const e of [mix, packed, shipped, inspected]) g.addEvent(e);
    const r = g.result();
    expect(r.objects.sort()).toEqual(
      [j('lot', 'flour'), j('lot', 'salt'), j('lot', 'dough'), j('container', 'case')].sort(),
    );
    expect(r.operations).toEqual(['op-1']);
    expect(r.inspections).toEqual(['e-insp|flour']);
    expect(r.shipments).toEqual(['sh-1']);
    expect(r.links.sort()).toEqual(
      [
        j('CONSUMED', 'op-1', 'flour', 'e-mix'),
        j('CONSUMED', 'op-1', 'salt', 'e-mix'),
        j('PRODUCED', 'op-1', 'dough', 'e-mix'),
        j('PACKED_IN', 'dough', 'case', 'e-pack'),
      ].sort(),
    );
  });

  it('withdraws what an error declaration declares: links, the operation left bare, inspections, a shipment left empty', () => {
    const g = new GraphSummary();
    for (const e of [mix, packed, shipped, inspected]) g.addEvent(e);
    for (const e of [mix, shipped, inspected]) g.addEvent(declared(e));
    const r = g.result();
    expect(r.operations).toEqual([]);
    expect(r.inspections).toEqual([]);
    expect(r.shipments).toEqual([]);
    expect(r.links).toEqual([j('PACKED_IN', 'dough', 'case', 'e-pack')]);
    // objects stay: the graph keeps what it has seen
    expect(r.objects).toHaveLength(4);
  });

  it('keeps an operation another event still links', () => {
    const g = new GraphSummary();
    const more = ev({ ...mix, seq: ++seq, eventId: 'e-mix-2', inputs: [ref('water')], outputs: [] });
    for (const e of [mix, more, declared(mix)]) g.addEvent(e);
    expect(g.result().operations).toEqual(['op-1']);
    expect(g.result().links).toEqual([j('CONSUMED', 'op-1', 'water', 'e-mix-2')]);
  });
});

describe('DuckSummary', () => {
  it('counts every event and reference, declared errors included', () => {
    const d = new DuckSummary();
    d.addMasterData(1);
    for (const e of [mix, packed, shipped, inspected, declared(shipped)]) d.addEvent(e);
    const r = d.result();
    expect(r.events).toEqual(['e-mix', 'e-pack', 'e-ship', 'e-insp', 'e-ship#errorDeclaration']);
    expect(r.masterData).toEqual(['1']);
    expect(r.eventObjects).toBe(3 + 2 + 2 + 1 + 2);
    expect(r.operations).toEqual(['op-1']);
    expect(r.inspections).toEqual([j('e-insp', 'flour')]);
    expect(r.shipments).toEqual(['sh-1']);
  });
});

describe('compareIds', () => {
  it('hashes the sorted ids, one per line', () => {
    const want = createHash('sha256').update('a\nb\n').digest('hex');
    expect(setHash(['a', 'b'])).toBe(want);
    expect(compareIds('events', 'duckdb', ['b', 'a'], ['a', 'b'])).toMatchObject({
      ok: true,
      expected: { count: 2, sha256: want },
      actual: { count: 2, sha256: want },
      missing: [],
      unexpected: [],
    });
  });

  it('names what is missing and what is doubled or foreign', () => {
    expect(compareIds('events', 'duckdb', ['a', 'b', 'c'], ['a', 'a', 'c', 'd'])).toMatchObject({
      ok: false,
      missing: ['b'],
      unexpected: ['a', 'd'],
    });
  });
});
