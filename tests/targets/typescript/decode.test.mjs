// parseServerEvent on the compiled package, with Node's test runner (run by
// tests/targets/test_typescript.py, which builds the package and writes the examples file first).
//
//   REALTIME_EVENTS_PACKAGE   the package directory (default: generated/typescript)
//   REALTIME_EVENTS_EXAMPLES  a JSON file of every spec example: [{label, protocol, side,
//                             wireType, text}], where side (Server, Client) names the parser:
//                             parseServerEvent..., of the protocol's entry point ("" for the
//                             package's root, "translation" for realtime-events/translation)
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(
  process.env.REALTIME_EVENTS_PACKAGE ?? join(here, "..", "..", "generated", "typescript"),
);
const rt = await import(pathToFileURL(join(packageDir, "dist", "index.js")).href);
const examples = process.env.REALTIME_EVENTS_EXAMPLES
  ? JSON.parse(readFileSync(process.env.REALTIME_EVENTS_EXAMPLES, "utf8"))
  : undefined;

/** A GA response.done with one assistant message and usage: the base most tests change. */
function responseDone() {
  return {
    event_id: "event_1",
    type: "response.done",
    response: {
      id: "resp_1",
      object: "realtime.response",
      status: "completed",
      output: [
        {
          id: "item_1",
          type: "message",
          role: "assistant",
          status: "completed",
          content: [{ type: "output_text", text: "Hello" }],
        },
      ],
      usage: { total_tokens: 10, input_tokens: 4, output_tokens: 6 },
      metadata: null,
    },
  };
}

/** The ServerEventDecodeError `parse(input)` throws; fails if it throws nothing or another. */
function rejection(input, options) {
  try {
    rt.parseServerEvent(input, options);
  } catch (error) {
    assert.ok(
      error instanceof rt.ServerEventDecodeError,
      `expected ServerEventDecodeError, got ${error?.constructor?.name}: ${error?.message}`,
    );
    return error;
  }
  assert.fail(`accepted ${typeof input === "string" ? input.slice(0, 200) : typeof input}`);
}

test("every spec example decodes, and JSON.stringify gives the payload back", async (t) => {
  if (examples === undefined) return t.skip("REALTIME_EVENTS_EXAMPLES is not set");
  assert.ok(examples.length > 0);
  for (const { label, protocol, side, wireType, text } of examples) {
    const entry = await import(pathToFileURL(join(packageDir, "dist", protocol, "index.js")).href);
    const event = entry[`parse${side}Event`](text, { strict: true });
    assert.equal(event.type, wireType, label);
    assert.equal(entry[`isUnknown${side}Event`](event), false, label);
    assert.deepEqual(JSON.parse(JSON.stringify(event)), JSON.parse(text), label);
  }
});

test("text, bytes, an ArrayBuffer and a decoded object decode alike", () => {
  const payload = responseDone();
  const text = JSON.stringify(payload);
  const bytes = new TextEncoder().encode(text);
  for (const input of [text, bytes, Buffer.from(text), bytes.buffer, payload]) {
    assert.deepEqual(rt.parseServerEvent(input), payload);
  }
  // A decoded object is checked in place and returned as it is: nothing is copied.
  assert.equal(rt.parseServerEvent(payload), payload);
});

test("the text comes back unchanged, key order included", () => {
  const text = JSON.stringify(responseDone());
  assert.equal(JSON.stringify(rt.parseServerEvent(text)), text);
});

test("unknown fields and unknown enum values are kept", () => {
  const payload = responseDone();
  payload.response.status = "paused_for_tea";
  payload.response.brand_new = { nested: [1, 2.5, "x", null, true] };
  payload.surprise = "!";
  const event = rt.parseServerEvent(JSON.stringify(payload));
  assert.equal(event.response.status, "paused_for_tea");
  assert.deepEqual(event.response.brand_new, { nested: [1, 2.5, "x", null, true] });
  assert.equal(event.surprise, "!");
});

