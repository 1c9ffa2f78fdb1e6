/**
 * Schema-driven encoder and decoder for Kafka message bodies and headers. One interpreter
 * walks a {@link MessageSchema} for a given version; per-version field presence,
 * nullability, compact (flexible) encodings and tag sections all come from the schema.
 *
 * Tag sections are written empty unless `writeTaggedFields` is set: librdkafka 2.0.2 skips
 * one byte too few per tagged field, so the broker never sends any.
 */
import { DecodeError, Reader } from './Reader.js';
import { Writer } from './Writer.js';
import { inRange, type FieldSchema, type MessageSchema } from './schema.js';

/** Encoding options; the defaults are what the broker sends on the wire. */
export interface EncodeOptions {
  /** Write tagged fields that have a value (tests use this to exercise the decoder). */
  readonly writeTaggedFields?: boolean;
}

/** A value could not be encoded: a handler built a response the schema does not allow. */
export class EncodeError extends Error {
  override readonly name = 'EncodeError';
}

type Struct = Record<string, unknown>;

const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

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

/** The value a field takes when it is absent from a version or left undefined by a writer. */
export function defaultFor(field: FieldSchema): unknown {
  if (field.defaultValue !== undefined) return field.defaultValue;
  if (field.isArray) return [];
  switch (field.type) {
    case 'bool':
      return false;
    case 'int64':
      return 0n;
    case 'string':
      return '';
    case 'uuid':
      return ZERO_UUID;
    case 'bytes':
      return Buffer.alloc(0);
    case 'records':
      return null;
    case 'struct':
      return defaultStruct(field.fields ?? []);
    case 'int8':
    case 'int16':
    case 'uint16':
    case 'int32':
    case 'uint32':
    case 'float64':
      return 0;
  }
}

function defaultStruct(fields: readonly FieldSchema[]): Struct {
  const out: Struct = {};
  for (const f of fields) out[f.name] = defaultFor(f);
  return out;
}

function isFlexible(field: FieldSchema, version: number, messageFlexible: boolean): boolean {
  return field.flexibleVersions === undefined
    ? messageFlexible
    : inRange(field.flexibleVersions, version);
}

// ---------------------------------------------------------------------------------------
// Decoding

function readStruct(
  fields: readonly FieldSchema[],
  r: Reader,
  version: number,
  flexible: boolean,
  path: string,
): Struct {
  const out: Struct = {};
  for (const f of fields) {
    out[f.name] =
      f.tag === undefined && inRange(f.versions, version)
        ? readField(f, r, version, flexible, path + f.name)
        : defaultFor(f);
  }
  if (flexible) readTagSection(fields, r, version, out, path);
  return out;
}

function readTagSection(
  fields: readonly FieldSchema[],
  r: Reader,
  version: number,
  out: Struct,
  path: string,
): void {
  const count = r.uvarint();
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint();
    const size = r.uvarint();
    r.need(size, `tagged field ${tag}`);
    const field = fields.find((f) => f.tag === tag && inRange(f.taggedVersions, version));
    if (field === undefined) {
      r.skip(size);
      continue;
    }
    const sub = new Reader(r.buf, r.offset, r.offset + size);
    out[field.name] = readField(field, sub, version, true, path + field.name);
    if (sub.remaining() !== 0) {
      throw new DecodeError(sub.offset, `tagged field ${path}${field.name} has trailing bytes`);
    }
    r.offset += size;
  }
}

/** Reads a length or count prefix; returns -1 for null. */
function readLength(
  r: Reader,
  flexible: boolean,
  width: 16 | 32,
  kind: 'string' | 'bytes' | 'array',
  path: string,
): number {
  const start = r.offset;
  const n = flexible ? r.uvarint() - 1 : width === 16 ? r.int16() : r.int32();
  if (n < -1) throw new DecodeError(start, `negative ${kind} length ${n} for ${path}`);
  return n;
}

function readField(
  f: FieldSchema,
  r: Reader,
  version: number,
  messageFlexible: boolean,
  path: string,
): unknown {
  const flexible = isFlexible(f, version, messageFlexible);
  const nullable = inRange(f.nullableVersions, version);
  if (f.isArray) {
    const start = r.offset;
    const n = readLength(r, flexible, 32, 'array', path);
    if (n === -1) {
      if (!nullable) throw new DecodeError(start, `null array for non-nullable ${path}`);
      return null;
    }
    // Every element takes at least one byte, so a larger count is corrupt, not a huge array.
    if (n > r.remaining()) {
      throw new DecodeError(
        start,
        `array length ${n} for ${path} exceeds the ${r.remaining()} bytes left`,
      );
    }
    const arr: unknown[] = new Array<unknown>(n);
    for (let i = 0; i < n; i++)
      arr[i] = readOne(f, r, version, flexible, nullable, `${path}[${i}]`);
    return arr;
  }
  return readOne(f, r, version, flexible, nullable, path);
}

