/**
 * Field defaults and per-field encoding rules shared by the decoder and the encoder.
 */
import { inRange, type FieldSchema } from './schema.js';

/** A decoded struct, before the schema's phantom type is applied. */
export type Struct = Record<string, unknown>;

const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

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

/** Whether a field uses compact encodings: its own flexibleVersions override the message's. */
export function isFlexible(field: FieldSchema, version: number, messageFlexible: boolean): boolean {
  return field.flexibleVersions === undefined
    ? messageFlexible
    : inRange(field.flexibleVersions, version);
}
