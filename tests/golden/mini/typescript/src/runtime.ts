// Copied by codegen from codegen/targets/typescript/runtime/runtime.ts. Do not edit.
/**
 * Support code shared by the generated modules: the decode error, the JSON value types, the checks
 * every decoder runs, and the walk over values the catalogue does not type.
 *
 * Fixed code: the generator copies this module into every generated package unchanged. It follows
 * the Python package's `_runtime.py` rule for rule, so that both decoders accept the same payloads
 * and report a bad one at the same path with the same words.
 */

/** Any JSON value, as `JSON.parse` returns it. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;

/** A JSON object whose values are any JSON values. */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/**
 * A payload that is not a valid event. Each side's parser throws its own subclass
 * (`ServerEventDecodeError`); catch this class for any of them.
 *
 * The message names the event type (when known) and the path of the offending field, for example
 * `response.done: response.output[0].status: expected string, got integer`.
 */
export class EventDecodeError extends Error {
  override readonly name: string = "EventDecodeError";
  /** The payload's `type`, when it had a string one. */
  readonly eventType: string | null;
  /** Where in the payload the problem is (`response.output[0].status`), or `""`. */
  readonly path: string;

  constructor(message: string, eventType: string | null = null, path = "") {
    super(message);
    this.eventType = eventType;
    this.path = path;
  }
}

// --- failures inside decoders ---------------------------------------------------------------

/**
 * Thrown inside decoders; each enclosing field adds its segment on the way out, so a payload that
 * decodes pays nothing for paths. Never escapes `parsePayload`.
 */
export class Invalid {
  readonly message: string;
  readonly segments: string[] = [];

  constructor(message: string) {
    this.message = message;
  }

  path(): string {
    let text = "";
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const segment = this.segments[i]!;
      text += segment.startsWith("[") || text === "" ? segment : "." + segment;
    }
    return text;
  }

  toError(eventType: string | null, errorClass: ErrorClass): EventDecodeError {
    const path = this.path();
    const prefix = eventType ? `${eventType}: ` : "";
    const where = path ? `${path}: ` : "";
    return new errorClass(`${prefix}${where}${this.message}`, eventType, path);
  }
}

/** The value has the wrong JSON type; `expected` says what it should have been. */
export function wrong(expected: string, value: unknown): Invalid {
  return new Invalid(`expected ${expected}, got ${describe(value)}`);
}

/** `wrong`, for the field `key` of the object being decoded. */
export function wrongAt(key: string, expected: string, value: unknown): Invalid {
  return within(wrong(expected, value), key) as Invalid;
}

/** A required field is absent. */
export function missing(key: string): Invalid {
  return within(new Invalid("required field is missing"), key) as Invalid;
}

/** Adds a path segment (a key, or `[index]`) to a failure passing through; other errors pass. */
export function within(error: unknown, segment: string): unknown {
  if (error instanceof Invalid) {
    error.segments.push(segment);
  }
  return error;
}

/** A JSON value's kind for an error message; short strings are quoted in full, as Python does. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return "boolean";
    case "number":
      return Number.isInteger(value) ? "integer" : "number";
    case "string":
      return value.length <= 80 && codePoints(value) <= 40 ? pythonRepr(value) : "a string";
    case "object":
      return Array.isArray(value) ? "array" : "object";
    default:
      return typeof value; // not JSON at all: undefined, a function, a bigint, a symbol
  }
}

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

// Characters Python's str.isprintable() rejects: repr() writes them as escapes.
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** The text of Python's `repr()` of a string, so that messages read the same in both packages. */
export function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === quote || char === "\\") out += "\\" + char;
    else if (char === "\t") out += "\\t";
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char !== " " && NOT_PRINTABLE.test(char)) {
      if (code < 0x100) out += "\\x" + code.toString(16).padStart(2, "0");
      else if (code < 0x10000) out += "\\u" + code.toString(16).padStart(4, "0");
      else out += "\\U" + code.toString(16).padStart(8, "0");
    } else out += char;
  }
  return out + quote;
}

