// The ceiling: the genealogy as compressed sparse rows in typed arrays, traced by a plain BFS in
// this process. It also states, once, what "reachable" means for every engine:
//   forward (recall) from sources: the sources, everything downstream over FEEDS, and every
//     container holding one of those (PACKED_IN upwards, transitively);
//   backward (birth record) of a source: the source and everything upstream over FEEDS.
// As Lotgraph's trace service does for lots, units and containers (the generated packing is
// always open and two levels deep, so its time rules and its eight-level limit never cut).
import { readFileSync } from 'node:fs';
import type { GenealogyMeta } from './generate.ts';

/** Order-independent digest of a set of node numbers: its size and two 32-bit lanes. */
export function digest(ids: ArrayLike<number>): { count: number; hash: string } {
  let x = 0;
  let s = 0;
  for (let i = 0; i < ids.length; i++) {
    const h = fmix32(ids[i]! | 0);
    x ^= h;
    s = (s + fmix32(h ^ 0x9e3779b9)) >>> 0;
  }
  return {
    count: ids.length,
    hash: (x >>> 0).toString(16).padStart(8, '0') + s.toString(16).padStart(8, '0'),
  };
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Reads the integer columns of a generated CSV file (header skipped; empty cell = -1). */
export function readIntColumns(file: string, columns: number): Int32Array[] {
  const text = readFileSync(file, 'latin1');
  let lines = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  const out = Array.from({ length: columns }, () => new Int32Array(lines - 1));
  let pos = text.indexOf('\n') + 1;
  let row = 0;
  while (pos < text.length && row < lines - 1) {
    for (let c = 0; c < columns; c++) {
      let v = 0;
      let any = false;
      let ch = text.charCodeAt(pos);
      while (ch >= 48 && ch <= 57) {
        v = v * 10 + (ch - 48);
        any = true;
        ch = text.charCodeAt(++pos);
      }
      out[c]![row] = any ? v : -1;
      // skip to the next comma or the line's end
      while (pos < text.length && ch !== 44 && ch !== 10) ch = text.charCodeAt(++pos);
      if (ch === 44) pos++;
    }
    while (pos < text.length && text.charCodeAt(pos) !== 10) pos++;
    pos++;
    row++;
  }
  return out;
}

/** Adjacency as offsets into one target array, indexed by node number minus the offset. */
class Adjacency {
  readonly start: Int32Array;
  readonly to: Int32Array;
  constructor(size: number, from: Int32Array, to: Int32Array, base: number) {
    this.start = new Int32Array(size + 1);
    for (let i = 0; i < from.length; i++) this.start[from[i]! - base + 1]!++;
    for (let i = 0; i < size; i++) this.start[i + 1]! += this.start[i]!;
    const fill = this.start.slice(0, size);
    this.to = new Int32Array(from.length);
    for (let i = 0; i < from.length; i++) this.to[fill[from[i]! - base]!++] = to[i]! - base;
  }
}

export class CsrGenealogy {
  private readonly down: Adjacency;
  private readonly up: Adjacency;
  private readonly packedIn: Adjacency;
  private readonly seen: Uint32Array;
  private stamp = 0;
  private readonly queue: Int32Array;
  readonly base: number;
  readonly size: number;

  constructor(meta: GenealogyMeta) {
    this.base = meta.offset;
    this.size = meta.nodes;
    const [src, dst] = readIntColumns(meta.files.feeds, 2) as [Int32Array, Int32Array];
    const [child, parent] = readIntColumns(meta.files.packed, 2) as [Int32Array, Int32Array];
    this.down = new Adjacency(this.size, src, dst, this.base);
    this.up = new Adjacency(this.size, dst, src, this.base);
    this.packedIn = new Adjacency(this.size, child, parent, this.base);
    this.seen = new Uint32Array(this.size);
    this.queue = new Int32Array(this.size);
  }

  private bfs(sources: readonly number[], adj: Adjacency, then?: Adjacency): Int32Array {
    const stamp = ++this.stamp;
    const seen = this.seen;
    const q = this.queue;
    let tail = 0;
    for (const s of sources) {
      const v = s - this.base;
      if (seen[v] !== stamp) {
        seen[v] = stamp;
        q[tail++] = v;
      }
    }
    for (let head = 0; head < tail; head++) {
      const v = q[head]!;
      for (let e = adj.start[v]!; e < adj.start[v + 1]!; e++) {
        const w = adj.to[e]!;
        if (seen[w] !== stamp) {
          seen[w] = stamp;
          q[tail++] = w;
        }
      }
    }
    if (then)
      for (let head = 0; head < tail; head++) {
        const v = q[head]!;
        for (let e = then.start[v]!; e < then.start[v + 1]!; e++) {
          const w = then.to[e]!;
          if (seen[w] !== stamp) {
            seen[w] = stamp;
            q[tail++] = w;
          }
        }
      }
    const out = new Int32Array(tail);
    for (let i = 0; i < tail; i++) out[i] = q[i]! + this.base;
    return out;
  }

  /** Recall: sources, downstream over FEEDS, and the containers holding any of them. */
  forward(sources: readonly number[]): Int32Array {
    return this.bfs(sources, this.down, this.packedIn);
  }

  /** Birth record: the source and everything upstream over FEEDS. */
  backward(source: number): Int32Array {
    return this.bfs([source], this.up);
  }
}
