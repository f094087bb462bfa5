// Injected by the browser bundle (scripts/build-bundles.mjs) wherever the shared PDF code names the global
// Buffer: the `buffer` package is node's Buffer API (latin1/hex/base64, indexOf, equals, concat) in plain JS.
export { Buffer } from "buffer";
