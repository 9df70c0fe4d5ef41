import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type DataSource,
  type QueryRunner,
  Table,
  type TableCheck,
  type TableColumn,
  TableForeignKey,
  type TableIndex,
  type TableUnique,
} from 'typeorm';

/** The parts of a table a step adds or drops, as `Table` names its lists. */
export type TablePart =
  'columns' | 'indices' | 'foreignKeys' | 'uniques' | 'checks';

export type PartItem =
  TableColumn | TableIndex | TableForeignKey | TableUnique | TableCheck;

/**
 * The query runner's methods that add and drop each part, each for one
 * item and for several: `addColumn`, `addColumns`, `dropColumn`, ...
 */
export const PART_METHODS: Record<
  TablePart,
  { add: [string, string]; drop: [string, string] }
> = {
  columns: {
    add: ['addColumn', 'addColumns'],
    drop: ['dropColumn', 'dropColumns'],
  },
  indices: {
    add: ['createIndex', 'createIndices'],
    drop: ['dropIndex', 'dropIndices'],
  },
  foreignKeys: {
    add: ['createForeignKey', 'createForeignKeys'],
    drop: ['dropForeignKey', 'dropForeignKeys'],
  },
  uniques: {
    add: ['createUniqueConstraint', 'createUniqueConstraints'],
    drop: ['dropUniqueConstraint', 'dropUniqueConstraints'],
  },
  checks: {
    add: ['createCheckConstraint', 'createCheckConstraints'],
    drop: ['dropCheckConstraint', 'dropCheckConstraints'],
  },
};

/**
 * One change the schema builder makes, as the query runner's schema API
 * was called for it: tables named without a schema, the objects as they
 * were at the call. Types and defaults are the running driver's.
 */
export type SchemaStep =
  | { kind: 'createTable' | 'dropTable'; table: Table }
  | { kind: 'add' | 'drop'; table: string; part: TablePart; items: PartItem[] }
  | {
      kind: 'changeColumns';
      table: string;
      changes: { oldColumn: TableColumn; newColumn: TableColumn }[];
    }
  | { kind: 'renameColumn'; table: string; from: string; to: string }
  | {
      kind: 'updatePrimaryKeys';
      table: string;
      from: TableColumn[];
      to: TableColumn[];
    };

/** A change the schema builder makes that this recorder does not write. */
export class UnrecordableChangeError extends Error {
  override name = 'UnrecordableChangeError';
}

/** The query runner's other schema changes: views, comments, exclusion constraints. */
const UNRECORDABLE = [
  'renameTable',
  'changeTableComment',
  'createView',
  'dropView',
  'createViewIndex',
  'createViewIndices',
  'dropViewIndex',
  'createExclusionConstraint',
  'createExclusionConstraints',
  'dropExclusionConstraint',
  'dropExclusionConstraints',
];

/**
 * A call of the builder's, and how many statements it wrote. Its step:
 * none for a method this recorder does not write, null for a call that
 * changes nothing.
 */
interface Recorded {
  method: string;
  step: SchemaStep | null | undefined;
  statements: number;
}

type Method = (...args: unknown[]) => Promise<unknown>;

/**
 * What `npm run migration:generate` would write for the database
 * `dataSource` is connected to: TypeORM's schema builder compares it with
 * the entities, as its own migration:generate does, on a query runner that
 * only collects SQL; the schema-API calls it makes there are recorded as
 * steps. A call that writes no SQL (a comment already as it is) is no step.
 */
export async function recordSchemaChanges(
  dataSource: DataSource,
): Promise<SchemaStep[]> {
  const recorded: Recorded[] = [];
  // The builder asks the data source for its query runner.
  const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (mode) =>
    recording(createQueryRunner(mode), recorded);
  try {
    await dataSource.driver.createSchemaBuilder().log();
  } finally {
    delete (dataSource as Partial<DataSource>).createQueryRunner;
  }
  const written = recorded.filter(
    (call) => call.statements > 0 && call.step !== null,
  );
  const unrecordable = written.filter((call) => call.step === undefined);
  if (unrecordable.length) {
    throw new UnrecordableChangeError(
      `TypeORM's schema builder calls ${unrecordable.map((call) => call.method).join(', ')}, ` +
        'which migration:generate does not write (it writes tables, columns, indexes and ' +
        'constraints; sqlite has no table comments or exclusion constraints): write this migration by hand',
    );
  }
  return written.map((call) => call.step!);
}

/**
 * `runner`, recording each schema-API call made from outside it (the
 * builder's: not those its own methods make of each other) and counting the
 * SQL statements each writes. SQL written outside a recorded call is a
 * change the recorder does not know: an error.
 */
