import { describe, expect, it } from 'vitest';
import { lotUsage, objectState, type StateFacts } from './object-state.ts';

const lot: StateFacts = {
  kind: 'lot',
  status: null,
  held: false,
  received: false,
  inspected: false,
  shipped: false,
  consumed: false,
};

describe('objectState', () => {
  it('puts a hold above everything else', () => {
    for (const status of [null, 'destroyed', 'non_conformant', 'in_transit', 'conformant'])
      expect(objectState({ ...lot, status, held: true, shipped: true, consumed: true })).toBe('on_hold');
  });

  it('reads destroyed and rejected from the disposition', () => {
    expect(objectState({ ...lot, status: 'destroyed' })).toBe('destroyed');
    expect(objectState({ ...lot, status: 'disposed' })).toBe('destroyed');
    expect(objectState({ ...lot, status: 'non_conformant', shipped: true })).toBe('rejected');
  });

  it('calls shipped what is in transit or went out whole', () => {
    expect(objectState({ ...lot, status: 'in_transit' })).toBe('shipped');
    expect(objectState({ ...lot, status: 'conformant', shipped: true })).toBe('shipped');
    expect(objectState({ ...lot, kind: 'unit', shipped: true, consumed: true })).toBe('shipped');
  });

  it('calls consumed what production used up, before its inspection verdict', () => {
    expect(objectState({ ...lot, status: 'conformant', consumed: true })).toBe('consumed');
    expect(objectState({ ...lot, kind: 'unit', consumed: true })).toBe('consumed');
  });

  it('releases what passed inspection and quarantines received lots never inspected', () => {
    expect(objectState({ ...lot, status: 'conformant', received: true, inspected: true })).toBe('released');
    expect(objectState({ ...lot, status: 'active', received: true })).toBe('quarantine');
    expect(objectState({ ...lot, status: 'active', received: true, inspected: true })).toBe('active');
  });

  it('leaves lots made here, units and containers active by default', () => {
    expect(objectState(lot)).toBe('active');
    expect(objectState({ ...lot, kind: 'unit', received: true })).toBe('active');
    expect(objectState({ ...lot, kind: 'container', status: 'container_closed' })).toBe('active');
  });
});

describe('lotUsage', () => {
  it('says gone out when nothing is left and some was shipped', () => {
    expect(lotUsage({ received: 0, produced: 100, consumed: 20, shipped: 80 })).toEqual({
      shipped: true,
      consumed: false,
    });
  });

  it('says used up when nothing is left and none was shipped, within rounding', () => {
    expect(lotUsage({ received: 0.9, produced: 0, consumed: 0.2 + 0.7, shipped: 0 })).toEqual({
      shipped: false,
      consumed: true,
    });
  });

  it('says neither while some is left, or nothing was ever made', () => {
    expect(lotUsage({ received: 10, produced: 0, consumed: 2, shipped: 0 })).toEqual({
      shipped: false,
      consumed: false,
    });
    expect(lotUsage({ received: 0, produced: 0, consumed: 0, shipped: 0 })).toEqual({
      shipped: false,
      consumed: false,
    });
  });
});
