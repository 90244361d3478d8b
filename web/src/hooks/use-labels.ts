// Label data for the objects on the labels page (none asked: nothing loaded).
import { fetchLabels, type Label } from '../api/labels.ts';
import { useApiData, type ApiData } from './use-api-data.ts';

export function useLabels(ids: string[]): ApiData<Label[]> {
  const key = ids.join('\n');
  return useApiData(async () => (ids.length ? (await fetchLabels(ids)).labels : []), [key]);
}
