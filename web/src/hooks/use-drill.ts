// Mock-recall drills: the history, one drill, and the clock of a running drill.
import { useEffect, useState } from 'react';
import { getDrill, listDrills, type Drill, type DrillSummary } from '../api/recall.ts';
import { useApiData, type ApiData } from './use-api-data.ts';

export function useDrills(): ApiData<DrillSummary[]> {
  return useApiData(() => listDrills().then((a) => a.drills), []);
}

export function useDrill(drillId: string): ApiData<Drill> {
  return useApiData(() => getDrill(drillId), [drillId]);
}

/** Seconds since `since`, ticking once a second while `running` (a clock, not a figure). */
export function useElapsed(since: string | undefined, running: boolean): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const t = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(t);
  }, [running]);
  if (!since) return null;
  const start = Date.parse(since);
  return Number.isNaN(start) ? null : Math.max(0, Math.floor((now - start) / 1000));
}

/** `1:02:03` or `2:03` from seconds. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
