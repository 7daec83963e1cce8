// The data of zhili-wasm: the regulations' texts, norms and catalogues as one bundle file
// (pkg/zhili_data.txt.gz, the file core/build.rs writes, gzipped), kept out of the WebAssembly
// module so that the module stays small and the two download in parallel. The browser entry
// (index.js) fetches it with loadData() and gives it to the module; a page may call loadData()
// itself first to show the texts before the module is ready (the explorer does): both share one
// fetch. Plumbing only: the bundle's files are parsed, checked and answered from by the Rust core.

const GZIP = [0x1f, 0x8b];

/** The bundle's bytes, gunzipped in the browser (DecompressionStream) unless already plain. */
async function gunzip(bytes) {
  if (bytes[0] !== GZIP[0] || bytes[1] !== GZIP[1]) return bytes; // e.g. a server that decoded it
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

let loading = null;

/**
 * Fetches the data bundle next to this package (once; later calls share the first fetch) and
 * resolves to its bytes (UTF-8 text).
 */
export function loadData(url = new URL("../pkg/zhili_data.txt.gz", import.meta.url)) {
  loading ??= fetch(url).then(async (r) => {
    if (!r.ok) throw new Error(`zhili-wasm: cannot load its data ${url}: HTTP ${r.status}`);
    return gunzip(new Uint8Array(await r.arrayBuffer()));
  });
  return loading;
}

/**
 * The files of a bundle (its bytes) by name: `<key>/text.json`, `<key>/regulation.toml` (as
 * JSON), …, `features.toml`, `topics.toml` (format: core/src/corpus.rs, module `supplied`).
 */
export function bundleFiles(bytes) {
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  const files = new Map();
  let at = bytes.indexOf(10) + 1;
  if (utf8.decode(bytes.subarray(0, at)) !== "zhili-data 1\n") throw new Error("not a zhili data bundle");
  while (at < bytes.length) {
    const eol = bytes.indexOf(10, at);
    const head = utf8.decode(bytes.subarray(at, eol));
    const sp = head.lastIndexOf(" ");
    const len = Number(head.slice(sp + 1));
    if (eol < 0 || sp < 0 || !Number.isInteger(len)) throw new Error("not a zhili data bundle");
    files.set(head.slice(0, sp), utf8.decode(bytes.subarray(eol + 1, eol + 1 + len)));
    at = eol + 1 + len + 1;
  }
  return files;
}

/**
 * The regulations' texts straight from the bundle, in corpus order: for display while the module
 * loads. Each is the canonical text as `text()` gives it once the module is ready ({meta, chapters}).
 */
export function bundleTexts(bytes) {
  const texts = [];
  for (const [name, body] of bundleFiles(bytes)) {
    if (name.endsWith("/text.json") && body) texts.push(JSON.parse(body));
  }
  return texts;
}
