// The label stock the page prints on: common thermal-printer sizes, width × height as printed.
export interface LabelSize {
  id: string;
  name: string;
  /** CSS lengths for @page and the label box */
  width: string;
  height: string;
  /** millimetres, for the layout */
  widthMm: number;
  heightMm: number;
}

export const LABEL_SIZES: LabelSize[] = [
  { id: '4x6in', name: '4 × 6 in (shipping)', width: '4in', height: '6in', widthMm: 101.6, heightMm: 152.4 },
  { id: '100x150mm', name: '100 × 150 mm', width: '100mm', height: '150mm', widthMm: 100, heightMm: 150 },
  { id: '100x50mm', name: '100 × 50 mm', width: '100mm', height: '50mm', widthMm: 100, heightMm: 50 },
  { id: '4x2in', name: '4 × 2 in', width: '4in', height: '2in', widthMm: 101.6, heightMm: 50.8 },
  { id: '57x32mm', name: '57 × 32 mm (small)', width: '57mm', height: '32mm', widthMm: 57, heightMm: 32 },
];

export const DEFAULT_SIZE = '100x150mm';

export const sizeOf = (id: string | null): LabelSize =>
  LABEL_SIZES.find((s) => s.id === id) ?? LABEL_SIZES.find((s) => s.id === DEFAULT_SIZE)!;
