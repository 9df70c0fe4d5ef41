import type { DataSource, Table, TableColumn, TableForeignKey } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { type Call, Code, type CodeValue, New } from './migration-code';
import {
  PART_METHODS,
  type PartItem,
  type SchemaStep,
  type TablePart,
  UnrecordableChangeError,
} from './migration-recorder';
import {
  driversLacking,
  portableDefault,
  portableType,
} from './portable-column';

/** The schema-API calls of a migration, and what may not run on both databases. */
export interface MigrationCalls {
  up: Call[];
  /** Undoing `up`, last step first. */
  down: Call[];
  warnings: string[];
}

/** The class each part's items are made with. */
const PART_CLASSES: Record<TablePart, string> = {
  columns: 'TableColumn',
  indices: 'TableIndex',
  foreignKeys: 'TableForeignKey',
  uniques: 'TableUnique',
  checks: 'TableCheck',
};

/** A column as written in a step, type and default portable: the options of a `TableColumn`. */
type ColumnOptions = Record<string, CodeValue>;

/**
 * The calls of TypeORM's schema API that make `steps`, recorded on
 * `dataSource`, and those that undo them: each column's type and default
 * written so that they run on sqlite and PostgreSQL alike, whichever of the
 * two the steps were recorded on. A new table's foreign keys are its own
 * (the builder adds them after all the tables).
 */
export function migrationCalls(
  dataSource: DataSource,
  steps: SchemaStep[],
): MigrationCalls {
  const writer = new CallWriter(dataSource);
  const up: Call[] = [];
  const down: Call[][] = [];
  for (const step of withForeignKeysInTables(steps)) {
    const calls = writer.calls(step);
    up.push(...calls.up);
    down.unshift(calls.down);
  }
  return { up, down: down.flat(), warnings: [...writer.warnings] };
}

/**
 * `steps`, each foreign key of a table they create given to that table's
 * `createTable` (it runs once, and sqlite rebuilds a table for each key
 * added later), unless the key references a table created after it.
 */
function withForeignKeysInTables(steps: SchemaStep[]): SchemaStep[] {
  const created = new Map<string, Table>();
  const order = new Map<string, number>();
  steps.forEach((step, index) => {
    if (step.kind !== 'createTable') return;
    created.set(step.table.name, step.table);
    order.set(step.table.name, index);
  });
  return steps.flatMap((step): SchemaStep[] => {
    if (step.kind !== 'add' || step.part !== 'foreignKeys') return [step];
    const table = created.get(step.table);
    if (!table) return [step];
    const later = (step.items as TableForeignKey[]).filter(
      (key) =>
        (order.get(key.referencedTableName) ?? -1) > order.get(step.table)!,
    );
    table.foreignKeys.push(
      ...(step.items as TableForeignKey[]).filter(
        (key) => !later.includes(key),
      ),
    );
    return later.length ? [{ ...step, items: later }] : [];
  });
}

class CallWriter {
  readonly warnings = new Set<string>();

  constructor(private readonly dataSource: DataSource) {}

  calls(step: SchemaStep): { up: Call[]; down: Call[] } {
    switch (step.kind) {
      case 'createTable':
        return {
          up: [call('createTable', this.table(step.table, true))],
          down: [call('dropTable', step.table.name)],
        };
      case 'dropTable':
        return {
          up: [call('dropTable', step.table.name)],
          down: [call('createTable', this.table(step.table, false))],
        };
      case 'add':
        return {
          up: this.add(step.table, step.part, step.items, true),
          down: this.drop(step.table, step.part, step.items),
        };
      case 'drop':
        return {
          up: this.drop(step.table, step.part, step.items),
          down: this.add(step.table, step.part, step.items, false),
        };
      case 'changeColumns': {
        const changes = step.changes.map(({ oldColumn, newColumn }) => {
          const next = this.column(step.table, newColumn, true);
          const previous = this.column(step.table, oldColumn, false, [
            newColumn,
            next,
          ]);
          return { previous, next };
        });
        const change = (forward: boolean) => {
          const pairs = changes.map(({ previous, next }) =>
            forward ? [previous, next] : [next, previous],
          );
          const columns = pairs.map((pair) =>
            pair.map((options) => new New('TableColumn', options)),
          );
          return columns.length === 1
            ? call('changeColumn', step.table, ...columns[0])
            : call(
                'changeColumns',
                step.table,
                columns.map(([oldColumn, newColumn]) => ({
                  oldColumn,
                  newColumn,
                })),
              );
        };
        return { up: [change(true)], down: [change(false)] };
      }
      case 'renameColumn':
        return {
          up: [call('renameColumn', step.table, step.from, step.to)],
          down: [call('renameColumn', step.table, step.to, step.from)],
        };
      case 'updatePrimaryKeys': {
        const keys = (columns: TableColumn[], fromEntity: boolean) =>
          columns.map(
            (column) =>
              new New(
                'TableColumn',
                this.column(step.table, column, fromEntity),
              ),
          );
        return {
          up: [call('updatePrimaryKeys', step.table, keys(step.to, true))],
          down: [call('updatePrimaryKeys', step.table, keys(step.from, false))],
        };
      }
    }
  }

