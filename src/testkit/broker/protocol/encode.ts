/**
 * Encoding half of the codec. Tag sections are written empty unless `writeTaggedFields`
 * is set: librdkafka 2.0.2 skips one byte too few per tagged field, so the broker never
 * sends any.
 */
import { defaultFor, isFlexible, type Struct } from './fields.js';
import { inRange, type FieldSchema } from './schema.js';
import { Writer } from './Writer.js';

/** Encoding options; the defaults are what the broker sends on the wire. */
export interface EncodeOptions {
  /** Write tagged fields that have a value (tests use this to exercise the decoder). */
  readonly writeTaggedFields?: boolean;
}

/** A value could not be encoded: a handler built a response the schema does not allow. */
export class EncodeError extends Error {
  override readonly name = 'EncodeError';
}

/** Writes a struct of `fields`; `path` names the value in error messages. */
export function writeStruct(
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
