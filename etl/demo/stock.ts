// Lot inventory with FIFO consumption. Amounts are integers in base units (grams for kg
// materials, pieces otherwise) so repeated consumption never drifts through floating point.
import type { LotQty, Uom } from './events.ts';

export interface Lot {
  id: string;
  material: string;
  uom: Uom;
  /** quantity made or received, in base units */
  size: number;
  /** what is still unconsumed, in base units */
  left: number;
  supplier?: string;
}

/** Base units per reported unit: quantities are reported in kg, stored in grams. */
export const BASE: Record<Uom, number> = { KGM: 1000, H87: 1 };

/** A lot amount as reported in events (kg with 3 decimals, or whole pieces). */
export const asLotQty = (lot: Lot, amount: number): LotQty => ({
  lot: lot.id,
  quantity: amount / BASE[lot.uom],
  uom: lot.uom,
});

export class Stock {
  // Released lots per material, oldest first; emptied lots are dropped (memory stays flat).
  private fifo = new Map<string, Lot[]>();

  add(lot: Lot): void {
    const queue = this.fifo.get(lot.material) ?? [];
    queue.push(lot);
    this.fifo.set(lot.material, queue);
  }

  onHand(material: string): number {
    return (this.fifo.get(material) ?? []).reduce((s, l) => s + l.left, 0);
  }

  /** Takes `amount` FIFO, possibly across lots; the caller checks `onHand` first. */
  take(material: string, amount: number): { lot: Lot; amount: number }[] {
    const queue = this.fifo.get(material) ?? [];
    const taken: { lot: Lot; amount: number }[] = [];
    let need = amount;
    while (need > 0) {
      const lot = queue[0];
      if (!lot) throw new Error(`stock of ${material} is short by ${need}`);
      const n = Math.min(need, lot.left);
      lot.left -= n;
      need -= n;
      if (n > 0) taken.push({ lot, amount: n });
      if (lot.left === 0) queue.shift();
    }
    return taken;
  }
}
