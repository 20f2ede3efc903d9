// How an application uses the package: this file must type-check under `tsc --strict` (with and
// without exactOptionalPropertyTypes). `Expect<Equal<...>>` lines pin the types the package
// infers, so that a regression to `any` or `unknown` fails here too.
import {
  AsyncDispatcher,
  Dispatcher,
  HandlerError,
  isUnknownObject,
  isUnknownServerEvent,
  parseServerEvent,
  ServerEventDecodeError,
  type AnyInputAudioBufferEvent,
  type ClientEvent,
  parseClientEvent,
  type SessionUpdateEvent,
  type UnknownClientEvent,
  type ConversationItem,
  type ItemStatus,
  type JsonValue,
  type MessageItem,
  type Response,
  type ResponseDoneEvent,
  type ResponseOutputTextDeltaEvent,
  type ResponseTextDeltaEvent,
  type ServerEvent,
  type ServerEventOf,
  type ServerEventType,
  type UnknownObject,
  type UnknownField,
  type UnknownKindOf,
  type UnknownServerEvent,
  type Usage,
  unknownFields,
} from "realtime-events";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
  ? true
  : false;
type Expect<T extends true> = T;

export type Checks = [
  Expect<Equal<ServerEventOf<"response.done">, ResponseDoneEvent>>,
  Expect<Equal<ServerEventOf<"response.output_text.delta">["delta"], string>>,
  Expect<Equal<ReturnType<typeof parseServerEvent>, ServerEvent | UnknownServerEvent>>,
  // optional and nullable stay apart: absent is `?`, null is `| null`
  Expect<Equal<Response["usage"], Usage | null | undefined>>,
  Expect<Equal<ResponseOutputTextDeltaEvent["obfuscation"], string | null | undefined>>,
  // unknown kinds are part of the unions, as objects of their own brand whose discriminator no
  // known kind matches (an unknown speaker's message is still a message)
  Expect<
    Equal<
      Extract<ConversationItem, UnknownObject>,
      UnknownKindOf<"type"> | (UnknownKindOf<"role"> & { readonly type: "message" })
    >
  >,
];

// Open enums take any string, and editors still offer the known values.
export const status: ItemStatus = "a status from next year";
export const known: ItemStatus = "completed";

export function describeItem(item: ConversationItem): string {
  if (isUnknownObject(item)) return `a kind this package does not know: ${String(item["type"])}`;
  switch (item.type) {
    case "message":
      return describeMessage(item);
    case "function_call":
      return `call ${item.name}(${item.arguments})`;
    case "function_call_output":
      return `output of ${item.call_id}`;
    default:
      return item.type;
  }
}

// Comparing a union's discriminator narrows without ruling out unknown kinds first.
export function callOf(item: ConversationItem): string | undefined {
  if (item.type === "function_call") return `${item.name}(${item.arguments})`;
  return undefined;
}

function describeMessage(message: MessageItem): string {
  if (isUnknownObject(message)) return "a message from an unknown speaker";
  switch (message.role) {
    case "assistant":
      return `assistant, ${message.content?.length ?? 0} parts`;
    case "user":
    case "system":
      return message.role;
  }
}

export function handle(message: string): string {
  let event: ServerEvent | UnknownServerEvent;
  try {
    event = parseServerEvent(message);
  } catch (error) {
    if (error instanceof ServerEventDecodeError) return `${error.eventType}: ${error.path}`;
    throw error;
  }
  if (isUnknownServerEvent(event)) return `unknown ${event.type}`;
  switch (event.type) {
    case "response.done": {
      const usage = event.response.usage;
      const tokens = usage === null || usage === undefined ? 0 : usage.total_tokens ?? 0;
      return `${event.response.output?.map(describeItem).join(", ")} (${tokens} tokens)`;
    }
    case "response.output_text.delta":
      return event.delta;
    default:
      return event.type;
  }
}

// Comparing the wire type narrows without a guard first; unknown events reach the default branch.
export function narrowed(message: string): string {
  const event = parseServerEvent(message);
  if (event.type === "response.done") return event.response.status ?? "no status";
  switch (event.type) {
    case "response.output_text.delta":
      return event.delta;
    case "error":
      return event.error.message ?? event.error.type;
    default:
      if (isUnknownServerEvent(event)) return `not in the catalogue: ${event.type}`;
      return event.type;
  }
}

// What the catalogue does not know yet, with paths: worth a log line, never a failure.
export function news(message: string): string[] {
  const found: readonly UnknownField[] = unknownFields(parseServerEvent(message));
  return found.map(({ path, kind, value }) => `${path}: ${kind} ${JSON.stringify(value)}`);
}

export function strict(message: Uint8Array): ResponseDoneEvent | undefined {
  const event: ServerEvent = parseServerEvent(message, { strict: true, maxSize: 1 << 20 });
  return event.type === "response.done" ? event : undefined;
}

export const dispatcher = new Dispatcher({
  onError: (error: HandlerError) => console.error(error.message, error.cause),
})
  .on("response.output_text.delta", (event) => {
    const delta: string = event.delta;
    return delta;
  })
  .on(
    "response.output_text.delta",
    (event: ResponseOutputTextDeltaEvent | ResponseTextDeltaEvent) => event.delta,
    { includeRenamed: true },
  )
  .onCategory("input_audio_buffer", (event: AnyInputAudioBufferEvent) => event.type)
  .onPrefix("response.output_audio", (event) => {
    const type: `response.output_audio${string}` = event.type;
    return type;
  })
  .onPrefix("response.mcp_call*", (event) => event.item_id)
  .onAny((event: ServerEvent | UnknownServerEvent) => event.type)
  .fallback((event) => {
    const type: string = event.type;
    return type;
  });

export const returned: ServerEvent | UnknownServerEvent = dispatcher.dispatch("{}");

export async function later(message: string): Promise<ServerEventType | string> {
  const asyncDispatcher = new AsyncDispatcher().on("response.done", async (event) => {
    await Promise.resolve(event.response.id);
  });
  const event = await asyncDispatcher.dispatch(message);
  return event.type;
}

// A client builds the events it sends as literals, checked against the same catalogue.
export const update: SessionUpdateEvent = {
  type: "session.update",
  session: { type: "realtime", instructions: "Be brief.", output_modalities: ["text"] },
};
export const sent: ClientEvent = { type: "response.cancel" };
export const received: ClientEvent | UnknownClientEvent = parseClientEvent(JSON.stringify(update));

// Decoded events are JSON: they serialise as they arrived.
export function roundTrip(event: ServerEvent): JsonValue {
  return JSON.parse(JSON.stringify(event)) as JsonValue;
}