// --- checks ---------------------------------------------------------------------------------

/** A JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function expectString(value: unknown): string {
  if (typeof value !== "string") throw wrong("string", value);
  return value;
}

/**
 * A JSON number with an integral value. `JSON.parse` reads `1.0` and `1` alike, so `1.0` passes
 * here where Python (which keeps `1.0` a float) rejects it.
 */
export function expectInteger(value: unknown): number {
  if (!Number.isInteger(value)) throw wrong("integer", value);
  return value as number;
}

/** Any finite JSON number, integers included. */
export function expectNumber(value: unknown): number {
  if (!Number.isFinite(value)) throw wrong("number", value);
  return value as number;
}

export function expectBoolean(value: unknown): boolean {
  if (typeof value !== "boolean") throw wrong("boolean", value);
  return value;
}

/** A free-form JSON object: any keys, any JSON values. */
export function expectObject(value: unknown): JsonObject {
  if (!isObject(value)) throw wrong("object", value);
  checkUntypedObject(value, 1);
  return value as JsonObject;
}

/** Any JSON value, null included. */
export function expectJson(value: unknown): JsonValue {
  checkUntyped(value, 0);
  return value as JsonValue;
}

/** A JSON array whose every item `decodeItem` accepts; a failure names the first bad index. */
export function listOf<T>(value: unknown, decodeItem: (item: unknown) => T): readonly T[] {
  if (!Array.isArray(value)) throw wrong("array", value);
  for (let index = 0; index < value.length; index++) {
    try {
      decodeItem(value[index]);
    } catch (error) {
      throw within(error, `[${index}]`);
    }
  }
  return value as T[];
}

/** A JSON object whose every value `decodeItem` accepts; a failure names the first bad key. */
export function mapOf<T>(
  value: unknown,
  decodeItem: (item: unknown) => T,
): { readonly [key: string]: T } {
  if (!isObject(value)) throw wrong("object", value);
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item === undefined) continue; // absent, as JSON.stringify sees it
    try {
      decodeItem(item);
    } catch (error) {
      throw within(error, key);
    }
  }
  return value as { readonly [key: string]: T };
}

// --- values the catalogue does not type ------------------------------------------------------

/**
 * How deeply a value the catalogue does not type (an unknown field, an `any` or `object` field,
 * an unknown kind, an unknown event) may nest. Python's JSON reader stops at about 990 levels
 * (its recursion limit); 512 keeps every payload accepted here acceptable there too, and
 * `JSON.stringify` able to write the value back.
 */
export const MAX_UNTYPED_DEPTH = 512;

/**
 * Rejects what is not JSON inside an untyped value: a number that overflowed to Infinity
 * (`1e999`, which Python's reader refuses), nesting deeper than MAX_UNTYPED_DEPTH, and, in an
 * object handed in already decoded, values JSON cannot hold (functions, undefined in arrays).
 */
export function checkUntyped(value: unknown, depth: number): void {
  switch (typeof value) {
    case "string":
    case "boolean":
      return;
    case "number":
      if (!Number.isFinite(value)) throw new Invalid("number is too large for a float");
      return;
    case "object":
      if (value === null) return;
      if (Array.isArray(value)) {
        if (depth >= MAX_UNTYPED_DEPTH) throw new Invalid("payload is nested too deeply");
        for (let index = 0; index < value.length; index++) {
          try {
            checkUntyped(value[index], depth + 1);
          } catch (error) {
            throw within(error, `[${index}]`);
          }
        }
        return;
      }
      checkUntypedObject(value as Record<string, unknown>, depth + 1);
      return;
    default:
      throw new Invalid(`expected a JSON value, got ${describe(value)}`);
  }
}

function checkUntypedObject(value: Record<string, unknown>, depth: number): void {
  if (depth > MAX_UNTYPED_DEPTH) throw new Invalid("payload is nested too deeply");
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item === undefined) continue;
    try {
      checkUntyped(item, depth);
    } catch (error) {
      throw within(error, key);
    }
  }
}

