/** A call made by an async operator under test, settled by hand. */
export interface Call<In, Out> {
  readonly input: In;
  resolve(value: Out): void;
  reject(error: Error): void;
}

/**
 * An async function whose calls stay pending until the test settles them, counting how many are
 * pending at once: the way to check a parallelism bound by counting, not timing.
 */
export class ManualAsync<In, Out> {
  readonly calls: Call<In, Out>[] = [];
  pending = 0;
  maxPending = 0;
  readonly fn = (input: In): Promise<Out> =>
    new Promise<Out>((resolve, reject) => {
      this.pending++;
      this.maxPending = Math.max(this.maxPending, this.pending);
      this.calls.push({
        input,
        resolve: (value) => {
          this.pending--;
          resolve(value);
        },
        reject: (error) => {
          this.pending--;
          reject(error);
        },
      });
    });

  /** The call for `input`; throws if there is none. */
  call(input: In): Call<In, Out> {
    const call = this.calls.find((c) => c.input === input);
    if (call === undefined) throw new Error(`no call for ${String(input)}`);
    return call;
  }
}
