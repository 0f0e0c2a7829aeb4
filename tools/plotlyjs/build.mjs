// Builds ../../lessons/assets/plotly-course.min.js: plotly.js (the npm package, at the version the
// Python plotly bundles) with only the trace types the course draws, minified, as plotly.js's own
// partial bundles are built (lib/core + lib/<trace>, esbuild, iife with the global `Plotly`).
//
//   cd tools/plotlyjs && npm ci && npm run build
//
// The trace list is TRACES below; tests/test_plotly_bundle.py checks that every trace type the
// course's figures use is in it, and that the version matches the Python plotly's plotly.js.
import { build } from "esbuild";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const TRACES = ["bar", "choropleth", "heatmap", "scatter", "scattergeo"];

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const lib = join(dirname(require.resolve("plotly.js/package.json")), "lib");
const version = JSON.parse(readFileSync(join(lib, "..", "package.json"), "utf8")).version;
const out = join(here, "..", "..", "lessons", "assets", "plotly-course.min.js");

const entry = `'use strict';
var Plotly = require('./core');
Plotly.register([${TRACES.map((t) => `require('./${t}')`).join(", ")}]);
module.exports = Plotly;
`;

// plotly.js's registry requires maplibre-gl's CSS when a `map` subplot registers (plotly.js inlines it
// with a plugin). No trace here uses a map subplot, so that require never runs: an empty module.
const noMapCss = {
  name: "no-map-css",
  setup(b) {
    b.onResolve({ filter: /maplibre-gl\.css$/ }, (args) => ({ path: args.path, namespace: "no-map-css" }));
    b.onLoad({ filter: /.*/, namespace: "no-map-css" }, () => ({ contents: "", loader: "js" }));
  },
};

const result = await build({
  stdin: { contents: entry, resolveDir: lib, sourcefile: "plotly-course.js", loader: "js" },
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "Plotly",
  // as plotly.js's esbuild-config.js
  alias: { regl: "@plotly/regl", stream: "stream-browserify" },
  define: { global: "window", "define.amd": "false", "process.env.NODE_DEBUG": "false" },
  target: "es2016",
  legalComments: "eof", // the licences of plotly.js and what it bundles stay in the file
  footer: { js: "window.Plotly = Plotly;" }, // as plotly.js's own bundles do
  plugins: [noMapCss],
  write: false,
  logLevel: "warning",
});

// The header names the version the way plotly.js's own bundles do ("plotly.js v4.1.1"), and the traces.
const header = `/**
* plotly.js v${version} (course bundle: plotly.js core + traces ${TRACES.join(", ")})
* traces: ${TRACES.join(",")}
* Built by tools/plotlyjs/build.mjs from the plotly.js npm package; do not edit.
* Copyright 2012-2026, Plotly, Inc. All rights reserved. Licensed under the MIT license
*/
`;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, header + result.outputFiles[0].text);
console.log(`${out}: ${(Buffer.byteLength(header + result.outputFiles[0].text) / 1e6).toFixed(2)} MB, plotly.js ${version}, traces ${TRACES.join(",")}`);
