// Copied by codegen from codegen/targets/typescript/runtime/dispatch.ts. Do not edit.
/**
 * How dispatchers file handlers and route events: the same for every catalogue.
 *
 * Fixed code: the generator copies this module into every generated package unchanged. The
 * generated `dispatcher.ts` gives each dispatcher its `EventTable` and the type maps that type a
 * handler from the wire type, category or prefix it is registered for.
 */

/** Anything a dispatcher routes: an event of the catalogue or an unknown one. */
export interface RoutedEvent {
  readonly type: string;
}

/** What a dispatcher knows about the events it routes. */
export interface EventTable {
  /** Wire type to its category. */
  readonly categories: Readonly<Record<string, string>>;
  /** A newer wire type to the older wire type of the same event (GA name to beta name). */
  readonly renamed: Readonly<Record<string, string>>;
  /** Decodes raw input (JSON text, bytes or a decoded object) into an event. */
  readonly parse: (input: unknown) => RoutedEvent;
}

// Handlers are stored untyped: the registration methods checked their types.
type Handler = (event: never) => unknown;
type StoredHandler = (event: RoutedEvent) => unknown;

/** A handler threw while an event was dispatched; the handler's error is `cause`. */
export class HandlerError extends Error {
  override readonly name = "HandlerError";
  /** The event the handler was given. */
  readonly event: RoutedEvent;
  /** The handler that threw. */
  readonly handler: Handler;

  constructor(event: RoutedEvent, handler: Handler, cause: unknown) {
    const eventId = (event as { readonly event_id?: unknown }).event_id;
    const where = event.type + (typeof eventId === "string" ? ` ${eventId}` : "");
    super(`handler ${handler.name || "(anonymous)"} failed on ${where}: ${causeText(cause)}`, {
      cause,
    });
    this.event = event;
    this.handler = handler;
  }
}

function causeText(cause: unknown): string {
  try {
    return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  } catch {
    return "an unprintable error";
  }
}

export interface DispatcherOptions {
  /**
   * Receives each handler failure, and dispatch carries on with the next handler; without it the
   * failure is thrown from `dispatch` as a HandlerError and later handlers do not run.
   */
  readonly onError?: (error: HandlerError) => void;
}

export interface OnOptions {
  /**
   * Also receive the same event under its name in the other API version
   * (`response.output_text.delta` and `response.text.delta`); the event's `type` says which
   * arrived.
   */
  readonly includeRenamed: true;
}

/** `"response.*"` and `"response."` alike: the wire-type prefix a registration means. */
export type PrefixStem<P extends string> = P extends `${infer Stem}*` ? Stem : P;

/** The wire types of `Types` that start with the prefix `P`. */
export type TypesWithPrefix<Types extends string, P extends string> = Extract<
  Types,
  `${PrefixStem<P>}${string}`
>;

/** `P`, when at least one wire type starts with it; `never` (a compile error) otherwise. */
export type KnownPrefix<Types extends string, P extends string> = [
  TypesWithPrefix<Types, P>,
] extends [never]
  ? never
  : P;

/**
 * Registrations, and the routes built from them: one lookup per dispatched event.
 *
 * `Events` maps each wire type to its event, `Categories` each category to the union of its
 * events, `Renamed` each renamed wire type to its counterpart in the other version, `Unknown` is
 * an event the catalogue does not know.
 */
export class Registry<
  Events extends { readonly [T in keyof Events]: RoutedEvent },
  Categories extends { readonly [C in keyof Categories]: Events[keyof Events] },
  Renamed extends { readonly [T in keyof Renamed]: keyof Events },
  Unknown extends RoutedEvent,
