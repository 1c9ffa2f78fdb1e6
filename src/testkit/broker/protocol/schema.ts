/**
 * Runtime descriptions of Kafka message schemas. `messages.generated.ts` holds one
 * {@link MessageSchema} per request and response JSON file; `codec.ts` interprets them.
 */

/** Primitive field types as spelled in the Kafka JSON schemas. */
export type PrimitiveType =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'float64'
  | 'string'
  | 'uuid'
  | 'bytes'
  | 'records';

/** Inclusive version range; an open-ended `"3+"` is `[3, MAX_VERSION]`. */
export type VersionRange = readonly [min: number, max: number];

/** Upper bound used for open-ended version ranges. */
export const MAX_VERSION = 0x7fff;

/** Default value of a field when it is absent from a version or not given by a writer. */
export type FieldDefault = number | bigint | boolean | string | null;

/** One field of a message or struct. */
export interface FieldSchema {
  /** camelCase of the JSON name, which is also the property name in the TypeScript type. */
  readonly name: string;
  /** Element type for arrays; `'struct'` when {@link fields} describes the element. */
  readonly type: PrimitiveType | 'struct';
  readonly isArray: boolean;
  readonly versions: VersionRange;
  readonly nullableVersions?: VersionRange;
  /** Set only for tagged fields, which live in the tag section. */
  readonly tag?: number;
  readonly taggedVersions?: VersionRange;
  /**
   * Versions in which this field uses compact encodings. Absent means "as the message";
   * an empty range (`[1, 0]`) means never, as for the request header's client id.
   */
  readonly flexibleVersions?: VersionRange;
  /** Explicit default from the schema, or undefined for the type's default. */
  readonly defaultValue?: FieldDefault;
  readonly fields?: readonly FieldSchema[];
}

/**
 * A request, response or header schema. `T` is the phantom TypeScript shape the codec
 * produces and consumes for it, so `decodeMessage(ProduceRequest, …)` is typed.
 */
export interface MessageSchema<T> {
  readonly name: string;
  readonly apiKey: number;
  readonly kind: 'request' | 'response' | 'header';
  readonly validVersions: VersionRange;
  readonly flexibleVersions: VersionRange;
  readonly fields: readonly FieldSchema[];
  /** Never set; carries `T` so that the schema constant and its type travel together. */
  readonly __type?: T;
}

/** Whether `version` lies inside `range` (an absent range contains nothing). */
export function inRange(range: VersionRange | undefined, version: number): boolean {
  return range !== undefined && version >= range[0] && version <= range[1];
}
