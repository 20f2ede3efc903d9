// Copied by codegen from codegen/targets/typescript/runtime/unknown_fields.ts. Do not edit.
/**
 * `unknownFields()`: what a decoded event held that the catalogue does not know, with paths.
 *
 * Fixed code, copied into every generated package unchanged. Each generated module describes its
 * types as searches (which fields can hold something new, and what each field's strings may be);
 * this module walks a decoded event along them. It reports what the Python package's
 * `unknown_fields()` reports for the same payload: the same paths, kinds, values and order.
 */

import { isObject, type JsonValue } from "./runtime.js";

/** What is new: see `UnknownField.kind`. */
export type UnknownFieldKind = "field" | "enum value" | "object kind" | "event type";

/** Something a payload held that the catalogue does not know; see `unknownFields()`. */
export interface UnknownField {
  /** Where it is, as error messages write paths: `response.output[0].status`. */
  readonly path: string;
  /**
   * What is new: a field the catalogue does not declare (kept in the object), a value outside
   * an open enum (kept as a plain string), a kind of object (kept as an `UnknownObject`) or the
   * event itself (an unknown event).
   */
  readonly kind: UnknownFieldKind;
  /** The new thing: the field's value, the enum value, the object's kind or the event's type. */
  readonly value: JsonValue;
}

/** Where a field's value keeps its objects, by JSON kind. */
export interface Shape {
  /** What a JSON object at this level was decoded as. */
  readonly object?: () => Search;
  /** An array: the shape of each item. */
  readonly list?: Shape;
  /** A map of free keys: the shape of each value. */
  readonly map?: Shape;
}

/** One field an object search looks into: its wire name, its known strings, its shape. */
export type SearchedField = readonly [key: string, known: ReadonlySet<string> | null, shape: Shape];

/** The search of an object type or an event: its declared keys, and its fields that can hold news. */
export interface ObjectSearch {
  readonly keys: ReadonlySet<string>;
  readonly fields: readonly SearchedField[];
}

/** The search of a union: which member a decoded object is, by its discriminator. */
export interface UnionSearch {
  readonly discriminator: string | null;
  readonly variants: ReadonlyMap<string, () => Search>;
  /** The member of an object without the discriminator. */
  readonly untagged: (() => Search) | null;
}

export type Search = ObjectSearch | UnionSearch;

/**
 * The work of a protocol's `unknownFields()`: `searches` maps each of its wire types to the
 * event's search; `returnedAsUnknown` tells an event a parser returned as unknown for a version.
 */
export function findUnknownFields(
  event: { readonly type: string },
  searches: ReadonlyMap<string, ObjectSearch>,
  returnedAsUnknown: boolean,
): UnknownField[] {
  const search = returnedAsUnknown ? undefined : searches.get(event.type);
  if (search === undefined) return [{ path: "type", kind: "event type", value: event.type }];
  const found: UnknownField[] = [];
  searchObject(event as unknown as Record<string, unknown>, search, "", found);
  return found;
}

function searchObject(
  data: Record<string, unknown>,
  search: Search,
  path: string,
  found: UnknownField[],
): void {
  if ("variants" in search) {
    const kind = search.discriminator === null ? undefined : own(data, search.discriminator);
    const member =
      kind === undefined ? search.untagged : search.variants.get(kind as string) ?? null;
    if (member === null) {
      found.push({ path, kind: "object kind", value: kind as JsonValue });
    } else {
      searchObject(data, member(), path, found);
    }
    return;
  }
  // Declared fields first, in declaration order, then the extra ones in payload order.
  for (const [key, known, shape] of search.fields) {
    const value = own(data, key);
    if (value !== undefined) searchValue(value, known, shape, join(path, key), found);
  }
  for (const key of Object.keys(data)) {
    if (!search.keys.has(key)) {
      found.push({ path: join(path, key), kind: "field", value: data[key] as JsonValue });
    }
  }
}

function searchValue(
  value: unknown,
  known: ReadonlySet<string> | null,
  shape: Shape,
  path: string,
  found: UnknownField[],
): void {
  if (typeof value === "string") {
    if (known !== null && !known.has(value)) found.push({ path, kind: "enum value", value });
  } else if (Array.isArray(value)) {
    const item = shape.list;
    if (item !== undefined) {
      value.forEach((entry, index) => searchValue(entry, known, item, `${path}[${index}]`, found));
    }
  } else if (isObject(value)) {
    if (shape.map !== undefined) {
      for (const key of Object.keys(value)) {
        searchValue(value[key], known, shape.map, `${path}.${key}`, found);
      }
    } else if (shape.object !== undefined) {
      searchObject(value, shape.object(), path, found);
    }
  }
}

function own(data: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(data, key) ? data[key] : undefined;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
