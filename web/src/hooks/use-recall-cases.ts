// Recall cases: the list, and one case with its accounting and records.
import { getCase, listCases, type RecallCase, type RecallCaseSummary } from '../api/recall.ts';
import { useApiData, type ApiData } from './use-api-data.ts';

export function useRecallCases(): ApiData<RecallCaseSummary[]> {
  return useApiData(() => listCases().then((a) => a.cases), []);
}

export function useRecallCase(caseId: string): ApiData<RecallCase> {
  return useApiData(() => getCase(caseId), [caseId]);
}
