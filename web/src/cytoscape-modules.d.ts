// Cytoscape extensions without their own type declarations.
declare module 'cytoscape-elk' {
  import type { Ext } from 'cytoscape';
  const elk: Ext;
  // eslint-disable-next-line import-x/no-default-export -- the package's own default export
  export default elk;
}
declare module 'cytoscape-svg' {
  import type { Ext } from 'cytoscape';
  const svg: Ext;
  // eslint-disable-next-line import-x/no-default-export -- the package's own default export
  export default svg;
}
