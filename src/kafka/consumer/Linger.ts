/**
 * @internal A wait of up to `ms` that can be cut short: how a stopped source keeps its consumer
 * for late commits (`stopTimeout`) until a shutdown asks for it at once.
 */
export class Linger {
  readonly done: Promise<void>;
  private timer: NodeJS.Timeout | undefined = undefined;
  private release: (() => void) | undefined = undefined;

  constructor(ms: number) {
    this.done = new Promise<void>((resolve) => {
      if (ms === 0) {
        resolve();
        return;
      }
      this.release = resolve;
      this.timer = setTimeout(resolve, ms);
      this.timer.unref();
    });
  }

  /** Ends the wait now. */
  cut(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.release?.();
  }
}
