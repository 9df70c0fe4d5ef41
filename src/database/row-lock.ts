import type { DataSource, EntityManager, EntityTarget } from 'typeorm';

/**
 * Runs `work` where writes that hang off one row take turns: on PostgreSQL,
 * in a transaction that holds the row locked (`SELECT ... FOR UPDATE`), so
 * a condition across several rows (a repository's last admin) holds however
 * many connections write at once; answers null, without running `work`,
 * when the row is gone. On sqlite, the one connection runs statements in
 * turn already and concurrent requests' transactions would interleave on
 * it: `work` runs on the shared manager, its statements one by one.
 */
export async function withRowLocked<T>(
  dataSource: DataSource,
  entity: EntityTarget<object>,
  id: number,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T | null> {
  if (dataSource.options.type !== 'postgres') return work(dataSource.manager);
  return dataSource.transaction(async (manager) => {
    const locked = await manager
      .createQueryBuilder(entity, 'row')
      .select('row.id')
      .where('row.id = :id', { id })
      .setLock('pessimistic_write')
      .getRawOne<unknown>();
    return locked === undefined ? null : work(manager);
  });
}
