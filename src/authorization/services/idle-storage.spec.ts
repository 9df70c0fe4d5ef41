import { IdleStorage } from './idle-storage';

describe('IdleStorage', () => {
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it('hands each run its own store across awaits, runs overlapping', async () => {
    const storage = new IdleStorage<string>();
    const seen: (string | undefined)[] = [];
    const run = (store: string) =>
      storage.run(store, async () => {
        await tick();
        seen.push(storage.getStore());
        await tick();
        seen.push(storage.getStore());
      });
    await Promise.all([run('a'), run('b')]);
    expect(seen.sort()).toEqual(['a', 'a', 'b', 'b']);
  });

  it('holds nothing once no run is in progress, and works again after', async () => {
    const storage = new IdleStorage<string>();
    await storage.run('a', tick);
    expect(storage.getStore()).toBeUndefined();
    expect(
      await storage.run('b', () => Promise.resolve(storage.getStore())),
    ).toBe('b');
  });

  it('ends a run that throws', async () => {
    const storage = new IdleStorage<string>();
    await expect(
      storage.run('a', () => Promise.reject(new Error('failed'))),
    ).rejects.toThrow('failed');
    expect(storage.getStore()).toBeUndefined();
  });
});
