/**
 * fast-check arbitraries for any message schema at any version: every field the version has,
 * with random values of its type (nulls where nullable). The codec spec round-trips them;
 * the fuzz spec sends them to the broker as well-formed but meaningless requests.
 */
import fc from 'fast-check';
import { inRange, type FieldSchema } from '../../../../src/testkit/broker/protocol/schema.js';

export type Struct = Record<string, unknown>;

/** Whether a field is on the wire (regular or tagged) in `version`. */
export function present(f: FieldSchema, version: number, withTags: boolean): boolean {
  if (f.tag !== undefined) return withTags && inRange(f.taggedVersions, version);
  return inRange(f.versions, version);
}

function primitive(f: FieldSchema, version: number, withTags: boolean): fc.Arbitrary<unknown> {
  switch (f.type) {
    case 'bool':
      return fc.boolean();
    case 'int8':
      return fc.integer({ min: -128, max: 127 });
    case 'int16':
      return fc.integer({ min: -32768, max: 32767 });
    case 'uint16':
      return fc.integer({ min: 0, max: 65535 });
    case 'int32':
      return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    case 'uint32':
      return fc.integer({ min: 0, max: 2 ** 32 - 1 });
    case 'int64':
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case 'float64':
      return fc.double({ noNaN: true }).filter((x) => !Object.is(x, -0));
    case 'uuid':
      return fc.uuid();
    case 'string':
      // 1- to 4-byte UTF-8 characters, so lengths are counted in bytes, not characters.
      // (fast-check's 'binary' unit spends seconds building its tables on first use.)
      return fc
        .array(fc.constantFrom('a', 'Z', '0', ' ', 'é', '€', '𝄞'), { maxLength: 12 })
        .map((cs) => cs.join(''));
    case 'bytes':
    case 'records':
      return fc.uint8Array({ maxLength: 16 }).map((a) => Buffer.from(a));
    case 'struct':
      return structArb(f.fields ?? [], version, withTags);
  }
}

function fieldArb(f: FieldSchema, version: number, withTags: boolean): fc.Arbitrary<unknown> {
  const nullable = inRange(f.nullableVersions, version) || f.type === 'records';
  const one = primitive(f, version, withTags);
  const value = f.isArray ? fc.array(one, { maxLength: 3 }) : one;
  return nullable && (f.isArray || f.type !== 'struct') ? fc.option(value, { nil: null }) : value;
}

export function structArb(
  fields: readonly FieldSchema[],
  version: number,
  withTags: boolean,
): fc.Arbitrary<Struct> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of fields)
    if (present(f, version, withTags)) model[f.name] = fieldArb(f, version, withTags);
  return fc.record(model);
}
