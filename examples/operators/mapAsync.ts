// Calling an external service with bounded parallelism. A small HTTP "price service" runs on a
// random local port and answers slowly; `mapAsync(4, ...)` keeps at most four requests in flight,
// so the service never sees more than four at once however many ids are queued, and the prices
// come back in the order of the ids even though the responses finish out of order.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { type Materializer, Sink, Source } from 'sluice';

/** A slow local service: GET /price/<id> answers `{ id, price }` after a few milliseconds. */
export class PriceService {
  /** Requests being answered right now, and the most there ever were at once. */
  inFlight = 0;
  maxInFlight = 0;
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      const id = Number(req.url?.split('/').pop());
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      // Later ids answer sooner, so responses finish out of order.
      setTimeout(
        () => {
          this.inFlight--;
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ id, price: id * 10 }));
        },
        20 - (id % 5) * 3,
      );
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${String((this.server.address() as AddressInfo).port)}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => {
        if (error === undefined) resolve();
        else reject(error);
      });
    });
  }
}

interface Price {
  readonly id: number;
  readonly price: number;
}

/** Looks up the price of every id, at most `parallelism` requests at a time, in id order. */
export function fetchPrices(
  baseUrl: string,
  ids: readonly number[],
  parallelism: number,
  materializer?: Materializer,
): Promise<Price[]> {
  return Source.from(ids)
    .mapAsync(parallelism, async (id) => {
      const response = await fetch(`${baseUrl}/price/${String(id)}`);
      if (!response.ok)
        throw new Error(`price service: HTTP ${String(response.status)} for ${String(id)}`);
      return (await response.json()) as Price;
    })
    .runWith(Sink.seq(), materializer);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const service = new PriceService();
  const baseUrl = await service.start();
  const prices = await fetchPrices(
    baseUrl,
    Array.from({ length: 20 }, (_, i) => i + 1),
    4,
  );
  await service.stop();
  console.log(prices.map((p) => `${String(p.id)}: ${String(p.price)}`).join(', '));
  console.log(`at most ${String(service.maxInFlight)} requests were in flight at once`);
}
