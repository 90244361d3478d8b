// 8D cases (stub: to be written).
import { Router } from 'express';
import type { Runtime } from '../runtime.ts';

export function eightDRoutes(_rt: Runtime): Router {
  const r = Router();
  return r;
}
