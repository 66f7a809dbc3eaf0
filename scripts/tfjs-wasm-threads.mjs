// tfjs-wasm's threaded build starts its pthread workers from the text of its Emscripten factory
// (`factory.toString()`), so that function must survive bundling unchanged: minified, it refers to
// renamed variables of the bundle and every thread fails ("e is not defined"; tfjs issues 4107, 4539).
// This plugin hands the bundler the factory as a string, evaluated once at load: the minifier cannot
// rename inside it. It targets @tensorflow/tfjs-backend-wasm 4.22.0 (pinned) and stops the build,
// naming the file, if that file no longer has the shape it expects.
const FILE = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
const HEAD = 'var WasmBackendModuleThreadedSimd = ';
const TAIL = '\nif (typeof exports';

export function tfjsWasmThreads() {
  return {
    name: 'tilewright-tfjs-wasm-threads',
    transform(code, id) {
      if (!id.replaceAll('\\', '/').endsWith(FILE)) return null;
      const start = code.indexOf(HEAD);
      const end = code.indexOf(TAIL);
      if (start < 0 || end < start)
        this.error(`${FILE} changed shape: cannot keep its thread factory out of minification`);
      const factory = code
        .slice(start + HEAD.length, end)
        .trim()
        .replace(/;$/, '');
      return { code: `module.exports = (0, eval)(${JSON.stringify(factory)});\n`, map: null };
    },
  };
}
