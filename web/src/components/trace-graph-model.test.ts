// The explorer's graph model without a browser: merging, grouping of large scopes, paths, and
// the quick layered layout on a scope the size of a hub recall.
import { describe, expect, it } from 'vitest';
import type { TraceAnswer } from '../api/types.ts';
import {
  buildModel,
  CLASS_THRESHOLD,
  depthsOf,
  GROUP_THRESHOLD,
  mergeAnswers,
  quickLayers,
  shortestPath,
} from './trace-graph-model.ts';

/** A reel lot made into `boards` boards, each packed into one of `trays` trays, all shipped to one customer. */
function reel(boards: number, trays: number): TraceAnswer {
  const nodes: TraceAnswer['nodes'] = [
    { id: 'lot:R', kind: 'lot', label: 'R', material: 'CAP', materialName: 'Capacitor', state: 'on_hold' },
    { id: 'ship:S', kind: 'shipment', label: 'S' },
    { id: 'cust:C', kind: 'customer', label: 'C' },
  ];
  const edges: TraceAnswer['edges'] = [{ from: 'ship:S', to: 'cust:C', type: 'TO' }];
  for (let t = 0; t < trays; t++) {
    nodes.push({ id: `tray:${t}`, kind: 'container', label: `T${t}` });
    edges.push({ from: 'ship:S', to: `tray:${t}`, type: 'CARRIES' });
  }
  for (let b = 0; b < boards; b++) {
    nodes.push({ id: `unit:${b}`, kind: 'unit', label: `B${b}`, material: 'BOARD' });
    edges.push({ from: 'lot:R', to: `unit:${b}`, type: 'FEEDS' });
    edges.push({ from: `unit:${b}`, to: `tray:${b % trays}`, type: 'PACKED_IN' });
  }
  return { root: nodes[0]!, direction: 'forward', nodes, edges };
}

describe('buildModel', () => {
  it('draws a small scope node for node, with edges running downstream and states kept', () => {
    const m = buildModel(mergeAnswers([reel(3, 1)]), 'lot:R', new Set());
    expect(m.grouped).toBe(false);
    expect(m.nodes.map((n) => n.id).sort()).toEqual(
      ['lot:R', 'ship:S', 'cust:C', 'tray:0', 'unit:0', 'unit:1', 'unit:2'].sort(),
    );
    expect(m.nodes.find((n) => n.id === 'lot:R')).toMatchObject({ root: true, state: 'on_hold' });
    // CARRIES runs shipment -> tray in the API; drawn tray -> shipment (downstream right).
    expect(m.edges.find((e) => e.type === 'CARRIES')).toMatchObject({ source: 'tray:0', target: 'ship:S' });
  });

  it('folds one kind and material with many objects even in a smaller scope, and nothing else', () => {
    const boards = CLASS_THRESHOLD + 1;
    const m = buildModel(mergeAnswers([reel(boards, 3)]), 'lot:R', new Set());
    expect(m.total).toBeLessThan(GROUP_THRESHOLD);
    expect(m.grouped).toBe(true);
    expect(m.nodes.map((n) => `${n.id} ${n.label}`).sort()).toEqual(
      [
        'lot:R R',
        'ship:S S',
        'cust:C C',
        'tray:0 T0',
        'tray:1 T1',
        'tray:2 T2',
        `group:unit|BOARD Units: BOARD (${boards})`,
      ].sort(),
    );
    // One fewer board and nothing folds.
    expect(buildModel(mergeAnswers([reel(boards - 1, 3)]), 'lot:R', new Set()).grouped).toBe(false);
  });

  it('folds a large scope into groups with counts, keeps the root and chosen nodes, opens a group on demand', () => {
    const boards = GROUP_THRESHOLD + 100;
    const merged = mergeAnswers([reel(boards, 50)]);
    const m = buildModel(merged, 'lot:R', new Set(), new Set(['unit:7']));
    expect(m.total).toBe(boards + 50 + 3);
    expect(m.grouped).toBe(true);
    expect(m.nodes.map((n) => `${n.id} ${n.label}`).sort()).toEqual(
      [
        'lot:R R',
        'ship:S S',
        'cust:C C',
        'unit:7 B7',
        `group:unit|BOARD Units: BOARD (${boards - 1})`,
        'group:container Containers (50)',
      ].sort(),
    );
    // One edge per pair of groups, counting the links it stands for.
    const packed = m.edges.find((e) => e.type === 'PACKED_IN' && e.source === 'group:unit|BOARD');
    expect(packed).toMatchObject({ target: 'group:container', count: boards - 1 });
    const opened = buildModel(merged, 'lot:R', new Set(['unit|BOARD']));
    expect(opened.nodes.filter((n) => n.kind === 'unit')).toHaveLength(boards);
    expect(opened.nodes.filter((n) => n.kind === 'container').map((n) => n.id)).toEqual(['group:container']);
  });

  it('merges an expansion without doubling what both traces hold', () => {
    const a = reel(2, 1);
    const b: TraceAnswer = {
      root: a.nodes[3]!,
      direction: 'backward',
      nodes: [a.nodes[3]!, { id: 'lot:P', kind: 'lot', label: 'P' }],
      edges: [{ from: 'lot:P', to: 'unit:0', type: 'FEEDS' }, a.edges.at(-2)!],
    };
    const merged = mergeAnswers([a, b]);
    expect(merged.nodes).toHaveLength(a.nodes.length + 1);
    expect(merged.edges).toHaveLength(a.edges.length + 1);
  });
});

