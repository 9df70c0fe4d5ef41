/**
 * Oso's Node quickstart, in shape (osohq/oso-nodejs-quickstart: server.js,
 * models.js): Express, and oso deciding on plain objects held in memory, a
 * User with its roles, `Repository.getByName`, `oso.authorize(user, 'read',
 * repo)`, NotFoundError as 404 and ForbiddenError as 403. Its objects are
 * read once at startup from the app's sqlite file, users, roles and
 * repositories, so it answers the same requests as the app does; its policy
 * is the quickstart's (quickstart.polar). The caller is the X-User header, as
 * in the app; an unknown one answers 401.
 */
import express from 'express';
import { join } from 'node:path';
import { ForbiddenError, NotFoundError, Oso } from 'oso';
import { DataSource } from 'typeorm';
import { serverEnv } from './server-env';

class Repository {
  static readonly byName = new Map<string, Repository>();

  constructor(
    readonly name: string,
    readonly isPublic: boolean,
  ) {}

  static getByName(name: string): Repository | undefined {
    return Repository.byName.get(name);
  }
}

class Role {
  constructor(
    readonly name: string,
    readonly repository: Repository,
  ) {}
}

class User {
  static readonly byName = new Map<string, User>();

  constructor(
    readonly name: string,
    readonly roles: Role[],
  ) {}

  static getByName(name: string | undefined): User | undefined {
    return name === undefined ? undefined : User.byName.get(name);
  }
}

/** Every user, role and repository of the database, as the quickstart's objects. */
async function loadObjects(databaseFile: string): Promise<void> {
  const db = new DataSource({ type: 'sqlite', database: databaseFile });
  await db.initialize();
  try {
    const repos = await db.query<
      { id: number; name: string; isPublic: number }[]
    >('SELECT "id", "name", "isPublic" FROM "repositories"');
    const reposById = new Map<number, Repository>();
    for (const { id, name, isPublic } of repos) {
      const repository = new Repository(name, Boolean(isPublic));
      reposById.set(id, repository);
      Repository.byName.set(name, repository);
    }
    const users = await db.query<{ id: number; name: string }[]>(
      'SELECT "id", "name" FROM "users"',
    );
    const rolesOf = new Map<number, Role[]>(users.map(({ id }) => [id, []]));
    const roles = await db.query<
      { name: string; userId: number; repositoryId: number }[]
    >('SELECT "name", "userId", "repositoryId" FROM "roles" ORDER BY "id"');
    for (const { name, userId, repositoryId } of roles) {
      rolesOf.get(userId)!.push(new Role(name, reposById.get(repositoryId)!));
    }
    for (const { id, name } of users) {
      User.byName.set(name, new User(name, rolesOf.get(id)!));
    }
  } finally {
    await db.destroy();
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function main(): Promise<void> {
  const { databaseFile, port } = serverEnv(process.env);
  await loadObjects(databaseFile);
  const oso = new Oso<User, string, Repository | undefined>();
  oso.registerClass(User);
  oso.registerClass(Repository);
  await oso.loadFiles([join(__dirname, 'quickstart.polar')]);

  const app = express();
  app.get('/repo/:name', async (req, res) => {
    const user = User.getByName(req.header('x-user'));
    if (!user) {
      res.status(401).send('<h1>Who are you?</h1>');
      return;
    }
    const name = req.params.name;
    // undefined when there is none: oso denies it, a 404 like a hidden one.
    const repo = Repository.getByName(name);
    try {
      await oso.authorize(user, 'read', repo);
      res.send(
        `<h1>A Repo</h1><p>Welcome to repo ${escapeHtml(repo!.name)}</p>`,
      );
    } catch (error) {
      if (error instanceof NotFoundError) {
        res
          .status(404)
          .send(
            `<h1>Whoops!</h1><p>Repo named ${escapeHtml(name)} was not found</p>`,
          );
      } else if (error instanceof ForbiddenError) {
        res.status(403).send('<h1>Forbidden</h1>');
      } else {
        throw error;
      }
    }
  });
  app.listen(port, '127.0.0.1', () =>
    console.log(`quickstart shape listening on http://127.0.0.1:${port}`),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
