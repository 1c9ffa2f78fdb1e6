import {
  GraphStage,
  GraphStageLogic,
  type NotUsed,
  Outlet,
  type OutHandler,
  Source,
  SourceShape,
} from '../../core/index.js';

/**
 * @internal Refuses `undefined` and `null` as the element of a source (`Source.single`,
 * `Source.repeat`, `Source.tick`): they are not stream elements.
 * @throws TypeError naming `operator`.
 */
export function requireElement(operator: string, element: unknown): void {
  if (element === undefined || element === null) {
    throw new TypeError(`${operator}: element must not be ${String(element)}`);
  }
}

/**
 * @internal The source of `Source.single` (`isOnce`: emit `element` on the first pull, then
 * complete) and `Source.repeat` (emit it on every pull, forever), checked and built.
 */
export function elementSource<T>(
  name: 'single' | 'repeat',
  element: T,
  isOnce: boolean,
): Source<T, NotUsed> {
  requireElement(`Source.${name}`, element);
  return Source.fromGraph(new ElementSource(name, element, isOnce));
}

class ElementSource<T> extends GraphStage<SourceShape<T>> {
  readonly shape: SourceShape<T>;
  constructor(
    name: string,
    readonly element: T,
    readonly isOnce: boolean,
  ) {
    super(name);
    this.shape = new SourceShape(new Outlet<T>(`${name}.out`));
  }
  createLogic(): GraphStageLogic {
    return new ElementSourceLogic(this);
  }
}

class ElementSourceLogic<T> extends GraphStageLogic implements OutHandler {
  constructor(private readonly stage: ElementSource<T>) {
    super(stage.shape);
    this.setHandler(stage.shape.out, this);
  }
  onPull(): void {
    this.push(this.stage.shape.out, this.stage.element);
    if (this.stage.isOnce) this.completeStage();
  }
}