describe('buildModel by layer', () => {
  // A lot split into 2 lots, each made into 3 lots (6), each made into a board (units), the
  // boards on 2 trays, one shipment, one customer; and the lot's supplier (against the flow).
  function layered(): TraceAnswer {
    const nodes: TraceAnswer['nodes'] = [
      { id: 'lot:R', kind: 'lot', label: 'R' },
      { id: 'sup:S', kind: 'supplier', label: 'S' },
      { id: 'ship:X', kind: 'shipment', label: 'X' },
      { id: 'cust:C', kind: 'customer', label: 'C' },
      { id: 'tray:0', kind: 'container', label: 'T0' },
      { id: 'tray:1', kind: 'container', label: 'T1' },
    ];
    const edges: TraceAnswer['edges'] = [
      { from: 'lot:R', to: 'sup:S', type: 'SUPPLIED_BY' },
      { from: 'ship:X', to: 'cust:C', type: 'TO' },
      { from: 'ship:X', to: 'tray:0', type: 'CARRIES' },
      { from: 'ship:X', to: 'tray:1', type: 'CARRIES' },
    ];
    for (let a = 0; a < 2; a++) {
      nodes.push({ id: `lot:A${a}`, kind: 'lot', label: `A${a}` });
      edges.push({ from: 'lot:R', to: `lot:A${a}`, type: 'FEEDS' });
      for (let b = 0; b < 3; b++) {
        const i = a * 3 + b;
        nodes.push({ id: `lot:B${i}`, kind: 'lot', label: `B${i}` });
        nodes.push({ id: `unit:${i}`, kind: 'unit', label: `U${i}` });
        edges.push({ from: `lot:A${a}`, to: `lot:B${i}`, type: 'FEEDS' });
        edges.push({ from: `lot:B${i}`, to: `unit:${i}`, type: 'FEEDS' });
        edges.push({ from: `unit:${i}`, to: `tray:${i % 2}`, type: 'PACKED_IN' });
      }
    }
    return { root: nodes[0]!, direction: 'forward', nodes, edges };
  }

  it('measures depth along the flow, and against it only where the flow does not reach', () => {
    const d = depthsOf(mergeAnswers([layered()]), 'lot:R', 'forward');
    expect(d.get('lot:A1')).toBe(1);
    expect(d.get('lot:B4')).toBe(2);
    expect(d.get('unit:4')).toBe(3);
    expect(d.get('tray:0')).toBe(4);
    expect(d.get('ship:X')).toBe(5);
    expect(d.get('cust:C')).toBe(6);
    // The supplier sits upstream of the root: one step against the flow.
    expect(d.get('sup:S')).toBe(1);
  });

  it('folds lots and units by depth and other kinds by kind, with counts and the links between', () => {
    const m = buildModel(mergeAnswers([layered()]), 'lot:R', new Set(), new Set(), undefined, {
      fold: 'layers',
      direction: 'forward',
    });
    expect(m.grouped).toBe(true);
    expect(m.nodes.map((n) => `${n.id} ${n.label}`).sort()).toEqual(
      [
        'lot:R R',
        'sup:S S',
        'ship:X X',
        'cust:C C',
        'group:layer|lot|1 Lots, 1 step downstream (2)',
        'group:layer|lot|2 Lots, 2 steps downstream (6)',
        'group:layer|unit|3 Units, 3 steps downstream (6)',
        'group:layer|container Containers (2)',
      ].sort(),
    );
    expect(m.edges.map((e) => `${e.source} > ${e.target} ${e.count}`).sort()).toEqual(
      [
        'sup:S > lot:R 1',
        'lot:R > group:layer|lot|1 2',
        'group:layer|lot|1 > group:layer|lot|2 6',
        'group:layer|lot|2 > group:layer|unit|3 6',
        'group:layer|unit|3 > group:layer|container 6',
        'group:layer|container > ship:X 2',
        'ship:X > cust:C 1',
      ].sort(),
    );
    // Opening a layer shows its objects; the layers around it stay folded.
    const open = buildModel(
      mergeAnswers([layered()]),
      'lot:R',
      new Set(['layer|lot|1']),
      new Set(),
      undefined,
      {
        fold: 'layers',
        direction: 'forward',
      },
    );
    expect(open.nodes.map((n) => n.id)).toEqual(
      expect.arrayContaining(['lot:A0', 'lot:A1', 'group:layer|lot|2']),
    );
    expect(open.nodes.some((n) => n.id === 'group:layer|lot|1')).toBe(false);
  });

  it('folds pages of layers by the depths the API gave, without links to objects not fetched yet', () => {
    // Layer 0 and one page of layer 2 (B1, B4): their parents in layer 1 and their boards are not
    // fetched. depthsOf could not place B1 and B4; the pages' depths do.
    const all = layered();
    const fetched = new Set(['lot:R', 'lot:B1', 'lot:B4']);
    const page = {
      nodes: all.nodes.filter((n) => fetched.has(n.id)),
      edges: all.edges.filter((e) => fetched.has(e.from)),
    };
    const depths = new Map([
      ['lot:R', 0],
      ['lot:B1', 2],
      ['lot:B4', 2],
    ]);
    const m = buildModel(page, 'lot:R', new Set(), new Set(), undefined, {
      fold: 'layers',
      direction: 'forward',
      depths,
    });
    expect(m.nodes.map((n) => `${n.id} ${n.label}`).sort()).toEqual(
      ['lot:R R', 'group:layer|lot|2 Lots, 2 steps downstream (2)'].sort(),
    );
    // The FEEDS from B1 and B4 to their boards lead nowhere yet: not drawn.
    expect(page.edges.length).toBeGreaterThan(0);
    expect(m.edges).toEqual([]);
    // With the whole layers' counts, a group fetched in part says so; a whole one does not.
    const counted = buildModel(page, 'lot:R', new Set(), new Set(), undefined, {
      fold: 'layers',
      direction: 'forward',
      depths,
      totals: new Map([
        ['layer|lot|2', 6],
        ['layer|lot|0', 1],
      ]),
    });
    expect(counted.nodes.find((n) => n.members)?.label).toBe('Lots, 2 steps downstream (2 of 6)');
    const whole = buildModel(page, 'lot:R', new Set(), new Set(), undefined, {
      fold: 'layers',
      direction: 'forward',
      depths,
      totals: new Map([['layer|lot|2', 2]]),
    });
    expect(whole.nodes.find((n) => n.members)?.label).toBe('Lots, 2 steps downstream (2)');
  });

  it('counts layers upstream in a backward trace', () => {
    // The birth record of unit:4: its lot B4, that lot's A1, the root R and R's supplier.
    const a = layered();
    const keep = new Set(['unit:4', 'lot:B4', 'lot:A1', 'lot:R', 'sup:S']);
    const answer: TraceAnswer = {
      root: a.nodes.find((n) => n.id === 'unit:4')!,
      direction: 'backward',
      nodes: a.nodes.filter((n) => keep.has(n.id)),
      edges: a.edges.filter((e) => keep.has(e.from) && keep.has(e.to)),
    };
    const merged = mergeAnswers([answer]);
    const d = depthsOf(merged, 'unit:4', 'backward');
    expect(Object.fromEntries(d)).toEqual({ 'unit:4': 0, 'lot:B4': 1, 'lot:A1': 2, 'lot:R': 3, 'sup:S': 4 });
    const m = buildModel(merged, 'unit:4', new Set(), new Set(), undefined, {
      fold: 'layers',
      direction: 'backward',
    });
    // One object per layer: nothing folds, each keeps its own label.
    expect(m.grouped).toBe(false);
  });

  it('names layers upstream in a backward trace', () => {
    // Two lots feed the root unit, one lot feeds both: layers 1 and 2 upstream.
    const answer: TraceAnswer = {
      root: { id: 'unit:U', kind: 'unit', label: 'U' },
      direction: 'backward',
      nodes: [
        { id: 'unit:U', kind: 'unit', label: 'U' },
        { id: 'lot:P', kind: 'lot', label: 'P' },
        { id: 'lot:Q', kind: 'lot', label: 'Q' },
        { id: 'lot:F', kind: 'lot', label: 'F' },
        { id: 'lot:G', kind: 'lot', label: 'G' },
      ],
      edges: [
        { from: 'lot:P', to: 'unit:U', type: 'FEEDS' },
        { from: 'lot:Q', to: 'unit:U', type: 'FEEDS' },
        { from: 'lot:F', to: 'lot:P', type: 'FEEDS' },
        { from: 'lot:G', to: 'lot:Q', type: 'FEEDS' },
      ],
    };
    const m = buildModel(mergeAnswers([answer]), 'unit:U', new Set(), new Set(), undefined, {
      fold: 'layers',
      direction: 'backward',
    });
    expect(m.nodes.map((n) => n.label).sort()).toEqual(
      ['Lots, 1 step upstream (2)', 'Lots, 2 steps upstream (2)', 'U'].sort(),
    );
  });

  it('draws every object when not folded at all, whatever the size', () => {
    const big = mergeAnswers([reel(GROUP_THRESHOLD + 100, 3)]);
    const m = buildModel(big, 'lot:R', new Set(), new Set(), undefined, { fold: 'none' });
    expect(m.grouped).toBe(false);
    expect(m.nodes).toHaveLength(big.nodes.length);
  });
});

