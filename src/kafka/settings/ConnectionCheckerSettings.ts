import { requireNonNegativeDuration, requirePositiveInt } from '../../core/index.js';

/** The fields of {@link ConnectionCheckerSettings}, all optional. */
export interface ConnectionCheckerOptions {
  readonly enable?: boolean;
  readonly maxRetries?: number;
  readonly checkInterval?: number;
  readonly backoffFactor?: number;
}

/**
 * How a consumer notices a broker that went away: every `checkInterval` ms it asks for metadata;
 * after `maxRetries` failures in a row (waiting `backoffFactor` times longer after each) the
 * sources fail with `KafkaConnectionFailedError`. Enabled by default, unlike Alpakka's.
 */
export class ConnectionCheckerSettings {
  private constructor(
    readonly enable: boolean,
    readonly maxRetries: number,
    readonly checkInterval: number,
    readonly backoffFactor: number,
  ) {
    Object.freeze(this);
  }

  /**
   * The checker settings; defaults: enabled, 3 retries, 15 000 ms, factor 2.
   * @throws RangeError naming a bad field.
   */
  static create(o: ConnectionCheckerOptions = {}): ConnectionCheckerSettings {
    const maxRetries = o.maxRetries ?? 3;
    requirePositiveInt('ConnectionCheckerSettings', 'maxRetries', maxRetries);
    const checkInterval = o.checkInterval ?? 15_000;
    requireNonNegativeDuration('ConnectionCheckerSettings', 'checkInterval', checkInterval);
    if (checkInterval === 0) {
      throw new RangeError('ConnectionCheckerSettings: checkInterval must be positive, got 0');
    }
    const backoffFactor = o.backoffFactor ?? 2;
    if (!Number.isFinite(backoffFactor) || backoffFactor < 1) {
      throw new RangeError(
        `ConnectionCheckerSettings: backoffFactor must be a number >= 1, got ${String(backoffFactor)}`,
      );
    }
    return new ConnectionCheckerSettings(
      o.enable ?? true,
      maxRetries,
      checkInterval,
      backoffFactor,
    );
  }
}
