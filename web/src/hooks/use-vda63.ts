// Data hooks of VDA 6.3 process audits: catalogues, programmes, audits, one audit.
import {
  getAudit,
  getCatalogue,
  listAudits,
  listCatalogues,
  listProgrammes,
  type Audit,
  type AuditSummary,
  type CatalogueSummary,
  type CatalogueVersion,
  type Programme,
} from '../api/vda63.ts';
import { useApiData, type ApiData } from './use-api-data.ts';

export const useCatalogues = (): ApiData<CatalogueSummary[]> => useApiData(listCatalogues, []);
export const useCatalogue = (key: string, version?: number): ApiData<CatalogueVersion | null> =>
  useApiData(async () => (key ? getCatalogue(key, version) : null), [key, version]);
export const useProgrammes = (): ApiData<Programme[]> => useApiData(listProgrammes, []);
export const useAudits = (f: { programme: string; status: string }): ApiData<AuditSummary[]> =>
  useApiData(() => listAudits(f), [f.programme, f.status]);
export const useAudit = (id: string): ApiData<Audit> => useApiData(() => getAudit(id), [id]);
