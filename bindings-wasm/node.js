// zhili-wasm for Node: reads the WebAssembly module next to this file and instantiates it
// synchronously, so the API is ready as soon as the import resolves.
import { readFileSync } from "node:fs";
import { initSync } from "./pkg/zhili_wasm.js";

initSync({ module: readFileSync(new URL("./pkg/zhili_wasm_bg.wasm", import.meta.url)) });

export * from "./js/api.js";