test("an unknown event type is kept whole, or rejected with strict", () => {
  const payload = { type: "response.sparkle", event_id: "e", sparkles: [{ n: 1 }] };
  const event = rt.parseServerEvent(JSON.stringify(payload));
  assert.equal(rt.isUnknownServerEvent(event), true);
  assert.deepEqual(event, payload);
  const error = rejection(JSON.stringify(payload), { strict: true });
  assert.equal(error.message, "response.sparkle: unknown event type");
  assert.equal(error.eventType, "response.sparkle");
});

test("an unknown kind of union member is kept whole and marked", () => {
  const payload = responseDone();
  const hologram = { type: "hologram", id: "item_2", frames: [[1, 2], [3, 4]] };
  payload.response.output.push(hologram);
  const event = rt.parseServerEvent(JSON.stringify(payload));
  const [message, unknown] = event.response.output;
  assert.equal(rt.isUnknownObject(message), false);
  assert.equal(rt.isUnknownObject(unknown), true);
  assert.deepEqual(unknown, hologram);
  // a message from a speaker nobody has heard of yet: unknown to the inner union on `role`
  payload.response.output[0].role = "narrator";
  const narrated = rt.parseServerEvent(payload).response.output[0];
  assert.equal(rt.isUnknownObject(narrated), true);
});

test("unknownFields lists what the catalogue does not know, with paths, in field order", () => {
  const exact = rt.parseServerEvent(responseDone());
  assert.deepEqual(rt.unknownFields(exact), []);
  const payload = responseDone();
  payload.surprise = "!";
  payload.response.status = "paused_for_tea";
  payload.response.output[0].content[0].sparkle = true;
  payload.response.output.push({ type: "hologram", id: "item_2" });
  payload.response.output.push({ type: "message", role: "narrator", content: [] });
  const event = rt.parseServerEvent(JSON.stringify(payload));
  assert.deepEqual(rt.unknownFields(event), [
    { path: "response.status", kind: "enum value", value: "paused_for_tea" },
    { path: "response.output[0].content[0].sparkle", kind: "field", value: true },
    { path: "response.output[1]", kind: "object kind", value: "hologram" },
    { path: "response.output[2]", kind: "object kind", value: "narrator" },
    { path: "surprise", kind: "field", value: "!" },
  ]);
  const unknown = rt.parseServerEvent({ type: "response.sparkle", sparkles: 3 });
  assert.deepEqual(rt.unknownFields(unknown), [
    { path: "type", kind: "event type", value: "response.sparkle" },
  ]);
  // a GA event read as beta is unknown to that version, and says so
  const delta = { type: "response.output_text.delta", response_id: "r", item_id: "i",
    output_index: 0, content_index: 0, delta: "Hi" };
  assert.deepEqual(rt.unknownFields(rt.parseServerEvent(delta)), []);
  assert.deepEqual(rt.unknownFields(rt.parseServerEvent(delta, { version: "beta" })), [
    { path: "type", kind: "event type", value: "response.output_text.delta" },
  ]);
  // the same object decoded again for every version is known again
  assert.equal(rt.isUnknownServerEvent(rt.parseServerEvent(delta)), false);
  assert.deepEqual(rt.unknownFields(rt.parseServerEvent(delta)), []);
});

test("a bad payload names the event, the path and the problem, as parse_event does", () => {
  const payload = responseDone();
  payload.response.output[0].status = 3;
  const error = rejection(JSON.stringify(payload));
  assert.ok(error instanceof Error);
  assert.equal(error.name, "ServerEventDecodeError");
  assert.equal(error.eventType, "response.done");
  assert.equal(error.path, "response.output[0].status");
  assert.equal(
    error.message,
    "response.done: response.output[0].status: expected string, got integer",
  );
});

