// Plant 1, a bakery (process industry). Raw lots are received and inspected; every working day
// several mixing batches turn flour/yeast/sugar/salt/improver lots into dough lots, which are
// proofed and baked into finished bread lots (sometimes two doughs into one bake: a diamond in
// the genealogy). Finished lots are inspected, packed into cases, cases onto pallets, pallets
// shipped to distributors. PLANTED: one improver lot is contaminated (it passed its incoming
// inspection); bread made from it fails the final inspection with foreign matter far more often.
import { chunk, round, type DemoContext } from './context.ts';
import {
  destroyEvent,
  inspectionEvent,
  packEvent,
  shipEvent,
  transformationEvent,
  unpackEvent,
  type Defect,
  type Where,
} from './events.ts';
import { equipmentId, locationId, lotId, materialId, opId, partyId } from './ids.ts';
import { Purchasing, type RawMaterial } from './purchasing.ts';
import { asLotQty, Stock, type Lot } from './stock.ts';
import { DAY, dayStart, DAYS_IN_YEAR, HOUR, isoDate, MINUTE, weekday } from './time.ts';
import { BAKERY_SITE } from './catalog.ts';

const IMPROVER = 'IMPROVER-E300';
const FLOURS = new Set(['FLOUR-T550', 'FLOUR-RYE-T1150']);
export const BATCHES_PER_DAY = 6; // at scale 1, Monday to Saturday
const WORKING_DAYS_SHARE = 6 / 7;
const PALLET_CASES = 20;
const FINAL_SAMPLE = 20; // pieces taken for the cut test and weighing
export const DISTRIBUTORS = [
  'DIST-FRESHWAY',
  'DIST-HANSEFOOD',
  'DIST-METROBREAD',
  'DIST-ALPENFRISCH',
  'DIST-RHEINGROCER',
  'DIST-CITYMARKT',
  'DIST-BALTICRETAIL',
];
/** Defect codes of the final inspection of bread. */
export const DEFECT_CODES = {
  foreign: 'FOREIGN-MATTER',
  underweight: 'UNDERWEIGHT',
  crust: 'CRUST-COLOR',
  shape: 'SHAPE-DEFORMED',
} as const;
const OPERATORS = ['OP-001', 'OP-002', 'OP-003', 'OP-004', 'OP-005', 'OP-006', 'OP-007', 'OP-008', 'OP-009'];

const site = locationId(BAKERY_SITE);
const at = (code: string): Where => ({ readPoint: locationId(code), bizLocation: site });
const WHERE = {
  receiving: at('BAKERY-RECEIVING'),
  qc: at('BAKERY-QC'),
  line: at('LINE-BAKE-1'),
  packing: at('BAKERY-PACKING'),
  dispatch: at('BAKERY-DISPATCH'),
};

export interface BreadProduct {
  material: string;
  dough: string;
  proofed: string;
  prefix: { dough: string; proofed: string; bread: string };
  share: number;
  /** ingredients per mixing batch in kg (water is added, not tracked as a lot) */
  recipe: { material: string; kg: number }[];
  waterPerFlour: number;
  doughPerPieceKg: number;
  caseSize: number;
  shelfLifeDays: number;
  doughC: number;
  proofMin: number;
  ovenC: number;
  bakeMin: number;
}

export const PRODUCTS: BreadProduct[] = [
  {
    material: 'BREAD-WHEAT-750',
    dough: 'DOUGH-WHEAT',
    proofed: 'PROOFED-WHEAT',
    prefix: { dough: 'DGW', proofed: 'PFW', bread: 'BRW' },
    share: 0.45,
    recipe: [
      { material: 'FLOUR-T550', kg: 150 },
      { material: 'YEAST-FRESH', kg: 3 },
      { material: 'SUGAR', kg: 1.5 },
      { material: 'SALT', kg: 3 },
      { material: IMPROVER, kg: 0.75 },
    ],
    waterPerFlour: 0.62,
    doughPerPieceKg: 0.86,
    caseSize: 24,
    shelfLifeDays: 5,
    doughC: 26,
    proofMin: 55,
    ovenC: 230,
    bakeMin: 42,
  },
  {
    material: 'BREAD-RYE-1000',
    dough: 'DOUGH-RYE',
    proofed: 'PROOFED-RYE',
    prefix: { dough: 'DGR', proofed: 'PFR', bread: 'BRR' },
    share: 0.25,
    recipe: [
      { material: 'FLOUR-RYE-T1150', kg: 110 },
      { material: 'FLOUR-T550', kg: 40 },
      { material: 'YEAST-FRESH', kg: 2.2 },
      { material: 'SALT', kg: 3.2 },
      { material: IMPROVER, kg: 0.5 },
    ],
    waterPerFlour: 0.78,
    doughPerPieceKg: 1.15,
    caseSize: 20,
    shelfLifeDays: 7,
    doughC: 28,
    proofMin: 70,
    ovenC: 245,
    bakeMin: 60,
  },
  {
    material: 'TOAST-WHITE-500',
    dough: 'DOUGH-TOAST',
    proofed: 'PROOFED-TOAST',
    prefix: { dough: 'DGT', proofed: 'PFT', bread: 'TST' },
    share: 0.3,
    recipe: [
      { material: 'FLOUR-T550', kg: 140 },
      { material: 'YEAST-FRESH', kg: 4.2 },
      { material: 'SUGAR', kg: 8.4 },
      { material: 'SALT', kg: 2.6 },
      { material: IMPROVER, kg: 0.9 },
    ],
    waterPerFlour: 0.58,
    doughPerPieceKg: 0.56,
    caseSize: 30,
    shelfLifeDays: 6,
    doughC: 27,
    proofMin: 50,
    ovenC: 210,
    bakeMin: 35,
  },
];

