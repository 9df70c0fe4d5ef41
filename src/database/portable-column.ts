import { type ColumnType, DataSource, type TableColumn } from 'typeorm';
import type { Driver } from 'typeorm/driver/Driver';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { Code, type CodeValue } from './migration-code';

/**
 * The drivers a migration runs on, never connected: asked how each names a
 * type and writes a default.
 */
let drivers: { sqlite: Driver; PostgreSQL: Driver } | undefined;
function bothDrivers(): { sqlite: Driver; PostgreSQL: Driver } {
  drivers ??= {
    sqlite: new DataSource({ type: 'sqlite', database: ':memory:' }).driver,
    PostgreSQL: new DataSource({ type: 'postgres' }).driver,
  };
  return drivers;
}

/**
 * The types an entity declares with a constructor (`type: Date`, or none):
 * tried first when a database's type is read back, so that it comes out as
 * the entity most likely declared it.
 */
const CONSTRUCTORS: ColumnType[] = [String, Number, Boolean, Date];

/**
 * The type `entityColumn` declares: `Date` for a CreateDateColumn,
 * UpdateDateColumn or DeleteDateColumn declared without one, which has the
 * driver's own date type (`datetime`, `timestamp`).
 */
function entityType(driver: Driver, entityColumn: ColumnMetadata): ColumnType {
  const { createDate, updateDate, deleteDate } = driver.mappedDataTypes;
  const { type } = entityColumn;
  const driversDate =
    (entityColumn.isCreateDate && type === createDate) ||
    (entityColumn.isUpdateDate && type === updateDate) ||
    (entityColumn.isDeleteDate && type === deleteDate);
  return driversDate ? Date : type;
}

/**
 * How an entity declares a column of `column.type` (the name `driver`
 * gives it): as `entityColumn` does, when that is the column's entity and
 * gives this type; otherwise the first constructor or type name that does.
 */
function declaredType(
  driver: Driver,
  column: TableColumn,
  entityColumn?: ColumnMetadata,
): ColumnType {
  if (entityColumn && driver.normalizeType(entityColumn) === column.type) {
    return entityType(driver, entityColumn);
  }
  // An enum read back: sqlite's is a varchar with a check, PostgreSQL's a type.
  if (
    column.enum?.length &&
    driver.normalizeType({ type: 'simple-enum' }) === column.type
  ) {
    return 'simple-enum';
  }
  const { sqlite, PostgreSQL } = bothDrivers();
  return (
    [
      ...CONSTRUCTORS,
      column.type as ColumnType,
      ...sqlite.supportedDataTypes,
      ...PostgreSQL.supportedDataTypes,
    ].find((type) => driver.normalizeType({ type }) === column.type) ??
    (column.type as ColumnType)
  );
}

/**
 * The type to write for `column` so that each database ends up with the
 * type its driver gives the entity's column: a name both read alike
 * (`varchar`, `integer`, `boolean`), else the running driver's own name for
 * the declared type (`datetime` on sqlite, `timestamp` on PostgreSQL for
 * `Date`). sqlite keeps a type as it was written; PostgreSQL reads back its
 * own name for it.
 */
export function portableType(
  driver: Driver,
  column: TableColumn,
  entityColumn?: ColumnMetadata,
): string | Code {
  const type = declaredType(driver, column, entityColumn);
  const { sqlite, PostgreSQL } = bothDrivers();
  const written = sqlite.normalizeType({ type });
  if (
    PostgreSQL.normalizeType({ type: written as ColumnType }) ===
    PostgreSQL.normalizeType({ type })
  ) {
    return written;
  }
  const declared =
    typeof type === 'function' ? type.name : JSON.stringify(type);
  return new Code(
    `queryRunner.connection.driver.normalizeType({ type: ${declared} })`,
  );
}

const COLUMN_METADATA = [
  ['ColumnMetadata', 'typeorm/metadata/ColumnMetadata'],
] as const;

/** The running driver's default for an entity's `default: value`. */
function driverDefault(value: ColumnMetadata['default']): Code {
  const text =
    typeof value === 'function'
      ? `() => ${JSON.stringify(value())}`
      : JSON.stringify(value);
  return new Code(
    `queryRunner.connection.driver.normalizeDefault({ default: ${text} } as ColumnMetadata)`,
    COLUMN_METADATA,
  );
}

/**
 * The default to write for `column`, none if it has none: the SQL both
 * drivers write for the entity's default, else the entity's number (each
 * takes it bare), else the running driver's SQL for it (a boolean is `0`
 * on sqlite, `false` on PostgreSQL); the driver's date default of a
 * CreateDateColumn or UpdateDateColumn. A column read from the database,
 * with no entity, keeps its SQL, but for the driver's date default, for
 * sqlite's `0` and `1` of a boolean, and
 * PostgreSQL's `false` and `true` where `booleanValue` says the entity
 * declared a boolean rather than SQL (`() => 'false'`, which sqlite keeps
 * as it is).
 */
export function portableDefault(
  driver: Driver,
  column: TableColumn,
  entityColumn?: ColumnMetadata,
  booleanValue = false,
): CodeValue | undefined {
  const current: unknown = column.default;
  if (current === undefined || current === null) return undefined;
  const { createDateDefault, updateDateDefault } = driver.mappedDataTypes;
  if (entityColumn && driver.normalizeDefault(entityColumn) === current) {
    const value = entityColumn.default;
    for (const [mapped, flag] of [
      ['createDateDefault', entityColumn.isCreateDate],
      ['updateDateDefault', entityColumn.isUpdateDate],
    ] as const) {
      if (
        flag &&
        typeof value === 'function' &&
        value() === driver.mappedDataTypes[mapped]
      ) {
        return new Code(
          `queryRunner.connection.driver.mappedDataTypes.${mapped}`,
        );
      }
    }
    const { sqlite, PostgreSQL } = bothDrivers();
    const written = sqlite.normalizeDefault(entityColumn);
    if (written === PostgreSQL.normalizeDefault(entityColumn)) return written;
    if (typeof value === 'number') return value;
    return driverDefault(value);
  }
  if (current === createDateDefault || current === updateDateDefault) {
    return new Code(
      'queryRunner.connection.driver.mappedDataTypes.createDateDefault',
    );
  }
  if (column.type === 'boolean') {
    const values = driver.options.type === 'sqlite' ? ['0', '1'] : [];
    if (booleanValue) values.push('false', 'true');
    const at = typeof current === 'string' ? values.indexOf(current) : -1;
    if (at !== -1) return driverDefault(at % 2 === 1);
  }
  return current as CodeValue;
}

/**
 * The drivers, by name, that do not know the type `entityColumn` (an
 * entity's of the database `driver` runs) declares.
 */
export function driversLacking(
  driver: Driver,
  entityColumn: ColumnMetadata,
): string[] {
  const type = entityType(driver, entityColumn);
  return Object.entries(bothDrivers())
    .filter(
      ([, other]) =>
        !other.supportedDataTypes.includes(
          other.normalizeType({ type }) as ColumnType,
        ),
    )
    .map(([name]) => name);
}
