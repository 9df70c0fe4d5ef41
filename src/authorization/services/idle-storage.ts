import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * An AsyncLocalStorage switched off whenever no `run` is in progress. Node
 * 20 tracks every promise of the process while any such storage is on: the
 * cached path of a request, which runs none, then pays nothing for it.
 */
export class IdleStorage<T> {
  private readonly storage = new AsyncLocalStorage<T>();
  private running = 0;

  async run<R>(store: T, callback: () => Promise<R>): Promise<R> {
    this.running += 1;
    try {
      return await this.storage.run(store, callback);
    } finally {
      this.running -= 1;
      if (this.running === 0) this.storage.disable();
    }
  }

  getStore(): T | undefined {
    return this.storage.getStore();
  }
}
