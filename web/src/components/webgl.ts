// Whether the browser can draw with WebGL 2, which Cytoscape's WebGL mode needs, and whether a
// GPU does the drawing or a software rasteriser on the CPU (SwiftShader, llvmpipe): measured on
// a machine without GPU, WebGL in software draws several times slower than the 2D canvas
// (bench/README.md, "Graph view"). Kept apart from the canvas component so the page can ask
// without loading Cytoscape.

export type WebglSupport = 'hardware' | 'software' | 'none';

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

/** What WebGL 2 this browser has: on a GPU, in software, or none. */
export function webglSupport(): WebglSupport {
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return 'none';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext(); // give the context back at once
    return SOFTWARE.test(name) ? 'software' : 'hardware';
  } catch {
    return 'none';
  }
}

/** True where a WebGL 2 context can be made (on a GPU or in software). */
export const webglAvailable = (): boolean => webglSupport() !== 'none';
