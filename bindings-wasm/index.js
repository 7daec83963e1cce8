// zhili-wasm for browsers (and bundlers): loads the WebAssembly module next to this file with a
// top-level await, so the API is ready as soon as the import resolves.
import init from "./pkg/zhili_wasm.js";

await init({ module_or_path: new URL("./pkg/zhili_wasm_bg.wasm", import.meta.url) });

export * from "./js/api.js";
