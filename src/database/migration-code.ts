/** A TypeScript expression, written into the migration as it is. */
export class Code {
  constructor(
    readonly text: string,
    /** The types it names, imported with `import type`: name and module. */
    readonly typeImports: readonly (readonly [string, string])[] = [],
  ) {}
}

/** `new <className>(options)`, a class of typeorm's: `new TableColumn({...})`. */
export class New {
  constructor(
    readonly className: string,
    readonly options: Readonly<Record<string, CodeValue>>,
  ) {}
}

/** What a migration's code passes: literals, arrays, objects, `new` and raw code. */
export type CodeValue =
  | string
  | number
  | boolean
  | Code
  | New
  | readonly CodeValue[]
  | { readonly [key: string]: CodeValue };

/** `await queryRunner.<method>(...args);` */
export interface Call {
  method: string;
  args: CodeValue[];
}

/** What a migration file holds besides its name. */
export interface MigrationParts {
  /** The doc comment of its class, a line or a few. */
  comment: string;
  up: Call[];
  down: Call[];
}

/**
 * The source of the migration `<className>` (its `name` too): a class of
 * `up()` and `down()` calling the query runner's schema API, importing what
 * they use. Unformatted: Prettier lays it out.
 */
export function migrationSource(
  className: string,
  { comment, up, down }: MigrationParts,
): string {
  const imports = new Set(['MigrationInterface', 'QueryRunner']);
  const typeImports = new Map<string, string>();
  const print = (value: CodeValue): string => {
    if (value instanceof Code) {
      for (const [name, from] of value.typeImports) typeImports.set(name, from);
      return value.text;
    }
    if (value instanceof New) {
      imports.add(value.className);
      return `new ${value.className}(${print(value.options)})`;
    }
    if (Array.isArray(value)) return `[${value.map(print).join(', ')}]`;
    if (typeof value === 'object') {
      const entries = Object.entries(value).map(
        ([key, item]) =>
          `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${print(item)}`,
      );
      return `{ ${entries.join(', ')} }`;
    }
    return JSON.stringify(value);
  };
  const body = (calls: Call[]) =>
    calls
      .map(
        ({ method, args }) =>
          `    await queryRunner.${method}(${args.map(print).join(', ')});`,
      )
      .join('\n');
  const upBody = body(up);
  const downBody = body(down);
  const importLines = [
    `import { ${[...imports].sort().join(', ')} } from 'typeorm';`,
    ...[...typeImports].map(
      ([name, from]) => `import type { ${name} } from '${from}';`,
    ),
  ];
  return `${importLines.join('\n')}

/**
${comment
  .split('\n')
  .map((line) => ` * ${line}`.trimEnd())
  .join('\n')}
 */
export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${upBody}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${downBody}
  }
}
`;
}