test("required, optional and nullable are three cases", () => {
  const delta = {
    type: "response.output_text.delta",
    event_id: "event_2",
    response_id: "resp_1",
    item_id: "item_1",
    output_index: 0,
    content_index: 0,
    delta: "Hel",
  };
  const { delta: _, ...absent } = delta;
  assert.equal(
    rejection(absent).message,
    "response.output_text.delta: delta: required field is missing",
  );
  assert.equal(
    rejection({ ...delta, delta: null }).message,
    "response.output_text.delta: delta: expected string, got null",
  );
  // optional and nullable: absent, null or a string
  for (const obfuscation of [undefined, null, "x9"]) {
    assert.equal(rt.parseServerEvent({ ...delta, obfuscation }).obfuscation, obfuscation);
  }
  const noRole = responseDone();
  delete noRole.response.output[0].role;
  assert.equal(rejection(noRole).path, "response.output[0].role");
  const noUsage = responseDone();
  delete noUsage.response.usage;
  assert.equal(rt.parseServerEvent(noUsage).response.usage, undefined);
  const nullUsage = responseDone();
  nullUsage.response.usage = null;
  assert.equal(rt.parseServerEvent(nullUsage).response.usage, null);
});

test("a choice of an integer or a literal takes both and nothing else", () => {
  for (const [value, ok] of [[4096, true], ["inf", true], ["infinite", false], [1.5, false]]) {
    const payload = responseDone();
    payload.response.max_output_tokens = value;
    if (ok) rt.parseServerEvent(payload);
    else
      assert.equal(
        rejection(payload).message,
        `response.done: response.max_output_tokens: expected integer or 'inf', got ${
          typeof value === "string" ? `'${value}'` : "number"
        }`,
      );
  }
});

test("a number with an integral value counts as an integer (JSON.parse cannot tell 1.0)", () => {
  const text = JSON.stringify(responseDone()).replace('"total_tokens":10', '"total_tokens":10.0');
  assert.equal(rt.parseServerEvent(text).response.usage.total_tokens, 10);
  const fraction = text.replace('"total_tokens":10.0', '"total_tokens":10.5');
  assert.equal(rejection(fraction).path, "response.usage.total_tokens");
});

test("payloads that are not events are rejected with a reason", () => {
  const cases = [
    ["", /^payload is not valid JSON: /],
    ["{", /^payload is not valid JSON: /],
    ["[1, 2]", /^payload must be a JSON object, got array$/],
    ["null", /^payload must be a JSON object, got null$/],
    ['"text"', /^payload must be a JSON object, got 'text'$/],
    ["{}", /^payload has no 'type' field$/],
    ['{"type": 5}', /^type: expected string, got integer$/],
    ["NaN", /^payload is not valid JSON: /],
  ];
  for (const [text, message] of cases) {
    assert.match(rejection(text).message, message, text);
  }
  assert.match(rejection(new Uint8Array([0x7b, 0xff, 0x7d])).message, /^payload is not valid UTF-8/);
  assert.equal(rejection(undefined).message, "payload must be a JSON object, got undefined");
  assert.equal(rejection('{"type": "x"}', { maxSize: 5 }).message, "payload of 13 exceeds maxSize=5");
});

test("deep nesting, overflowing numbers and non-JSON values are rejected, not thrown", () => {
  const deep = (depth) => "[".repeat(depth) + "]".repeat(depth);
  const withExtra = (json) => JSON.stringify(responseDone()).slice(0, -1) + `,"extra":${json}}`;
  // Python's reader refuses nesting past about 990 levels; 100,000 would overflow JSON.stringify.
  assert.match(rejection(withExtra(deep(100000))).message, /^response\.done: extra(\[0\])+: payload is nested too deeply$/);
  assert.match(rejection(`{"type": "x.y", "a": ${deep(100000)}}`).message, /^x\.y: a(\[0\])+: payload is nested too deeply$/);
  // nesting an application meets stays fine
  rt.parseServerEvent(withExtra(deep(100)));
  // a number too large for a double would come back as null from JSON.stringify
  assert.equal(rejection(withExtra("1e999")).message, "response.done: extra: number is too large for a float");
  const hugeTyped = JSON.stringify(responseDone()).replace('"total_tokens":10', '"total_tokens":1e999');
  assert.equal(rejection(hugeTyped).path, "response.usage.total_tokens");
  // integers past 2**53 are numbers JSON.parse rounds, as every JavaScript JSON reader does
  const big = JSON.stringify(responseDone()).replace('"total_tokens":10', '"total_tokens":123456789012345678901');
  assert.equal(rt.parseServerEvent(big).response.usage.total_tokens, 123456789012345678901);
  // objects handed in decoded may hold what JSON cannot: rejected, never thrown raw
  const withFunction = responseDone();
  withFunction.extra = [() => 1];
  assert.equal(rejection(withFunction).message, "response.done: extra[0]: expected a JSON value, got function");
  const cyclic = responseDone();
  cyclic.loop = cyclic;
  assert.match(rejection(cyclic).message, /nested too deeply/);
  const trap = new Proxy(responseDone(), {
    get(target, key) {
      if (key === "response") throw new Error("no reading here");
      return Reflect.get(target, key);
    },
  });
  assert.equal(rejection(trap).message, "response.done: payload could not be read: no reading here");
});

