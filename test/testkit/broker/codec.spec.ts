import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  defaultFor,
  encodeMessage,
} from '../../../src/testkit/broker/protocol/codec.js';
import {
  ApiVersionsResponse,
  apiMessages,
  RequestHeader,
  ResponseHeader,
} from '../../../src/testkit/broker/protocol/messages.generated.js';
import { DecodeError, Reader } from '../../../src/testkit/broker/protocol/Reader.js';
import type { FieldSchema, MessageSchema } from '../../../src/testkit/broker/protocol/schema.js';
import { Writer } from '../../../src/testkit/broker/protocol/Writer.js';
import { present, structArb } from './helpers/schemaArbitrary.js';

type Struct = Record<string, unknown>;

/** What the decoder must return for `value`: absent fields take their defaults. */
function normalize(
  fields: readonly FieldSchema[],
  value: Struct,
  version: number,
  withTags: boolean,
): Struct {
  const out: Struct = {};
  for (const f of fields) {
    if (!present(f, version, withTags)) {
      out[f.name] = defaultFor(f);
      continue;
    }
    const v = value[f.name];
    const sub = f.fields ?? [];
    if (f.type !== 'struct' || v === null) out[f.name] = v;
    else if (f.isArray)
      out[f.name] = (v as Struct[]).map((e) => normalize(sub, e, version, withTags));
    else out[f.name] = normalize(sub, v as Struct, version, withTags);
  }
  return out;
}

function hasTags(fields: readonly FieldSchema[]): boolean {
  return fields.some((f) => f.tag !== undefined || hasTags(f.fields ?? []));
}

function roundTrip(schema: MessageSchema<unknown>, withTags: boolean): void {
  const [min, max] = schema.validVersions;
  const arb = fc
    .integer({ min, max })
    .chain((v) => structArb(schema.fields, v, withTags).map((value) => ({ v, value })));
  fc.assert(
    fc.property(arb, ({ v, value }) => {
      const w = new Writer();
      encodeMessage(schema, w, v, value, { writeTaggedFields: withTags });
      const bytes = Buffer.from(w.view());
      const r = new Reader(bytes);
      const decoded = decodeMessage(schema, r, v) as Struct;
      expect(r.remaining()).toBe(0);
      expect(decoded).toEqual(normalize(schema.fields, value, v, withTags));
      // Re-encoding what was decoded gives the same bytes (no information is invented).
      const again = new Writer();
      encodeMessage(schema, again, v, decoded, { writeTaggedFields: withTags });
      expect(Buffer.from(again.view()).equals(bytes)).toBe(true);
    }),
  );
}

describe('protocol codec', () => {
  const schemas = [...apiMessages.values()].flatMap((a) => [a.request, a.response]);

  it.each(schemas.map((s) => [s.name, s] as const))(
    'round-trips %s in every valid version, empty tag sections',
    (_name, schema) => {
      roundTrip(schema, false);
    },
  );

  it.each(schemas.filter((s) => hasTags(s.fields)).map((s) => [s.name, s] as const))(
    'round-trips %s with tagged fields written',
    (_name, schema) => {
      roundTrip(schema, true);
    },
  );

  it('round-trips request and response headers', () => {
    roundTrip(RequestHeader, false);
    roundTrip(ResponseHeader, false);
  });

  it('keeps the int16 client id length in request header v2', () => {
    const w = new Writer();
    encodeMessage(RequestHeader, w, 2, {
      requestApiKey: 18,
      requestApiVersion: 3,
      correlationId: 7,
      clientId: 'ab',
    });
    expect(Buffer.from(w.view()).toString('hex')).toBe(
      '0012' + '0003' + '00000007' + '0002' + '6162' + '00',
    );
  });

  it('writes ApiVersions v3 with only empty tag sections', () => {
    const w = new Writer();
    encodeMessage(ApiVersionsResponse, w, 3, {
      errorCode: 0,
      apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }],
      throttleTimeMs: 0,
      supportedFeatures: [{ name: 'x', minVersion: 1, maxVersion: 1 }],
    });
    // error, compact array of 1, key/min/max, empty element tags, throttle, empty body tags
    expect(Buffer.from(w.view()).toString('hex')).toBe(
      '0000' + '02' + '0012' + '0000' + '0003' + '00' + '00000000' + '00',
    );
  });

  it('reports the byte position of malformed input', () => {
    // ApiVersions v3 request: client software name with a compact length far past the end.
    const r = new Reader(Buffer.from([0x7f, 0x61]));
    const req = apiMessages.get(18)?.request;
    expect(req).toBeDefined();
    let caught: unknown;
    try {
      decodeMessage(req!, r, 3);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DecodeError);
    expect((caught as DecodeError).offset).toBe(1);
    expect((caught as DecodeError).message).toMatch(/need 126 bytes, 1 left/);
  });
});

describe('Reader and Writer', () => {
  it('round-trip unsigned and zigzag varints and varlongs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        (u, s, l) => {
          const w = new Writer(1).uvarint(u).varint(s).varlong(l);
          const r = new Reader(Buffer.from(w.view()));
          expect([r.uvarint(), r.varint(), r.varlong()]).toEqual([u, s, l]);
          expect(r.remaining()).toBe(0);
        },
      ),
    );
  });

  it('encodes zigzag as the protocol guide shows', () => {
    expect(Buffer.from(new Writer().varint(-1).varint(1).varint(-64).view()).toString('hex')).toBe(
      '01027f',
    );
  });

  it('refuses varints longer than five bytes', () => {
    const r = new Reader(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01]));
    expect(() => r.uvarint()).toThrow(/longer than 5 bytes/);
  });
});
