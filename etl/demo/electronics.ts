// Plant 2, automotive electronics (discrete). Reel lots are received and inspected; weekly work
// orders drive SMT + reflow per panel batch (reel lots in, serialized boards out, reflow profile
// recorded), AOI per batch and FCT per board. Failed boards are reworked with fresh capacitors
// and retested, or scrapped. Good boards become ECUs (board + housing), which pass an
// end-of-line test, go into trays, trays onto pallets, pallets to car makers.
// PLANTED: one capacitor lot fails FCT ~10x more often than baseline, and boards reflowed with
// a peak temperature inside REFLOW_BAND fail FCT clearly more often.
import { chunk, round, type DemoContext } from './context.ts';
import {
  destroyEvent,
  inspectionEvent,
  packEvent,
  shipEvent,
  transformationEvent,
  type Defect,
  type Where,
} from './events.ts';
import { equipmentId, locationId, materialId, opId, partyId } from './ids.ts';
import { Purchasing, type RawMaterial } from './purchasing.ts';
import { asLotQty, Stock, type Lot } from './stock.ts';
import { dayStart, DAYS_IN_YEAR, HOUR, MINUTE, weekday, YEAR_START, DAY } from './time.ts';
import { ECU_SITE } from './catalog.ts';

const CAP = 'CAP-MLCC-10UF';
export const BOARDS_PER_DAY = 98; // at scale 1, Monday to Friday
const WORKING_DAYS_SHARE = 5 / 7;
const TRAY_ECUS = 24;
const PALLET_TRAYS = 12;
const REWORK_CAPS = 2;
const MIN_BATCH = 20;
const MAX_BATCH = 60;

/** FCT failure model: independent causes, so rates compound honestly. */
export const BASE_FAIL = 0.015;
export const BAD_CAP_FAIL = 0.15; // ~10x baseline
export const BAND_FAIL = 0.09;
export const RETEST_FAIL = 0.1; // a rework does not always fix the board
export const REWORK_SHARE = 0.6; // the rest of the failed boards are scrapped
export const EOL_FAIL = 0.004;

/** The reflow peak-temperature band that lowers yield, inclusive, on the recorded (rounded) value. */
export const REFLOW_BAND = { parameter: 'peakTemperature', min: 249, max: 255, uom: 'CEL' } as const;
const PEAK_LIMITS = { min: 235, max: 255 }; // the profile's allowed window; readings are clamped to it
export const REFLOW_PROFILE: Record<number, { mean: number; sd: number }> = {
  1: { mean: 242, sd: 3.5 },
  2: { mean: 246.5, sd: 4 }, // oven 2 runs hot: its upper tail reaches the band
};

/** Defect codes of the board's inspections: AOI findings, FCT causes (first test and retest), end of line. */
export const DEFECT_CODES = {
  aoi: ['AOI-SOLDER-BRIDGE', 'AOI-TOMBSTONE', 'AOI-INSUFFICIENT-PASTE'],
  fctBase: ['FCT-CAN-COMM', 'FCT-SUPPLY-CURRENT', 'FCT-SENSOR-OFFSET', 'FCT-FLASH-VERIFY'],
  fctRetest: ['FCT-SUPPLY-CURRENT', 'FCT-INTERMITTENT-CONTACT'],
  fctBadCap: 'FCT-LEAKAGE-CURRENT',
  fctBand: 'FCT-INTERMITTENT-CONTACT',
  eol: ['EOL-CURRENT-DRAW', 'EOL-LIN-COMM'],
} as const;

const JULY = YEAR_START + 181 * DAY;
const OPERATORS = [
  'OP-101',
  'OP-102',
  'OP-103',
  'OP-104',
  'OP-105',
  'OP-106',
  'OP-107',
  'OP-108',
  'OP-109',
  'OP-110',
  'OP-111',
  'OP-112',
];

