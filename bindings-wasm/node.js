// zhili-wasm for Node: reads the WebAssembly module and its data bundle next to this file (no
// network) and instantiates the module synchronously, so the API is ready as soon as the import
// resolves.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { initSync, supplyData } from "./pkg/zhili_wasm.js";

initSync({ module: readFileSync(new URL("./pkg/zhili_wasm_bg.wasm", import.meta.url)) });
supplyData(gunzipSync(readFileSync(new URL("./pkg/zhili_data.txt.gz", import.meta.url))));

export * from "./js/api.js";
