/**
 * Schema-driven encoder and decoder for Kafka message bodies and headers. One interpreter
 * walks a {@link MessageSchema} for a given version; per-version field presence,
 * nullability, compact (flexible) encodings and tag sections all come from the schema
 * (decode.ts, encode.ts).
 */
import { readStruct } from './decode.js';
import { writeStruct, type EncodeOptions } from './encode.js';
import type { Struct } from './fields.js';
import type { Reader } from './Reader.js';
import { inRange, type MessageSchema } from './schema.js';
import type { Writer } from './Writer.js';

export { EncodeError, type EncodeOptions } from './encode.js';
export { defaultFor } from './fields.js';

/** Decodes a message body of `version`, filling fields absent from that version with defaults. */
export function decodeMessage<T>(schema: MessageSchema<T>, r: Reader, version: number): T {
  const flexible = inRange(schema.flexibleVersions, version);
  // The schema's phantom type describes exactly the object readStruct builds.
  return readStruct(schema.fields, r, version, flexible, '') as T;
}

/** Encodes a message body of `version`; fields absent from that version are skipped. */
export function encodeMessage<T>(
  schema: MessageSchema<T>,
  w: Writer,
  version: number,
  value: T,
  options: EncodeOptions = {},
): void {
  const flexible = inRange(schema.flexibleVersions, version);
  writeStruct(schema.fields, w, version, flexible, value as Struct, options, schema.name);
}
