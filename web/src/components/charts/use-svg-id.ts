import { useId } from 'react';

/** A unique id safe inside `url(#…)` (React's own ids carry characters CSS would need escaped). */
export const useSvgId = (prefix: string): string => `${prefix}-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
