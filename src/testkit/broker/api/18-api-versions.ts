/**
 * ApiVersions: v0-3
 *
 * Behavior:
 * - Lists every registered handler's version range; the registry is the only source, so a
 *   handler file added to this folder is advertised without further edits.
 * - A version above 3 gets a v0-format reply with UNSUPPORTED_VERSION and ApiVersions' own
 *   range (KIP-511); kafkajs and librdkafka then retry with a version we list.
 * - The v3 tagged fields (SupportedFeatures, FinalizedFeatures, ZkMigrationReady) are never
 *   sent: librdkafka 2.0.2 misreads non-empty tag sections.
 *
 * Version notes:
 * - v1 adds throttle_time_ms, always 0 (kafkajs throttles itself on any other value).
 * - v3 is flexible and adds client software name and version, which are ignored. The
 *   response header stays v0 for every version.
 */
import { ErrorCode } from '../errors.js';
import { ApiVersionsRequest, ApiVersionsResponse } from '../protocol/messages.generated.js';
import { defineApi } from './registry.js';

const KEY = 18;
const MIN_VERSION = 0;
const MAX_VERSION = 3;

export default defineApi<ApiVersionsRequest, ApiVersionsResponse>({
  key: KEY,
  name: 'ApiVersions',
  minVersion: MIN_VERSION,
  maxVersion: MAX_VERSION,
  request: ApiVersionsRequest,
  response: ApiVersionsResponse,
  handle(ctx) {
    return {
      errorCode: ErrorCode.NONE,
      apiKeys: ctx.apis.all().map((h) => ({
        apiKey: h.key,
        minVersion: h.minVersion,
        maxVersion: h.maxVersion,
      })),
      throttleTimeMs: 0,
    };
  },
  errorResponse(_ctx, _req, errorCode) {
    return { errorCode, apiKeys: [], throttleTimeMs: 0 };
  },
  unsupportedVersion() {
    return {
      version: 0,
      response: {
        errorCode: ErrorCode.UNSUPPORTED_VERSION,
        apiKeys: [{ apiKey: KEY, minVersion: MIN_VERSION, maxVersion: MAX_VERSION }],
      },
    };
  },
});