/** Raw materials with their suppliers; daily use follows the recipes and the scale. */
export function rawMaterials(scale: number): RawMaterial[] {
  const batchesPerDay = BATCHES_PER_DAY * scale * WORKING_DAYS_SHARE;
  const dailyGrams = (material: string) =>
    PRODUCTS.reduce((s, p) => s + p.share * (p.recipe.find((r) => r.material === material)?.kg ?? 0), 0) *
    batchesPerDay *
    1000;
  // A run is at least two batches (see produceDay), with some weighing tolerance.
  const maxRunGrams = (material: string) =>
    Math.max(...PRODUCTS.map((p) => p.recipe.find((r) => r.material === material)?.kg ?? 0)) * 2.2 * 1000;
  const raw = (
    material: string,
    prefix: string,
    suppliers: RawMaterial['suppliers'],
    more: Pick<RawMaterial, 'leadDays' | 'shelfLifeDays' | 'failRate' | 'failDefect'> & {
      alternate?: boolean;
    },
  ): RawMaterial => ({
    material,
    prefix,
    uom: 'KGM',
    suppliers,
    dailyUse: dailyGrams(material),
    maxDraw: maxRunGrams(material),
    sampleSize: 3,
    ...more,
  });
  return [
    raw(
      'FLOUR-T550',
      'FLW',
      [
        { party: 'MILL-NORTH', weight: 0.6, lotSize: 1000 },
        { party: 'MILL-RIVERSIDE', weight: 0.4, lotSize: 1000 },
      ],
      { leadDays: 3, shelfLifeDays: 180, failRate: 0.03, failDefect: 'MOISTURE-HIGH' },
    ),
    raw(
      'FLOUR-RYE-T1150',
      'FLR',
      [
        { party: 'MILL-NORTH', weight: 0.5, lotSize: 1000 },
        { party: 'MILL-RIVERSIDE', weight: 0.5, lotSize: 1000 },
      ],
      { leadDays: 4, shelfLifeDays: 150, failRate: 0.03, failDefect: 'FALLING-NUMBER-LOW' },
    ),
    raw('YEAST-FRESH', 'YST', [{ party: 'YEAST-VITALIS', weight: 1, lotSize: 500 }], {
      leadDays: 2,
      shelfLifeDays: 35,
      failRate: 0.02,
      failDefect: 'YEAST-ACTIVITY-LOW',
    }),
    raw('SUGAR', 'SUG', [{ party: 'SWEETSALT-BALTIC', weight: 1, lotSize: 1000 }], {
      leadDays: 5,
      shelfLifeDays: 730,
      failRate: 0.01,
      failDefect: 'FOREIGN-PARTICLES',
    }),
    raw('SALT', 'SLT', [{ party: 'SWEETSALT-BALTIC', weight: 1, lotSize: 1000 }], {
      leadDays: 5,
      shelfLifeDays: 1095,
      failRate: 0.01,
      failDefect: 'MOISTURE-HIGH',
    }),
    // Additive: small use per batch, so one lot feeds hundreds of batches (a genealogy hub).
    raw(
      IMPROVER,
      'IMP',
      [
        { party: 'ADDITIVE-ENZYMATICA', weight: 1, lotSize: 300 },
        { party: 'ADDITIVE-BAKEPRO', weight: 1, lotSize: 200 },
      ],
      { leadDays: 7, shelfLifeDays: 365, failRate: 0.02, failDefect: 'ENZYME-ACTIVITY-LOW', alternate: true },
    ),
  ];
}

