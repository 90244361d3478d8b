// The per-key state of a streamed CSV import (decision 037): lots, units, containers,
// operations, inspections and work orders, each a set of keys numbered in the order they were
// added with a few numbers per key. It is kept in memory while it fits a budget shared by the
// import's tables; past it, the largest table moves to files on disk (a hash table of fixed-size
// records), so the memory an import keeps does not grow with the bundle. Keys are stored without
// their common `urn:lotgraph:<kind>:` prefix.
import { closeSync, ftruncateSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const utf8 = new TextEncoder();
/** Never a byte of UTF-8: marks a key stored whole, so it cannot equal a key whose prefix was cut. */
const WHOLE = 0xff;

/** A key's bytes in `scratch` (its prefix cut, or WHOLE and the key); their length. */
function encodeKey(prefix: string, key: string, scratch: { buf: Uint8Array }): number {
  const cut = key.startsWith(prefix);
  const text = cut ? key.slice(prefix.length) : key;
  if (text.length * 3 + 1 > scratch.buf.length) scratch.buf = new Uint8Array(text.length * 3 + 1);
  if (cut) return utf8.encodeInto(text, scratch.buf).written;
  scratch.buf[0] = WHOLE;
  return utf8.encodeInto(text, scratch.buf.subarray(1)).written + 1;
}

function hashBytes(b: Uint8Array, len: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < len; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h | 0;
}

function grow(a: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(length);
  b.set(a);
  return b;
}

/**
 * A set of strings numbered 0, 1, 2 … in the order they were added, kept compact: the keys'
 * UTF-8 bytes (without `prefix`) in one growing buffer, an open-addressing table of their
 * numbers. About 30 bytes per key of 10 characters, where a Map of strings takes 100-150.
 */
export class KeyTable {
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  private starts = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  /** key number + 1; 0 is empty */
  private slots = new Int32Array(2048);
  private readonly scratch = { buf: new Uint8Array(256) };
  size = 0;

  constructor(private readonly prefix = '') {}

  /** bytes held (capacity, not use: what the process keeps) */
  get memoryBytes(): number {
    return this.bytes.byteLength + this.starts.byteLength + this.hashes.byteLength + this.slots.byteLength;
  }

  private end(i: number): number {
    return i + 1 < this.size ? this.starts[i + 1]! : this.used;
  }

  /** key i's stored bytes and hash (for moving the table to disk) */
  stored(i: number): { bytes: Uint8Array; hash: number } {
    return { bytes: this.bytes.subarray(this.starts[i]!, this.end(i)), hash: this.hashes[i]! };
  }

  /** the key's number, or -(free slot + 1) */
  private lookup(h: number, len: number): number {
    const mask = this.slots.length - 1;
    const key = this.scratch.buf;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const v = this.slots[s]!;
      if (v === 0) return -(s + 1);
      const i = v - 1;
      if (this.hashes[i] !== h) continue;
      const start = this.starts[i]!;
      if (this.end(i) - start !== len) continue;
      let same = true;
      for (let k = 0; k < len && same; k++) same = this.bytes[start + k] === key[k];
      if (same) return i;
    }
  }

  find(key: string): number | undefined {
    const len = encodeKey(this.prefix, key, this.scratch);
    const i = this.lookup(hashBytes(this.scratch.buf, len), len);
    return i >= 0 ? i : undefined;
  }

  has(key: string): boolean {
    return this.find(key) !== undefined;
  }

  /** Adds a key (if new); its number. */
  add(key: string): number {
    const len = encodeKey(this.prefix, key, this.scratch);
    const h = hashBytes(this.scratch.buf, len);
    const found = this.lookup(h, len);
    if (found >= 0) return found;
    const i = this.size;
    if (i >= this.starts.length) {
      this.starts = grow(this.starts, this.starts.length * 2);
      this.hashes = grow(this.hashes, this.hashes.length * 2);
    }
    if (this.used + len > this.bytes.length) {
      const b = new Uint8Array(Math.max(this.bytes.length * 2, this.used + len));
      b.set(this.bytes.subarray(0, this.used));
      this.bytes = b;
    }
    this.bytes.set(this.scratch.buf.subarray(0, len), this.used);
    this.starts[i] = this.used;
    this.hashes[i] = h;
    this.used += len;
    this.size++;
    this.slots[-found - 1] = i + 1;
    if (this.size * 2 > this.slots.length) this.rehash();
    return i;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let i = 0; i < this.size; i++) {
      let s = this.hashes[i]! & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = i + 1;
    }
    this.slots = slots;
  }
}

