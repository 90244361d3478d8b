import { Router, type Request } from 'express';
import { listSuppliers } from '../../analytics/suppliers.ts';
import type { DuckStore } from '../../analytics/duckdb.ts';
import { AppError } from '../../domain/errors.ts';
import { actorOf, can, supplierScope } from '../../domain/roles.ts';
import type { Identity } from '../auth/identity.service.ts';
import { principalOf, requirePermission } from '../auth/principal.ts';
import { jsonBody } from '../validation.ts';

const json = jsonBody({ limit: '16kb' });
const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;
const reasonOf = (req: Request): string | null => {
  const r = body(req)['reason'];
  if (r === undefined || r === null || r === '') return null;
  if (typeof r !== 'string' || r.length > 2000)
    throw new AppError('INVALID_INPUT', 'the reason is invalid', {
      problems: [{ field: 'reason', reason: 'must be text of at most 2000 characters' }],
    });
  return r.trim();
};
const param = (req: Request, name: string) => String(req.params[name]);

/** Users (admin), one's own and (admin) anyone's API tokens, and the supplier list. */
export function usersRoutes(identity: Identity, duck: DuckStore): Router {
  const r = Router();
  const admin = requirePermission('users:manage');

  r.get('/users', admin, async (_req, res) => {
    res.json({ users: await identity.listUsers() });
  });
  r.post('/users', admin, json, async (req, res) => {
    const user = await identity.createUser(actorOf(principalOf(req)), body(req) as never, reasonOf(req));
    res.status(201).json({ user });
  });
  r.get('/users/:id', admin, async (req, res) => {
    res.json({ user: await identity.user(param(req, 'id')) });
  });
  r.patch('/users/:id', admin, json, async (req, res) => {
    const user = await identity.updateUser(principalOf(req), param(req, 'id'), body(req), reasonOf(req));
    res.json({ user });
  });
  r.get('/users/:id/tokens', admin, async (req, res) => {
    await identity.user(param(req, 'id'));
    res.json({ tokens: await identity.tokensOf(param(req, 'id')) });
  });
  r.post('/users/:id/tokens', admin, json, async (req, res) => {
    const t = await identity.createToken(principalOf(req), param(req, 'id'), body(req), reasonOf(req));
    res.status(201).json(t);
  });

  // One's own tokens. The environment's admin token has no stored user and no tokens.
  const ownUser = (req: Request) => {
    const p = principalOf(req);
    if (p.via === 'env')
      throw new AppError(
        'FORBIDDEN',
        'the environment admin token has no tokens of its own; use /api/users/{id}/tokens',
      );
    return p;
  };
  r.get('/tokens', async (req, res) => {
    res.json({ tokens: await identity.tokensOf(ownUser(req).userId) });
  });
  r.post('/tokens', json, async (req, res) => {
    const p = ownUser(req);
    res.status(201).json(await identity.createToken(p, p.userId, body(req), reasonOf(req)));
  });
  r.delete('/tokens/:id', json, async (req, res) => {
    await identity.revokeToken(principalOf(req), param(req, 'id'), reasonOf(req));
    res.status(204).end();
  });

  // Suppliers for pickers: staff see all, a supplier user only its own.
  r.get('/suppliers', async (req, res) => {
    const p = principalOf(req);
    if (!can(p, 'analytics:read') && !can(p, 'users:manage'))
      throw new AppError('FORBIDDEN', 'this role may not list suppliers', {
        details: { permission: 'analytics:read' },
      });
    res.json({ suppliers: await listSuppliers(duck, supplierScope(p)) });
  });
  return r;
}
