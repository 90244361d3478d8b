import { describe, expect, it } from 'vitest';
import { parseEpcisDocument } from '../../domain/epcis.ts';
import { generateDemo, type DemoFacts } from './demo.generator.ts';

// The fields these checks read; everything else is validated by parseEpcisDocument.
interface Qty {
  epcClass: string;
  quantity?: number;
  uom?: string;
}
interface Ev {
  type: string;
  eventID: string;
  eventTime: string;
  action?: string;
  bizStep?: string;
  parentID?: string;
  'lg:step'?: string;
  'lg:inspection'?: { 'lg:kind': string; 'lg:result': string };
  quantityList?: Qty[];
  inputQuantityList?: Qty[];
  outputQuantityList?: Qty[];
  childQuantityList?: Qty[];
  epcList?: string[];
  inputEPCList?: string[];
  outputEPCList?: string[];
  childEPCs?: string[];
  sensorElementList?: { sensorReport: { value?: number; 'lg:parameter'?: string }[] }[];
}
type Doc = Record<string, unknown> & { epcisBody: { eventList: Ev[] } };

function generate(scale: number, seed: number, batchSize?: number) {
  const demo = generateDemo({ scale, seed, ...(batchSize ? { batchSize } : {}) });
  const docs = [...demo.documents] as Doc[];
  return { docs, events: docs.flatMap((d) => d.epcisBody.eventList), facts: demo.facts() };
}

const param = (e: Ev, name: string) =>
  e.sensorElementList?.flatMap((s) => s.sensorReport).find((r) => r['lg:parameter'] === name)?.value;

/** Per board: the lots it contains (reflow and rework inputs), its reflow peak, whether FCT ever failed. */
function boardHistory(events: Ev[]) {
  const boards = new Map<string, { lots: Set<string>; peak: number; failed: boolean }>();
  for (const e of events) {
    if (e.type !== 'TransformationEvent') continue;
    const peak = param(e, 'peakTemperature');
    if (peak !== undefined)
      for (const b of e.outputEPCList ?? [])
        boards.set(b, { lots: new Set(e.inputQuantityList?.map((q) => q.epcClass)), peak, failed: false });
    else if (e['lg:step'] === 'rework')
      for (const b of e.inputEPCList ?? [])
        for (const q of e.inputQuantityList ?? []) boards.get(b)!.lots.add(q.epcClass);
  }
  for (const e of events)
    if (e['lg:inspection']?.['lg:kind'] === 'fct' && e['lg:inspection']['lg:result'] === 'fail')
      for (const b of e.epcList ?? []) boards.get(b)!.failed = true;
  return [...boards.values()];
}

const failRate = (boards: { failed: boolean }[]) => boards.filter((b) => b.failed).length / boards.length;

