import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from './sqlite-database.js';
import { applyMigrations } from './sqlite-migrator.js';

/** What a column holds as both sides see it: `string`, `number`, or anything else by name. */
interface Column {
  kind: string;
  nullable: boolean;
}
type Tables = Map<string, Map<string, Column>>;

/**
 * The TypeScript type a value of this declared SQLite type arrives as, by SQLite's affinity rules
 * (https://www.sqlite.org/datatype3.html#determination_of_column_affinity). Booleans are stored as
 * 0/1, so they are numbers too.
 */
function kindOfAffinity(declared: string): string {
  const type = declared.toUpperCase();
  if (type.includes('INT')) return 'number';
  if (/CHAR|CLOB|TEXT/.test(type)) return 'string';
  if (type === '' || type.includes('BLOB')) return `BLOB (${declared || 'no type'})`;
  return 'number';
}

/** Every table of a freshly migrated database with its columns, as PRAGMA table_info reports them. */
function migratedTables(): Tables {
  const db = openSqliteDatabase(':memory:');
  applyMigrations(db.sqlite);
  const names = db.sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'd1_migrations'",
    )
    .all() as { name: string }[];
  const tables: Tables = new Map();
  for (const { name } of names) {
    const columns = db.sqlite.prepare(`PRAGMA table_info("${name}")`).all() as {
      name: string;
      type: string;
      notnull: number;
      pk: number;
    }[];
    tables.set(
      name,
      new Map(
        columns.map((c) => [
          c.name,
          // A primary key column that is not an INTEGER rowid alias may hold NULL only by a legacy SQLite
          // quirk; every one here is written with a value, so it counts as NOT NULL.
          { kind: kindOfAffinity(c.type), nullable: c.notnull === 0 && c.pk === 0 },
        ]),
      ),
    );
  }
  db.sqlite.close();
  return tables;
}

/** The `Schema` interface of src/db/schema.ts, read with the TypeScript checker: tables, columns, types. */
function declaredTables(): { tables: Tables; problems: string[] } {
  const file = fileURLToPath(new URL('./schema.ts', import.meta.url));
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts'],
    types: [],
  });
  const checker = program.getTypeChecker();
  const problems = program
    .getSourceFiles()
    .filter((source) => !source.isDeclarationFile)
    .flatMap((source) => [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ])
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  const schema = program
    .getSourceFile(file)
    ?.statements.find(
      (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Schema',
    );
  if (!schema)
    return { tables: new Map(), problems: [...problems, 'src/db/schema.ts has no interface Schema'] };

  const columnOf = (symbol: ts.Symbol): Column => {
    const type = checker.getTypeOfSymbol(symbol);
    const members = type.isUnion() ? type.types : [type];
    const values = members.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
    const all = (flag: ts.TypeFlags) => values.length > 0 && values.every((t) => (t.flags & flag) !== 0);
    const optional = (symbol.flags & ts.SymbolFlags.Optional) !== 0;
    const kind = all(ts.TypeFlags.StringLike)
      ? 'string'
      : all(ts.TypeFlags.NumberLike)
        ? 'number'
        : checker.typeToString(checker.getNonNullableType(type));
    return {
      kind: optional ? `${kind} (optional: a row always has every column)` : kind,
      nullable: members.some((t) => (t.flags & ts.TypeFlags.Null) !== 0),
    };
  };
  const tables: Tables = new Map();
  for (const table of checker.getPropertiesOfType(checker.getTypeAtLocation(schema.name)))
    tables.set(
      table.name,
      new Map(checker.getPropertiesOfType(checker.getTypeOfSymbol(table)).map((c) => [c.name, columnOf(c)])),
    );
  return { tables, problems };
}

const describeColumn = (c: Column) => `${c.kind}${c.nullable ? ' | null' : ''}`;

describe('table types in src/db match the migrated schema', () => {
  let database: Tables;
  let declared: ReturnType<typeof declaredTables>;
  beforeAll(() => {
    database = migratedTables();
    declared = declaredTables();
  }, 30_000);

  it('the table interfaces typecheck (so the checker read them whole)', () => {
    expect(declared.problems).toEqual([]);
  });

  it('every table has an interface, every column a property of the same type and nullability', () => {
    const mismatches: string[] = [];
    for (const [table, columns] of database) {
      const types = declared.tables.get(table);
      if (!types) {
        mismatches.push(`${table}: a table in the database without an interface in Schema`);
        continue;
      }
      for (const [name, column] of columns) {
        const type = types.get(name);
        if (!type) mismatches.push(`${table}.${name}: a column without a property`);
        else if (type.kind !== column.kind || type.nullable !== column.nullable)
          mismatches.push(
            `${table}.${name}: the database holds ${describeColumn(column)}, the interface says ${describeColumn(type)}`,
          );
      }
      for (const name of types.keys())
        if (!columns.has(name)) mismatches.push(`${table}.${name}: a property without a column`);
    }
    for (const table of declared.tables.keys())
      if (!database.has(table)) mismatches.push(`${table}: an interface in Schema without a table`);
    expect(mismatches).toEqual([]);
  });

  it('reads both sides (a test that compares nothing would pass too)', () => {
    expect(database.size).toBeGreaterThan(20);
    expect(declared.tables.get('learner')?.get('subject')).toEqual({ kind: 'string', nullable: true });
  });
});
