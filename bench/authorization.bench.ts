/**
 * What authorization costs on the request path, measured side by side in one
 * run: the same repository lookup served by a @Public() route (no policy
 * check) and by the real guarded routes. Read the ratios, not the absolute
 * figures: the machine is shared and noisy.
 *
 *   npm run bench                 5 s per scenario
 *   BENCH_SECONDS=15 npm run bench
 */
import 'reflect-metadata';
import {
  Controller,
  Get,
  Module,
  NotFoundException,
  Param,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import autocannon from 'autocannon';
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

/** The baseline: what GET /repo/:name does, minus the policy. */
@Controller('bench')
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

const SCENARIOS = [
  {
    name: 'no policy check (baseline)',
    path: '/bench/repo/gmail',
    status: 200,
  },
  { name: 'GET /repo/gmail, allowed', path: '/repo/gmail', status: 200 },
  { name: 'GET /repo/oso, hidden: 404', path: '/repo/oso', status: 404 },
  { name: 'GET /repo/gmail/actions', path: '/repo/gmail/actions', status: 200 },
  { name: 'GET /repos, filtered in SQL', path: '/repos', status: 200 },
];

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'oso-bench-'));
  process.env.DATABASE_URL = `sqlite:${join(dir, 'bench.sqlite')}`;
  process.env.POLICY_DIR = join(__dirname, '../policies');
  process.env.DEFAULT_USER = 'larry';

  const app = await NestFactory.create(BenchModule, { logger: ['error'] });
  setupApp(app);
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;

  const results: { name: string; rps: number; p99: number }[] = [];
  try {
    for (const scenario of SCENARIOS) {
      const result = await autocannon({
        url: `http://127.0.0.1:${port}${scenario.path}`,
        headers: { accept: 'application/json', 'x-user': 'larry' },
        connections: 10,
        duration: seconds,
      });
      const expected = scenario.status === 200 ? result['2xx'] : result['4xx'];
      if (result.errors || expected !== result.requests.total) {
        throw new Error(
          `${scenario.name}: not every answer was ${scenario.status}`,
        );
      }
      results.push({
        name: scenario.name,
        rps: result.requests.average,
        p99: result.latency.p99,
      });
    }
  } finally {
    // autocannon drops its connections at the deadline; give the handlers of
    // the requests it abandoned a moment to finish before the engine closes.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await drainAndClose(app);
    rmSync(dir, { recursive: true, force: true });
  }

  const baseline = results[0].rps;
  console.log(`\n${seconds} s each, 10 connections, as larry\n`);
  console.log('scenario                       req/s   p99 ms   vs baseline');
  for (const { name, rps, p99 } of results) {
    console.log(
      `${name.padEnd(30)} ${rps.toFixed(0).padStart(6)} ${String(p99).padStart(8)}   ${(rps / baseline).toFixed(2)}x`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
