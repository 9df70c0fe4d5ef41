/** What a bench server reads from its environment, set by bench/servers.ts. */
export interface ServerEnv {
  /** The sqlite file DATABASE_URL (`sqlite:<file>`) names. */
  databaseFile: string;
  port: number;
}

export function serverEnv(env: NodeJS.ProcessEnv): ServerEnv {
  const file = /^sqlite:(.+)$/.exec(env.DATABASE_URL ?? '')?.[1];
  const port = Number(env.PORT);
  if (!file || !Number.isInteger(port) || port <= 0) {
    throw new Error(
      `A bench server needs DATABASE_URL=sqlite:<file> and PORT, got ${env.DATABASE_URL} and ${env.PORT}`,
    );
  }
  return { databaseFile: file, port };
}