/**
 * The own property `key` of `data`: for wire names that Object.prototype also has
 * (`constructor`, `toString`), which a plain `data[key]` would find inherited when absent.
 */
export function ownField(data: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(data, key) ? data[key] : undefined;
}

/** Whether `data` has keys besides the `known` count of known ones it was found to hold. */
export function hasExtraFields(data: Record<string, unknown>, known: number): boolean {
  return Object.keys(data).length !== known;
}

/** Checks the fields of `data` that `keys` does not list: they are kept, and must be JSON. */
export function checkExtraFields(data: Record<string, unknown>, keys: ReadonlySet<string>): void {
  for (const key of Object.keys(data)) {
    if (keys.has(key)) continue;
    const item = data[key];
    if (item === undefined) continue;
    try {
      checkUntyped(item, 1);
    } catch (error) {
      throw within(error, key);
    }
  }
}

// --- unknown kinds of objects -----------------------------------------------------------------

declare const unknownObjectBrand: unique symbol;

/**
 * An object whose kind (its discriminator value, such as an item's `type`) the catalogue does not
 * know. The API adds kinds of items, content parts and tools over time: the object is kept whole,
 * as it arrived, and written back unchanged by `JSON.stringify`.
 *
 * Tell it apart with `isUnknownObject()` before switching on the known kinds' discriminator.
 */
export interface UnknownObject {
  readonly [unknownObjectBrand]: true;
  readonly [key: string]: JsonValue;
}

// The objects decoders met as unknown kinds; identity is all it takes, and it holds them weakly.
const unknownObjects = new WeakSet<object>();

/**
 * Accepts `data` as an unknown kind: it is kept whole once it is found to be JSON. `T` is the
 * union's type for it (an `UnknownKindOf`), whose discriminator the caller has found unknown.
 */
export function unknownKind<T extends UnknownObject>(data: Record<string, unknown>): T {
  checkUntypedObject(data, 1);
  unknownObjects.add(data);
  return data as unknown as T;
}

/**
 * An `UnknownObject` in a union told apart by the field `D`: its `D` holds a kind that no known
 * member has (see `UnknownKind`), so that `item.type === "function_call"` narrows a union's value
 * to the known member and rules the unknown kind out.
 */
export type UnknownKindOf<D extends string> = UnknownObject & { readonly [K in D]: UnknownKind };

/**
 * The static type of a kind (a discriminator's value, an event's `type`) the catalogue does not
 * know. At run time it is the string exactly as received. TypeScript has no type for "any string
 * but these", so the compiler sees a string pattern that no known kind can match: comparing the
 * field with a known kind (`=== "response.done"`, or a `case` of a `switch`) then rules the
 * unknown one out and narrows to the known member, and comparing it with a misspelt kind is an
 * error. To compare an unknown one with a kind this catalogue does not know yet, widen it
 * first: `String(event.type) === "response.new_event"`.
 */
export type UnknownKind = `${string} (not in this catalogue)`;

/** Whether a decoded value is an object of a kind the catalogue does not know. */
export function isUnknownObject(value: unknown): value is UnknownObject {
  return typeof value === "object" && value !== null && unknownObjects.has(value);
}

// --- the entry point ---------------------------------------------------------------------------

declare const unknownEventBrand: unique symbol;

/**
 * An event whose `type` the catalogue does not know (the API adds events over time): the whole
 * payload, kept as it arrived. Each side names it (`UnknownServerEvent`) and has a guard for it
 * (`isUnknownServerEvent()`).
 */
export interface UnknownEvent {
  readonly [unknownEventBrand]: true;
  /** The wire type as received (see `UnknownEventType` for how it is typed). */
  readonly type: UnknownEventType;
  readonly [key: string]: JsonValue;
}

/** The static type of an unknown event's `type`: see `UnknownKind`. */
export type UnknownEventType = UnknownKind;

/** The error a side's parser throws: a subclass of EventDecodeError. */
export type ErrorClass = new (
  message: string,
  eventType?: string | null,
  path?: string,
) => EventDecodeError;