const site = locationId(ECU_SITE);
const at = (code: string): Where => ({ readPoint: locationId(code), bizLocation: site });
const WHERE = {
  receiving: at('ECU-RECEIVING'),
  qc: at('ECU-QC'),
  smt: { 1: at('LINE-SMT-1'), 2: at('LINE-SMT-2') } as Record<number, Where>,
  test: at('LINE-TEST'),
  rework: at('LINE-REWORK'),
  assembly: at('LINE-ASSY-1'),
  packing: at('ECU-PACKING'),
  dispatch: at('ECU-DISPATCH'),
};

export interface EcuProduct {
  ecu: string;
  board: string;
  bare: string;
  housing: string;
  share: number;
  capsPerBoard: number;
  sensorsPerBoard: number;
  customers: string[];
}

export const PRODUCTS: EcuProduct[] = [
  {
    ecu: 'ECU-BCM',
    board: 'PCBA-BCM',
    bare: 'PCB-BARE-BCM',
    housing: 'HOUSING-BCM',
    share: 0.6,
    capsPerBoard: 10,
    sensorsPerBoard: 1,
    customers: ['OEM-AUTOVIA', 'OEM-NORDWAGEN'],
  },
  {
    ecu: 'ECU-SCM',
    board: 'PCBA-SCM',
    bare: 'PCB-BARE-SCM',
    housing: 'HOUSING-SCM',
    share: 0.4,
    capsPerBoard: 8,
    sensorsPerBoard: 2,
    customers: ['OEM-KAROSSA', 'OEM-NORDWAGEN'],
  },
];

/** What one board takes from the reels (per board). */
export const bom = (p: EcuProduct) => [
  { material: 'MCU-ARM-M4', qty: 1 },
  { material: CAP, qty: p.capsPerBoard },
  { material: 'SENSOR-HALL', qty: p.sensorsPerBoard },
  { material: p.bare, qty: 1 },
];

export function rawMaterials(scale: number): RawMaterial[] {
  const boardsPerDay = BOARDS_PER_DAY * scale * WORKING_DAYS_SHARE;
  const dailyUse = (material: string) =>
    PRODUCTS.reduce(
      (s, p) =>
        s +
        p.share *
          ((bom(p).find((b) => b.material === material)?.qty ?? 0) + (p.housing === material ? 1 : 0)),
      0,
    ) *
      boardsPerDay +
    (material === CAP ? boardsPerDay * 0.02 * REWORK_CAPS : 0);
  // A panel batch (or an assembly run of one batch's boards) is the largest single draw.
  const perBoardMax = (material: string) =>
    Math.max(
      ...PRODUCTS.map(
        (p) => (bom(p).find((b) => b.material === material)?.qty ?? 0) + (p.housing === material ? 1 : 0),
      ),
    );
  const raw = (
    material: string,
    prefix: string,
    suppliers: RawMaterial['suppliers'],
    more: Pick<RawMaterial, 'leadDays' | 'sampleSize' | 'failRate' | 'failDefect'>,
  ): RawMaterial => ({
    material,
    prefix,
    uom: 'H87',
    suppliers,
    dailyUse: dailyUse(material),
    maxDraw: perBoardMax(material) * MAX_BATCH,
    shelfLifeDays: 730,
    ...more,
  });
  const inspection = (failDefect: string) => ({ sampleSize: 32, failRate: 0.012, failDefect });
  return [
    raw('MCU-ARM-M4', 'MCU', [{ party: 'SEMI-ORION', weight: 1, lotSize: 2000 }], {
      leadDays: 10,
      ...inspection('MARKING-ERROR'),
    }),
    raw(
      CAP,
      'CAP',
      [
        { party: 'CAP-KAIZEN', weight: 0.55, lotSize: 4000 },
        { party: 'CAP-VOLTARA', weight: 0.45, lotSize: 10000 }, // 13-inch reels
      ],
      { leadDays: 7, ...inspection('CAPACITANCE-OUT-OF-TOL'), sampleSize: 50 },
    ),
    raw('SENSOR-HALL', 'SNS', [{ party: 'SENS-ALPINE', weight: 1, lotSize: 3000 }], {
      leadDays: 10,
      ...inspection('SENSITIVITY-OUT-OF-TOL'),
    }),
    raw('PCB-BARE-BCM', 'PBB', [{ party: 'PCB-CIRCUITWEST', weight: 1, lotSize: 1000 }], {
      leadDays: 14,
      ...inspection('PCB-WARPAGE'),
    }),
    raw('PCB-BARE-SCM', 'PBS', [{ party: 'PCB-CIRCUITWEST', weight: 1, lotSize: 1000 }], {
      leadDays: 14,
      ...inspection('PCB-WARPAGE'),
    }),
    raw('HOUSING-BCM', 'HSB', [{ party: 'HOUSING-POLYMOLD', weight: 1, lotSize: 1000 }], {
      leadDays: 7,
      ...inspection('HOUSING-FLASH'),
    }),
    raw('HOUSING-SCM', 'HSS', [{ party: 'HOUSING-POLYMOLD', weight: 1, lotSize: 1000 }], {
      leadDays: 7,
      ...inspection('HOUSING-FLASH'),
    }),
  ];
}