/** A growable Int32Array. */
class Ints {
  private a = new Int32Array(1024);
  get bytes(): number {
    return this.a.byteLength;
  }
  get(i: number): number {
    return this.a[i]!;
  }
  set(i: number, v: number): void {
    if (i >= this.a.length) {
      const b = new Int32Array(Math.max(this.a.length * 2, i + 1));
      b.set(this.a);
      this.a = b;
    }
    this.a[i] = v;
  }
}

// ---- on disk ----

/** key bytes kept in the record; longer keys go to a file of their own */
const INLINE = 32;
/** records kept in memory before they are appended to the file */
const TAIL_RECORDS = 4096;
/** slots read at once (linear probing looks at neighbours) */
const WINDOW = 8;

/**
 * The same numbered keys and columns in files: `records` holds one fixed-size record per key
 * (hash, length, columns, the key's bytes or their place in `long`), `slots` an open-addressing
 * table of (record number + 1, hash) pairs at most half full. Reads go through the operating
 * system's file cache, which gives memory back under pressure; the process keeps a few buffers.
 */
class DiskKeys {
  private readonly recordSize: number;
  private readonly fdRecords: number;
  private readonly fdLong: number;
  private fdSlots: number;
  private capacity = 0;
  private longUsed = 0;
  private flushed = 0;
  private readonly tail: Uint8Array;
  private readonly tailView: DataView;
  private readonly record: Uint8Array;
  private readonly recordView: DataView;
  private cached = -1;
  private readonly window = new Int32Array(WINDOW * 2);
  private readonly windowBytes = new Uint8Array(this.window.buffer);
  private readonly pair = new Int32Array(2);
  private readonly pairBytes = new Uint8Array(this.pair.buffer);
  private readonly int = new Int32Array(1);
  private readonly intBytes = new Uint8Array(this.int.buffer);
  private slotsPath = '';
  private generation = 0;
  private longScratch = new Uint8Array(256);
  size = 0;

  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly columns: number,
    expected: number,
  ) {
    this.recordSize = 8 + 4 * columns + INLINE;
    this.tail = new Uint8Array(this.recordSize * TAIL_RECORDS);
    this.tailView = new DataView(this.tail.buffer);
    this.record = new Uint8Array(this.recordSize);
    this.recordView = new DataView(this.record.buffer);
    this.fdRecords = openSync(join(dir, `${name}.records`), 'w+');
    this.fdLong = openSync(join(dir, `${name}.long`), 'w+');
    this.fdSlots = this.newSlots(Math.max(1024, 2 ** Math.ceil(Math.log2(expected * 4))));
  }

  /** an empty slot table of `capacity` slots (a sparse file of zeros), in a file of its own */
  private newSlots(capacity: number): number {
    this.slotsPath = join(this.dir, `${this.name}.slots-${this.generation++}`);
    const fd = openSync(this.slotsPath, 'w+');
    ftruncateSync(fd, capacity * 8);
    this.capacity = capacity;
    return fd;
  }

  /** record i's bytes (a view valid until the next read) */
  private read(i: number): { bytes: Uint8Array; view: DataView; at: number } {
    if (i >= this.flushed)
      return { bytes: this.tail, view: this.tailView, at: (i - this.flushed) * this.recordSize };
    if (this.cached !== i) {
      readSync(this.fdRecords, this.record, 0, this.recordSize, i * this.recordSize);
      this.cached = i;
    }
    return { bytes: this.record, view: this.recordView, at: 0 };
  }

  private same(i: number, h: number, key: Uint8Array, len: number): boolean {
    const { bytes, view, at } = this.read(i);
    if (view.getInt32(at, true) !== h || view.getInt32(at + 4, true) !== len) return false;
    const keyAt = at + 8 + 4 * this.columns;
    if (len <= INLINE) {
      for (let k = 0; k < len; k++) if (bytes[keyAt + k] !== key[k]) return false;
      return true;
    }
    const offset = view.getFloat64(keyAt, true);
    if (this.longScratch.length < len) this.longScratch = new Uint8Array(len);
    readSync(this.fdLong, this.longScratch, 0, len, offset);
    for (let k = 0; k < len; k++) if (this.longScratch[k] !== key[k]) return false;
    return true;
  }

  /**
   * The last look-up and its answer, valid while no key is added: the checks often ask for a
   * key and then add it, or ask twice for the same key (has, then find), and each asking costs
   * system calls.
   */
  private last = { h: 0, len: -1, size: -1, answer: 0, key: new Uint8Array(64) };

  /** the key's number, or -(free slot + 1) */
  private lookup(h: number, key: Uint8Array, len: number): number {
    const last = this.last;
    if (last.size === this.size && last.h === h && last.len === len) {
      let same = true;
      for (let k = 0; k < len && same; k++) same = last.key[k] === key[k];
      if (same) return last.answer;
    }
    const answer = this.probe(h, key, len);
    if (last.key.length < len) last.key = new Uint8Array(len);
    last.key.set(key.subarray(0, len));
    last.h = h;
    last.len = len;
    last.size = this.size;
    last.answer = answer;
    return answer;
  }

  private probe(h: number, key: Uint8Array, len: number): number {
    const mask = this.capacity - 1;
    let s = h & mask;
    for (;;) {
      const n = Math.min(WINDOW, this.capacity - s);
      readSync(this.fdSlots, this.windowBytes, 0, n * 8, s * 8);
      for (let k = 0; k < n; k++) {
        const v = this.window[k * 2]!;
        if (v === 0) return -(s + k + 1);
        if (this.window[k * 2 + 1] === h && this.same(v - 1, h, key, len)) return v - 1;
      }
      s = (s + n) & mask;
    }
  }

  find(key: Uint8Array, len: number, h: number): number | undefined {
    const i = this.lookup(h, key, len);
    return i >= 0 ? i : undefined;
  }

  /** Adds a key known to be new: its number. */
  add(key: Uint8Array, len: number, h: number, values: ArrayLike<number>): number {
    const slot = -this.lookup(h, key, len) - 1;
    return this.append(slot, key, len, h, values);
  }

  /** Adds a key (if new); its number. */
  addIfNew(key: Uint8Array, len: number, h: number, values: ArrayLike<number>): number {
    const found = this.lookup(h, key, len);
    if (found >= 0) return found;
    return this.append(-found - 1, key, len, h, values);
  }

  private append(slot: number, key: Uint8Array, len: number, h: number, values: ArrayLike<number>): number {
    const i = this.size;
    const at = (i - this.flushed) * this.recordSize;
    this.tail.fill(0, at, at + this.recordSize);
    this.tailView.setInt32(at, h, true);
    this.tailView.setInt32(at + 4, len, true);
    for (let c = 0; c < this.columns; c++) this.tailView.setInt32(at + 8 + 4 * c, values[c] ?? 0, true);
    const keyAt = at + 8 + 4 * this.columns;
    if (len <= INLINE) this.tail.set(key.subarray(0, len), keyAt);
    else {
      this.tailView.setFloat64(keyAt, this.longUsed, true);
      writeSync(this.fdLong, key, 0, len, this.longUsed);
      this.longUsed += len;
    }
    this.size++;
    this.writeSlot(this.fdSlots, slot, i, h);
    if (this.size - this.flushed === TAIL_RECORDS) this.flush();
    if (this.size * 2 > this.capacity) this.rehash();
    return i;
  }

  private writeSlot(fd: number, slot: number, i: number, h: number): void {
    this.pair[0] = i + 1;
    this.pair[1] = h;
    writeSync(fd, this.pairBytes, 0, 8, slot * 8);
  }

  private flush(): void {
    const n = this.size - this.flushed;
    if (n === 0) return;
    writeSync(this.fdRecords, this.tail, 0, n * this.recordSize, this.flushed * this.recordSize);
    this.flushed = this.size;
  }

  get(i: number, column: number): number {
    const { view, at } = this.read(i);
    return view.getInt32(at + 8 + 4 * column, true);
  }

  set(i: number, column: number, v: number): void {
    if (i >= this.flushed) {
      this.tailView.setInt32((i - this.flushed) * this.recordSize + 8 + 4 * column, v, true);
      return;
    }
    this.int[0] = v;
    writeSync(this.fdRecords, this.intBytes, 0, 4, i * this.recordSize + 8 + 4 * column);
    if (this.cached === i) this.recordView.setInt32(8 + 4 * column, v, true);
  }

  /** Twice the slots: every record placed again, read in order from the records file. */
  private rehash(): void {
    this.flush();
    const old = this.fdSlots;
    const oldPath = this.slotsPath;
    const fd = this.newSlots(this.capacity * 2);
    const mask = this.capacity - 1;
    const chunk = new Uint8Array(this.recordSize * TAIL_RECORDS);
    const view = new DataView(chunk.buffer);
    for (let first = 0; first < this.size; first += TAIL_RECORDS) {
      const n = Math.min(TAIL_RECORDS, this.size - first);
      readSync(this.fdRecords, chunk, 0, n * this.recordSize, first * this.recordSize);
      for (let k = 0; k < n; k++) {
        const h = view.getInt32(k * this.recordSize, true);
        let s = h & mask;
        for (;;) {
          const w = Math.min(WINDOW, this.capacity - s);
          readSync(fd, this.windowBytes, 0, w * 8, s * 8);
          let free = -1;
          for (let j = 0; j < w && free < 0; j++) if (this.window[j * 2] === 0) free = s + j;
          if (free >= 0) {
            this.writeSlot(fd, free, first + k, h);
            break;
          }
          s = (s + w) & mask;
        }
      }
    }
    closeSync(old);
    rmSync(oldPath, { force: true });
    this.fdSlots = fd;
  }

  /** bytes on disk */
  get diskBytes(): number {
    return this.size * this.recordSize + this.longUsed + this.capacity * 8;
  }

  close(): void {
    for (const fd of [this.fdRecords, this.fdLong, this.fdSlots]) closeSync(fd);
    for (const path of [
      join(this.dir, `${this.name}.records`),
      join(this.dir, `${this.name}.long`),
      this.slotsPath,
    ])
      rmSync(path, { force: true });
  }
}

