import * as http from 'http';
import { AddressInfo } from 'net';

/**
 * An HTTP stand-in on 127.0.0.1 (a free port) that the tests start and stop, with faults
 * injected into the next requests. Subclasses answer in `handle`.
 */
export abstract class LoopbackServer<Fault extends string> {
  /** The faults of the next requests, in order (each request takes one). */
  protected readonly faults: Fault[] = [];
  /** The port, once started. */
  protected port = 0;
  private readonly server: http.Server;

  constructor() {
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  /** Start listening on 127.0.0.1 (a free port). */
  public async start(): Promise<void> {
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Stop listening (and drop hung requests). */
  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  /** The next requests fail, one fault each (what a fault does is the subclass's). */
  public injectFaults(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** Answers one request. */
  protected abstract handle(req: http.IncomingMessage, res: http.ServerResponse): void;
}
