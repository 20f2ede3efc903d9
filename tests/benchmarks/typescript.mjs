// The TypeScript decoder against JSON.parse, on one stream of JSON Lines, in Node:
// `node --expose-gc typescript.mjs <package dir> <stream.jsonl> <rounds> <min pass ms>`.
//
// Prints one JSON object: the median nanoseconds of each pass, the lines decoded per pass and
// how many times the stream was repeated to make the JSON.parse pass last at least <min pass ms>.
// Contenders run in turn within each round, after a warm-up round, with a collection before each
// pass (the Python bench's method, tests/benchmarks/timing.py).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [packageDir, streamPath, roundsText, minPassText] = process.argv.slice(2);
const rt = await import(pathToFileURL(join(packageDir, "dist", "index.js")).href);
const stream = readFileSync(streamPath, "utf8").split("\n").filter((line) => line !== "");
const rounds = Number(roundsText);
const minPassNs = Number(minPassText) * 1e6;

for (const line of stream) rt.parseServerEvent(line, { strict: true }); // every line is valid

const dispatcher = new rt.Dispatcher();
for (const type of rt.SERVER_EVENT_TYPES) dispatcher.on(type, () => undefined);

let sink = 0; // results feed it, so that no decoding can be optimised away
const each = (decode) => (lines) => {
  for (const line of lines) sink += decode(line).type.length;
};
const contenders = {
  "JSON.parse": each(JSON.parse),
  parseServerEvent: each((line) => rt.parseServerEvent(line)),
  "parseServerEvent + Dispatcher.dispatch": each((line) => dispatcher.dispatch(line)),
};

function timed(run, lines) {
  globalThis.gc?.();
  const start = process.hrtime.bigint();
  run(lines);
  return Number(process.hrtime.bigint() - start);
}

const once = timed(contenders["JSON.parse"], stream);
const repeat = Math.max(1, Math.ceil(minPassNs / Math.max(1, once)));
const lines = Array.from({ length: repeat }, () => stream).flat();

const samples = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
for (let round = 0; round <= rounds; round++) {
  for (const [name, run] of Object.entries(contenders)) {
    const elapsed = timed(run, lines);
    if (round > 0) samples[name].push(elapsed); // round 0 warms the JIT
  }
}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
console.log(
  JSON.stringify({
    medians: Object.fromEntries(Object.entries(samples).map(([name, v]) => [name, median(v)])),
    lines: lines.length,
    repeat,
    node: process.versions.node,
    checksum: sink,
  }),
);