// ---- the tables of one import, under one budget ----

/** The memory the key tables of one import may keep; past it the largest moves to disk. */
export class KeyBudget {
  private readonly tables: KeyState[] = [];
  /** tables moved to disk so far */
  spilled = 0;

  constructor(
    /** bytes; Infinity keeps everything in memory */
    readonly bytes: number,
    /** where spilled tables go (a folder removed by the caller) */
    readonly dir: string,
  ) {}

  register(t: KeyState): void {
    this.tables.push(t);
  }

  /** bytes the tables keep in memory */
  get memoryBytes(): number {
    return this.tables.reduce((n, t) => n + t.memoryBytes, 0);
  }

  /** bytes the spilled tables keep on disk */
  get diskBytes(): number {
    return this.tables.reduce((n, t) => n + t.diskBytes, 0);
  }

  /** Called when a table grew: moves the largest tables to disk until the rest fit. */
  grew(): void {
    while (this.memoryBytes > this.bytes) {
      let largest: KeyState | undefined;
      for (const t of this.tables) if (!t.onDisk && t.memoryBytes > (largest?.memoryBytes ?? 0)) largest = t;
      if (!largest) return;
      largest.spill();
      this.spilled++;
    }
  }

  close(): void {
    for (const t of this.tables) t.close();
  }
}

