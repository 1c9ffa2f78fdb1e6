/** @internal A late element on its way to the `lateData` side output. */
export class LateElement<T> {
  constructor(
    readonly element: T,
    readonly timestamp: number,
  ) {}
}