interface Board {
  id: string;
  product: EcuProduct;
  badCap: boolean;
  inBand: boolean;
}
interface Ready<T> {
  item: T;
  readyAt: number;
}
interface Tray {
  id: string;
  ecus: string[];
}

export interface ElectronicsFacts {
  badCapacitorLot: string | null;
  /** first ECU shipped from July on (else the first shipped at all) */
  sampleUnit: string | null;
}

export class Electronics {
  readonly facts: ElectronicsFacts = { badCapacitorLot: null, sampleUnit: null };
  private readonly stock = new Stock();
  private readonly purchasing: Purchasing;
  private boardCarry = 0;
  private nextBatchSize: number;
  private nextLine = 0;
  private boards: Ready<Board>[] = [];
  private reworkQueue: Ready<Board>[] = [];
  private ecus = new Map<EcuProduct, Ready<string>[]>(PRODUCTS.map((p) => [p, []]));
  private trays = new Map<EcuProduct, Ready<Tray>[]>(PRODUCTS.map((p) => [p, []]));
  private shipRound = new Map<EcuProduct, number>();
  private sampleAfterJuly = false;

  constructor(private readonly ctx: DemoContext) {
    this.nextBatchSize = ctx.rng.int(MIN_BATCH, MAX_BATCH);
    this.purchasing = new Purchasing(
      ctx,
      this.stock,
      { receiving: WHERE.receiving, qc: WHERE.qc, lab: 'LAB-ECU', operators: OPERATORS },
      rawMaterials(ctx.scale),
      (lot, time) => this.plantBadCapacitor(lot, time),
    );
  }

  start(): void {
    const { sim } = this.ctx;
    for (let day = 0; day < DAYS_IN_YEAR; day++) {
      const d0 = dayStart(day);
      sim.at(d0 + 5 * HOUR + 15 * MINUTE, () => this.purchasing.review(sim.now, day === 0 ? 1 : undefined));
      const wd = weekday(d0);
      if (wd === 0 || wd === 6 || day < 2) continue; // Monday to Friday, from 3 January
      sim.at(d0 + 6 * HOUR, () => this.smtDay());
      sim.at(d0 + 8 * HOUR, () => this.reworkDue());
      sim.at(d0 + 13 * HOUR, () => this.assemble());
      sim.at(d0 + 19 * HOUR + 30 * MINUTE, () => this.assemble());
      if (wd === 2 || wd === 5) sim.at(d0 + 10 * HOUR, () => this.ship()); // Tuesday, Friday
    }
  }

  /** The planted lot: the first Voltara capacitor reel delivered from April on. */
  private plantBadCapacitor(lot: Lot, time: number): boolean {
    if (lot.material !== CAP || lot.supplier !== 'CAP-VOLTARA') return false;
    if (this.facts.badCapacitorLot || time < dayStart(90)) return false;
    this.facts.badCapacitorLot = lot.id;
    return true;
  }

