// The stock list for the stock page: filters from the address, the API's answer.
import { getStock, STOCK_VIEWS, type StockAnswer } from '../api/stock.ts';
import { useApiData, type ApiData } from './use-api-data.ts';
import { useUrlFilters, type Filters } from './use-url-filters.ts';

export type StockFilterKey = 'state' | 'material' | 'days';
const DEFAULTS: Filters<StockFilterKey> = { state: '', material: '', days: '30' };
const CHOICES = { state: ['', ...STOCK_VIEWS] };

export function useStockFilters() {
  return useUrlFilters<StockFilterKey>(DEFAULTS, CHOICES);
}

/** The lots in the plant, filtered by material; the page groups them by state itself. */
export function useStock(f: Filters<StockFilterKey>): ApiData<StockAnswer> {
  const days = /^\d{1,4}$/.test(f.days) ? f.days : '30';
  return useApiData(
    () => getStock({ ...(f.material ? { material: f.material } : {}), days }),
    [f.material, days],
  );
}
