import {
  type Attributes,
  type GraphStageLogic,
  GraphStage,
  type OutHandler,
  Outlet,
  requirePositiveInt,
  SourceShape,
  TimerGraphStageLogic,
  requireNonNegativeDuration,
} from '../core/index.js';
import type { EventEnvelope, Journal, QueryOptions } from './Journal.js';

/** @internal Where a query starts, ends, and how it reads the next page after a position. */
export interface QueryCursor {
  /** The position before the first event wanted. */
  readonly start: number;
  /** The last position wanted: the query completes once it got there, even when live. */
  readonly end: number;
  readonly positionOf: (envelope: EventEnvelope) => number;
  readonly read: (after: number, max: number) => Promise<readonly EventEnvelope[]>;
}

/**
 * @internal The source behind `eventsByPersistenceId` and `eventsByTag`: reads a page per round
 * trip (the buffer bound), emits it as demand comes, and at the end either completes or, when
 * live, waits for a write in this process or the next poll.
 */
export class JournalQuery<E> extends GraphStage<SourceShape<EventEnvelope<E>>> {
  readonly shape: SourceShape<EventEnvelope<E>>;
  readonly live: boolean;
  readonly refreshIntervalMs: number;
  readonly pageSize: number;
  constructor(
    readonly label: string,
    readonly journal: Journal,
    options: QueryOptions,
    readonly cursor: QueryCursor,
  ) {
    super(label);
    this.live = options.live ?? false;
    this.refreshIntervalMs = options.refreshIntervalMs ?? 100;
    this.pageSize = options.pageSize ?? 1000;
    requireNonNegativeDuration(label, 'refreshIntervalMs', this.refreshIntervalMs);
    requirePositiveInt(label, 'pageSize', this.pageSize);
    this.shape = new SourceShape(new Outlet<EventEnvelope<E>>(`${label}.out`));
  }
  createLogic(_attributes: Attributes): GraphStageLogic {
    return new JournalQueryLogic(this);
  }
}

const Poll = 'poll';

class JournalQueryLogic<E> extends TimerGraphStageLogic implements OutHandler {
  private position: number;
  private page: readonly EventEnvelope[] = [];
  private index = 0;
  private isReading = false;
  // Set when a write was announced during a read, so the end of that read reads again.
  private isStale = false;
  private unsubscribe: (() => void) | undefined = undefined;
  private readonly onPage = this.getAsyncCallback((page: readonly EventEnvelope[]) => {
    this.gotPage(page);
  });
  private readonly onFailure = this.getAsyncCallback((error: unknown) => {
    this.failStage(error);
  });
  private readonly onWritten = this.getAsyncCallback(() => {
    if (this.isReading) this.isStale = true;
    else if (this.index === this.page.length && this.isAvailable(this.stage.shape.out))
      this.readPage();
  });

  constructor(private readonly stage: JournalQuery<E>) {
    super(stage.shape);
    this.position = stage.cursor.start;
    this.setHandler(stage.shape.out, this);
  }

  override preStart(): void {
    if (this.stage.live) {
      this.unsubscribe = this.stage.journal.subscribe(() => {
        this.onWritten.invoke(undefined);
      });
      if (this.stage.refreshIntervalMs > 0) {
        this.scheduleWithFixedDelay(
          Poll,
          this.stage.refreshIntervalMs,
          this.stage.refreshIntervalMs,
        );
      }
    }
  }

  override postStop(): void {
    this.unsubscribe?.();
  }

  onPull(): void {
    if (this.index < this.page.length) this.pushNext();
    else if (!this.isReading) this.readPage();
  }

  protected onTimer(): void {
    if (
      !this.isReading &&
      this.index === this.page.length &&
      this.isAvailable(this.stage.shape.out)
    )
      this.readPage();
  }

  private pushNext(): void {
    const envelope = this.page[this.index++] as EventEnvelope<E>; // index < length was checked
    this.position = this.stage.cursor.positionOf(envelope);
    this.push(this.stage.shape.out, envelope);
    if (this.position >= this.stage.cursor.end) this.completeStage();
  }

  private readPage(): void {
    if (this.position >= this.stage.cursor.end) {
      this.completeStage();
      return;
    }
    this.isReading = true;
    this.isStale = false;
    this.stage.cursor.read(this.position, this.stage.pageSize).then(
      (page) => {
        this.onPage.invoke(page);
      },
      (error: unknown) => {
        this.onFailure.invoke(error);
      },
    );
  }

  private gotPage(page: readonly EventEnvelope[]): void {
    this.isReading = false;
    this.page = page;
    this.index = 0;
    if (page.length > 0) {
      if (this.isAvailable(this.stage.shape.out)) this.pushNext();
    } else if (!this.stage.live) {
      this.completeStage();
    } else if (this.isStale && this.isAvailable(this.stage.shape.out)) {
      this.readPage();
    }
  }
}