function readOne(
  f: FieldSchema,
  r: Reader,
  version: number,
  flexible: boolean,
  nullable: boolean,
  path: string,
): unknown {
  switch (f.type) {
    case 'bool':
      return r.bool();
    case 'int8':
      return r.int8();
    case 'int16':
      return r.int16();
    case 'uint16':
      return r.uint16();
    case 'int32':
      return r.int32();
    case 'uint32':
      return r.uint32();
    case 'int64':
      return r.int64();
    case 'float64':
      return r.float64();
    case 'uuid':
      return r.uuid();
    case 'string': {
      const start = r.offset;
      const n = readLength(r, flexible, 16, 'string', path);
      if (n === -1) {
        if (!nullable) throw new DecodeError(start, `null string for non-nullable ${path}`);
        return null;
      }
      return r.utf8(n, `string ${path}`);
    }
    case 'bytes':
    case 'records': {
      const start = r.offset;
      const n = readLength(r, flexible, 32, 'bytes', path);
      if (n === -1) {
        if (!nullable && f.type === 'bytes') {
          throw new DecodeError(start, `null bytes for non-nullable ${path}`);
        }
        return null;
      }
      return r.bytes(n, `bytes ${path}`);
    }
    case 'struct':
      return readStruct(f.fields ?? [], r, version, flexible, `${path}.`);
  }
}

// ---------------------------------------------------------------------------------------
// Encoding

function writeStruct(
  fields: readonly FieldSchema[],
  w: Writer,
  version: number,
  flexible: boolean,
  value: Struct,
  options: EncodeOptions,
  path: string,
): void {
  for (const f of fields) {
    if (f.tag !== undefined || !inRange(f.versions, version)) continue;
    const v = value[f.name];
    writeField(
      f,
      w,
      version,
      flexible,
      v === undefined ? defaultFor(f) : v,
      options,
      `${path}.${f.name}`,
    );
  }
  if (!flexible) return;
  if (options.writeTaggedFields !== true) {
    w.uvarint(0);
    return;
  }
  const tagged = fields
    .filter((f) => f.tag !== undefined && inRange(f.taggedVersions, version))
    .filter((f) => value[f.name] !== undefined)
    .sort((a, b) => (a.tag ?? 0) - (b.tag ?? 0));
  w.uvarint(tagged.length);
  for (const f of tagged) {
    const sub = new Writer();
    writeField(f, sub, version, true, value[f.name], options, `${path}.${f.name}`);
    w.uvarint(f.tag ?? 0)
      .uvarint(sub.length)
      .bytes(sub.view());
  }
}

function writeLength(w: Writer, flexible: boolean, width: 16 | 32, n: number): void {
  if (flexible) w.uvarint(n + 1);
  else if (width === 16) w.int16(n);
  else w.int32(n);
}

function fail(path: string, version: number, what: string): never {
  throw new EncodeError(`codec: cannot encode ${path} v${version}: ${what}`);
}

function writeField(
  f: FieldSchema,
  w: Writer,
  version: number,
  messageFlexible: boolean,
  v: unknown,
  options: EncodeOptions,
  path: string,
): void {
  const flexible = isFlexible(f, version, messageFlexible);
  const nullable = inRange(f.nullableVersions, version);
  if (f.isArray) {
    if (v === null) {
      if (!nullable) fail(path, version, 'null for a non-nullable array');
      writeLength(w, flexible, 32, -1);
      return;
    }
    if (!Array.isArray(v)) fail(path, version, `expected an array, got ${typeof v}`);
    writeLength(w, flexible, 32, v.length);
    for (const item of v) writeOne(f, w, version, flexible, nullable, item, options, path);
    return;
  }
  writeOne(f, w, version, flexible, nullable, v, options, path);
}

function num(v: unknown, path: string, version: number): number {
  if (typeof v !== 'number') fail(path, version, `expected a number, got ${typeof v}`);
  return v;
}

function writeOne(
  f: FieldSchema,
  w: Writer,
  version: number,
  flexible: boolean,
  nullable: boolean,
  v: unknown,
  options: EncodeOptions,
  path: string,
): void {
  switch (f.type) {
    case 'bool':
      if (typeof v !== 'boolean') fail(path, version, `expected a boolean, got ${typeof v}`);
      w.bool(v);
      return;
    case 'int8':
      w.int8(num(v, path, version));
      return;
    case 'int16':
      w.int16(num(v, path, version));
      return;
    case 'uint16':
      w.uint16(num(v, path, version));
      return;
    case 'int32':
      w.int32(num(v, path, version));
      return;
    case 'uint32':
      w.uint32(num(v, path, version));
      return;
    case 'float64':
      w.float64(num(v, path, version));
      return;
    case 'int64':
      if (typeof v !== 'bigint') fail(path, version, `expected a bigint, got ${typeof v}`);
      w.int64(v);
      return;
    case 'uuid':
      if (typeof v !== 'string') fail(path, version, `expected a uuid string, got ${typeof v}`);
      w.uuid(v);
      return;
    case 'string': {
      if (v === null) {
        if (!nullable) fail(path, version, 'null for a non-nullable string');
        writeLength(w, flexible, 16, -1);
        return;
      }
      if (typeof v !== 'string') fail(path, version, `expected a string, got ${typeof v}`);
      const n = Buffer.byteLength(v, 'utf8');
      if (!flexible && n > 0x7fff) fail(path, version, `string of ${n} bytes is too long`);
      writeLength(w, flexible, 16, n);
      w.utf8(v);
      return;
    }
    case 'bytes':
    case 'records':
      if (v === null) {
        if (!nullable && f.type === 'bytes') fail(path, version, 'null for non-nullable bytes');
        writeLength(w, flexible, 32, -1);
        return;
      }
      if (!(v instanceof Uint8Array)) fail(path, version, `expected bytes, got ${typeof v}`);
      writeLength(w, flexible, 32, v.length);
      w.bytes(v);
      return;
    case 'struct':
      if (typeof v !== 'object' || v === null) fail(path, version, 'expected an object');
      writeStruct(f.fields ?? [], w, version, flexible, v as Struct, options, path);
      return;
  }
}
