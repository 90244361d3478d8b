// Demo users exist only in demo mode: created into an empty user table, disabled when the
// server later starts with demo mode off (unless their password was changed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../analytics/audit.store.ts';
import { Identity } from '../../api/auth/identity.service.ts';
import { createDemoUsers, DEMO_USERS, disableDemoUsers } from '../../api/server.ts';
import { openTestStores, type TestStores } from '../support/stores.ts';

let t: TestStores;
let identity: Identity;
const lines: string[] = [];
beforeAll(async () => {
  t = await openTestStores();
  identity = new Identity(t.stores.duck);
});
afterAll(async () => t?.close());

describe('demo users', () => {
  it('creates one user per role, signable with lotgraph-<name>, only into an empty table', async () => {
    await createDemoUsers(identity, (l) => lines.push(l));
    const users = await identity.listUsers();
    expect(users.map((u) => [u.username, u.role, u.supplierId]).sort()).toEqual([
      ['admin', 'admin', null],
      ['auditor', 'auditor', null],
      ['operator', 'operator', null],
      ['process', 'process_engineer', null],
      ['procurement', 'procurement', null],
      ['quality', 'quality_engineer', null],
      ['supplier', 'supplier', 'urn:lotgraph:party:CAP-VOLTARA'],
    ]);
    expect((await identity.login('supplier', 'lotgraph-supplier')).user.role).toBe('supplier');
    await createDemoUsers(identity, (l) => lines.push(l)); // no second set
    expect(await identity.countUsers()).toBe(DEMO_USERS.length);
  });

  it('disables them when demo mode is off, except one whose password was changed', async () => {
    const quality = (await identity.listUsers()).find((u) => u.username === 'quality')!;
    await identity.changeOwnPassword(
      {
        userId: quality.id,
        username: 'quality',
        displayName: '',
        role: 'quality_engineer',
        supplierId: null,
        via: 'session',
      },
      'lotgraph-quality',
      'a private password',
    );
    await disableDemoUsers(identity, (l) => lines.push(l));
    const state = Object.fromEntries((await identity.listUsers()).map((u) => [u.username, u.disabled]));
    expect(state).toEqual({
      admin: true,
      auditor: true,
      operator: true,
      process: true,
      procurement: true,
      quality: false,
      supplier: true,
    });
    await expect(identity.login('admin', 'lotgraph-admin')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    const disabled = await readAudit(t.stores.duck, { action: 'user.update' });
    expect(disabled.map((e) => [e.subject, e.reason])).toEqual(
      ['admin', 'procurement', 'process', 'auditor', 'operator', 'supplier'].map((u) => [
        `user:${u}`,
        'demo mode is off: demo passwords are public',
      ]),
    );
  });
});
