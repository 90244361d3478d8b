// State shared by both plants: the clock, the random stream, numbering and running totals.
import { containerId, Numbering, operatorId, shipmentId, unitId, woId } from './ids.ts';
import type { Rng } from './prng.ts';
import type { Sim } from './sim.ts';
import { HOUR, isoWeek } from './time.ts';

export interface Totals {
  lots: number;
  units: number;
  containers: number;
  shipments: number;
}

export class DemoContext {
  readonly numbers = new Numbering();
  readonly totals: Totals = { lots: 0, units: 0, containers: 0, shipments: 0 };
  /** Lot sizes follow the scale below 1, so a tiny demo still cycles through many lots. */
  readonly lotFactor: number;
  private workOrders = new Map<string, string>();

  constructor(
    readonly sim: Sim,
    readonly rng: Rng,
    readonly scale: number,
  ) {
    this.lotFactor = Math.min(1, Math.max(scale, 0.02));
  }

  /** Work orders are weekly, one per product (prodorder). */
  workOrder(product: string, time: number): string {
    const key = `${product}:${isoWeek(time)}`;
    let id = this.workOrders.get(key);
    if (!id) {
      id = woId(`WO-25-${String(this.numbers.next('wo')).padStart(4, '0')}`);
      this.workOrders.set(key, id);
    }
    return id;
  }

  /** An operator of the shift working at `time` (three 8-hour shifts, pool split in thirds). */
  operator(pool: readonly string[], time: number): string {
    const shift = Math.floor((((time % (24 * HOUR)) + 24 * HOUR) % (24 * HOUR)) / (8 * HOUR));
    const per = Math.max(1, Math.floor(pool.length / 3));
    return operatorId(pool[(shift * per + this.rng.int(0, per - 1)) % pool.length]!);
  }

  newShipment(): string {
    this.totals.shipments++;
    return shipmentId(`SH-25-${String(this.numbers.next('shipment')).padStart(5, '0')}`);
  }

  newContainer(prefix: string): string {
    this.totals.containers++;
    return containerId(this.numbers.serial(prefix, 6));
  }

  newUnit(prefix: string, width: number): string {
    this.totals.units++;
    return unitId(this.numbers.serial(prefix, width));
  }
}

/** Rounds to `digits` decimals (recorded parameter values). */
export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
