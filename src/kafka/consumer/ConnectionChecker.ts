import type { Admin } from 'kafkajs';
import { KafkaConnectionFailedError } from '../errors.js';
import type { ConsumerSettings } from '../settings/ConsumerSettings.js';

/**
 * @internal Asks the cluster for metadata every `checkInterval`; after `maxRetries` failures in a
 * row (the wait growing by `backoffFactor`) reports a `KafkaConnectionFailedError`. Without it, a
 * kafkajs consumer whose broker went away restarts itself forever and the stream hangs.
 */
export class ConnectionChecker {
  private timer: NodeJS.Timeout | undefined = undefined;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly settings: ConsumerSettings<unknown, unknown>,
    private readonly name: string,
    private readonly admin: () => Promise<Admin>,
    private readonly onFailed: (error: KafkaConnectionFailedError) => void,
  ) {}

  start(): void {
    if (this.settings.connectionChecker.enable)
      this.schedule(this.settings.connectionChecker.checkInterval);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.check(), ms);
    this.timer.unref();
  }

  private async check(): Promise<void> {
    const cfg = this.settings.connectionChecker;
    let lastError: unknown;
    try {
      const admin = await this.admin();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        admin.describeCluster(),
        new Promise((_, reject) => {
          timer = setTimeout(() => {
            reject(
              new Error(
                `no answer within metadataRequestTimeout (${this.settings.metadataRequestTimeout} ms)`,
              ),
            );
          }, this.settings.metadataRequestTimeout);
        }),
      ]).finally(() => {
        clearTimeout(timer);
      });
      this.failures = 0;
      this.schedule(cfg.checkInterval);
      return;
    } catch (e) {
      lastError = e;
    }
    if (this.stopped) return;
    this.failures++;
    if (this.failures >= cfg.maxRetries) {
      this.stopped = true;
      this.onFailed(
        new KafkaConnectionFailedError(
          this.failures,
          `${this.name}: lost the connection to ${this.settings.bootstrapServers.join(',')}: ${this.failures} metadata requests failed in a row: ${lastError instanceof Error ? lastError.message : String(lastError)}`,
          { cause: lastError },
        ),
      );
      return;
    }
    this.schedule(cfg.checkInterval * Math.pow(cfg.backoffFactor, this.failures));
  }
}