interface ProofedDough {
  product: BreadProduct;
  lot: Lot;
  readyAt: number;
  contaminated: boolean;
}

export interface BakeryFacts {
  contaminatedAdditiveLot: string | null;
  /** mixing batches per additive lot */
  additiveBatches: Map<string, number>;
}

export class Bakery {
  readonly facts: BakeryFacts = { contaminatedAdditiveLot: null, additiveBatches: new Map() };
  private readonly stock = new Stock();
  private readonly purchasing: Purchasing;
  private batchCarry = 0;
  private nextOven = 0;
  private nextMixer = 0;
  private blended = false;
  private unpacked = false;
  private cases: { id: string; readyAt: number }[] = [];

  constructor(private readonly ctx: DemoContext) {
    this.purchasing = new Purchasing(
      ctx,
      this.stock,
      { receiving: WHERE.receiving, qc: WHERE.qc, lab: 'LAB-BAKERY', operators: OPERATORS },
      rawMaterials(ctx.scale),
      (lot, time) => this.plantContamination(lot, time),
    );
  }

  /** Schedules the whole year: daily purchasing review, production and dispatch. */
  start(): void {
    const { sim } = this.ctx;
    for (let day = 0; day < DAYS_IN_YEAR; day++) {
      const d0 = dayStart(day);
      // The first review orders opening stock for the next morning.
      sim.at(d0 + 5 * HOUR, () => this.purchasing.review(sim.now, day === 0 ? 1 : undefined));
      if (weekday(d0) === 0 || day < 2) continue; // Sundays off; opening stock arrives on 2 Jan
      sim.at(d0 + 30 * MINUTE, () => this.produceDay(day));
      sim.at(d0 + 10 * HOUR + 30 * MINUTE, () => this.dispatch(day));
    }
  }

  /** The contaminated lot: the first BakePro delivery from February on. */
  private plantContamination(lot: Lot, time: number): boolean {
    if (lot.material !== IMPROVER || lot.supplier !== 'ADDITIVE-BAKEPRO') return false;
    if (this.facts.contaminatedAdditiveLot || time < dayStart(31)) return false;
    this.facts.contaminatedAdditiveLot = lot.id;
    return true;
  }

  private produceDay(day: number): void {
    const { ctx } = this;
    // Fractional scales accumulate: at scale 0.05 a batch runs every few days.
    // Small demos save up for runs of at least two batches, so blending stays possible.
    this.batchCarry += BATCHES_PER_DAY * ctx.scale;
    if (this.batchCarry < 2) return;
    const n = Math.floor(this.batchCarry);
    this.batchCarry -= n;
    // Batches of one product run back to back, which is what makes blending two doughs possible.
    const plan = Array.from({ length: n }, () =>
      ctx.rng.weighted(PRODUCTS.map((p) => [p, p.share] as const)),
    );
    plan.sort((a, b) => PRODUCTS.indexOf(a) - PRODUCTS.indexOf(b));
    const spacing = Math.min(45 * MINUTE, (17 * HOUR) / n); // the last bake is packed before midnight
    const doughs: ProofedDough[] = [];
    plan.forEach((product, i) => {
      const dough = this.mixAndProof(product, ctx.sim.now + i * spacing);
      if (dough) doughs.push(dough);
    });
    for (let i = 0; i < doughs.length;) {
      const a = doughs[i]!;
      const b = doughs[i + 1];
      const blend = b?.product === a.product && (ctx.rng.chance(0.08) || (!this.blended && day >= 20));
      this.bake(blend ? [a, b] : [a]);
      if (blend) this.blended = true;
      i += blend ? 2 : 1;
    }
  }

