// Whether the browser can draw with WebGL 2, which Cytoscape's WebGL mode needs. Kept apart from
// the canvas component so the page can ask without loading Cytoscape.

/** True where a WebGL 2 context can be made (hardware, or a software rasteriser). */
export function webglAvailable(): boolean {
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    gl?.getExtension('WEBGL_lose_context')?.loseContext(); // give the context back at once
    return gl !== null && gl !== undefined;
  } catch {
    return false;
  }
}
