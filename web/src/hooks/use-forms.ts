// Data hooks of the forms engine: the forms, one form (a version), its history, a submission and
// the submissions about one object.
import {
  formVersions,
  getForm,
  getSubmission,
  listForms,
  listSubmissions,
  type FormDefinition,
  type FormSummary,
  type FormVersionInfo,
  type Submission,
  type SubmissionSummary,
} from '../api/forms.ts';
import { useApiData, type ApiData } from './use-api-data.ts';

export const useForms = (): ApiData<FormSummary[]> => useApiData(listForms, []);

/** One form: the latest version, or the one asked for; nothing while `key` is null. */
export const useForm = (key: string | null, version?: number): ApiData<FormDefinition | null> =>
  useApiData(() => (key ? getForm(key, version) : Promise.resolve(null)), [key, version]);

export const useFormVersions = (key: string | null): ApiData<FormVersionInfo[]> =>
  useApiData(() => (key ? formVersions(key) : Promise.resolve([])), [key]);

export const useSubmission = (id: string): ApiData<Submission> => useApiData(() => getSubmission(id), [id]);

export const useObjectSubmissions = (id: string): ApiData<SubmissionSummary[]> =>
  useApiData(() => listSubmissions({ subject: id, limit: 50 }), [id]);

/** A step's name as people say it. */
export const stepLabel = (step: string | null | undefined): string =>
  step ? step.charAt(0).toUpperCase() + step.slice(1).replace(/_/g, ' ') : 'record';
