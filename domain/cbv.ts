// GS1 Core Business Vocabulary 2.0 values the project accepts in their short form.
// Anything else must be a URI (or a prefixed CURIE): a non-standard bare word is an error.

// prettier-ignore
export const BIZ_STEPS = [
  'accepting', 'arriving', 'assembling', 'collecting', 'commissioning', 'consigning',
  'creating_class_instance', 'cycle_counting', 'decommissioning', 'departing', 'destroying',
  'disassembling', 'dispensing', 'encoding', 'entering_exiting', 'holding', 'inspecting',
  'installing', 'killing', 'loading', 'other', 'packing', 'picking', 'receiving', 'removing',
  'repackaging', 'repairing', 'replacing', 'reserving', 'retail_selling', 'sampling',
  'sensor_reporting', 'shipping', 'staging_outbound', 'stock_taking', 'stocking', 'storing',
  'transporting', 'unloading', 'unpacking', 'void_shipping',
] as const;

// prettier-ignore
export const DISPOSITIONS = [
  'active', 'available', 'completeness_inferred', 'completeness_verified', 'conformant',
  'container_closed', 'container_open', 'damaged', 'destroyed', 'dispensed', 'disposed',
  'encoded', 'expired', 'in_progress', 'in_transit', 'inactive', 'mismatch_instance',
  'mismatch_class', 'mismatch_quantity', 'needs_replacement', 'no_pedigree_match',
  'non_conformant', 'non_sellable_other', 'partially_dispensed', 'recalled', 'reserved',
  'retail_sold', 'returned', 'sellable_accessible', 'sellable_not_accessible', 'stolen',
  'unavailable', 'unknown',
] as const;

// prettier-ignore
export const BIZ_TRANSACTION_TYPES = [
  'bol', 'cert', 'desadv', 'inv', 'pedigree', 'po', 'poc', 'prodorder', 'recadv', 'rma',
  'testprd', 'testres', 'upevt',
] as const;

export const SOURCE_DEST_TYPES = ['owning_party', 'possessing_party', 'location'] as const;

export const ERROR_REASONS = ['did_not_occur', 'incorrect_data'] as const;

type Vocab = 'BizStep' | 'Disp' | 'BTT' | 'SDT' | 'ER';

const URN_PREFIX: Record<Vocab, string> = {
  BizStep: 'urn:epcglobal:cbv:bizstep:',
  Disp: 'urn:epcglobal:cbv:disp:',
  BTT: 'urn:epcglobal:cbv:btt:',
  SDT: 'urn:epcglobal:cbv:sdt:',
  ER: 'urn:epcglobal:cbv:er:',
};

const STANDARD: Record<Vocab, readonly string[]> = {
  BizStep: BIZ_STEPS,
  Disp: DISPOSITIONS,
  BTT: BIZ_TRANSACTION_TYPES,
  SDT: SOURCE_DEST_TYPES,
  ER: ERROR_REASONS,
};

/**
 * The CBV short name of a value given in any of its standard spellings (bare word, CBV 1.x URN,
 * CBV 2.0 web URI, `cbv:` CURIE), or the value unchanged when it is a non-standard URI.
 * Returns null for a bare word that is not in the vocabulary.
 */
export function cbvShortName(vocab: Vocab, value: string): string | null {
  const standard = STANDARD[vocab];
  const candidates = [
    value,
    value.startsWith(URN_PREFIX[vocab]) ? value.slice(URN_PREFIX[vocab].length) : null,
    value.startsWith(`https://ref.gs1.org/cbv/${vocab}-`)
      ? value.slice(`https://ref.gs1.org/cbv/${vocab}-`.length)
      : null,
    value.startsWith(`cbv:${vocab}-`) ? value.slice(`cbv:${vocab}-`.length) : null,
  ];
  for (const c of candidates) if (c !== null && standard.includes(c)) return c;
  return value.includes(':') ? value : null;
}

export type CbvVocab = Vocab;
