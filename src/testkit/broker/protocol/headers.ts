/**
 * Request and response headers, and the size-prefixed frames around them.
 *
 * Request header v1 = api key, version, correlation id, client id (int16-length string);
 * v2 adds a tag section (the client id keeps its int16 length). Response header v0 is the
 * correlation id; v1 adds a tag section. Flexible request versions use v2/v1, except that
 * every ApiVersions response uses v0 so a client can read it before it knows our versions.
 */
import { decodeMessage, encodeMessage } from './codec.js';
import { RequestHeader, type RequestHeader as RequestHeaderType } from './messages.generated.js';
import type { Reader } from './Reader.js';
import { inRange, type VersionRange } from './schema.js';
import { Writer } from './Writer.js';

const API_VERSIONS_KEY = 18;

/** The fixed first 8 bytes of every request header. */
export interface HeaderPrefix {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
}

/** Reads the fixed header prefix without consuming it; undefined if the frame is shorter. */
export function peekHeaderPrefix(frame: Buffer): HeaderPrefix | undefined {
  if (frame.length < 8) return undefined;
  return {
    apiKey: frame.readInt16BE(0),
    apiVersion: frame.readInt16BE(2),
    correlationId: frame.readInt32BE(4),
  };
}

/** Request header version for a request of `apiVersion` whose API has `flexibleVersions`. */
export function requestHeaderVersion(flexibleVersions: VersionRange, apiVersion: number): 1 | 2 {
  return inRange(flexibleVersions, apiVersion) ? 2 : 1;
}

/** Response header version; ApiVersions is always v0 (KIP-511). */
export function responseHeaderVersion(
  apiKey: number,
  flexibleVersions: VersionRange,
  apiVersion: number,
): 0 | 1 {
  if (apiKey === API_VERSIONS_KEY) return 0;
  return inRange(flexibleVersions, apiVersion) ? 1 : 0;
}

/** Decodes the request header (v1 or v2) from the start of the frame. */
export function readRequestHeader(r: Reader, headerVersion: 1 | 2): RequestHeaderType {
  return decodeMessage(RequestHeader, r, headerVersion);
}

/** Writes a request header; used by tests that talk to the broker with this codec. */
export function writeRequestHeader(
  w: Writer,
  header: RequestHeaderType,
  headerVersion: 1 | 2,
): void {
  encodeMessage(RequestHeader, w, headerVersion, header);
}

/** Builds a complete response frame: size prefix, header, then `body`. */
export function responseFrame(
  correlationId: number,
  headerVersion: 0 | 1,
  body: (w: Writer) => void,
): Buffer {
  const w = new Writer(1024);
  w.int32(0).int32(correlationId);
  if (headerVersion === 1) w.uvarint(0);
  body(w);
  w.patchInt32(0, w.length - 4);
  return w.view();
}
