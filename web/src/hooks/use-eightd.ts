// Data hooks of 8D: the board's cases, one case, and the step forms (latest versions).
import { getCase, listCases, stepForms, type EightDCase, type EightDSummary } from '../api/eightd.ts';
import type { FormDefinition } from '../api/forms.ts';
import { useApiData, type ApiData } from './use-api-data.ts';

export const useEightDCases = (f: { supplier?: string; q?: string }): ApiData<EightDSummary[]> =>
  useApiData(() => listCases(f), [f.supplier, f.q]);
export const useEightDCase = (id: string): ApiData<EightDCase> => useApiData(() => getCase(id), [id]);
export const useStepForms = (): ApiData<FormDefinition[]> => useApiData(stepForms, []);