  /** The day's panel batches (20-60 boards each), spread over two SMT lines. */
  private smtDay(): void {
    const { ctx } = this;
    this.boardCarry += BOARDS_PER_DAY * ctx.scale;
    const sizes: number[] = [];
    while (this.boardCarry >= this.nextBatchSize) {
      sizes.push(this.nextBatchSize);
      this.boardCarry -= this.nextBatchSize;
      this.nextBatchSize = ctx.rng.int(MIN_BATCH, MAX_BATCH);
    }
    const spacing = Math.min(3 * HOUR, (13 * HOUR) / Math.max(1, sizes.length)); // done by ~21:00
    sizes.forEach((size, i) => {
      const product = ctx.rng.weighted(PRODUCTS.map((p) => [p, p.share] as const));
      const line = (this.nextLine++ % 2) + 1;
      if (!this.smtBatch(product, size, line, ctx.sim.now + i * spacing)) this.boardCarry += size; // short: later
    });
  }

  /** SMT + reflow: reel lots in (pieces), serialized boards out; then AOI and FCT. */
  private smtBatch(product: EcuProduct, size: number, line: number, start: number): boolean {
    const { ctx, stock } = this;
    const needs = bom(product).map((b) => ({ material: b.material, qty: b.qty * size }));
    if (needs.some((n) => stock.onHand(n.material) < n.qty)) return false;
    const taken = needs.flatMap((n) => stock.take(n.material, n.qty));
    const badCap = taken.some((t) => t.lot.id === this.facts.badCapacitorLot);

    const profile = REFLOW_PROFILE[line]!;
    const peak = round(
      Math.min(PEAK_LIMITS.max, Math.max(PEAK_LIMITS.min, ctx.rng.normal(profile.mean, profile.sd))),
    );
    // Decided on the recorded value, so the band is an honest range of the data.
    const inBand = peak >= REFLOW_BAND.min && peak <= REFLOW_BAND.max;
    const end = start + 25 * MINUTE + size * 20_000;
    const boards: Board[] = Array.from({ length: size }, () => ({
      id: ctx.newUnit('PCB', 7),
      product,
      badCap,
      inBand,
    }));
    const units = boards.map((b) => b.id);
    transformationEvent(ctx.sim, end, {
      op: opId(ctx.numbers.serial('SMT', 6)),
      step: 'smt_reflow',
      bizStep: 'commissioning',
      inputLots: taken.map(({ lot, amount }) => asLotQty(lot, amount)),
      outputUnits: units,
      workOrder: ctx.workOrder(product.ecu, start),
      equipment: equipmentId(`REFLOW-${line}`),
      operator: ctx.operator(OPERATORS, start),
      where: WHERE.smt[line]!,
      params: [
        { name: 'peakTemperature', type: 'gs1:Temperature', value: peak, uom: 'CEL' },
        {
          name: 'timeAboveLiquidus',
          type: 'gs1:Time',
          value: Math.round(ctx.rng.normal(62 + (peak - 242) * 1.2, 4)),
          uom: 'SEC',
        },
        // UN/CEFACT has no code for cm/min; 2X is metre per minute.
        { name: 'conveyorSpeed', type: 'gs1:Speed', value: round(ctx.rng.normal(0.8, 0.03), 2), uom: '2X' },
      ],
      ilmd: { 'lg:material': materialId(product.board) },
    });
    this.aoi(units, line, end + 10 * MINUTE);
    const fctStart = end + 40 * MINUTE;
    boards.forEach((b, k) => this.fct(b, fctStart + k * 30_000, `FCT-${(k % 2) + 1}`, null));
    return true;
  }

  /** AOI of the whole batch; findings are minor and repaired inline. */
  private aoi(units: string[], line: number, time: number): void {
    const { ctx } = this;
    const defects: Defect[] = [];
    if (ctx.rng.chance(0.15))
      defects.push({
        code: ctx.rng.pick(DEFECT_CODES.aoi),
        quantity: ctx.rng.int(1, 2),
        severity: 'minor',
      });
    inspectionEvent(ctx.sim, time, {
      kind: 'aoi',
      units,
      sampleSize: units.length,
      defects,
      step: 'aoi',
      equipment: equipmentId(`AOI-${line}`),
      where: WHERE.smt[line]!,
    });
  }