function recording(runner: QueryRunner, recorded: Recorded[]): QueryRunner {
  const within = new AsyncLocalStorage<Recorded>();
  const methods = runner as unknown as Record<string, Method>;
  const executeQueries = methods.executeQueries;
  methods.executeQueries = (...args) => {
    const call = within.getStore();
    if (!call) {
      throw new UnrecordableChangeError(
        "TypeORM's schema builder wrote SQL outside the schema API migration:generate records",
      );
    }
    call.statements += Array.isArray(args[0]) ? args[0].length : 1;
    return executeQueries.apply(runner, args);
  };
  const steps = stepsOf(runner);
  for (const method of [...Object.keys(steps), ...UNRECORDABLE]) {
    const original = methods[method];
    if (typeof original !== 'function') continue;
    methods[method] = (...args) => {
      if (within.getStore()) return original.apply(runner, args);
      const call: Recorded = {
        method,
        step: steps[method]?.(...args),
        statements: 0,
      };
      recorded.push(call);
      return within.run(call, () => original.apply(runner, args));
    };
  }
  return runner;
}

/**
 * For each schema-API method the builder calls, the step a call of it is,
 * its objects copied as they are at the call.
 */
function stepsOf(
  runner: QueryRunner,
): Record<string, (...args: any[]) => SchemaStep | null> {
  const driver = runner.connection.driver;
  const defaultSchema = driver.schema ?? 'public';
  const plainName = (target: Table | string): string => {
    const { schema, tableName } = driver.parseTableName(target);
    if (schema && schema !== defaultSchema) {
      throw new UnrecordableChangeError(
        `The table ${tableName} is in the schema ${schema}: migration:generate writes tables of the default schema only`,
      );
    }
    return tableName;
  };
  const tableOf = (target: Table | string): Table => {
    if (target instanceof Table) return target;
    const table = runner.loadedTables.find((t) => t.name === target);
    if (!table) throw new Error(`The table ${target} is not loaded`);
    return table;
  };
  const copy = <T extends PartItem>(item: T): T => {
    const clone = item.clone() as T;
    if (clone instanceof TableForeignKey) {
      clone.referencedTableName = plainName(clone.referencedTableName);
    }
    return clone;
  };
  const itemOf = (
    table: Table | string,
    part: TablePart,
    item: PartItem | string,
  ): PartItem => {
    if (typeof item !== 'string') return copy(item);
    const found = (tableOf(table)[part] as PartItem[]).find(
      (candidate) => candidate.name === item,
    );
    if (!found) throw new Error(`No ${part} ${item} on ${plainName(table)}`);
    return copy(found);
  };
  const nameOf = (item: TableColumn | string) =>
    typeof item === 'string' ? item : item.name;
  const steps: Record<string, (...args: any[]) => SchemaStep | null> = {
    createTable: (table: Table) => {
      const clone = table.clone();
      clone.name = plainName(table);
      clone.foreignKeys = clone.foreignKeys.map(copy);
      return { kind: 'createTable', table: clone };
    },
    dropTable: (target: Table | string) => {
      const clone = tableOf(target).clone();
      clone.name = plainName(clone);
      clone.foreignKeys = clone.foreignKeys.map(copy);
      return { kind: 'dropTable', table: clone };
    },
    changeColumn: (
      table: Table | string,
      oldColumn: TableColumn | string,
      newColumn: TableColumn,
    ) => steps.changeColumns(table, [{ oldColumn, newColumn }]),
    changeColumns: (
      table: Table | string,
      changes: { oldColumn: TableColumn | string; newColumn: TableColumn }[],
    ) => ({
      kind: 'changeColumns',
      table: plainName(table),
      changes: changes.map(({ oldColumn, newColumn }) => ({
        oldColumn: itemOf(table, 'columns', oldColumn) as TableColumn,
        newColumn: newColumn.clone(),
      })),
    }),
    // A column whose type, nullability or uniqueness changes, the only one
    // of its table, the builder takes for a renamed one, and renames it to
    // its own name: nothing on PostgreSQL, a rebuild of the table on sqlite.
    // Not a step; the change itself is the next.
    renameColumn: (
      table: Table | string,
      oldColumn: TableColumn | string,
      newColumn: TableColumn | string,
    ) =>
      nameOf(oldColumn) === nameOf(newColumn)
        ? null
        : {
            kind: 'renameColumn',
            table: plainName(table),
            from: nameOf(oldColumn),
            to: nameOf(newColumn),
          },
    updatePrimaryKeys: (table: Table | string, columns: TableColumn[]) => ({
      kind: 'updatePrimaryKeys',
      table: plainName(table),
      from: tableOf(table).primaryColumns.map((column) => column.clone()),
      to: columns.map((column) => column.clone()),
    }),
  };
  for (const [part, { add, drop }] of Object.entries(PART_METHODS) as [
    TablePart,
    (typeof PART_METHODS)[TablePart],
  ][]) {
    for (const [kind, [one, many]] of [
      ['add', add],
      ['drop', drop],
    ] as const) {
      const step = (table: Table | string, items: (PartItem | string)[]) => ({
        kind,
        part,
        table: plainName(table),
        items: items.map((item) => itemOf(table, part, item)),
      });
      steps[one] = (table: Table | string, item: PartItem | string) =>
        step(table, [item]);
      steps[many] = step;
    }
  }
  return steps;
}
