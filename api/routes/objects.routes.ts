import { Router } from 'express';
import type { Runtime } from '../runtime.ts';

export function objectRoutes(_rt: Runtime): Router {
  const r = Router();
  return r;
}