  /** `new Table(...)`: a table the entities describe, or one read from the database. */
  private table(table: Table, fromEntity: boolean): New {
    if (table.exclusions.length) {
      throw new UnrecordableChangeError(
        `The table ${table.name} has exclusion constraints, which sqlite has not: write this migration by hand`,
      );
    }
    const options: Record<string, CodeValue> = {
      name: table.name,
      columns: table.columns.map((column) =>
        this.column(table.name, column, fromEntity),
      ),
    };
    // PostgreSQL's comment (sqlite keeps none), sqlite's WITHOUT ROWID.
    if (table.comment) options.comment = table.comment;
    if (table.withoutRowid) options.withoutRowid = true;
    for (const part of [
      'indices',
      'foreignKeys',
      'uniques',
      'checks',
    ] as const) {
      const items = table[part] as PartItem[];
      if (items.length)
        options[part] = items.map((item) => this.item(part, item));
    }
    return new New('Table', options);
  }

  /** The calls adding `items`: one call for one item, a list for several. */
  private add(
    table: string,
    part: TablePart,
    items: PartItem[],
    fromEntity: boolean,
  ): Call[] {
    const [one, many] = PART_METHODS[part].add;
    const values = items.map((item) =>
      part === 'columns'
        ? new New(
            'TableColumn',
            this.column(table, item as TableColumn, fromEntity),
          )
        : this.item(part, item),
    );
    return values.length === 1
      ? [call(one, table, values[0])]
      : [call(many, table, values)];
  }

  /** The calls dropping `items`, by name: columns in one call, the rest one by one. */
  private drop(table: string, part: TablePart, items: PartItem[]): Call[] {
    const [one, many] = PART_METHODS[part].drop;
    const names = items.map((item) => item.name!);
    if (part === 'columns' && names.length > 1) {
      return [call(many, table, names)];
    }
    return names.map((name) => call(one, table, name));
  }

  /** `new TableIndex(...)` and the like: the item's options but its defaults. */
  private item(part: Exclude<TablePart, 'columns'>, item: PartItem): New {
    const options = withoutDefaults(item);
    if (part === 'foreignKeys') {
      // The default schema's, as the recorder names tables.
      delete options.referencedSchema;
      delete options.referencedDatabase;
      for (const action of ['onDelete', 'onUpdate']) {
        if (options[action] === 'NO ACTION') delete options[action];
      }
    }
    return new New(PART_CLASSES[part], options);
  }

  /**
   * A column's options, type and default portable: as its entity declares
   * them when it is the entity's (`fromEntity`), as the database has them
   * otherwise. `sameAs`, the column this one changes to or from and its
   * options: where this one has the same type or default, it is written the
   * same (PostgreSQL recreates a column whose type changes, by the name
   * written); a boolean default is written as that one's is.
   */
  private column(
    table: string,
    column: TableColumn,
    fromEntity: boolean,
    sameAs?: [TableColumn, ColumnOptions],
  ): ColumnOptions {
    const driver = this.dataSource.driver;
    const entityColumn = fromEntity
      ? this.entityColumn(table, column.name)
      : undefined;
    if (entityColumn) {
      for (const name of driversLacking(driver, entityColumn)) {
        this.warnings.add(
          `${table}.${column.name}: ${name} has no type ${String(entityColumn.type)}, which the entity declares`,
        );
      }
    }
    const options: ColumnOptions = {
      name: column.name,
      type:
        sameAs && sameAs[0].type === column.type
          ? sameAs[1].type
          : portableType(driver, column, entityColumn),
    };
    for (const [key, value] of Object.entries(withoutDefaults(column))) {
      if (!(key in options) && key !== 'default') options[key] = value;
    }
    if (sameAs && sameAs[0].default === column.default) {
      if (sameAs[1].default !== undefined) options.default = sameAs[1].default;
    } else {
      const written = portableDefault(
        driver,
        column,
        entityColumn,
        sameAs?.[1].default instanceof Code,
      );
      if (written !== undefined) options.default = written;
    }
    return options;
  }

  /** The entity's column of that name in that table, if any. */
  private entityColumn(
    table: string,
    name: string,
  ): ColumnMetadata | undefined {
    return this.dataSource.entityMetadatas
      .find((metadata) => metadata.tableName === table)
      ?.columns.find((column) => column.databaseName === name);
  }
}

function call(method: string, ...args: CodeValue[]): Call {
  return { method, args };
}

/** The properties written first, in this order; the others follow as they come. */
const FIRST = [
  'name',
  'type',
  'isPrimary',
  'isGenerated',
  'generationStrategy',
  'columnNames',
  'referencedTableName',
  'referencedColumnNames',
];

/**
 * The own properties of a TypeORM schema object that differ from a new
 * one's: none unset, false, empty or an empty list.
 */
function withoutDefaults(object: object): Record<string, CodeValue> {
  const options: Record<string, CodeValue> = {};
  const rank = (key: string) =>
    FIRST.includes(key) ? FIRST.indexOf(key) : FIRST.length;
  const entries = Object.entries(object).sort(([a], [b]) => rank(a) - rank(b));
  for (const [key, value] of entries) {
    if (key === '@instanceof') continue;
    if (value === undefined || value === null || value === false) continue;
    if (value === '' || (Array.isArray(value) && value.length === 0)) continue;
    options[key] = value as CodeValue;
  }
  return options;
}