> {
  readonly #table: EventTable;
  readonly #onError: ((error: HandlerError) => void) | undefined;
  readonly #registrations: [ReadonlySet<string>, StoredHandler][] = [];
  readonly #catchAll: StoredHandler[] = [];
  readonly #fallbacks: StoredHandler[] = [];
  #routes: Map<string, readonly StoredHandler[]> | undefined;
  #unknownRoute: readonly StoredHandler[] = [];

  constructor(table: EventTable, options: DispatcherOptions = {}) {
    this.#table = table;
    this.#onError = options.onError;
  }

  /**
   * Calls `handler` for every event of one wire type. With `{ includeRenamed: true }` it also
   * receives the same event under its name in the other API version.
   */
  on<T extends keyof Events & string>(type: T, handler: (event: Events[T]) => unknown): this;
  on<T extends keyof Renamed & keyof Events & string>(
    type: T,
    handler: (event: Events[T] | Events[Renamed[T]]) => unknown,
    options: OnOptions,
  ): this;
  on(type: string, handler: Handler, options?: { readonly includeRenamed?: boolean }): this {
    const types = [this.#knownType(type)];
    if (options?.includeRenamed) {
      const counterpart = this.#counterpart(type);
      if (counterpart === undefined) {
        throw new Error(`${type} has no renamed counterpart in another API version`);
      }
      types.push(counterpart);
    }
    return this.#register(types, handler);
  }

  /** Calls `handler` for every event of one catalogue category. */
  onCategory<C extends keyof Categories & string>(
    category: C,
    handler: (event: Categories[C]) => unknown,
  ): this {
    const types = Object.keys(this.#table.categories).filter(
      (type) => this.#table.categories[type] === category,
    );
    if (types.length === 0) {
      const known = [...new Set(Object.values(this.#table.categories))].sort();
      throw new Error(`unknown category ${JSON.stringify(category)}; known: ${known.join(", ")}`);
    }
    return this.#register(types, handler);
  }

  /**
   * Calls `handler` for every event whose wire type starts with `prefix` (`"response."`, or
   * `"response.*"`); a prefix no wire type has fails to compile.
   */
  onPrefix<P extends string>(
    prefix: KnownPrefix<keyof Events & string, P>,
    handler: (event: Events[TypesWithPrefix<keyof Events & string, P>]) => unknown,
  ): this {
    const stem = prefix.endsWith("*") ? prefix.slice(0, -1) : prefix;
    const types = Object.keys(this.#table.categories).filter((type) => type.startsWith(stem));
    if (stem === "" || types.length === 0) {
      throw new Error(`no event type starts with ${JSON.stringify(stem)}`);
    }
    return this.#register(types, handler);
  }

  /** Calls `handler` for every event, unknown ones included, before the event's own handlers. */
  onAny(handler: (event: Events[keyof Events] | Unknown) => unknown): this {
    this.#catchAll.push(checkHandler(handler));
    this.#routes = undefined;
    return this;
  }

  /** Calls `handler` for events that no handler of their own takes (unknown events included). */
  fallback(handler: (event: Events[keyof Events] | Unknown) => unknown): this {
    this.#fallbacks.push(checkHandler(handler));
    this.#routes = undefined;
    return this;
  }

  /** Decodes `input` (JSON text, bytes or a decoded object) and finds its handlers. */
  protected route(input: unknown): [Events[keyof Events] | Unknown, readonly StoredHandler[]] {
    const event = this.#table.parse(input);
    const routes = this.#routes ?? this.#buildRoutes();
    return [event as Events[keyof Events] | Unknown, routes.get(event.type) ?? this.#unknownRoute];
  }

  /** Reports a handler's failure: to the onError hook, or by throwing HandlerError. */
  protected failed(event: RoutedEvent, handler: StoredHandler, cause: unknown): void {
    const error = new HandlerError(event, handler, cause);
    if (this.#onError === undefined) throw error;
    this.#onError(error);
  }

  #knownType(type: string): string {
    if (Object.hasOwn(this.#table.categories, type)) return type;
    const close = closestMatch(type, Object.keys(this.#table.categories));
    const hint = close === undefined ? "" : `; did you mean ${JSON.stringify(close)}?`;
    throw new Error(`unknown event type ${JSON.stringify(type)}${hint}`);
  }

  #counterpart(type: string): string | undefined {
    const renamed = this.#table.renamed;
    if (Object.hasOwn(renamed, type)) return renamed[type];
    return Object.keys(renamed).find((newer) => renamed[newer] === type);
  }

  #register(types: readonly string[], handler: Handler): this {
    this.#registrations.push([new Set(types), checkHandler(handler)]);
    this.#routes = undefined;
    return this;
  }

  // Catch-all handlers first, then the event's own handlers, or the fallbacks if it has none.
  #buildRoutes(): Map<string, readonly StoredHandler[]> {
    const routes = new Map<string, readonly StoredHandler[]>();
    for (const type of Object.keys(this.#table.categories)) {
      const own = this.#registrations
        .filter(([types]) => types.has(type))
        .map(([, handler]) => handler);
      routes.set(type, [...this.#catchAll, ...(own.length > 0 ? own : this.#fallbacks)]);
    }
    this.#unknownRoute = [...this.#catchAll, ...this.#fallbacks];
    this.#routes = routes;
    return routes;
  }
}

function checkHandler(handler: unknown): StoredHandler {
  if (typeof handler !== "function") {
    throw new TypeError(`a handler must be a function, got ${typeof handler}`);
  }
  return handler as StoredHandler;
}

/** The known name closest to `name`, if one is close enough to be a likely typo. */
function closestMatch(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = 0.6; // the cut-off Python's difflib.get_close_matches uses
  for (const candidate of known) {
    const score = similarity(name, candidate);
    if (score >= bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** 1 for equal strings, towards 0 as more edits separate them (Levenshtein, normalised). */
function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return 1 - previous[b.length]! / longest;
}

/** A dispatcher whose handlers are plain functions, called in registration order. */
export class SyncRegistry<
  Events extends { readonly [T in keyof Events]: RoutedEvent },
  Categories extends { readonly [C in keyof Categories]: Events[keyof Events] },
  Renamed extends { readonly [T in keyof Renamed]: keyof Events },
  Unknown extends RoutedEvent,
> extends Registry<Events, Categories, Renamed, Unknown> {
  /**
   * Decodes `input` (JSON text, bytes or an already decoded object), calls its handlers, and
   * returns the event. Throws the parser's EventDecodeError for a bad payload, and HandlerError
   * when a handler throws (unless the dispatcher has an `onError` hook).
   */
  dispatch(input: unknown): Events[keyof Events] | Unknown {
    const [event, handlers] = this.route(input);
    for (const handler of handlers) {
      try {
        handler(event);
      } catch (error) {
        this.failed(event, handler, error);
      }
    }
    return event;
  }
}

/** A dispatcher that awaits each handler (sync or async) before calling the next. */
export class AsyncRegistry<
  Events extends { readonly [T in keyof Events]: RoutedEvent },
  Categories extends { readonly [C in keyof Categories]: Events[keyof Events] },
  Renamed extends { readonly [T in keyof Renamed]: keyof Events },
  Unknown extends RoutedEvent,
> extends Registry<Events, Categories, Renamed, Unknown> {
  /** Like `Dispatcher.dispatch`, awaiting each handler in turn; rejects where that throws. */
  async dispatch(input: unknown): Promise<Events[keyof Events] | Unknown> {
    const [event, handlers] = this.route(input);
    for (const handler of handlers) {
      try {
        await handler(event);
      } catch (error) {
        this.failed(event, handler, error);
      }
    }
    return event;
  }
}
