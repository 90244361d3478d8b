import { describe, expect, it } from 'vitest';
import {
  daysToExpiry,
  deviationExpired,
  isExpired,
  lotUsage,
  objectState,
  type StateFacts,
} from './object-state.ts';

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

describe('objectState with incoming-inspection decisions', () => {
  const received = { ...lot, received: true, inspected: true };
  const conditional = {
    ...received,
    status: 'conformant',
    decision: 'conditional_release',
    deviationUntil: '2025-03-10',
  };

  it('calls a conditional release conditional through its until day, UTC', () => {
    expect(objectState({ ...conditional, asOf: '2025-03-10T23:59:59.999Z' })).toBe('conditional');
    expect(objectState({ ...conditional, asOf: '2025-03-01T00:00:00.000Z' })).toBe('conditional');
    // Without a time asked for, the deviation counts as still running.
    expect(objectState(conditional)).toBe('conditional');
  });

  it('calls it deviation_expired from the day after', () => {
    expect(objectState({ ...conditional, asOf: '2025-03-11T00:00:00.000Z' })).toBe('deviation_expired');
  });

  it('keeps hold, rejection, shipping and consumption above a deviation', () => {
    const late = { ...conditional, asOf: '2025-04-01T00:00:00.000Z' };
    expect(objectState({ ...late, held: true })).toBe('on_hold');
    expect(objectState({ ...late, status: 'non_conformant' })).toBe('rejected');
    expect(objectState({ ...late, shipped: true })).toBe('shipped');
    expect(objectState({ ...late, consumed: true })).toBe('consumed');
  });

  it('reads release and reject decisions even without a disposition', () => {
    expect(objectState({ ...received, status: 'active', decision: 'release' })).toBe('released');
    expect(objectState({ ...received, status: 'active', decision: 'reject' })).toBe('rejected');
    expect(objectState({ ...lot, received: true, decision: null })).toBe('quarantine');
  });
});

describe('dates', () => {
  it('lets a lot be used through its expiry day', () => {
    expect(isExpired('2025-03-10', '2025-03-10T23:00:00.000Z')).toBe(false);
    expect(isExpired('2025-03-10', '2025-03-11T00:00:00.000Z')).toBe(true);
    expect(isExpired(null, '2030-01-01T00:00:00.000Z')).toBe(false);
  });

  it('counts whole days to the expiry day', () => {
    expect(daysToExpiry('2025-03-10', '2025-03-10T22:00:00.000Z')).toBe(0);
    expect(daysToExpiry('2025-03-10', '2025-02-08T01:00:00.000Z')).toBe(30);
    expect(daysToExpiry('2025-03-10', '2025-03-12T01:00:00.000Z')).toBe(-2);
  });

  it('runs a deviation out only after its day, and never without a day or a time', () => {
    expect(deviationExpired('2025-03-10', '2025-03-10T12:00:00.000Z')).toBe(false);
    expect(deviationExpired('2025-03-10', '2025-03-11T00:00:00.000Z')).toBe(true);
    expect(deviationExpired(null, '2025-03-11T00:00:00.000Z')).toBe(false);
    expect(deviationExpired('2025-03-10', null)).toBe(false);
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
