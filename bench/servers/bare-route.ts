/**
 * The bare route: what `GET /repo/:name` costs with no framework and no
 * policy. Plain Express and TypeORM on the app's sqlite file and its own
 * Repository entity: the repository's row by name as JSON, or a 404. Anyone
 * reads anything here (no caller, no check): it is the floor the app's
 * throughput is compared with, not a server to copy.
 */
import 'reflect-metadata';
import express from 'express';
import { DataSource } from 'typeorm';
import { Repository } from '../../src/repositories/repository.entity';
import { serverEnv } from './server-env';

async function main(): Promise<void> {
  const { databaseFile, port } = serverEnv(process.env);
  const dataSource = new DataSource({
    type: 'sqlite',
    database: databaseFile,
    entities: [Repository],
  });
  await dataSource.initialize();
  const repositories = dataSource.getRepository(Repository);

  const app = express();
  app.get('/repo/:name', async (req, res) => {
    const repository = await repositories.findOneBy({ name: req.params.name });
    if (!repository) {
      res.status(404).json({ statusCode: 404, message: 'Not Found' });
      return;
    }
    res.json(repository);
  });
  app.listen(port, '127.0.0.1', () =>
    console.log(`bare route listening on http://127.0.0.1:${port}`),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
