import type { Adapter } from 'oso';
import { typeOrmAdapter } from 'oso/dist/src/typeOrmAdapter';
import type { DataSource, SelectQueryBuilder } from 'typeorm';

/**
 * Oso's data-filtering adapter for TypeORM, which ships in the oso package but
 * is not exported from its index. It turns the policy's constraints into a
 * `SelectQueryBuilder` aliased by the Polar class name, so each class must be
 * registered under its TypeORM entity name (the class name).
 */
export function osoTypeOrmAdapter(
  dataSource: DataSource,
): Adapter<SelectQueryBuilder<object>, object> {
  return typeOrmAdapter<object>(dataSource);
}
