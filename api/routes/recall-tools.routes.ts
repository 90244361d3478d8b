import { Router } from 'express';
import type { Runtime } from '../runtime.ts';

export function recallToolRoutes(_rt: Runtime): Router {
  const r = Router();
  return r;
}
