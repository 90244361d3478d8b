// Material status and interlocks (stub: to be written).
import { Router } from 'express';
import type { Runtime } from '../runtime.ts';

export function stockRoutes(_rt: Runtime): Router {
  const r = Router();
  return r;
}