test("field names Object.prototype also has are read as own properties only", () => {
  // No spec field is named `constructor`; an unknown event with one keeps it as data.
  const text = '{"type":"x.y","constructor":1,"__proto__":{"a":1}}';
  const event = rt.parseServerEvent(text);
  assert.equal(event.constructor, 1);
  assert.equal(JSON.stringify(event), text);
});

test("no payload makes parseServerEvent throw anything but ServerEventDecodeError", () => {
  // Every example, cut short at many places and with values of every JSON kind put in many
  // places: each attempt decodes or is rejected, nothing else. Deterministic (seeded).
  if (examples === undefined) return;
  let seed = 20250613;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const values = [null, true, -1, 0.5, 1e308, "", "\u0000", "inf", [], [[]], {}, { type: "message" }];
  let attempts = 0;
  for (const { side, text } of examples) {
    const parse = rt[`parse${side}Event`];
    for (let i = 0; i < 20; i++) {
      const cut = text.slice(0, Math.floor(random() * text.length));
      const payload = JSON.parse(text);
      let node = payload;
      for (let depth = 0; depth < 4 && typeof node === "object" && node !== null; depth++) {
        const keys = Object.keys(node);
        if (keys.length === 0) break;
        const key = keys[Math.floor(random() * keys.length)];
        if (depth === 3 || typeof node[key] !== "object" || node[key] === null || random() < 0.3) {
          node[key] = values[Math.floor(random() * values.length)];
          break;
        }
        node = node[key];
      }
      for (const input of [cut, payload, JSON.stringify(payload)]) {
        attempts++;
        try {
          parse(input);
        } catch (error) {
          assert.ok(error instanceof rt.EventDecodeError, `${error}`);
        }
      }
    }
  }
  assert.ok(attempts > 1000);
});

test("the event tables describe the catalogue", () => {
  assert.ok(rt.SERVER_EVENT_TYPES.includes("response.done"));
  assert.ok(Object.isFrozen(rt.SERVER_EVENT_TYPES) && Object.isFrozen(rt.SERVER_EVENT_VERSIONS));
  for (const type of rt.SERVER_EVENT_TYPES) {
    assert.ok(rt.SERVER_EVENT_VERSIONS[type].length > 0, type);
    assert.equal(typeof rt.SERVER_EVENT_CATEGORIES[type], "string", type);
  }
  assert.equal(rt.RENAMED_SERVER_EVENTS["response.output_text.delta"], "response.text.delta");
  assert.ok(rt.serverEventsFor("ga").includes("response.output_text.delta"));
  assert.ok(!rt.serverEventsFor("ga").includes("response.text.delta"));
  assert.throws(() => rt.serverEventsFor("gamma"), RangeError);
});

test("each side's parser throws its own subclass of EventDecodeError", () => {
  const error = rejection("[]");
  assert.ok(error instanceof rt.EventDecodeError && error instanceof rt.ServerEventDecodeError);
  assert.equal(error.name, "ServerEventDecodeError");
});
