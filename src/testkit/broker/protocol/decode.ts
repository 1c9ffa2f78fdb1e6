/**
 * Decoding half of the codec: walks field schemas for one version, reading regular fields
 * in order, then the tag section of flexible structs (unknown tags are skipped).
 */
import { defaultFor, isFlexible, type Struct } from './fields.js';
import { DecodeError, Reader } from './Reader.js';
import { inRange, type FieldSchema } from './schema.js';

/** Reads a struct of `fields`; `path` prefixes field names in error messages. */
export function readStruct(
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