  /** Mixing (raw lots FIFO -> dough lot), then proofing (dough lot -> proofed dough lot). */
  private mixAndProof(product: BreadProduct, start: number): ProofedDough | null {
    const { ctx, stock } = this;
    const needs = product.recipe.map((r) => ({
      material: r.material,
      grams: Math.round(r.kg * 1000 * ctx.rng.normal(1, 0.01)), // weighing tolerance
    }));
    if (needs.some((n) => stock.onHand(n.material) < n.grams)) return null; // short: batch skipped
    const taken = needs.flatMap((n) => stock.take(n.material, n.grams));
    let contaminated = false;
    for (const { lot } of taken) {
      if (lot.material !== IMPROVER) continue;
      this.facts.additiveBatches.set(lot.id, (this.facts.additiveBatches.get(lot.id) ?? 0) + 1);
      if (lot.id === this.facts.contaminatedAdditiveLot) contaminated = true;
    }
    const flour = taken.filter((t) => FLOURS.has(t.lot.material)).reduce((s, t) => s + t.amount, 0);
    const doughGrams = taken.reduce((s, t) => s + t.amount, 0) + Math.round(flour * product.waterPerFlour);
    const mixMin = round(ctx.rng.normal(11, 1.2));
    const mixEnd = start + mixMin * MINUTE;
    const dough = this.newLot(product.prefix.dough, product.dough, doughGrams, mixEnd);
    const mixer = `MIXER-${(this.nextMixer++ % 2) + 1}`;
    transformationEvent(ctx.sim, mixEnd, {
      op: opId(ctx.numbers.serial('MIX', 6)),
      step: 'mixing',
      bizStep: 'commissioning',
      inputLots: taken.map(({ lot, amount }) => asLotQty(lot, amount)),
      outputLots: [asLotQty(dough, doughGrams)],
      workOrder: ctx.workOrder(product.material, start),
      equipment: equipmentId(mixer),
      operator: ctx.operator(OPERATORS, start),
      where: WHERE.line,
      params: [
        { name: 'mixTime', type: 'gs1:Time', value: mixMin, uom: 'MIN' },
        {
          name: 'doughTemperature',
          type: 'gs1:Temperature',
          value: round(ctx.rng.normal(product.doughC, 0.8)),
          uom: 'CEL',
        },
      ],
      ilmd: { 'lg:material': materialId(product.dough) },
    });

    const proofMin = round(ctx.rng.normal(product.proofMin, 5));
    const proofEnd = mixEnd + 10 * MINUTE + proofMin * MINUTE;
    const proofedGrams = Math.round(doughGrams * 0.997); // a little moisture loss
    const proofed = this.newLot(product.prefix.proofed, product.proofed, proofedGrams, proofEnd);
    transformationEvent(ctx.sim, proofEnd, {
      op: opId(ctx.numbers.serial('PRF', 6)),
      step: 'proofing',
      bizStep: 'commissioning',
      inputLots: [asLotQty(dough, doughGrams)],
      outputLots: [asLotQty(proofed, proofedGrams)],
      workOrder: ctx.workOrder(product.material, start),
      equipment: equipmentId('PROOFER-1'),
      operator: ctx.operator(OPERATORS, proofEnd),
      where: WHERE.line,
      params: [
        { name: 'proofTime', type: 'gs1:Time', value: proofMin, uom: 'MIN' },
        { name: 'humidity', type: 'gs1:RelativeHumidity', value: round(ctx.rng.normal(80, 2.5)), uom: 'P1' },
      ],
      ilmd: { 'lg:material': materialId(product.proofed) },
    });
    return { product, lot: proofed, readyAt: proofEnd, contaminated };
  }

  /** Baking one or two proofed doughs into a finished lot, then final inspection and packing. */
  private bake(doughs: ProofedDough[]): void {
    const { ctx } = this;
    const product = doughs[0]!.product;
    const start = Math.max(...doughs.map((d) => d.readyAt)) + 5 * MINUTE;
    const bakeMin = round(ctx.rng.normal(product.bakeMin, 2));
    const end = start + bakeMin * MINUTE;
    const grams = doughs.reduce((s, d) => s + d.lot.size, 0);
    const pieces = Math.floor(grams / (product.doughPerPieceKg * 1000));
    const bread = this.newLot(product.prefix.bread, product.material, pieces, end, 'H87');
    const oven = `OVEN-${(this.nextOven++ % 2) + 1}`;
    transformationEvent(ctx.sim, end, {
      op: opId(ctx.numbers.serial('BAK', 6)),
      step: 'baking',
      bizStep: 'commissioning',
      inputLots: doughs.map((d) => asLotQty(d.lot, d.lot.size)),
      outputLots: [asLotQty(bread, pieces)],
      workOrder: ctx.workOrder(product.material, start),
      equipment: equipmentId(oven),
      operator: ctx.operator(OPERATORS, start),
      where: WHERE.line,
      params: [
        {
          name: 'ovenTemperature',
          type: 'gs1:Temperature',
          value: round(ctx.rng.normal(product.ovenC, 3)),
          uom: 'CEL',
        },
        { name: 'bakeTime', type: 'gs1:Time', value: bakeMin, uom: 'MIN' },
      ],
      ilmd: {
        'lg:material': materialId(product.material),
        'cbvmda:bestBeforeDate': isoDate(end + product.shelfLifeDays * DAY),
      },
    });
    const contaminated = doughs.some((d) => d.contaminated);
    const passed = this.finalInspection(bread, end + 60 * MINUTE, contaminated);
    if (passed) this.packCases(bread, product, end + 75 * MINUTE);
    else destroyEvent(ctx.sim, end + 90 * MINUTE, { lots: [asLotQty(bread, pieces)], where: WHERE.qc });
  }

