// The two demo plants' master data: parties, materials, locations and equipment (fictional).
// docs/event-model.md "Master data" says which attributes each vocabulary element carries.
import type { Uom } from './events.ts';
import { equipmentId, locationId, materialId, partyId } from './ids.ts';

export interface Party {
  code: string;
  name: string;
  role: 'supplier' | 'customer';
  country: string;
}
export interface Material {
  code: string;
  name: string;
  type: 'raw' | 'intermediate' | 'finished';
  uom: Uom;
  itemRef: number;
}
export interface Place {
  code: string;
  name: string;
  site: string;
}
export interface Machine {
  code: string;
  name: string;
  line: string;
}

export const PARTIES: Party[] = [
  // bakery suppliers: two mills, yeast, sugar & salt, two additive makers
  { code: 'MILL-NORTH', name: 'Nordmühle Harlingen GmbH', role: 'supplier', country: 'DE' },
  { code: 'MILL-RIVERSIDE', name: 'Riverside Milling Co.', role: 'supplier', country: 'NL' },
  { code: 'YEAST-VITALIS', name: 'Vitalis Hefewerke AG', role: 'supplier', country: 'AT' },
  { code: 'SWEETSALT-BALTIC', name: 'Baltic Sugar & Salt A/S', role: 'supplier', country: 'DK' },
  { code: 'ADDITIVE-ENZYMATICA', name: 'Enzymatica Bakery Solutions BV', role: 'supplier', country: 'NL' },
  { code: 'ADDITIVE-BAKEPRO', name: 'BakePro Ingredients Ltd', role: 'supplier', country: 'GB' },
  // bakery customers (distributors)
  { code: 'DIST-FRESHWAY', name: 'Freshway Distribution', role: 'customer', country: 'DE' },
  { code: 'DIST-HANSEFOOD', name: 'Hanse Food Logistik', role: 'customer', country: 'DE' },
  { code: 'DIST-METROBREAD', name: 'MetroBread Wholesale', role: 'customer', country: 'DE' },
  { code: 'DIST-ALPENFRISCH', name: 'Alpenfrisch Handels GmbH', role: 'customer', country: 'AT' },
  { code: 'DIST-RHEINGROCER', name: 'Rhein Grocer Supply', role: 'customer', country: 'DE' },
  { code: 'DIST-CITYMARKT', name: 'CityMarkt Zentrallager', role: 'customer', country: 'DE' },
  { code: 'DIST-BALTICRETAIL', name: 'Baltic Retail Partners', role: 'customer', country: 'PL' },
  // electronics suppliers: MCU, two capacitor makers, sensors, bare PCBs, housings
  { code: 'SEMI-ORION', name: 'Orion Semiconductor Pte', role: 'supplier', country: 'SG' },
  { code: 'CAP-KAIZEN', name: 'Kaizen Passive Components KK', role: 'supplier', country: 'JP' },
  { code: 'CAP-VOLTARA', name: 'Voltara Electronics Co.', role: 'supplier', country: 'TW' },
  { code: 'SENS-ALPINE', name: 'Alpine Sensorik AG', role: 'supplier', country: 'CH' },
  { code: 'PCB-CIRCUITWEST', name: 'CircuitWest PCB s.r.o.', role: 'supplier', country: 'CZ' },
  { code: 'HOUSING-POLYMOLD', name: 'Polymold Kunststofftechnik GmbH', role: 'supplier', country: 'DE' },
  // electronics customers (car makers)
  { code: 'OEM-AUTOVIA', name: 'Autovia Motors', role: 'customer', country: 'DE' },
  { code: 'OEM-NORDWAGEN', name: 'Nordwagen AB', role: 'customer', country: 'SE' },
  { code: 'OEM-KAROSSA', name: 'Karossa Automobili SpA', role: 'customer', country: 'IT' },
];