/**
 * Keys numbered in the order they were added, with `columns` numbers per key: in memory (a
 * KeyTable and typed arrays) until the budget moves it to disk, where it keeps its numbers.
 */
export class KeyState {
  private memory: { keys: KeyTable; cols: Ints[] } | undefined;
  private disk: DiskKeys | undefined;
  private lastMemory = 0;
  private readonly scratch = { buf: new Uint8Array(256) };
  private readonly values: number[];

  constructor(
    private readonly name: string,
    private readonly prefix: string,
    private readonly columns: number,
    private readonly budget: KeyBudget,
  ) {
    this.memory = { keys: new KeyTable(prefix), cols: Array.from({ length: columns }, () => new Ints()) };
    this.values = new Array<number>(columns).fill(0);
    budget.register(this);
  }

  get onDisk(): boolean {
    return this.disk !== undefined;
  }

  get size(): number {
    return this.memory ? this.memory.keys.size : this.disk!.size;
  }

  get memoryBytes(): number {
    if (!this.memory) return 0;
    return this.memory.keys.memoryBytes + this.memory.cols.reduce((n, c) => n + c.bytes, 0);
  }

  get diskBytes(): number {
    return this.disk?.diskBytes ?? 0;
  }

  private encode(key: string): number {
    return encodeKey(this.prefix, key, this.scratch);
  }

