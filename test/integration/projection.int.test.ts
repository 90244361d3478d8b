// The projection's operation statements (decision 035): an operation created in a batch gets its
// CONSUMED, PRODUCED and FEEDS through CREATE, every other one through MERGE. Both must leave the
// graph exactly as MERGE alone did: a batch applied twice adds nothing, an operation completed by
// a later batch gets its FEEDS derived again, rows repeated within a batch make one relationship
// (the last row's quantity), and an object produced in two events of one operation gets one edge.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyGraphBatch, clearGraph, emptyGraphBatch, type GraphBatch } from '../../cypher/projection.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
beforeAll(async () => {
  t = await openTestStores();
});
afterAll(async () => t?.close());
beforeEach(async () => clearGraph(t.stores.graph));

const T = '2026-03-01T08:00:00.000Z';
const key = (n: string) => `urn:test:lot:${n}`;
const items = (...names: string[]) => names.map((n) => ({ key: key(n), id: key(n), code: n, kind: 'lot' }));
const op = (id: string, eventId: string) => ({ id, eventId, step: 'mixing', time: T });
const row = (o: string, n: string, qty: number | null, eventId: string, uom: string | null = 'KGM') => ({
  op: o,
  key: key(n),
  qty,
  uom,
  eventId,
});

let seq = 0;
const apply = (b: Partial<GraphBatch>) =>
  applyGraphBatch(t.stores.graph, { ...emptyGraphBatch(++seq), ...b });

/** Every relationship of the genealogy, as sorted text: type, ends, operation or event, quantity, unit. */
async function relationships(): Promise<string[]> {
  const r = await t.stores.graph.run(
    `MATCH (a)-[r:CONSUMED|PRODUCED|FEEDS]->(b)
     RETURN type(r) AS t, coalesce(a.code, a.id) AS a, b.code AS b, coalesce(r.operation, r.eventId) AS by,
            r.qty AS qty, r.uom AS uom`,
    {},
    'READ',
  );
  return r.records
    .map((x) => ['t', 'a', 'b', 'by', 'qty', 'uom'].map((k) => String(x.get(k))).join(' '))
    .sort();
}
const operationCount = async () =>
  Number(
    (await t.stores.graph.run('MATCH (o:Operation) RETURN count(o) AS c', {}, 'READ')).records[0]!.get('c'),
  );

describe('operation relationships', () => {
  it('a new operation: one relationship per object and event (the last row of repeats), FEEDS summed per input; applied twice, nothing added', async () => {
    const batch: Partial<GraphBatch> = {
      items: items('A', 'B', 'C', 'X'),
      operations: [op('urn:test:op:1', 'e1'), op('urn:test:op:1', 'e2')],
      consumed: [
        row('urn:test:op:1', 'A', 10, 'e1'),
        row('urn:test:op:1', 'A', 99, 'e1'), // the same input again in the same event: the last row wins
        row('urn:test:op:1', 'A', 5, 'e2'),
        row('urn:test:op:1', 'B', null, 'e1', null),
      ],
      produced: [
        row('urn:test:op:1', 'C', 100, 'e1'),
        row('urn:test:op:1', 'C', 50, 'e2'), // one output in two events: two PRODUCED, one FEEDS per input
        row('urn:test:op:1', 'X', 1, 'e2', 'EA'),
      ],
      feedOps: ['urn:test:op:1'],
    };
    const expected = [
      'CONSUMED urn:test:op:1 A e1 99 KGM',
      'CONSUMED urn:test:op:1 A e2 5 KGM',
      'CONSUMED urn:test:op:1 B e1 null null',
      'FEEDS A C urn:test:op:1 104 KGM',
      'FEEDS A X urn:test:op:1 104 KGM',
      'FEEDS B C urn:test:op:1 0 null',
      'FEEDS B X urn:test:op:1 0 null',
      'PRODUCED urn:test:op:1 C e1 100 KGM',
      'PRODUCED urn:test:op:1 C e2 50 KGM',
      'PRODUCED urn:test:op:1 X e2 1 EA',
    ];
    await apply(batch);
    expect(await relationships()).toEqual(expected);
    await apply(batch);
    expect(await relationships()).toEqual(expected);
    expect(await operationCount()).toBe(1);
  });

  it('an operation completed by a later batch: its new rows merged, its FEEDS derived again from all of them', async () => {
    await apply({
      items: items('A', 'B', 'C'),
      operations: [op('urn:test:op:2', 'e1')],
      consumed: [row('urn:test:op:2', 'A', 10, 'e1')],
      produced: [row('urn:test:op:2', 'C', 100, 'e1')],
      feedOps: ['urn:test:op:2'],
    });
    const later: Partial<GraphBatch> = {
      operations: [op('urn:test:op:2', 'e2')],
      consumed: [row('urn:test:op:2', 'A', 7, 'e2'), row('urn:test:op:2', 'B', 3, 'e2')],
      produced: [row('urn:test:op:2', 'C', 100, 'e1')], // repeated: changes nothing
      feedOps: ['urn:test:op:2'],
    };
    const expected = [
      'CONSUMED urn:test:op:2 A e1 10 KGM',
      'CONSUMED urn:test:op:2 A e2 7 KGM',
      'CONSUMED urn:test:op:2 B e2 3 KGM',
      'FEEDS A C urn:test:op:2 17 KGM',
      'FEEDS B C urn:test:op:2 3 KGM',
      'PRODUCED urn:test:op:2 C e1 100 KGM',
    ];
    await apply(later);
    expect(await relationships()).toEqual(expected);
    await apply(later);
    expect(await relationships()).toEqual(expected);
  });

  it('no FEEDS for an operation the batch does not list, none from an object to itself; rows naming no object write nothing', async () => {
    await apply({
      items: items('A', 'B'),
      operations: [op('urn:test:op:3', 'e1'), op('urn:test:op:4', 'e2')],
      consumed: [
        row('urn:test:op:3', 'A', 1, 'e1'),
        row('urn:test:op:4', 'A', 2, 'e2'),
        row('urn:test:op:4', 'B', 2, 'e2'),
        row('urn:test:op:4', 'NOWHERE', 2, 'e2'),
      ],
      produced: [row('urn:test:op:3', 'B', 1, 'e1'), row('urn:test:op:4', 'A', 4, 'e2')],
      feedOps: ['urn:test:op:4'],
    });
    expect(await relationships()).toEqual([
      'CONSUMED urn:test:op:3 A e1 1 KGM',
      'CONSUMED urn:test:op:4 A e2 2 KGM',
      'CONSUMED urn:test:op:4 B e2 2 KGM',
      'FEEDS B A urn:test:op:4 2 KGM',
      'PRODUCED urn:test:op:3 B e1 1 KGM',
      'PRODUCED urn:test:op:4 A e2 4 KGM',
    ]);
  });

  it('an operation row without its event: a clear error, nothing written', async () => {
    await expect(
      apply({ items: items('A'), operations: [{ id: 'urn:test:op:5', step: 'mixing', time: T }] }),
    ).rejects.toThrow(/operation rows without id or eventId/);
    expect(await operationCount()).toBe(0);
    expect(
      Number(
        (await t.stores.graph.run('MATCH (i:Item) RETURN count(i) AS c', {}, 'READ')).records[0]!.get('c'),
      ),
    ).toBe(0);
  });
});
