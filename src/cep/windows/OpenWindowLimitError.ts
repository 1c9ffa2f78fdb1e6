/** A window operator reached its bound on open windows under the `'fail'` policy. */
export class OpenWindowLimitError extends Error {
  override readonly name = 'OpenWindowLimitError';
  constructor(
    /** The operator's label. */
    readonly operator: string,
    /** The key that asked for one window more; `undefined` for the total bound. */
    readonly key: unknown,
    /** The bound that was reached. */
    readonly limit: number,
    /** `'perKey'` or `'total'`. */
    readonly bound: 'perKey' | 'total',
  ) {
    super(
      bound === 'perKey'
        ? `${operator}: key ${String(key)} has ${String(limit)} open windows, the maxOpenWindowsPerKey bound`
        : `${operator}: ${String(limit)} windows are open, the maxOpenWindows bound (key ${String(key)} asked for one more)`,
    );
  }
}
