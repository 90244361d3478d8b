// Back-pressure on capture: a bounded queue in front of the event log (decision 027). Captures
// are written one at a time (one DuckDB writer); this bounds how many may be admitted at once,
// running or waiting, and how many bytes of documents they hold, so that a burst costs a 429
// with Retry-After instead of unbounded memory. A capture job of the EPCIS REST binding keeps
// its place until the job has finished. A streamed CSV import holds the whole queue while it has
// the writer (decision 038): every capture is refused until it lets go.
import type { RequestHandler, Response } from 'express';
import { AppError } from '../../domain/errors.ts';

export interface CaptureQueueLimits {
  /** captures admitted at once (running or waiting for the writer) */
  slots: number;
  /** bytes of documents admitted at once (a single larger document is still admitted alone) */
  bytes: number;
}

export const DEFAULT_CAPTURE_QUEUE: CaptureQueueLimits = { slots: 32, bytes: 256 * 1024 * 1024 };

export class CaptureQueue {
  private admitted = 0;
  private heldBytes = 0;
  /** a running mean of how long a capture holds its place, for Retry-After */
  private meanMs = 500;
  refused = 0;
  /** a long writer that holds the queue: its expected remaining time in ms, when it knows one */
  private holder: { remainingMs: () => number | null } | null = null;

  constructor(readonly limits: CaptureQueueLimits) {}

  get state() {
    return {
      admitted: this.admitted,
      heldBytes: this.heldBytes,
      refused: this.refused,
      held: this.holder !== null,
      limits: this.limits,
    };
  }

  /**
   * Seconds a refused client should wait, 1 to 60: the holder's expected remaining time while the
   * queue is held (10 s while it cannot tell), else the queue's expected drain time.
   */
  retryAfter(): number {
    const ms = this.holder ? (this.holder.remainingMs() ?? 10_000) : this.meanMs * this.admitted;
    return Math.min(60, Math.max(1, Math.ceil(ms / 1000)));
  }

  /**
   * Holds the queue for one long writer (a streamed CSV import's single transaction): until the
   * returned function is called, every capture is refused with 429, since it would wait for the
   * writer for minutes holding its document in memory. Captures admitted before keep their place
   * and are written first. One holder at a time.
   */
  hold(remainingMs: () => number | null): () => void {
    if (this.holder) throw new AppError('CONFLICT', 'the capture queue is already held by another import');
    const holder = { remainingMs };
    this.holder = holder;
    return () => {
      if (this.holder === holder) this.holder = null;
    };
  }

  /** Takes a place for a capture of `bytes`; the returned function gives it back (once). */
  enter(bytes: number): () => void {
    const full =
      this.admitted >= this.limits.slots || (this.admitted > 0 && this.heldBytes + bytes > this.limits.bytes);
    if (full || this.holder) {
      this.refused++;
      const seconds = this.retryAfter();
      throw new AppError(
        'RATE_LIMITED',
        this.holder
          ? `a streamed CSV import holds the event log's writer: send the document again in ${seconds} s; nothing was stored`
          : `the capture queue is full (${this.admitted} captures, ${Math.round(this.heldBytes / 1e6)} MB waiting): send the document again in ${seconds} s; nothing was stored`,
        { details: { retryAfter: seconds } },
      );
    }
    this.admitted++;
    this.heldBytes += bytes;
    const started = Date.now();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.admitted--;
      this.heldBytes -= bytes;
      this.meanMs = 0.8 * this.meanMs + 0.2 * (Date.now() - started);
    };
  }
}

const TICKET = 'captureTicket';

/**
 * Route middleware, before the body is read: admits the request into the queue (by its
 * Content-Length) or refuses it with 429 and Retry-After. The place is given back when the
 * response ends, unless the handler takes it over (takeCaptureTicket).
 */
export function admitCapture(queue: CaptureQueue): RequestHandler {
  return (req, res, next) => {
    const bytes = Number(req.get('content-length') ?? 0) || 0;
    const release = queue.enter(bytes);
    res.locals[TICKET] = release;
    res.once('close', () => (res.locals[TICKET] as (() => void) | undefined)?.());
    next();
  };
}

/** The request's place in the capture queue, now the caller's to give back. */
export function takeCaptureTicket(res: Response): () => void {
  const release = (res.locals[TICKET] as (() => void) | undefined) ?? (() => undefined);
  res.locals[TICKET] = undefined;
  return release;
}