export interface ParseOptions {
  /** Throw, rather than return an unknown event, for a type the catalogue does not know. */
  readonly strict?: boolean;
  /** The longest payload to read: characters of a string, bytes of binary data. */
  readonly maxSize?: number;
  /**
   * Decode as this version of the protocol only (one of its `VERSIONS`): another version's wire
   * type is unknown, and another version's shape (a beta session in a GA payload) is an error.
   */
  readonly version?: string;
  /**
   * Decode as what this kind of connection carries (one of the protocol's `CONNECTIONS`):
   * another kind's wire type is unknown.
   */
  readonly connection?: string;
}

// The payloads a parser returned as unknown events: a wire type the catalogue knows is unknown
// too when the parser was asked for a version that does not send it, which the type alone cannot
// tell a guard (`isUnknownServerEvent`).
const returnedUnknown = new WeakSet<object>();

/** Whether a parser returned `event` as an event it does not know. */
export function returnedAsUnknown(event: object): boolean {
  return returnedUnknown.has(event);
}

// The version a payload is being decoded for, while `parsePayload` runs (decoding is
// synchronous, so no other payload can see it); undefined when every version is accepted.
let decodingVersion: string | undefined;

/**
 * In the decoder of a type that only some versions send: refuse it in a payload decoded for
 * another version.
 */
export function requireVersion(versions: readonly string[], shape: string): void {
  if (decodingVersion !== undefined && !versions.includes(decodingVersion)) {
    throw new Invalid(
      `${shape} is a shape of version ${[...versions].sort().join(", ")} only, not of ${decodingVersion}`,
    );
  }
}

/**
 * Which events each version sends and each kind of connection carries, by wire type: what a
 * parser narrows to when asked for one (`{ version }`, `{ connection }`).
 */
export interface EventScopes {
  readonly versions?: { readonly [type: string]: readonly string[] };
  readonly connections?: { readonly [type: string]: readonly string[] };
  /** Wire types the protocol's other side sends too: a decoded one remembers its parser. */
  readonly shared?: ReadonlySet<string>;
}

// The parser (its decoders) that decoded an event whose wire type both sides of its protocol
// send: only the parser can tell the side, and unknownFields() needs it.
const decodedWith = new WeakMap<object, ReadonlyMap<string, EventDecoder>>();

/**
 * The searches for `event`: those of the side whose parser decoded it, for a wire type both
 * sides send (`bySide`, keyed by that side's decoders), else `all`.
 */
export function searchesFor<T>(
  event: object,
  all: ReadonlyMap<string, T>,
  bySide: ReadonlyMap<ReadonlyMap<string, EventDecoder>, ReadonlyMap<string, T>>,
): ReadonlyMap<string, T> {
  const decoders = decodedWith.get(event);
  return (decoders === undefined ? undefined : bySide.get(decoders)) ?? all;
}

// Each table's versions or kinds of connection, gathered once per table.
const knownOfTable = new WeakMap<object, ReadonlySet<string>>();

// A version or connection asked for must be one the protocol has.
function requireKnown(
  what: string,
  asked: string | undefined,
  table: { readonly [type: string]: readonly string[] } | undefined,
  none: string,
): void {
  if (asked === undefined) return;
  let known = table === undefined ? undefined : knownOfTable.get(table);
  if (known === undefined) {
    known = new Set(Object.values(table ?? {}).flat());
    if (table !== undefined) knownOfTable.set(table, known);
  }
  if (!known.has(asked)) {
    const listed = [...known].sort().join(", ") || `none: ${none}`;
    throw new RangeError(`unknown ${what} ${JSON.stringify(asked)}; known: ${listed}`);
  }
}

// Whether a wire type is in the scope asked for (always, when none was asked for).
function inScope(
  table: { readonly [type: string]: readonly string[] } | undefined,
  wireType: string,
  asked: string | undefined,
): boolean {
  return asked === undefined || (table?.[wireType]?.includes(asked) ?? false);
}

/** An event's decoder: checks a payload whose `type` is already known to be the event's. */
export type EventDecoder = (data: Record<string, unknown>) => unknown;

