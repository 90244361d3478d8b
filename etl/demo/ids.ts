// Identifier builders following docs/event-model.md: plant-internal objects are
// `urn:lotgraph:<kind>:<CODE>` where the code is what people on the shop floor use.
import { yymm } from './time.ts';

const urn = (kind: string, code: string) => `urn:lotgraph:${kind}:${code}`;

export const lotId = (code: string) => urn('lot', code);
export const unitId = (code: string) => urn('unit', code);
export const containerId = (code: string) => urn('container', code);
export const materialId = (code: string) => urn('material', code);
export const partyId = (code: string) => urn('party', code);
export const woId = (code: string) => urn('wo', code);
export const shipmentId = (code: string) => urn('shipment', code);
export const equipmentId = (code: string) => urn('equipment', code);
export const locationId = (code: string) => urn('location', code);
export const operatorId = (code: string) => urn('operator', code);
export const opId = (code: string) => urn('op', code);
export const poId = (code: string) => urn('po', code);

/** The code part of a `urn:lotgraph:` id (its last segment). */
export const codeOf = (id: string) => id.slice(id.lastIndexOf(':') + 1);

/** Hands out the running numbers behind every code, so codes are unique and stable per seed. */
export class Numbering {
  private counters = new Map<string, number>();

  next(key: string): number {
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return n;
  }

  /** A lot code like FLW-2503-007: material prefix, month, running number within the month. */
  lotCode(prefix: string, at: number): string {
    const month = yymm(at);
    return `${prefix}-${month}-${String(this.next(`lot:${prefix}:${month}`)).padStart(3, '0')}`;
  }

  /** A code like ECU-000123 (the width grows when the number outgrows it). */
  serial(prefix: string, width: number): string {
    return `${prefix}-${String(this.next(`serial:${prefix}`)).padStart(width, '0')}`;
  }
}