  /** Adds a key (if new) with its columns (if new); its number. */
  add(key: string, ...values: number[]): number {
    if (this.memory) {
      const m = this.memory;
      const i = m.keys.add(key);
      values.forEach((v, c) => m.cols[c]!.set(i, v));
      this.checkBudget();
      return i;
    }
    const disk = this.disk!;
    const before = disk.size;
    const len = this.encode(key);
    for (let c = 0; c < this.columns; c++) this.values[c] = values[c] ?? 0;
    const i = disk.addIfNew(this.scratch.buf, len, hashBytes(this.scratch.buf, len), this.values);
    // as in memory: the columns given are set on a key already there too
    if (disk.size === before) values.forEach((v, c) => disk.set(i, c, v));
    return i;
  }

  find(key: string): number | undefined {
    if (this.memory) return this.memory.keys.find(key);
    const len = this.encode(key);
    return this.disk!.find(this.scratch.buf, len, hashBytes(this.scratch.buf, len));
  }

  has(key: string): boolean {
    return this.find(key) !== undefined;
  }

  get(i: number, column: number): number {
    return this.memory ? this.memory.cols[column]!.get(i) : this.disk!.get(i, column);
  }

  set(i: number, column: number, v: number): void {
    if (this.memory) this.memory.cols[column]!.set(i, v);
    else this.disk!.set(i, column, v);
  }

  /** The budget is looked at when the table's buffers grew (they double), not on every key. */
  private checkBudget(): void {
    const now = this.memoryBytes;
    if (now === this.lastMemory) return;
    this.lastMemory = now;
    this.budget.grew();
  }

  /** Moves the table to disk, keeping every key's number. */
  spill(): void {
    const m = this.memory;
    if (!m) return;
    const disk = new DiskKeys(this.budget.dir, this.name, this.columns, m.keys.size);
    for (let i = 0; i < m.keys.size; i++) {
      const { bytes, hash } = m.keys.stored(i);
      for (let c = 0; c < this.columns; c++) this.values[c] = m.cols[c]!.get(i);
      disk.add(bytes, bytes.length, hash, this.values);
    }
    this.disk = disk;
    this.memory = undefined;
  }

  close(): void {
    this.disk?.close();
  }
}