// The global TextDecoder of browsers and Node, declared here because no `lib` setting describes
// both environments.
declare const TextDecoder: new (
  label: string,
  options: { fatal: boolean },
) => { decode(input: Uint8Array | ArrayBuffer): string };

let utf8: { decode(input: Uint8Array | ArrayBuffer): string } | undefined;

/**
 * Decodes one event with `decoders` (wire type to decoder), throwing `errorClass`: the work of a
 * generated parser (`parseServerEvent`), which types the result.
 */
export function parsePayload(
  decoders: ReadonlyMap<string, EventDecoder>,
  errorClass: ErrorClass,
  input: unknown,
  options?: ParseOptions,
  scopes?: EventScopes,
): unknown {
  const version = options?.version;
  const connection = options?.connection;
  requireKnown("version", version, scopes?.versions, "this protocol has no versions");
  requireKnown("connection", connection, scopes?.connections, "this protocol has one kind");
  let data: unknown = input;
  if (typeof input === "string") {
    data = readJson(input, input.length, options, errorClass);
  } else if (input instanceof Uint8Array || input instanceof ArrayBuffer) {
    const text = utf8Text(input, options, errorClass);
    data = readJson(text, input.byteLength, options, errorClass);
  }
  if (!isObject(data)) {
    throw new errorClass(`payload must be a JSON object, got ${describe(data)}`);
  }
  const wireType = data["type"];
  if (typeof wireType !== "string") {
    if (wireType === undefined) {
      throw new errorClass("payload has no 'type' field", null, "type");
    }
    throw new errorClass(`type: expected string, got ${describe(wireType)}`, null, "type");
  }
  const decode =
    inScope(scopes?.versions, wireType, version) && inScope(scopes?.connections, wireType, connection)
      ? decoders.get(wireType)
      : undefined;
  decodingVersion = version;
  try {
    if (decode !== undefined) {
      returnedUnknown.delete(data); // an object decoded before as unknown (for another version)
      const event = decode(data);
      if (scopes?.shared?.has(wireType)) decodedWith.set(data, decoders);
      return event;
    }
    if (options?.strict) {
      throw new errorClass(`${wireType}: unknown event type`, wireType);
    }
    checkUntypedObject(data, 1);
    returnedUnknown.add(data);
    return data;
  } catch (error) {
    throw decodeError(error, wireType, errorClass);
  } finally {
    decodingVersion = undefined;
  }
}

function readJson(
  text: string,
  size: number,
  options: ParseOptions | undefined,
  errorClass: ErrorClass,
): unknown {
  const maxSize = options?.maxSize;
  if (maxSize !== undefined && size > maxSize) {
    throw new errorClass(`payload of ${size} exceeds maxSize=${maxSize}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new errorClass(`payload is not valid JSON: ${errorText(error)}`);
  }
}

function utf8Text(
  bytes: Uint8Array | ArrayBuffer,
  options: ParseOptions | undefined,
  errorClass: ErrorClass,
): string {
  const maxSize = options?.maxSize;
  if (maxSize !== undefined && bytes.byteLength > maxSize) {
    throw new errorClass(`payload of ${bytes.byteLength} exceeds maxSize=${maxSize}`);
  }
  utf8 ??= new TextDecoder("utf-8", { fatal: true });
  try {
    return utf8.decode(bytes);
  } catch (error) {
    throw new errorClass(`payload is not valid UTF-8: ${errorText(error)}`);
  }
}

/** Any failure inside a decoder as the one error parsePayload lets out. */
function decodeError(error: unknown, eventType: string, errorClass: ErrorClass): EventDecodeError {
  if (error instanceof EventDecodeError) return error;
  if (error instanceof Invalid) return error.toError(eventType, errorClass);
  if (error instanceof RangeError) {
    return new errorClass(`${eventType}: payload is nested too deeply`, eventType);
  }
  // An object handed in decoded may hold getters or proxies that throw: report, never rethrow.
  return new errorClass(`${eventType}: payload could not be read: ${errorText(error)}`, eventType);
}

function errorText(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return "an unprintable error";
  }
}
