/**
 * An async iterator fed by pushes: what a subscription yields. Values queue
 * while the consumer is busy, up to `limit`; a consumer that falls further
 * behind is ended rather than allowed to grow memory without bound.
 */
export class PushIterator<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private readonly waiters: ((result: IteratorResult<T>) => void)[] = [];
  private done = false;

  constructor(
    private readonly onEnd: () => void,
    private readonly limit = 1000,
  ) {}

  push(value: T): void {
    if (this.done) return;
    const waiter = this.waiters.shift();
    if (waiter) waiter({ value, done: false });
    else if (this.queue.length < this.limit) this.queue.push(value);
    else this.end();
  }

  /** Completes the iterator; pending next() calls resolve as done. */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.queue.length = 0;
    for (const waiter of this.waiters.splice(0)) waiter({ value: undefined, done: true });
    this.onEnd();
  }

  next(): Promise<IteratorResult<T>> {
    const value = this.queue.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}

/**
 * Maps an async iterator. Unlike an async generator, `return()` reaches the
 * source at once even while a `next()` is waiting, so an unsubscribed feed
 * leaves the registry immediately instead of at its project's next event.
 */
export function mapAsync<T, U>(source: AsyncIterator<T>, map: (value: T) => U | Promise<U>): AsyncIterableIterator<U> {
  return {
    // Promise chains rather than awaits: a live-board event runs this once per subscriber, and each await is a microtask more.
    next() {
      return source.next().then((result): IteratorResult<U> | Promise<IteratorResult<U>> => {
        if (result.done) return { value: undefined, done: true };
        const mapped = map(result.value);
        return mapped instanceof Promise ? mapped.then((value) => ({ value, done: false })) : { value: mapped, done: false };
      });
    },
    async return() {
      await source.return?.();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown) {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
