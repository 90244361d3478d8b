// The normalised trace event: one EPCIS 2.0 event read once into the facts the projections
// need. The event as captured stays in the event log; this is derived from it, never stored alone.

export type ItemKind = 'lot' | 'unit' | 'container';

/** A traceable object as an event names it. */
export interface ObjectRef {
  /** the identifier as captured */
  id: string;
  /** canonical key: the EPC URI and GS1 Digital Link forms of one object share it */
  key: string;
  kind: ItemKind;
  /** the code people use (lot number, serial, SSCC, internal code) */
  code: string;
  quantity?: number;
  uom?: string;
}

export interface ProcessParameter {
  name: string;
  measurementType?: string;
  value?: number;
  stringValue?: string;
  uom?: string;
  time?: string;
}

export interface DefectCount {
  code: string;
  quantity: number;
  severity?: string;
}

export interface InspectionFacts {
  kind?: string;
  result?: string;
  sampleSize?: number;
  defectiveQuantity?: number;
  defects: DefectCount[];
}

/**
 * A hold or a release (extension `lg:hold` on an ObjectEvent, bizStep `holding`): an overlay on
 * the objects' state, not a disposition. See docs/holds.md.
 */
export interface HoldFacts {
  action: 'hold' | 'release';
  reason?: string;
  /** the recall case the hold belongs to */
  case?: string;
  /** who placed or released it (an audit actor) */
  by?: string;
}

export const DECISION_ACTIONS = ['release', 'reject', 'conditional_release'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/**
 * The incoming-inspection decision on the objects (extension `lg:decision`, on the inspection's
 * ObjectEvent): release, reject, or release under a deviation valid through `until`.
 * See docs/material-status.md.
 */
export interface DecisionFacts {
  action: DecisionAction;
  /** why (the deviation reason for a conditional release) */
  reason?: string;
  /** a conditional release's deviation is valid through this day (YYYY-MM-DD, UTC) */
  until?: string;
  /** who decided (an audit actor) */
  by?: string;
}

/** Lot master data carried in ILMD. */
export interface LotMasterData {
  material?: string;
  supplierLot?: string;
  lotNumber?: string;
  expiry?: string;
  productionDate?: string;
  /** FSMA 204: where the received lot's traceability lot code was assigned (a location identifier) */
  tlcSource?: string;
  /** FSMA 204: where the received lot's traceability lot code source can be found (a URI) */
  tlcSourceReference?: string;
}

export interface TraceEvent {
  /** position in the event log */
  seq: number;
  eventId: string;
  type: 'ObjectEvent' | 'AggregationEvent' | 'AssociationEvent' | 'TransactionEvent' | 'TransformationEvent';
  action?: 'ADD' | 'OBSERVE' | 'DELETE';
  /** CBV short name where standard, else the URI as given */
  bizStep?: string;
  disposition?: string;
  /** ISO 8601, UTC, millisecond precision: sorts as text */
  eventTime: string;
  readPoint?: string;
  bizLocation?: string;
  /** epcList + quantityList (Object/Transaction events) */
  objects: ObjectRef[];
  /** parentID (Aggregation/Association/Transaction events) */
  parent?: ObjectRef;
  children: ObjectRef[];
  inputs: ObjectRef[];
  outputs: ObjectRef[];
  /** transformationID, or the eventID of a transformation without one */
  operationId?: string;
  workOrder?: string;
  shipment?: string;
  purchaseOrder?: string;
  sourceParty?: string;
  destinationParty?: string;
  step?: string;
  equipment?: string;
  operator?: string;
  parameters: ProcessParameter[];
  lot: LotMasterData;
  inspection?: InspectionFacts;
  hold?: HoldFacts;
  decision?: DecisionFacts;
  /** eventIDs this event declares erroneous (errorDeclaration on a corrective event is read as: this event is void) */
  declaredError: boolean;
}

/** Lotgraph's namespace for its EPCIS user extensions (`lg:` prefix in documents). */
export const LG_NAMESPACE = 'urn:lotgraph:ext:';

/** The versioned EPCIS 2.0 JSON-LD context (documents converted from XML, query answers). */
export const EPCIS_2_0_CONTEXT_URL = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

/** The JSON-LD context of the EPCIS documents Lotgraph writes: EPCIS 2.0's and the `lg` prefix. */
export const EPCIS_CONTEXT: readonly unknown[] = [
  'https://ref.gs1.org/standards/epcis/epcis-context.jsonld',
  { lg: LG_NAMESPACE },
];
