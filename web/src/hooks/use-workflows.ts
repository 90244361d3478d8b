// Data hooks of the workflow engine: definitions, versions, instances, the inbox, and the unread
// notification count the top bar shows (polled once a minute).
import { useEffect, useState } from 'react';
import {
  definitionVersions,
  getDefinition,
  getInbox,
  getInstance,
  listDefinitions,
  listInstances,
  unreadNotifications,
  type DefinitionSummary,
  type DefinitionVersion,
  type Inbox,
  type InstanceView,
  type WorkflowDefinition,
  type WorkflowInstance,
} from '../api/workflows.ts';
import { useApiData, type ApiData } from './use-api-data.ts';

export const useDefinitions = (): ApiData<DefinitionSummary[]> => useApiData(listDefinitions, []);
export const useDefinition = (key: string, version?: number): ApiData<WorkflowDefinition> =>
  useApiData(() => getDefinition(key, version), [key, version]);
export const useDefinitionVersions = (key: string): ApiData<DefinitionVersion[]> =>
  useApiData(() => definitionVersions(key), [key]);
export const useInstances = (f: { workflow?: string; status?: string }): ApiData<WorkflowInstance[]> =>
  useApiData(() => listInstances(f), [f.workflow, f.status]);
export const useInstance = (id: string): ApiData<InstanceView> => useApiData(() => getInstance(id), [id]);
export const useInbox = (): ApiData<Inbox> => useApiData(getInbox, []);

const listeners = new Set<() => void>();
/** Tells the top bar to count again (after notifications were read). */
export const refreshUnread = () => listeners.forEach((l) => l());

/** Unread notifications, polled every minute and after refreshUnread(); null until known. */
export function useUnreadCount(enabled: boolean): number | null {
  const [n, setN] = useState<number | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const load = () =>
      unreadNotifications().then(
        (v) => live && setN(v),
        () => undefined,
      );
    void load();
    const timer = setInterval(load, 60_000);
    listeners.add(load);
    return () => {
      live = false;
      clearInterval(timer);
      listeners.delete(load);
    };
  }, [enabled]);
  return n;
}
