import { DataSource, TableColumn } from 'typeorm';
import { Code } from './migration-code';
import { portableDefault, portableType } from './portable-column';

const sqlite = new DataSource({ type: 'sqlite', database: ':memory:' }).driver;
const postgres = new DataSource({ type: 'postgres' }).driver;

const code = (value: unknown) =>
  value instanceof Code ? `code: ${value.text}` : value;

const NORMALIZED_DATE =
  'code: queryRunner.connection.driver.normalizeType({ type: Date })';

/**
 * A column with no entity (dropped, or as it was before a change) is
 * written from what its database reads back: the same, whichever of the two
 * databases that was.
 */
describe('a column read back from the database', () => {
  it.each([
    ['datetime', 'timestamp without time zone', NORMALIZED_DATE],
    ['varchar', 'character varying', 'varchar'],
    ['integer', 'integer', 'integer'],
    ['boolean', 'boolean', 'boolean'],
    ['text', 'text', 'text'],
  ])(
    'of type %s on sqlite, %s on PostgreSQL, is written %s',
    (onSqlite, onPostgres, written) => {
      expect(
        code(
          portableType(sqlite, new TableColumn({ name: 'c', type: onSqlite })),
        ),
      ).toBe(written);
      expect(
        code(
          portableType(
            postgres,
            new TableColumn({ name: 'c', type: onPostgres }),
          ),
        ),
      ).toBe(written);
    },
  );

  it('is an enum of either, written as the driver makes a simple-enum', () => {
    const enumOf = (type: string) =>
      new TableColumn({ name: 'kind', type, enum: ['a', 'b'] });
    // Unformatted: Prettier gives the file its quotes.
    const written =
      'code: queryRunner.connection.driver.normalizeType({ type: "simple-enum" })';
    expect(code(portableType(sqlite, enumOf('varchar')))).toBe(written);
    expect(code(portableType(postgres, enumOf('enum')))).toBe(written);
  });

  it("has sqlite's 0 or 1 for a boolean default: the driver's false or true", () => {
    const column = new TableColumn({
      name: 'hidden',
      type: 'boolean',
      default: '0',
    });
    expect(code(portableDefault(sqlite, column))).toBe(
      'code: queryRunner.connection.driver.normalizeDefault({ default: false } as ColumnMetadata)',
    );
  });

  it("has PostgreSQL's false: kept as SQL, unless the entity declares a boolean", () => {
    const column = new TableColumn({
      name: 'hidden',
      type: 'boolean',
      default: 'false',
    });
    expect(portableDefault(postgres, column)).toBe('false');
    expect(code(portableDefault(postgres, column, undefined, true))).toBe(
      'code: queryRunner.connection.driver.normalizeDefault({ default: false } as ColumnMetadata)',
    );
  });

  it.each([
    [sqlite, "datetime('now')"],
    [postgres, 'now()'],
  ])(
    "has the driver's date default (%#): written as the running driver's",
    (driver, value) => {
      const column = new TableColumn({
        name: 'createdAt',
        type: driver.normalizeType({ type: Date }),
        default: value,
      });
      expect(code(portableDefault(driver, column))).toBe(
        'code: queryRunner.connection.driver.mappedDataTypes.createDateDefault',
      );
    },
  );

  it('keeps any other default as its SQL', () => {
    const column = new TableColumn({
      name: 'state',
      type: 'varchar',
      default: "'open'",
    });
    expect(portableDefault(sqlite, column)).toBe("'open'");
    expect(portableDefault(postgres, column)).toBe("'open'");
  });
});
