// What a client sends, with mistakes: each must fail to compile, with a message that names it.
import type {
  ClientEventParam,
  ConversationItemCreateEventParam,
  InputAudioBufferAppendEventParam,
  SessionUpdateEventParam,
} from "realtime-events";
import type { TranslationSessionUpdateEventParam } from "realtime-events/translation";

export const misspeltSetting: SessionUpdateEventParam = {
  type: "session.update",
  // @expect TS2561 Object literal may only specify known properties, but 'instrucions' does not exist in type
  session: { type: "realtime", instrucions: "Be brief" },
};

export const misspeltNestedSetting: SessionUpdateEventParam = {
  type: "session.update",
  // @expect TS2561 Object literal may only specify known properties, but 'sped' does not exist in type
  session: { type: "realtime", audio: { output: { voice: "marin", sped: 2 } } },
};

export const wrongValue: SessionUpdateEventParam = {
  type: "session.update",
  // @expect TS2322 Type 'string' is not assignable to type 'number'.
  session: { type: "realtime", audio: { output: { speed: "fast" } } },
};

// @expect TS2741 Property 'audio' is missing in type
export const missingAudio: InputAudioBufferAppendEventParam = {
  type: "input_audio_buffer.append",
};

export const unknownItemKind: ConversationItemCreateEventParam = {
  type: "conversation.item.create",
  // @expect TS2820 Type '"mesage"' is not assignable to type
  item: { type: "mesage", role: "user", content: [] },
};

// @expect TS2820 Type '"session.updat"' is not assignable to type
export const misspeltEvent: ClientEventParam = { type: "session.updat", session: {} };

export const misspeltTranslationSetting: TranslationSessionUpdateEventParam = {
  type: "session.update",
  // @expect TS2561 Object literal may only specify known properties, but 'languag' does not exist in type
  session: { audio: { output: { languag: "de" } } },
};
