// Raw material supply, shared by both plants: a daily reorder-point review places purchase
// orders; each delivery is received (ObjectEvent ADD receiving) and inspected (incoming
// inspection) before its lot is released to the FIFO stock. Failed lots are scrapped.
import type { DemoContext } from './context.ts';
import {
  destroyEvent,
  inspectionEvent,
  receivingEvent,
  type Defect,
  type Uom,
  type Where,
} from './events.ts';
import { equipmentId, lotId, materialId, partyId, poId } from './ids.ts';
import { asLotQty, BASE, type Lot, type Stock } from './stock.ts';
import { DAY, HOUR, isoDate, MINUTE, weekday } from './time.ts';

export interface SupplierOption {
  party: string;
  /** share of orders (ignored when the material alternates suppliers) */
  weight: number;
  /** delivered lot size at scale 1, in the material's unit (kg or pieces) */
  lotSize: number;
}

export interface RawMaterial {
  material: string;
  /** lot code prefix, e.g. FLW -> FLW-2503-007 */
  prefix: string;
  uom: Uom;
  suppliers: SupplierOption[];
  /** take suppliers strictly in turn (the additive: both makers see regular business) */
  alternate?: boolean;
  leadDays: number;
  shelfLifeDays: number;
  /** expected use per calendar day at this scale, in base units (grams or pieces) */
  dailyUse: number;
  /** the largest single withdrawal (base units): small demos must still cover one run */
  maxDraw: number;
  /** incoming inspection: sample size, failure rate and the defect found on failure */
  sampleSize: number;
  failRate: number;
  failDefect: string;
}

export interface SupplySite {
  receiving: Where;
  qc: Where;
  lab: string;
  operators: readonly string[];
}

/** Found now and then on a delivery at incoming inspection, whatever the material. */
export const PACKAGING_DEFECT = 'PACKAGING-DAMAGE';
const SAFETY_DAYS = 4;

export class Purchasing {
  private onOrder = new Map<string, number>();
  private orders = new Map<string, number>();

  constructor(
    private readonly ctx: DemoContext,
    private readonly stock: Stock,
    private readonly site: SupplySite,
    readonly materials: readonly RawMaterial[],
    /** says whether a delivered lot is the planted bad one (its inspection then passes: the escape) */
    private readonly isPlanted: (lot: Lot, time: number) => boolean,
  ) {}

  /** Daily review: order whole lots until stock + open orders cover lead time plus safety days. */
  review(time: number, leadDaysOverride?: number): void {
    for (const m of this.materials) {
      const reorderPoint = Math.max(m.dailyUse * (m.leadDays + SAFETY_DAYS), 1.5 * m.maxDraw);
      while (this.stock.onHand(m.material) + (this.onOrder.get(m.material) ?? 0) < reorderPoint) {
        const supplier = this.chooseSupplier(m);
        const size = this.lotSize(m, supplier);
        this.onOrder.set(m.material, (this.onOrder.get(m.material) ?? 0) + size);
        const po = poId(`PO-25-${String(this.ctx.numbers.next('po')).padStart(5, '0')}`);
        this.ctx.sim.at(this.arrival(time, leadDaysOverride ?? m.leadDays), () =>
          this.receive(m, supplier, size, po),
        );
      }
    }
  }

  private chooseSupplier(m: RawMaterial): SupplierOption {
    const n = this.orders.get(m.material) ?? 0;
    this.orders.set(m.material, n + 1);
    if (m.alternate) return m.suppliers[n % m.suppliers.length]!;
    return this.ctx.rng.weighted(m.suppliers.map((s) => [s, s.weight] as const));
  }

  /** Lot size in base units, scaled down for fractional demos (whole kg or pieces). */
  private lotSize(m: RawMaterial, s: SupplierOption): number {
    return Math.max(1, Math.round(s.lotSize * this.ctx.lotFactor)) * BASE[m.uom];
  }

  /** Deliveries arrive in the morning of a working day (Mon-Sat). */
  private arrival(time: number, leadDays: number): number {
    let t = Math.floor(time / DAY) * DAY + leadDays * DAY;
    if (weekday(t) === 0) t += DAY;
    return t + 6 * HOUR + this.ctx.rng.int(0, 240) * MINUTE;
  }

  private receive(m: RawMaterial, supplier: SupplierOption, size: number, po: string): void {
    const { ctx, site } = this;
    const t = ctx.sim.now;
    this.onOrder.set(m.material, (this.onOrder.get(m.material) ?? 0) - size);
    const lot: Lot = {
      id: lotId(ctx.numbers.lotCode(m.prefix, t)),
      material: m.material,
      uom: m.uom,
      size,
      left: size,
      supplier: supplier.party,
    };
    ctx.totals.lots++;
    receivingEvent(ctx.sim, t, {
      lot: asLotQty(lot, size),
      supplier: partyId(supplier.party),
      po,
      material: materialId(m.material),
      supplierLot: `${supplier.party.split('-')[1]!.slice(0, 3)}${isoDate(t).slice(2).replace(/-/g, '')}-${ctx.rng.int(100, 999)}`,
      expiryDate: isoDate(t + m.shelfLifeDays * DAY),
      productionDate: isoDate(t - ctx.rng.int(2, 20) * DAY),
      where: site.receiving,
    });
    // Incoming inspection a little later; the planted lot always passes (the escape).
    const planted = this.isPlanted(lot, t);
    const inspectAt = t + ctx.rng.int(60, 180) * MINUTE;
    ctx.sim.at(inspectAt, () => this.inspect(m, lot, planted));
  }

  private inspect(m: RawMaterial, lot: Lot, planted: boolean): void {
    const { ctx, site } = this;
    const t = ctx.sim.now;
    const defects: Defect[] = [];
    if (!planted && ctx.rng.chance(m.failRate))
      defects.push({ code: m.failDefect, quantity: ctx.rng.int(1, 2), severity: 'major' });
    if (ctx.rng.chance(0.05)) defects.push({ code: PACKAGING_DEFECT, quantity: 1, severity: 'minor' });
    const result = inspectionEvent(ctx.sim, t, {
      kind: 'incoming',
      lots: [lot.id],
      sampleSize: m.sampleSize,
      defects,
      step: 'incoming_inspection',
      equipment: equipmentId(site.lab),
      operator: ctx.operator(site.operators, t),
      where: site.qc,
    });
    if (result === 'pass') this.stock.add(lot);
    else destroyEvent(ctx.sim, t + 30 * MINUTE, { lots: [asLotQty(lot, lot.size)], where: site.qc });
  }
}
