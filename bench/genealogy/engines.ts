// Every engine of the peer benchmark behind one shape: the reachable set of a trace, as node
// numbers. Lotgraph's own engines go through its real trace path: the typed query wrappers
// (cypher/trace.ts), the trace service (api/services/trace.service.ts), and the HTTP API.
import type { GraphStore } from '../../cypher/neo4j.ts';
import type { ReachIndex } from '../../cypher/reach-index.ts';
import {
  traceBackwardRowsByIndex,
  traceBackwardRowsByQuery,
  traceForwardReachByQuery,
} from '../../cypher/trace.ts';
import { traceBackward, traceForward } from '../../api/services/trace.service.ts';
import type { CsrGenealogy } from './csr.ts';
import type { DuckPeer } from './duckdb.ts';
import { itemId, nodeOf, type NodeKind } from './generate.ts';
import type { PostgresPeer } from './postgres.ts';

export interface Engine {
  name: string;
  /** recall from one or more sources (undefined: this engine has no such trace) */
  forward?: (sources: readonly number[]) => Promise<ArrayLike<number>>;
  /** birth record of one object */
  backward?: (source: number) => Promise<ArrayLike<number>>;
  /** forward from one source only */
  singleSourceOnly?: boolean;
  /** a reference timing, not a trace: left out of the correctness gate */
  floor?: boolean;
}

const TRACED = new Set(['lot', 'unit', 'container']);
const objectNumbers = (nodes: { id: string; kind: string }[]) =>
  nodes.filter((n) => TRACED.has(n.kind)).map((n) => nodeOf(n.id));

export type KindOf = (n: number) => NodeKind;

export function csrEngine(csrs: CsrGenealogy[]): Engine {
  const of = (n: number) => csrs.find((c) => n >= c.base && n < c.base + c.size)!;
  return {
    name: 'csr-bfs',
    forward: async (s) => of(s[0]!).forward(s),
    backward: async (s) => of(s).backward(s),
  };
}

export function duckEngine(duck: DuckPeer): Engine {
  return { name: 'duckdb', forward: (s) => duck.forward(s), backward: (s) => duck.backward(s) };
}

export function postgresEngine(pg: PostgresPeer): Engine {
  return { name: 'postgres', forward: (s) => pg.forward(s), backward: (s) => pg.backward(s) };
}

/** The typed query wrappers without the reach index: birth-record rows and the recall reach of several sources (Cypher). */
export function lotgraphQueryEngine(graph: GraphStore, kindOf: KindOf): Engine {
  return {
    name: 'lotgraph-query',
    forward: async (s) => {
      const [r] = await traceForwardReachByQuery(
        graph,
        s.map((n) => itemId(kindOf(n), n)),
      );
      return (r?.keys ?? []).map(nodeOf);
    },
    backward: async (s) =>
      (await traceBackwardRowsByQuery(graph, itemId(kindOf(s), s))).map((r) => nodeOf(r.item.id)),
  };
}

/**
 * The reach index beside the API (cypher/reach-index.ts), the freshness check (one checkpoint
 * read from Neo4j) included. Forward: the recall reach of several sources as ids with counts
 * (reachForwardIds, what a caller that shows counts and some keys uses); the node numbers come
 * from the keys, parsed once per object and kept, as a caller keeps its own table. Backward: the
 * birth-record rows as traceBackwardRows gives them with the index (traceBackwardRowsByIndex:
 * ancestors from the index, details by key with the checkpoint in the same read). A stale index
 * fails the run instead of timing the Cypher fallback.
 */
export function lotgraphIndexEngine(graph: GraphStore, index: ReachIndex, kindOf: KindOf): Engine {
  let numbers = new Int32Array(0);
  const numberOf = (id: number, keyOf: (id: number) => string) => {
    if (id >= numbers.length) {
      const grown = new Int32Array(Math.max(id + 1, numbers.length * 2)).fill(-1);
      grown.set(numbers);
      numbers = grown;
    }
    let n = numbers[id]!;
    if (n < 0) numbers[id] = n = nodeOf(keyOf(id));
    return n;
  };
  return {
    name: 'lotgraph-index',
    forward: async (s) => {
      const r = await index.reachForwardIds(s.map((n) => itemId(kindOf(n), n)));
      if (!r) throw new Error('the reach index is not as fresh as the graph');
      const out = new Int32Array(r.ids.length);
      for (let j = 0; j < out.length; j++) out[j] = numberOf(r.ids[j]!, r.keyOf);
      return out;
    },
    backward: async (s) => {
      const rows = await traceBackwardRowsByIndex(graph, itemId(kindOf(s), s));
      if (!rows) throw new Error('the reach index is not as fresh as the graph');
      return rows.map((r) => nodeOf(r.item.id));
    },
  };
}

/** The reach index's answer as traceForwardReach gives it: every key as a string. */
export function lotgraphIndexKeysEngine(index: ReachIndex, kindOf: KindOf): Engine {
  return {
    name: 'lotgraph-index-keys',
    forward: async (s) => {
      const r = await index.reachForward(s.map((n) => itemId(kindOf(n), n)));
      if (!r) throw new Error('the reach index is not as fresh as the graph');
      return r.keys.map(nodeOf);
    },
  };
}

/** The trace service the API calls: whole answers with nodes, edges, states and shipments. */
export function lotgraphServiceEngine(graph: GraphStore, kindOf: KindOf): Engine {
  return {
    name: 'lotgraph-service',
    singleSourceOnly: true,
    forward: async (s) => objectNumbers((await traceForward(graph, itemId(kindOf(s[0]!), s[0]!))).nodes),
    backward: async (s) => objectNumbers((await traceBackward(graph, itemId(kindOf(s), s))).nodes),
  };
}

/** The HTTP API with a bearer token, as an integration calls it. */
export function lotgraphHttpEngine(base: string, token: string, kindOf: KindOf): Engine {
  const get = async (path: string, n: number) => {
    const res = await fetch(`${base}${path}?id=${encodeURIComponent(itemId(kindOf(n), n))}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`HTTP ${res.status} for ${path}: ${await res.text()}`);
    return objectNumbers(((await res.json()) as { nodes: { id: string; kind: string }[] }).nodes);
  };
  return {
    name: 'lotgraph-http',
    singleSourceOnly: true,
    forward: (s) => get('/api/trace/forward', s[0]!),
    backward: (s) => get('/api/trace/backward', s),
  };
}

/** The floor under every Lotgraph query: `RETURN 1` in a read transaction, as GraphStore.run sends it. */
export function neo4jFloorEngine(graph: GraphStore): Engine {
  return {
    name: 'neo4j-floor (RETURN 1)',
    floor: true,
    backward: async () => {
      await graph.run('RETURN 1', {}, 'READ');
      return [];
    },
  };
}