describe('shortestPath', () => {
  it('finds the chain between two nodes whichever way the links run, or says there is none', () => {
    const m = buildModel(mergeAnswers([reel(3, 2)]), 'lot:R', new Set());
    // unit:1 -> tray:1 -> ship:S -> cust:C
    expect(shortestPath(m, 'unit:1', 'cust:C')).toEqual({
      nodes: ['unit:1', 'tray:1', 'ship:S', 'cust:C'],
      edges: ['PACKED_IN|unit:1|tray:1', 'CARRIES|tray:1|ship:S', 'TO|ship:S|cust:C'],
    });
    // Two boards meet at their reel: upstream, then down again.
    expect(shortestPath(m, 'unit:0', 'unit:1')?.nodes).toEqual(['unit:0', 'lot:R', 'unit:1']);
    expect(shortestPath({ edges: [] }, 'a', 'b')).toBeNull();
  });
});

describe('quickLayers', () => {
  it('puts every node right of its upstream neighbours, fast on 5,000 nodes', () => {
    const m = buildModel(mergeAnswers([reel(4_800, 200)]), 'lot:R', new Set(['unit|BOARD', 'container']));
    expect(m.nodes.length).toBe(5_003);
    const started = performance.now();
    const pos = quickLayers(m);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(pos.size).toBe(m.nodes.length);
    const x = (id: string) => pos.get(id)!.x;
    for (const e of m.edges) expect(x(e.source)).toBeLessThan(x(e.target));
  });
});
