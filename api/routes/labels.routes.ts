// Label data (stub: to be written).
import { Router } from 'express';
import type { Runtime } from '../runtime.ts';

export function labelRoutes(_rt: Runtime): Router {
  const r = Router();
  return r;
}
