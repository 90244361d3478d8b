// Which projection batches may be written at once (decision 047): only those whose commits, in
// either order, leave the graph as the log order would.
import { describe, expect, it } from 'vitest';
import { emptyGraphBatch, type GraphBatch } from './projection.ts';
import { footprintOf, mayOverlap } from './projection-writer.ts';

const batch = (b: Partial<GraphBatch>): GraphBatch => ({ ...emptyGraphBatch(1), ...b });
const item = (key: string, id = key) => ({ key, id, code: key.slice(-2), kind: 'lot' });
const overlap = (a: Partial<GraphBatch>, b: Partial<GraphBatch>) =>
  mayOverlap(footprintOf(batch(a)), footprintOf(batch(b)));

describe('mayOverlap', () => {
  it('batches naming disjoint objects may overlap', () => {
    expect(overlap({ items: [item('k:A')] }, { items: [item('k:B')] })).toBe(true);
  });

  it('two operations consuming the same lot may overlap (both only link to it)', () => {
    const ops = (op: string, out: string) => ({
      items: [item('k:L'), item(out)],
      operations: [{ id: op, eventId: op, time: 't' }],
      consumed: [{ op, key: 'k:L', qty: 1, eventId: op }],
      produced: [{ op, key: out, qty: 1, eventId: op }],
      feedOps: [op],
    });
    expect(overlap(ops('op:1', 'k:X'), ops('op:2', 'k:Y'))).toBe(true);
  });

  it('the same operation in both does not (its times and FEEDS are read and written)', () => {
    const op = { id: 'op:1', eventId: 'e', time: 't' };
    expect(overlap({ operations: [op] }, { operations: [{ ...op, eventId: 'f' }] })).toBe(false);
  });

  it('facts, status, holds, decisions or a location of an object the other names do not', () => {
    const status = { key: 'k:A', status: 'active', time: 't' };
    expect(overlap({ items: [item('k:A')] }, { status: [status] })).toBe(false);
    expect(overlap({ status: [status] }, { items: [item('k:A')] })).toBe(false);
    expect(overlap({ facts: [{ key: 'k:A' }] }, { consumed: [{ op: 'o', key: 'k:A', eventId: 'e' }] })).toBe(
      false,
    );
    expect(overlap({ holds: [{ key: 'k:A' }] }, { decisions: [{ key: 'k:A' }] })).toBe(false);
    expect(overlap({ locations: [{ key: 'k:A' }] }, { locations: [{ key: 'k:B' }] })).toBe(true);
  });

  it('packing into the same container does not', () => {
    const pack = (child: string) => ({ child, parent: 'k:C', since: 't', eventId: child });
    expect(overlap({ packing: [pack('k:A')] }, { packing: [pack('k:B')] })).toBe(false);
    expect(overlap({ packing: [pack('k:A')] }, { unpacking: [{ child: null, parent: 'k:C' }] })).toBe(false);
  });

  it('the same shipment or inspection, or the same master data, does not', () => {
    const ship = (key: string) => ({ id: 's:1', time: 't', eventId: 'e', carries: [{ key }] });
    expect(overlap({ shipments: [ship('k:A')] }, { shipments: [ship('k:B')] })).toBe(false);
    expect(overlap({ shipments: [ship('k:A')] }, { items: [item('k:A')] })).toBe(false);
    const ins = (key: string) => ({ id: 'e:1', key });
    expect(overlap({ inspections: [ins('k:A')] }, { inspections: [ins('k:B')] })).toBe(false);
    const md = { label: 'Supplier', id: 'sup:1', props: {} };
    expect(overlap({ masterData: [md] }, { masterData: [md] })).toBe(false);
  });

  it('a batch that MATCHes what the one before may create, without MERGEing it, does not', () => {
    // It would not see the object before the other commits, and would lose the relationship.
    const consumes = { consumed: [{ op: 'op:2', key: 'k:A', eventId: 'e' }], operations: [{ id: 'op:2' }] };
    expect(overlap({ items: [item('k:A')] }, consumes)).toBe(false);
    expect(overlap({ items: [item('k:A')] }, { ...consumes, items: [item('k:A')] })).toBe(true);
  });

  it('an object both may create, but differently (another form of its identifier), does not', () => {
    expect(overlap({ items: [item('k:A', 'urn:a')] }, { items: [item('k:A', 'https://id/a')] })).toBe(false);
  });

  it('a batch that withdraws events is written alone', () => {
    const voided = [{ eventId: 'e', op: null, keys: [] }];
    expect(overlap({ voided }, { items: [item('k:B')] })).toBe(false);
    expect(overlap({ items: [item('k:B')] }, { voided })).toBe(false);
  });
});
