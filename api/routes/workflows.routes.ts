// Workflow definitions (/workflows: read with tasks:read, saved as a new version with
// config:write), instances and their transitions (/workflow-instances: who may take what is the
// definition's rule, checked in the service), the inbox (/inbox, /tasks) and notifications.
import { Router, type Request } from 'express';
import { actorOf } from '../../domain/roles.ts';
import { principalOf, requirePermission } from '../auth/principal.ts';
import {
  getDefinition,
  getInstance,
  inboxFor,
  listWorkflowDefinitions,
  listWorkflowInstances,
  markNotificationsRead,
  saveWorkflowDefinition,
  startInstance,
  takeTransition,
  tasksForRole,
  unreadCount,
  workflowVersions,
} from '../services/workflow.service.ts';
import type { Runtime } from '../runtime.ts';
import { AppError } from '../../domain/errors.ts';
import { jsonBody } from '../validation.ts';

const json = jsonBody({ limit: '1mb' });
const param = (req: Request, name: string) => String(req.params[name]);
const queryText = (req: Request, name: string) => {
  const v = req.query[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

export function workflowRoutes(rt: Runtime): Router {
  const r = Router();
  const read = requirePermission('tasks:read');
  const configure = requirePermission('config:write');
  const { duck } = rt.stores;

  r.get('/workflows', read, async (_req, res) => {
    res.json({ definitions: await listWorkflowDefinitions(duck) });
  });
  r.post('/workflows', configure, json, async (req, res) => {
    res.status(201).json(await saveWorkflowDefinition(duck, actorOf(principalOf(req)), req.body));
  });
  r.get('/workflows/:key', read, async (req, res) => {
    const v = queryText(req, 'version');
    const version = v === undefined ? undefined : Number(v);
    if (version !== undefined && !(Number.isInteger(version) && version > 0))
      throw new AppError('INVALID_INPUT', 'the version is invalid', {
        problems: [{ field: 'version', pointer: '/version', reason: 'must be a whole number above 0' }],
      });
    res.json(await getDefinition(duck, param(req, 'key'), version));
  });
  r.get('/workflows/:key/versions', configure, async (req, res) => {
    res.json({ versions: await workflowVersions(duck, param(req, 'key')) });
  });

  r.get('/workflow-instances', read, async (req, res) => {
    res.json({
      instances: await listWorkflowInstances(duck, principalOf(req), {
        workflow: queryText(req, 'workflow'),
        status: queryText(req, 'status'),
        subject: queryText(req, 'subject'),
      }),
    });
  });
  r.post('/workflow-instances', read, json, async (req, res) => {
    res.status(201).json(await startInstance(duck, principalOf(req), req.body));
  });
  r.get('/workflow-instances/:id', read, async (req, res) => {
    res.json(await getInstance(duck, principalOf(req), param(req, 'id')));
  });
  r.post('/workflow-instances/:id/transitions', read, json, async (req, res) => {
    res.json(await takeTransition(rt, principalOf(req), param(req, 'id'), req.body));
  });

  r.get('/inbox', read, async (req, res) => {
    res.json(await inboxFor(duck, principalOf(req)));
  });
  r.get('/tasks', read, async (req, res) => {
    res.json({ tasks: await tasksForRole(duck, principalOf(req), req.query) });
  });
  r.get('/notifications/unread', read, async (req, res) => {
    res.json({ unread: await unreadCount(duck, principalOf(req)) });
  });
  r.post('/notifications/read', read, json, async (req, res) => {
    res.json(await markNotificationsRead(duck, principalOf(req), req.body));
  });
  return r;
}
