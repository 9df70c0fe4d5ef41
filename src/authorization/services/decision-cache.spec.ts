import { DecisionCache } from './decision-cache';

describe('DecisionCache', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1000;
  });

  it('computes an answer once and keeps it', async () => {
    const cache = new DecisionCache<string>({}, clock);
    const compute = jest.fn(() => Promise.resolve('allow'));
    expect(await cache.get('k', compute)).toBe('allow');
    expect(await cache.get('k', compute)).toBe('allow');
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('computes again once the TTL has passed', async () => {
    const cache = new DecisionCache<number>({ ttlMs: 100 }, clock);
    let answer = 1;
    const compute = () => Promise.resolve(answer);
    expect(await cache.get('k', compute)).toBe(1);
    answer = 2;
    now += 99;
    expect(await cache.get('k', compute)).toBe(1);
    now += 1;
    expect(await cache.get('k', compute)).toBe(2);
  });

  it('drops the least recently used answer past maxEntries', async () => {
    const cache = new DecisionCache<string>({ maxEntries: 2 }, clock);
    const compute = jest.fn((key: string) => Promise.resolve(key));
    await cache.get('a', () => compute('a'));
    await cache.get('b', () => compute('b'));
    await cache.get('a', () => compute('a'));
    await cache.get('c', () => compute('c'));
    expect(cache.size).toBe(2);
    await cache.get('a', () => compute('a'));
    await cache.get('b', () => compute('b'));
    expect(compute.mock.calls.map(([key]) => key)).toEqual([
      'a',
      'b',
      'c',
      'b',
    ]);
  });

  it('forgets everything on clear(), and never keeps an answer computed meanwhile', async () => {
    const cache = new DecisionCache<string>({}, clock);
    await cache.get('k', () => Promise.resolve('old'));
    let finish!: (value: string) => void;
    const pending = cache.get(
      'slow',
      () => new Promise<string>((resolve) => (finish = resolve)),
    );
    cache.clear();
    expect(cache.size).toBe(0);
    finish('computed before the change');
    expect(await pending).toBe('computed before the change');
    expect(cache.size).toBe(0);
    expect(await cache.get('slow', () => Promise.resolve('fresh'))).toBe(
      'fresh',
    );
  });

  it('keeps nothing while paused, computing every question, and keeps again from none once resumed', async () => {
    const cache = new DecisionCache<number>({}, clock);
    let answer = 1;
    const compute = jest.fn(() => Promise.resolve(answer));
    await cache.get('k', compute);
    cache.pause();
    expect(cache.size).toBe(0);
    answer = 2;
    expect(await cache.get('k', compute)).toBe(2);
    answer = 3;
    expect(await cache.get('k', compute)).toBe(3);
    expect(cache.size).toBe(0);
    cache.resume();
    expect(await cache.get('k', compute)).toBe(3);
    answer = 4;
    expect(await cache.get('k', compute)).toBe(3);
    expect(compute).toHaveBeenCalledTimes(4);
  });

  it('never keeps an answer computed before a pause, nor one computed while paused, after resuming', async () => {
    const cache = new DecisionCache<string>({}, clock);
    let finish!: (value: string) => void;
    const pending = cache.get(
      'slow',
      () => new Promise<string>((resolve) => (finish = resolve)),
    );
    cache.pause();
    cache.resume();
    finish('computed before the pause');
    expect(await pending).toBe('computed before the pause');
    expect(cache.size).toBe(0);
  });

  it('computes once for callers asking at the same time, not for one asking after clear()', async () => {
    const cache = new DecisionCache<string>({}, clock);
    let finish!: (value: string) => void;
    const compute = jest.fn(
      () => new Promise<string>((resolve) => (finish = resolve)),
    );
    const first = cache.get('k', compute);
    const second = cache.get('k', compute);
    expect(compute).toHaveBeenCalledTimes(1);
    cache.clear();
    const afterClear = cache.get('k', () => Promise.resolve('fresh'));
    finish('before');
    expect(await Promise.all([first, second, afterClear])).toEqual([
      'before',
      'before',
      'fresh',
    ]);
  });

  it('keeps a long question under its hash, apart from one differing at its end', async () => {
    const cache = new DecisionCache<string>({}, clock);
    const long = 'x'.repeat(10_000);
    await cache.get(`${long}a`, () => Promise.resolve('a'));
    expect(await cache.get(`${long}b`, () => Promise.resolve('b'))).toBe('b');
    expect(await cache.get(`${long}a`, () => Promise.resolve('again'))).toBe(
      'a',
    );
    cache.delete(`${long}a`);
    expect(await cache.get(`${long}a`, () => Promise.resolve('again'))).toBe(
      'again',
    );
  });

  it('keeps no failure', async () => {
    const cache = new DecisionCache<string>({}, clock);
    await expect(
      cache.get('k', () => Promise.reject(new Error('policy failed'))),
    ).rejects.toThrow('policy failed');
    expect(cache.size).toBe(0);
  });

  it.each([
    [
      { ttlMs: 0 },
      "The decision cache's ttlMs must be a positive integer, got 0",
    ],
    [
      { maxEntries: 1.5 },
      "The decision cache's maxEntries must be a positive integer, got 1.5",
    ],
  ])('refuses %j', (options, message) => {
    expect(() => new DecisionCache(options)).toThrow(message);
  });
});
