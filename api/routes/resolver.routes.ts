// The GS1 Digital Link resolver paths (/01/…, /00/…) at the site root (stub: to be written).
import { Router } from 'express';
import type { Runtime } from '../runtime.ts';

export function resolverRoutes(_rt: Runtime): Router {
  const r = Router();
  return r;
}
