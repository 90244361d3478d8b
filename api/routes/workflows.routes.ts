// Workflow definitions, instances, the task inbox and notifications (stub: to be written).
import { Router } from 'express';
import type { Runtime } from '../runtime.ts';

export function workflowRoutes(_rt: Runtime): Router {
  const r = Router();
  return r;
}
