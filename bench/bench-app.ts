import {
  Controller,
  Get,
  type INestApplication,
  Module,
  NotFoundException,
  Param,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../src/app.module';
import { setupApp } from '../src/app.setup';
import { Public } from '../src/authorization';
import { RepositoryDto } from '../src/repositories/dto/repository.dto';
import { RepositoriesModule } from '../src/repositories/repositories.module';
import { RepositoriesService } from '../src/repositories/repositories.service';
import { drainAndClose } from '../src/shutdown';

/** Where the bench mounts its own routes, which are not the app's. */
export const BENCH_PREFIX = '/bench';

/** The baseline: what GET /repo/:name does, minus the policy. */
@Controller(BENCH_PREFIX)
class UnguardedRepoController {
  constructor(private readonly repositories: RepositoriesService) {}

  @Get('repo/:name')
  @Public()
  async show(@Param('name') name: string): Promise<RepositoryDto> {
    const repository = await this.repositories.findByName(name);
    if (!repository) throw new NotFoundException();
    return RepositoryDto.from(repository);
  }
}

@Module({
  imports: [AppModule, RepositoriesModule],
  controllers: [UnguardedRepoController],
})
class BenchModule {}

/** The app under measurement, listening on a loopback port. */
export interface BenchApp {
  app: INestApplication;
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** Drains and closes the app, then deletes its database. */
  close(): Promise<void>;
}

/**
 * The real AppModule (plus the baseline route) on a fresh sqlite file in a
 * temp folder, seeded with the quickstart's data, as larry by default. Only
 * errors are logged, on stderr.
 */
export async function startBenchApp(): Promise<BenchApp> {
  const dir = mkdtempSync(join(tmpdir(), 'oso-bench-'));
  process.env.DATABASE_URL = `sqlite:${join(dir, 'bench.sqlite')}`;
  process.env.POLICY_DIR = join(__dirname, '../policies');
  process.env.DEFAULT_USER = 'larry';

  const app = await NestFactory.create(BenchModule, { logger: ['error'] });
  setupApp(app);
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return {
    app,
    base: `http://127.0.0.1:${port}`,
    close: async () => {
      try {
        await drainAndClose(app);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
