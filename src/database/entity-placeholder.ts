import type {
  ColumnType,
  DataSource,
  EntityMetadata,
  EntityTarget,
} from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * The foreign key of a placeholder's required relation: it names no row, and
 * the data-filtering adapter answers a lookup by it with a placeholder of the
 * other entity, after a query like the one a real key costs.
 */
export const PLACEHOLDER_KEY: object = Object.freeze({
  toString: () => 'placeholder key',
});

/**
 * An unsaved instance of `entity` shaped like a row of it: every column holds
 * a neutral value of its type (null where nullable, else false, 0, '' or the
 * epoch), every relation to many an empty list and every required relation
 * to one a placeholder of its own, its foreign key {@link PLACEHOLDER_KEY}.
 * `values` set what the request named. Its primary key is null, so it
 * equals no row and no role matches it.
 *
 * For a resolver's `placeholder()`: the policy can read any attribute of it
 * as of a real row, through a loaded relation or a registered Relation field
 * alike, so a missing resource costs the queries a hidden one does, and
 * never fails where a real one would not.
 */
export function entityPlaceholder<T extends object>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  values: Partial<T> = {},
): T {
  const placeholder = placeholderOf(dataSource.getMetadata(entity)) as T;
  return Object.assign(placeholder, values);
}

/** {@link entityPlaceholder} from an entity's metadata. */
export function placeholderOf(metadata: EntityMetadata): object {
  return build(metadata, new Set());
}

function build(
  metadata: EntityMetadata,
  building: Set<EntityMetadata>,
): object {
  const instance = metadata.create() as object;
  building.add(metadata);
  for (const column of metadata.columns) {
    // A foreign key without a property of its own lives in its relation.
    if (column.isVirtual) continue;
    column.setEntityValue(instance, placeholderValue(column));
  }
  for (const relation of metadata.relations) {
    const toMany = relation.isOneToMany || relation.isManyToMany;
    const other = relation.inverseEntityMetadata;
    relation.setEntityValue(
      instance,
      toMany
        ? []
        : relation.isNullable || building.has(other)
          ? null
          : build(other, building),
    );
  }
  building.delete(metadata);
  return instance;
}

/**
 * Null for the key (unsaved: it equals no row) and where a row may hold
 * null; the placeholder key of the relation for a required foreign key, which
 * the data-filtering adapter answers with a placeholder of the other entity;
 * else a neutral value of the column's type. Never undefined: the policy
 * refuses to read undefined, which means "not loaded".
 */
function placeholderValue(column: ColumnMetadata): unknown {
  if (column.isPrimary || column.isNullable) return null;
  if (column.relationMetadata) return PLACEHOLDER_KEY;
  return neutralValue(column.type);
}

const NUMBERS =
  /^(int|integer|tinyint|smallint|mediumint|bigint|int2|int4|int8|float|float4|float8|double|double precision|real|decimal|numeric|dec|number)$/;
const DATES =
  /^(date|datetime|timestamp|timestamptz|timestamp with time zone|timestamp without time zone)$/;

/** A value of the column's type that means nothing: false, 0, '' or the epoch. */
export function neutralValue(type: ColumnType): unknown {
  if (type === Boolean || type === 'boolean' || type === 'bool') return false;
  if (type === Number || (typeof type === 'string' && NUMBERS.test(type))) {
    return 0;
  }
  if (type === Date || (typeof type === 'string' && DATES.test(type))) {
    return new Date(0);
  }
  return '';
}
