// The GS1 Digital Link resolver at the site root: a label's QR code scanned with a phone reaches
// this server as /01/{gtin}/10/{lot} (or /21/{serial}, /01/{gtin}, /00/{sscc}, with query
// attributes such as ?17=YYMMDD). A person is sent to the trace page, which asks them to sign in;
// any other client gets the links as JSON. Nothing is looked up here: the answer is the same for
// everyone, signed in or not. (Issue 7 completes the machine answer as a GS1 linkset.)
import { Router, type Request, type Response } from 'express';
import { AppError } from '../../domain/errors.ts';
import { gtin14 } from '../../domain/gs1-digital-link.ts';
import { canonicalDigitalLink, gs1CheckDigit, toCanonicalKey } from '../../domain/gs1-ids.ts';
import type { Runtime } from '../runtime.ts';
import { originOf } from './labels.routes.ts';

const PATHS = [
  '/01/:gtin',
  '/01/:gtin/10/:lot',
  '/01/:gtin/21/:serial',
  '/01/:gtin/10/:lot/21/:serial',
  '/00/:sscc',
];

/** Why a Digital Link path cannot name an object, or null when it can. */
function problemOf(req: Request): string | null {
  const { gtin, sscc } = req.params as Record<string, string | undefined>;
  if (gtin !== undefined) {
    const g = gtin14(gtin);
    if (!g.ok) return g.reason;
  }
  if (sscc !== undefined) {
    if (!/^\d{18}$/.test(sscc)) return `SSCC "${sscc}" must have 18 digits`;
    if (gs1CheckDigit(sscc.slice(0, -1)) !== Number(sscc.slice(-1)))
      return `SSCC ${sscc} has check digit ${sscc.slice(-1)}, expected ${gs1CheckDigit(sscc.slice(0, -1))}`;
  }
  return null;
}

function answer(req: Request, res: Response) {
  const origin = originOf(req);
  const digitalLink = origin + req.originalUrl;
  const problem = problemOf(req);
  const canonical = problem ? null : canonicalDigitalLink(digitalLink);
  if (!canonical)
    throw new AppError('INVALID_INPUT', `${req.path} is not a GS1 Digital Link: ${problem ?? 'unreadable'}`, {
      problems: [{ field: 'path', reason: problem ?? 'is not a GS1 Digital Link path' }],
    });
  const trace = `/trace?id=${encodeURIComponent(digitalLink)}`;
  const attributes = Object.fromEntries(
    Object.entries(req.query).filter(
      (e): e is [string, string] => /^\d{2,4}$/.test(e[0]) && typeof e[1] === 'string',
    ),
  );
  res.set('Vary', 'Accept');
  res.set('Link', `<${origin}${trace}>; rel="https://gs1.org/voc/traceability"; type="text/html"`);
  if (req.accepts(['application/json', 'text/html']) === 'text/html') {
    res.redirect(307, trace);
    return;
  }
  res.json({
    digitalLink,
    canonical,
    key: toCanonicalKey(canonical),
    attributes,
    links: [
      { rel: 'traceability', href: origin + trace, type: 'text/html', title: 'Trace in Lotgraph (sign-in)' },
      {
        rel: 'api',
        href: `${origin}/api/resolve?q=${encodeURIComponent(digitalLink)}`,
        type: 'application/json',
        title: 'The objects it names (credentials)',
      },
    ],
  });
}

export function resolverRoutes(_rt: Runtime): Router {
  const r = Router();
  for (const path of PATHS) r.get(path, answer);
  return r;
}
