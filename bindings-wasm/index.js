// zhili-wasm for browsers (and bundlers): fetches the WebAssembly module and its data bundle next
// to this file in parallel, with a top-level await, so the API is ready as soon as the import
// resolves.
import init, { supplyData } from "./pkg/zhili_wasm.js";
import { loadData } from "./js/data.js";

const [, data] = await Promise.all([
  init({ module_or_path: new URL("./pkg/zhili_wasm_bg.wasm", import.meta.url) }),
  loadData(),
]);
supplyData(data);

export * from "./js/api.js";