describe('demo generator', () => {
  it('is deterministic: same seed, identical JSON; another seed differs', () => {
    const a = JSON.stringify(generate(0.02, 7).docs);
    const b = JSON.stringify(generate(0.02, 7).docs);
    const c = JSON.stringify(generate(0.02, 8).docs);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  describe('at scale 0.05', () => {
    const { docs, events, facts } = generate(0.05, 1, 1000);

    it('emits valid EPCIS documents, master data first, at most batchSize events each, in time order', () => {
      expect(docs.length).toBeGreaterThan(3);
      docs.forEach((doc, i) => {
        const parsed = parseEpcisDocument(doc);
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems.slice(0, 5)));
        expect(parsed.doc.context).toContainEqual({ lg: 'urn:lotgraph:ext:' });
        expect(doc.epcisBody.eventList.length).toBeLessThanOrEqual(1000);
        expect(parsed.doc.masterData.length > 0).toBe(i === 0);
      });
      const times = events.map((e) => e.eventTime);
      expect(times.every((t, i) => i === 0 || times[i - 1]! <= t)).toBe(true);
      expect(times[0]! >= '2025-01-01T00:00:00Z' && times.at(-1)! < '2026-01-01T00:00:00Z').toBe(true);
      expect(events.every((e) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(e.eventTime))).toBe(true);
      const v4 = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
      expect(events.every((e) => v4.test(e.eventID))).toBe(true);
      expect(new Set(events.map((e) => e.eventID)).size).toBe(events.length);
      expect(facts.counts.events).toBe(events.length);
    });

    it('produces every kind of event', () => {
      const steps = new Set(events.map((e) => e['lg:step'] ?? e.bizStep));
      for (const step of [
        'receiving',
        'incoming_inspection',
        'mixing',
        'proofing',
        'baking',
        'final_inspection',
        'packing',
        'unpacking',
        'shipping',
        'destroying',
        'smt_reflow',
        'aoi',
        'fct',
        'rework',
        'fct_retest',
        'assembly',
        'eol_test',
      ])
        expect(steps, step).toContain(step);
      // a diamond: a bake with two dough inputs
      expect(events.some((e) => e['lg:step'] === 'baking' && e.inputQuantityList!.length === 2)).toBe(true);
    });

    it('never consumes a lot beyond its quantity, nor before it was received or made', () => {
      const size = new Map<string, number>();
      const madeAt = new Map<string, string>();
      const used = new Map<string, number>();
      for (const e of events) {
        const made = e.bizStep === 'receiving' ? e.quantityList : e.outputQuantityList;
        for (const q of made ?? []) {
          expect(madeAt.has(q.epcClass), `${q.epcClass} made twice`).toBe(false);
          size.set(q.epcClass, q.quantity!);
          madeAt.set(q.epcClass, e.eventTime);
        }
        const consumed = [
          ...(e.inputQuantityList ?? []),
          ...(e.action === 'ADD' ? (e.childQuantityList ?? []) : []),
        ];
        for (const q of consumed) {
          const at = madeAt.get(q.epcClass);
          expect(at !== undefined && at < e.eventTime, `${q.epcClass} used at ${e.eventTime}`).toBe(true);
          used.set(q.epcClass, (used.get(q.epcClass) ?? 0) + q.quantity!);
        }
      }
      expect(used.size).toBeGreaterThan(100);
      for (const [lot, n] of used) expect(n, lot).toBeLessThanOrEqual(size.get(lot)! + 1e-9);
    });

    it('names planted lots and a sample unit that exist in the events', () => {
      const received = new Set(
        events.filter((e) => e.bizStep === 'receiving').map((e) => e.quantityList![0]!.epcClass),
      );
      expect(received).toContain(facts.contaminatedAdditiveLot);
      expect(received).toContain(facts.mostUsedAdditiveLot);
      expect(received).toContain(facts.badCapacitorLot);
      expect(facts.mostUsedAdditiveLot).not.toBe(facts.contaminatedAdditiveLot);
      // the escape: the contaminated lot passed its incoming inspection and went into production
      const incoming = events.find(
        (e) =>
          e['lg:step'] === 'incoming_inspection' &&
          e.quantityList![0]!.epcClass === facts.contaminatedAdditiveLot,
      );
      expect(incoming?.['lg:inspection']?.['lg:result']).toBe('pass');
      expect(
        events.some((e) => e.inputQuantityList?.some((q) => q.epcClass === facts.contaminatedAdditiveLot)),
      ).toBe(true);
      // sample unit: ECU -> tray -> pallet -> shipped
      const parentOf = (child: string) =>
        events.find((e) => e.action === 'ADD' && e.childEPCs?.includes(child))?.parentID;
      const pallet = parentOf(parentOf(facts.sampleUnit)!)!;
      expect(events.some((e) => e.bizStep === 'shipping' && e.epcList?.includes(pallet))).toBe(true);
    });
  });

  // Planted effects need some volume to be measured: scale 0.2 is ~5k boards and ~350 bread lots.
  describe('planted problems at scale 0.2', () => {
    const { events, facts } = generate(0.2, 1);
    const boards = boardHistory(events);

    it('boards with the bad capacitor lot fail FCT at least 4x as often as the others', () => {
      const bad = boards.filter((b) => b.lots.has(facts.badCapacitorLot));
      const others = boards.filter((b) => !b.lots.has(facts.badCapacitorLot));
      expect(bad.length).toBeGreaterThan(100);
      expect(failRate(bad)).toBeGreaterThanOrEqual(4 * failRate(others));
    });

    it('boards reflowed inside the peak-temperature band fail at least 2x as often as outside', () => {
      const { min, max } = facts.reflowBand;
      const inside = boards.filter((b) => b.peak >= min && b.peak <= max);
      const outside = boards.filter((b) => b.peak < min || b.peak > max);
      expect(inside.length).toBeGreaterThan(100);
      expect(outside.length).toBeGreaterThan(inside.length);
      // the band is a range of the recorded values, not beyond them
      expect(Math.max(...boards.map((b) => b.peak))).toBeLessThanOrEqual(max);
      expect(failRate(inside)).toBeGreaterThanOrEqual(2 * failRate(outside));
    });

    it('bread made from the contaminated additive fails final inspection with foreign matter far more often', () => {
      // lot -> the additive lots upstream of it (dough -> proofed dough -> bread)
      const upstream = new Map<string, Set<string>>();
      for (const e of events) {
        if (e.type !== 'TransformationEvent' || !e.outputQuantityList) continue;
        const from = new Set<string>();
        for (const q of e.inputQuantityList ?? []) {
          if (q.epcClass.includes(':IMP-')) from.add(q.epcClass);
          for (const x of upstream.get(q.epcClass) ?? []) from.add(x);
        }
        upstream.set(e.outputQuantityList[0]!.epcClass, from);
      }
      const finals = events.filter((e) => e['lg:step'] === 'final_inspection');
      const foreign = (e: Ev) => JSON.stringify(e['lg:inspection']).includes('FOREIGN-MATTER');
      const rate = (xs: Ev[]) => xs.filter(foreign).length / xs.length;
      const hit = finals.filter((e) =>
        upstream.get(e.quantityList![0]!.epcClass)!.has(facts.contaminatedAdditiveLot),
      );
      const rest = finals.filter((e) => !hit.includes(e));
      expect(hit.length).toBeGreaterThan(20);
      expect(rate(hit)).toBeGreaterThan(4 * Math.max(0.01, rate(rest)));
    });
  });

  it('has realistic volumes at scale 1', { timeout: 60_000 }, () => {
    const demo = generateDemo({ scale: 1, seed: 1 });
    let docs = 0;
    for (const _ of demo.documents) docs++;
    const c: DemoFacts['counts'] = demo.facts().counts;
    expect(docs).toBeGreaterThan(10);
    expect(c.events).toBeGreaterThanOrEqual(80_000);
    expect(c.events).toBeLessThanOrEqual(150_000);
    expect(c.lots).toBeGreaterThanOrEqual(2_000);
    expect(c.lots).toBeLessThan(20_000);
    expect(c.units).toBeGreaterThanOrEqual(20_000);
    expect(c.units).toBeLessThan(100_000);
    expect(c.containers).toBeGreaterThan(1_000);
    expect(c.shipments).toBeGreaterThan(100);
  });
});