  /**
   * Functional test of one board. `reworkCapBad` is null on the first test; after a rework it
   * says whether the fresh capacitors came from the bad lot.
   */
  private fct(board: Board, time: number, tester: string, reworkCapBad: boolean | null): void {
    const { ctx } = this;
    const { rng } = ctx;
    let code: string | null = null;
    if (reworkCapBad === null) {
      const capFail = board.badCap && rng.chance(BAD_CAP_FAIL);
      const bandFail = board.inBand && rng.chance(BAND_FAIL);
      const baseFail = rng.chance(BASE_FAIL);
      if (capFail) code = DEFECT_CODES.fctBadCap;
      else if (bandFail) code = DEFECT_CODES.fctBand;
      else if (baseFail) code = rng.pick(DEFECT_CODES.fctBase);
    } else {
      if (reworkCapBad && rng.chance(BAD_CAP_FAIL)) code = DEFECT_CODES.fctBadCap;
      else if (rng.chance(RETEST_FAIL)) code = rng.pick(DEFECT_CODES.fctRetest);
    }
    const result = inspectionEvent(ctx.sim, time, {
      kind: 'fct',
      units: [board.id],
      sampleSize: 1,
      defects: code ? [{ code, quantity: 1, severity: 'major' }] : [],
      step: reworkCapBad === null ? 'fct' : 'fct_retest',
      equipment: equipmentId(tester),
      where: WHERE.test,
    });
    if (result === 'pass') this.boards.push({ item: board, readyAt: time });
    else if (reworkCapBad === null && rng.chance(REWORK_SHARE))
      this.reworkQueue.push({ item: board, readyAt: time });
    else destroyEvent(ctx.sim, time + 30 * MINUTE, { units: [board.id], where: WHERE.test });
  }

  /** Morning rework: failed boards get fresh capacitors (board in -> same board out) and a retest. */
  private reworkDue(): void {
    const { ctx, stock } = this;
    const now = ctx.sim.now;
    const due = this.reworkQueue.filter((r) => r.readyAt <= now);
    this.reworkQueue = this.reworkQueue.filter((r) => r.readyAt > now);
    const spacing = Math.min(12 * MINUTE, (8 * HOUR) / Math.max(1, due.length));
    due.forEach(({ item: board }, k) => {
      const t = now + k * spacing;
      if (stock.onHand(CAP) < REWORK_CAPS) {
        this.reworkQueue.push({ item: board, readyAt: now });
        return;
      }
      const taken = stock.take(CAP, REWORK_CAPS);
      transformationEvent(ctx.sim, t + 10 * MINUTE, {
        op: opId(ctx.numbers.serial('RWK', 6)),
        step: 'rework',
        bizStep: 'repairing',
        inputUnits: [board.id],
        inputLots: taken.map(({ lot, amount }) => asLotQty(lot, amount)),
        outputUnits: [board.id],
        workOrder: ctx.workOrder(board.product.ecu, t),
        equipment: equipmentId('REWORK-1'),
        operator: ctx.operator(OPERATORS, t),
        where: WHERE.rework,
        ilmd: { 'lg:material': materialId(board.product.board) },
      });
      const capBad = taken.some((x) => x.lot.id === this.facts.badCapacitorLot);
      this.fct(board, t + 30 * MINUTE, 'FCT-1', capBad);
    });
  }

