// LossLab as one self-contained HTML file: index.html with its stylesheets and scripts inlined and
// losslab.wasm inside it as base64 (handed to the Emscripten runtime as Module.wasmBinary, so nothing is
// fetched). It opens from file:// or from any static host, and ?embed=1 works on it as on index.html
// (point embed.js's `src` at it). About 1.35× the size of losslab.js + losslab.wasm.
//
//   node scripts/single_file.mjs [WEB_DIR] [OUT]     defaults: build/web, WEB_DIR/losslab.html
//
// Also built by the web build with -DLOSSLAB_SINGLE_FILE=ON (src/app/CMakeLists.txt). The normal build
// is untouched: this only reads it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Text inside <script>…</script> ends at the first "</script"; "<!--" can start the parser's escaped
// state. Inside JavaScript both are written equivalently with a backslash (in strings, regular
// expressions, templates and comments alike).
const scriptText = (js) => js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
const styleText = (css) => css.replace(/<\/(style)/gi, '<\\/$1');

// Decodes the base64 wasm from the page into Module.wasmBinary before losslab.js runs.
const WASM_LOADER = `(function () {
  var text = document.getElementById('losslab-wasm').textContent.replace(/\\s+/g, '');
  var bytes;
  if (typeof Uint8Array.fromBase64 === 'function') bytes = Uint8Array.fromBase64(text);
  else {
    var raw = atob(text);
    bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  }
  window.Module.wasmBinary = bytes;
})();`;

// Returns the single file's HTML for the web build in `webDir`.
export function singleFileHtml(webDir) {
  const read = (name) => {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`single_file: '${name}' is not a file of the web build`);
    return readFileSync(join(webDir, name));
  };
  let html = read('index.html').toString('utf8');
  let inlined = 0;
  html = html.replace(/<link\s+rel="stylesheet"\s+href="([^"]+)"\s*\/?>/g, (_, name) => {
    inlined++;
    return `<style>/* ${name} */\n${styleText(read(name).toString('utf8'))}</style>`;
  });
  let sawApp = false;
  html = html.replace(/<script(\s+async)?\s+src="([^"]+)"><\/script>/g, (_, async, name) => {
    inlined++;
    if (name === 'losslab.js') {
      sawApp = true;
      const wasm = read('losslab.wasm').toString('base64').replace(/.{1,120}/g, '$&\n');
      return `<script type="application/octet-stream" id="losslab-wasm">\n${wasm}</script>\n` +
             `<script>${WASM_LOADER}</script>\n<script>/* losslab.js */\n${scriptText(read(name).toString('utf8'))}</script>`;
    }
    return `<script>/* ${name} */\n${scriptText(read(name).toString('utf8'))}</script>`;
  });
  if (!sawApp) throw new Error('single_file: index.html loads no losslab.js');
  const left = /<(script|link)\b[^>]*\b(src|href)="(?!data:)[^"]+"/.exec(html);
  if (left) throw new Error(`single_file: index.html refers to a file not inlined: ${left[0]}`);
  return html.replace('<!-- LossLab\'s page shell.', `<!-- LossLab in one file (scripts/single_file.mjs, ${inlined} files inlined). The page shell.`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const webDir = resolve(process.argv[2] ?? 'build/web');
  const out = resolve(process.argv[3] ?? join(webDir, 'losslab.html'));
  try {
    const html = singleFileHtml(webDir);
    writeFileSync(out, html);
    console.log(`LossLab single file: ${out} (${(html.length / 1e6).toFixed(2)} MB)`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
