// Form definitions, versions and capture submissions (stub: to be written).
import { Router } from 'express';
import type { Runtime } from '../runtime.ts';

export function formRoutes(_rt: Runtime): Router {
  const r = Router();
  return r;
}
