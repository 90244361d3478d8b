// Streamed CSV imports through a running server (decision 038): POST /imports/csv streams a
// bundle (its files one after another, named with their sizes in the Lotgraph-Files header) to
// the data folder and starts the import as a job; GET /imports/csv/:id says how far it is (or
// how it ended, also after a restart); DELETE /imports/csv/:id cancels it (decision 040).
import { Router, type Request } from 'express';
import { actorOf, can } from '../../domain/roles.ts';
import { principalOf, requirePermission } from '../auth/principal.ts';
import { FILES_HEADER, parseFilesHeader, type CsvImports } from '../services/csv-import.service.ts';

export function importRoutes(imports: CsvImports): Router {
  const r = Router();
  r.post('/imports/csv', requirePermission('events:capture'), async (req, res) => {
    try {
      const files = parseFilesHeader(req.get(FILES_HEADER));
      const length = req.get('content-length');
      const job = await imports.submit({
        body: req,
        files,
        contentLength: length === undefined ? null : Number(length),
        actor: actorOf(principalOf(req)),
      });
      res.status(202).location(`${req.baseUrl}/imports/csv/${job.id}`).json(job);
    } catch (err) {
      // Refused before the whole body was read: close the connection after the answer rather
      // than read and discard up to gigabytes the client is still sending.
      if (!req.complete) res.set('Connection', 'close');
      throw err;
    }
  });
  // A capturer sees its own imports; a reader of events sees everyone's.
  const jobActor = (req: Request) => {
    const p = principalOf(req);
    return can(p, 'events:read') ? null : actorOf(p);
  };
  r.get('/imports/csv/:id', requirePermission('events:capture'), async (req, res) => {
    res.json(await imports.get(String(req.params['id']), jobActor(req)));
  });
  // Its own user or an admin may cancel a running import; answered once it has rolled back.
  r.delete('/imports/csv/:id', requirePermission('events:capture'), async (req, res) => {
    const p = principalOf(req);
    res.json(
      await imports.cancel(String(req.params['id']), {
        actor: actorOf(p),
        seesAll: jobActor(req) === null,
        admin: can(p, 'users:manage'), // who may manage others' tokens may stop their imports
      }),
    );
  });
  return r;
}