export const MATERIALS: Material[] = [
  { code: 'FLOUR-T550', name: 'Wheat flour type 550', type: 'raw', uom: 'KGM', itemRef: 10001 },
  { code: 'FLOUR-RYE-T1150', name: 'Rye flour type 1150', type: 'raw', uom: 'KGM', itemRef: 10002 },
  { code: 'YEAST-FRESH', name: 'Fresh baker’s yeast', type: 'raw', uom: 'KGM', itemRef: 10003 },
  { code: 'SUGAR', name: 'Refined sugar', type: 'raw', uom: 'KGM', itemRef: 10004 },
  { code: 'SALT', name: 'Baking salt', type: 'raw', uom: 'KGM', itemRef: 10005 },
  {
    code: 'IMPROVER-E300',
    name: 'Baking improver (enzyme/ascorbic acid)',
    type: 'raw',
    uom: 'KGM',
    itemRef: 10006,
  },
  { code: 'DOUGH-WHEAT', name: 'Wheat dough', type: 'intermediate', uom: 'KGM', itemRef: 11001 },
  { code: 'DOUGH-RYE', name: 'Rye-wheat dough', type: 'intermediate', uom: 'KGM', itemRef: 11002 },
  { code: 'DOUGH-TOAST', name: 'Toast dough', type: 'intermediate', uom: 'KGM', itemRef: 11003 },
  { code: 'PROOFED-WHEAT', name: 'Proofed wheat dough', type: 'intermediate', uom: 'KGM', itemRef: 11011 },
  { code: 'PROOFED-RYE', name: 'Proofed rye-wheat dough', type: 'intermediate', uom: 'KGM', itemRef: 11012 },
  { code: 'PROOFED-TOAST', name: 'Proofed toast dough', type: 'intermediate', uom: 'KGM', itemRef: 11013 },
  {
    code: 'BREAD-WHEAT-750',
    name: 'Farmhouse wheat bread 750 g',
    type: 'finished',
    uom: 'H87',
    itemRef: 12001,
  },
  { code: 'BREAD-RYE-1000', name: 'Rye mixed bread 1000 g', type: 'finished', uom: 'H87', itemRef: 12002 },
  { code: 'TOAST-WHITE-500', name: 'White toast bread 500 g', type: 'finished', uom: 'H87', itemRef: 12003 },
  {
    code: 'MCU-ARM-M4',
    name: 'Microcontroller 32-bit ARM M4, LQFP-64',
    type: 'raw',
    uom: 'H87',
    itemRef: 20001,
  },
  {
    code: 'CAP-MLCC-10UF',
    name: 'MLCC capacitor 10 µF 25 V X7R 0805',
    type: 'raw',
    uom: 'H87',
    itemRef: 20002,
  },
  { code: 'SENSOR-HALL', name: 'Hall-effect sensor IC', type: 'raw', uom: 'H87', itemRef: 20003 },
  { code: 'PCB-BARE-BCM', name: 'Bare PCB, body control module', type: 'raw', uom: 'H87', itemRef: 20004 },
  { code: 'PCB-BARE-SCM', name: 'Bare PCB, seat control module', type: 'raw', uom: 'H87', itemRef: 20005 },
  { code: 'HOUSING-BCM', name: 'Housing, body control module', type: 'raw', uom: 'H87', itemRef: 20006 },
  { code: 'HOUSING-SCM', name: 'Housing, seat control module', type: 'raw', uom: 'H87', itemRef: 20007 },
  {
    code: 'PCBA-BCM',
    name: 'Assembled board, body control module',
    type: 'intermediate',
    uom: 'H87',
    itemRef: 21001,
  },
  {
    code: 'PCBA-SCM',
    name: 'Assembled board, seat control module',
    type: 'intermediate',
    uom: 'H87',
    itemRef: 21002,
  },
  { code: 'ECU-BCM', name: 'Body control module ECU', type: 'finished', uom: 'H87', itemRef: 22001 },
  { code: 'ECU-SCM', name: 'Seat control module ECU', type: 'finished', uom: 'H87', itemRef: 22002 },
];

export const BAKERY_SITE = 'SITE-BAKERY';
export const ECU_SITE = 'SITE-ECU';

export const PLACES: Place[] = [
  { code: BAKERY_SITE, name: 'Bakery plant Harlingen', site: BAKERY_SITE },
  { code: 'BAKERY-RECEIVING', name: 'Bakery goods-in', site: BAKERY_SITE },
  { code: 'BAKERY-QC', name: 'Bakery quality lab', site: BAKERY_SITE },
  { code: 'LINE-BAKE-1', name: 'Bread line 1 (mixing, proofing, baking)', site: BAKERY_SITE },
  { code: 'BAKERY-PACKING', name: 'Bakery packing', site: BAKERY_SITE },
  { code: 'BAKERY-DISPATCH', name: 'Bakery dispatch dock', site: BAKERY_SITE },
  { code: ECU_SITE, name: 'Electronics plant Weilburg', site: ECU_SITE },
  { code: 'ECU-RECEIVING', name: 'Electronics goods-in', site: ECU_SITE },
  { code: 'ECU-QC', name: 'Electronics incoming inspection', site: ECU_SITE },
  { code: 'LINE-SMT-1', name: 'SMT line 1', site: ECU_SITE },
  { code: 'LINE-SMT-2', name: 'SMT line 2', site: ECU_SITE },
  { code: 'LINE-TEST', name: 'Board test area (FCT)', site: ECU_SITE },
  { code: 'LINE-REWORK', name: 'Rework station', site: ECU_SITE },
  { code: 'LINE-ASSY-1', name: 'ECU final assembly line', site: ECU_SITE },
  { code: 'ECU-PACKING', name: 'Electronics packing', site: ECU_SITE },
  { code: 'ECU-DISPATCH', name: 'Electronics dispatch dock', site: ECU_SITE },
];

