// The TypeScript decoder against JSON.parse, on one stream of JSON Lines, in Node:
// `node --expose-gc typescript.mjs <package dir> <stream.jsonl> <rounds> <min pass ms> [entry]`,
// where <entry> is the protocol's module under dist/ (`index.js`, the Realtime API's, by
// default; `translation/index.js`): each exports parseServerEvent, Dispatcher and
// SERVER_EVENT_TYPES alike.
//
// Prints one JSON object: the median nanoseconds of each pass, the median of each round's ratio
// to that round's JSON.parse pass (passes of one round run close together, so on a busy machine
// the ratio varies less than either time), the lines decoded per pass and how many times the
// stream was repeated to make the JSON.parse pass last at least <min pass ms>.
// Contenders run in turn within each round, after a warm-up round, with a collection before each
// pass (the Python bench's method, tests/benchmarks/timing.py), the order rotating between rounds.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [packageDir, streamPath, roundsText, minPassText, entry = "index.js"] = process.argv.slice(2);
const rt = await import(pathToFileURL(join(packageDir, "dist", entry)).href);
const stream = readFileSync(streamPath, "utf8").split("\n").filter((line) => line !== "");
const rounds = Number(roundsText);
const minPassNs = Number(minPassText) * 1e6;

// Before timing: every line decodes to the event its `type` names, and JSON.stringify gives the
// line back, as text, but for numbers written with a zero fraction (`1.0`), which JavaScript
// writes without (`1`).
let exact = 0;
for (const line of stream) {
  const event = rt.parseServerEvent(line, { strict: true });
  const type = JSON.parse(line).type;
  if (event.type !== type) throw new Error(`${type} decoded as ${event.type}`);
  const text = JSON.stringify(event);
  if (text === line) exact++;
  else if (text !== line.replace(/(?<=[:[,]-?\d+)\.0+(?=[,}\]])/g, "")) {
    throw new Error(`JSON.stringify does not give back ${line.slice(0, 100)}`);
  }
}

const dispatcher = new rt.Dispatcher();
for (const type of rt.SERVER_EVENT_TYPES) dispatcher.on(type, () => undefined);

// One loop per contender, so that no call site is shared (and made polymorphic) between them;
// the results feed `sink`, so that no decoding can be optimised away.
let sink = 0;
const contenders = {
  "JSON.parse": (lines) => {
    for (const line of lines) sink += JSON.parse(line).type.length;
  },
  parseServerEvent: (lines) => {
    for (const line of lines) sink += rt.parseServerEvent(line).type.length;
  },
  "parseServerEvent + Dispatcher.dispatch": (lines) => {
    for (const line of lines) sink += dispatcher.dispatch(line).type.length;
  },
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

// Each round starts with the next contender, so that none always runs first (after the
// collection the previous round's garbage calls for) or last.
const names = Object.keys(contenders);
const samples = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round <= rounds; round++) {
  for (let turn = 0; turn < names.length; turn++) {
    const name = names[(round + turn) % names.length];
    const elapsed = timed(contenders[name], lines);
    if (round > 0) samples[name].push(elapsed); // round 0 warms the JIT
  }
}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const floor = samples["JSON.parse"];
console.log(
  JSON.stringify({
    medians: Object.fromEntries(Object.entries(samples).map(([name, v]) => [name, median(v)])),
    ratios: Object.fromEntries(
      Object.entries(samples).map(([name, v]) => [name, median(v.map((x, i) => x / floor[i]))]),
    ),
    lines: lines.length,
    repeat,
    checked: { lines: stream.length, exact },
    node: process.versions.node,
    checksum: sink,
  }),
);