  /** Final inspection on a sample; the contaminated improver shows up as foreign matter. */
  private finalInspection(bread: Lot, time: number, contaminated: boolean): boolean {
    const { rng, sim } = this.ctx;
    const defects: Defect[] = [];
    if (rng.chance(contaminated ? 0.35 : 0.008))
      defects.push({ code: DEFECT_CODES.foreign, quantity: rng.int(1, 2), severity: 'critical' });
    if (rng.chance(0.015))
      defects.push({ code: DEFECT_CODES.underweight, quantity: rng.int(1, 3), severity: 'major' });
    if (rng.chance(0.06))
      defects.push({ code: DEFECT_CODES.crust, quantity: rng.int(1, 3), severity: 'minor' });
    if (rng.chance(0.05))
      defects.push({ code: DEFECT_CODES.shape, quantity: rng.int(1, 2), severity: 'minor' });
    return (
      inspectionEvent(sim, time, {
        kind: 'final',
        lots: [bread.id],
        sampleSize: FINAL_SAMPLE,
        defects,
        step: 'final_inspection',
        equipment: equipmentId('XRAY-1'),
        operator: this.ctx.operator(OPERATORS, time),
        where: WHERE.qc,
      }) === 'pass'
    );
  }

  /** Cases hold pieces of one finished lot (childQuantityList); the sample is not packed. */
  private packCases(bread: Lot, product: BreadProduct, start: number): void {
    const { ctx } = this;
    let left = bread.size - FINAL_SAMPLE;
    for (let k = 0; left > 0; k++) {
      const n = Math.min(product.caseSize, left);
      left -= n;
      const id = ctx.newContainer('CASE');
      const t = start + k * 30_000;
      packEvent(ctx.sim, t, { parent: id, childLots: [asLotQty(bread, n)], where: WHERE.packing });
      this.cases.push({ id, readyAt: t });
    }
  }

  /** Late morning: ready cases go onto pallets, pallets ship to distributors. */
  private dispatch(day: number): void {
    const { ctx } = this;
    const now = ctx.sim.now;
    const ready = this.cases.filter((c) => c.readyAt <= now).map((c) => c.id);
    this.cases = this.cases.filter((c) => c.readyAt > now);
    if (ready.length === 0) return;
    const loads = chunk(ready, PALLET_CASES);
    const pallets: string[] = [];
    let carried: string | null = null;
    let t = now + 5 * MINUTE;
    loads.forEach((load, j) => {
      const children = carried ? [carried, ...load] : load;
      carried = null;
      const pallet = ctx.newContainer('PAL');
      pallets.push(pallet);
      packEvent(ctx.sim, t, { parent: pallet, childEPCs: children, where: WHERE.dispatch });
      // Now and then a case comes off a pallet before it ships (damaged label, wrong count):
      // it goes onto the next pallet or back into stock. Packing is therefore time-bounded.
      if (children.length >= 2 && (ctx.rng.chance(0.03) || (!this.unpacked && day >= 10))) {
        this.unpacked = true;
        const removed = children[ctx.rng.int(0, children.length - 1)]!;
        unpackEvent(ctx.sim, t + 2 * MINUTE, { parent: pallet, childEPCs: [removed], where: WHERE.dispatch });
        if (j + 1 < loads.length && ctx.rng.chance(0.6)) carried = removed;
        else this.cases.push({ id: removed, readyAt: t + 2 * MINUTE });
      }
      t += 4 * MINUTE;
    });
    // One shipment per distributor served today; the starting distributor rotates daily.
    const byCustomer = new Map<string, string[]>();
    pallets.forEach((p, j) => {
      const customer = DISTRIBUTORS[(day + j) % DISTRIBUTORS.length]!;
      byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), p]);
    });
    let k = 0;
    for (const [customer, epcs] of byCustomer) {
      shipEvent(ctx.sim, t + 30 * MINUTE + k++ * 10 * MINUTE, {
        epcs,
        customer: partyId(customer),
        shipment: ctx.newShipment(),
        where: WHERE.dispatch,
      });
    }
  }

  private newLot(prefix: string, material: string, size: number, time: number, uom: Lot['uom'] = 'KGM'): Lot {
    this.ctx.totals.lots++;
    return { id: lotId(this.ctx.numbers.lotCode(prefix, time)), material, uom, size, left: size };
  }
}