  /** Assembly run: each tested board plus one housing becomes a serialized ECU, then EOL test. */
  private assemble(): void {
    const { ctx, stock } = this;
    const now = ctx.sim.now;
    const ready = this.boards.filter((b) => b.readyAt <= now);
    this.boards = this.boards.filter((b) => b.readyAt > now);
    const spacing = Math.min(45_000, (150 * MINUTE) / Math.max(1, ready.length));
    let runEnd = now;
    ready.forEach((entry, k) => {
      const board = entry.item;
      const t = now + k * spacing;
      if (stock.onHand(board.product.housing) < 1) {
        this.boards.push(entry); // no housing: waits for the next run
        return;
      }
      const [housing] = stock.take(board.product.housing, 1);
      const ecu = ctx.newUnit('ECU', 6);
      transformationEvent(ctx.sim, t, {
        op: opId(ctx.numbers.serial('ASM', 7)),
        step: 'assembly',
        bizStep: 'assembling',
        inputUnits: [board.id],
        inputLots: [asLotQty(housing!.lot, 1)],
        outputUnits: [ecu],
        workOrder: ctx.workOrder(board.product.ecu, t),
        equipment: equipmentId('ASSY-1'),
        operator: ctx.operator(OPERATORS, t),
        where: WHERE.assembly,
        ilmd: { 'lg:material': materialId(board.product.ecu) },
      });
      const tested = t + 3 * MINUTE;
      runEnd = Math.max(runEnd, tested);
      const fail = ctx.rng.chance(EOL_FAIL);
      inspectionEvent(ctx.sim, tested, {
        kind: 'final',
        units: [ecu],
        sampleSize: 1,
        defects: fail ? [{ code: ctx.rng.pick(DEFECT_CODES.eol), quantity: 1, severity: 'major' }] : [],
        step: 'eol_test',
        equipment: equipmentId('EOL-1'),
        where: WHERE.assembly,
      });
      if (fail) destroyEvent(ctx.sim, tested + 30 * MINUTE, { units: [ecu], where: WHERE.assembly });
      else this.ecus.get(board.product)!.push({ item: ecu, readyAt: tested });
    });
    this.packTrays(runEnd + 10 * MINUTE);
  }

  /** Full trays only: a partial tray waits for the next run. */
  private packTrays(start: number): void {
    const { ctx } = this;
    let t = start;
    for (const product of PRODUCTS) {
      const stockEcus = this.ecus.get(product)!;
      while (stockEcus.length >= TRAY_ECUS) {
        const ecus = stockEcus.splice(0, TRAY_ECUS).map((e) => e.item);
        const id = ctx.newContainer('TRAY');
        packEvent(ctx.sim, t, { parent: id, childEPCs: ecus, where: WHERE.packing });
        this.trays.get(product)!.push({ item: { id, ecus }, readyAt: t });
        t += 20_000;
      }
    }
  }

  /** Twice a week: ready trays onto pallets, one shipment per product to its next customer. */
  private ship(): void {
    const { ctx } = this;
    const now = ctx.sim.now;
    let t = now + 5 * MINUTE;
    for (const product of PRODUCTS) {
      const all = this.trays.get(product)!;
      const ready = all.filter((x) => x.readyAt <= now).map((x) => x.item);
      this.trays.set(
        product,
        all.filter((x) => x.readyAt > now),
      );
      if (ready.length === 0) continue;
      const pallets = chunk(ready, PALLET_TRAYS).map((trays) => {
        const id = ctx.newContainer('PAL');
        packEvent(ctx.sim, t, { parent: id, childEPCs: trays.map((x) => x.id), where: WHERE.dispatch });
        t += 5 * MINUTE;
        return id;
      });
      const turn = this.shipRound.get(product) ?? 0;
      this.shipRound.set(product, turn + 1);
      const shipAt = t + 30 * MINUTE;
      shipEvent(ctx.sim, shipAt, {
        epcs: pallets,
        customer: partyId(product.customers[turn % product.customers.length]!),
        shipment: ctx.newShipment(),
        where: WHERE.dispatch,
      });
      const first = ready[0]!.ecus[0]!;
      if (!this.facts.sampleUnit || (shipAt >= JULY && !this.sampleAfterJuly)) {
        this.sampleAfterJuly = shipAt >= JULY;
        this.facts.sampleUnit = first;
      }
      t = shipAt + 5 * MINUTE;
    }
  }
}