export const MACHINES: Machine[] = [
  { code: 'LAB-BAKERY', name: 'Bakery lab bench', line: 'BAKERY-QC' },
  { code: 'MIXER-1', name: 'Spiral mixer 1', line: 'LINE-BAKE-1' },
  { code: 'MIXER-2', name: 'Spiral mixer 2', line: 'LINE-BAKE-1' },
  { code: 'PROOFER-1', name: 'Proofing cabinet 1', line: 'LINE-BAKE-1' },
  { code: 'OVEN-1', name: 'Deck oven 1', line: 'LINE-BAKE-1' },
  { code: 'OVEN-2', name: 'Tunnel oven 2', line: 'LINE-BAKE-1' },
  { code: 'XRAY-1', name: 'Final check (X-ray, check weigher)', line: 'LINE-BAKE-1' },
  { code: 'LAB-ECU', name: 'Incoming inspection bench', line: 'ECU-QC' },
  { code: 'REFLOW-1', name: 'Reflow oven 1', line: 'LINE-SMT-1' },
  { code: 'REFLOW-2', name: 'Reflow oven 2', line: 'LINE-SMT-2' },
  { code: 'AOI-1', name: 'Automated optical inspection 1', line: 'LINE-SMT-1' },
  { code: 'AOI-2', name: 'Automated optical inspection 2', line: 'LINE-SMT-2' },
  { code: 'FCT-1', name: 'Functional tester 1', line: 'LINE-TEST' },
  { code: 'FCT-2', name: 'Functional tester 2', line: 'LINE-TEST' },
  { code: 'REWORK-1', name: 'Rework station 1', line: 'LINE-REWORK' },
  { code: 'ASSY-1', name: 'Screwing and press-fit cell', line: 'LINE-ASSY-1' },
  { code: 'EOL-1', name: 'End-of-line tester', line: 'LINE-ASSY-1' },
];

const GS1_COMPANY_PREFIX = '4012345'; // the GS1 example company prefix

/** GTIN-14 with its GS1 mod-10 check digit. */
export function gtin(itemRef: number): string {
  const body = '0' + GS1_COMPANY_PREFIX + String(itemRef).padStart(5, '0');
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return body + String((10 - (sum % 10)) % 10);
}

const attrs = (a: Record<string, string>) => Object.entries(a).map(([id, attribute]) => ({ id, attribute }));

/** EPCIS master data (epcisHeader.epcisMasterData.vocabularyList) for both plants. */
export function vocabularyList(): Record<string, unknown>[] {
  return [
    {
      type: 'urn:epcglobal:epcis:vtype:Party',
      vocabularyElementList: PARTIES.map((p) => ({
        id: partyId(p.code),
        attributes: attrs({ 'lg:name': p.name, 'lg:role': p.role, 'lg:country': p.country }),
      })),
    },
    {
      type: 'urn:epcglobal:epcis:vtype:EPCClass',
      vocabularyElementList: MATERIALS.map((m) => ({
        id: materialId(m.code),
        attributes: attrs({
          'lg:name': m.name,
          'lg:materialType': m.type,
          'lg:uom': m.uom,
          'lg:gtin': gtin(m.itemRef),
        }),
      })),
    },
    {
      type: 'urn:epcglobal:epcis:vtype:BusinessLocation',
      vocabularyElementList: PLACES.map((p) => ({
        id: locationId(p.code),
        attributes: attrs({ 'lg:name': p.name, 'lg:site': locationId(p.site) }),
      })),
    },
    {
      type: 'urn:lotgraph:vtype:Equipment',
      vocabularyElementList: MACHINES.map((m) => ({
        id: equipmentId(m.code),
        attributes: attrs({ 'lg:name': m.name, 'lg:line': locationId(m.line) }),
      })),
    },
  ];
}
