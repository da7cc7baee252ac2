// opsynth for Node.js: load compiled libraries, and an OpenAI-style client over them.
export { load, Library, ABI_VERSION, ABI_VERSIONS_READ } from "./src/library.js";
export { NDArray } from "./src/ndarray.js";
export { PythonError, LoadError } from "./src/errors.js";
export { Opsynth } from "./src/client.js";
export * from "./src/api_errors.js";
export { Opsynth as default } from "./src/client.js";
