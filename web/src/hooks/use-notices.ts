// Data hooks of quality notices: the list (filters from the address), one notice, one batch, and
// the notice a customer's link opens.
import {
  getNotice,
  listNotices,
  publicNotice,
  type Notice,
  type NoticeFilter,
  type NoticeSummary,
  type PublicNotice,
} from '../api/notices.ts';
import { useApiData, type ApiData } from './use-api-data.ts';

export const useNotices = (f: NoticeFilter): ApiData<NoticeSummary[]> =>
  useApiData(() => listNotices(f), [f.status, f.kind, f.batch, f.q]);
export const useNotice = (id: string): ApiData<Notice> => useApiData(() => getNotice(id), [id]);
/** Every notice of a batch, in full (the preview before sending). */
export const useNoticeBatch = (batch: string): ApiData<Notice[]> =>
  useApiData(async () => {
    const list = await listNotices({ batch });
    return Promise.all(list.map((n) => getNotice(n.id)));
  }, [batch]);
export const usePublicNotice = (token: string): ApiData<PublicNotice> =>
  useApiData(() => publicNotice(token), [token]);
