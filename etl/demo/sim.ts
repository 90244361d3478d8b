// A minimal discrete-event simulation: tasks run in time order, and each task may emit events at
// or after its own time. Emitted events are buffered and released in (time, creation) order once
// no later-running task can produce anything earlier — so the output streams in time order
// without ever holding the whole year in memory.
import { Rng } from './prng.ts';
import { isoTime, YEAR_END } from './time.ts';

export type EpcisEventJson = Record<string, unknown> & { eventTime: string };

interface Keyed {
  time: number;
  seq: number;
}

/** Binary min-heap ordered by (time, seq); seq breaks ties by creation order. */
class MinHeap<T extends Keyed> {
  private items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l]!, a[m]!)) m = l;
        if (r < a.length && less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

const toSecond = (ms: number) => Math.round(ms / 1000) * 1000;
const less = (x: Keyed, y: Keyed) => x.time < y.time || (x.time === y.time && x.seq < y.seq);

interface Task extends Keyed {
  run: () => void;
}
interface Pending extends Keyed {
  event: EpcisEventJson;
}

export class Sim {
  /** Time of the task currently running; nothing may be emitted before it. */
  now = 0;
  eventCount = 0;
  private seq = 0;
  private tasks = new MinHeap<Task>();
  private pending = new MinHeap<Pending>();

  /** `ids` feeds event UUIDs only, so adding an event never shifts the simulation's random draws. */
  constructor(private readonly ids: Rng) {}

  /** Runs `run` at `time`; tasks after the end of 2025 are dropped (the demo year is closed). */
  at(time: number, run: () => void): void {
    const t = toSecond(time); // rounding is monotonic, so a task's events never precede it
    if (t < this.now) throw new Error(`task scheduled in the past (${isoTime(t)} < ${isoTime(this.now)})`);
    if (t >= YEAR_END) return;
    this.tasks.push({ time: t, seq: this.seq++, run });
  }

  /** Emits one EPCIS event; the common header fields come first, in a fixed order. */
  emit(type: string, time: number, body: Record<string, unknown>): void {
    const t = toSecond(time);
    if (t < this.now) throw new Error(`event emitted in the past at ${isoTime(t)}`);
    if (t >= YEAR_END) throw new Error(`event after the demo year at ${isoTime(t)}`);
    const event: EpcisEventJson = {
      type,
      eventID: this.ids.uuidUrn(),
      eventTime: isoTime(t),
      eventTimeZoneOffset: '+00:00',
      ...body,
    };
    this.pending.push({ time: t, seq: this.seq++, event });
    this.eventCount++;
  }

  /** Runs every task and yields the events in time order. */
  *run(): Generator<EpcisEventJson> {
    for (let task = this.tasks.pop(); task; task = this.tasks.pop()) {
      // Every later task runs at >= task.time and emits at >= its own time: release the rest.
      while (this.pending.size && this.pending.peek()!.time < task.time) yield this.pending.pop()!.event;
      this.now = task.time;
      task.run();
    }
    while (this.pending.size) yield this.pending.pop()!.event;
  }
}
