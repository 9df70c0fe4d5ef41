import { Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { AppModule, hasPolicyExplorer } from './app.module';
import { setupApp } from './app.setup';
import { appConfig, logLevelsFrom } from './config/app.config';
import { stopGracefullyOnSignals } from './shutdown';

async function bootstrap(): Promise<void> {
  // abortOnError: false lets the catch below report a bad setting in one line.
  const app = await NestFactory.create(AppModule.forEnvironment(), {
    abortOnError: false,
  });
  setupApp(app);
  stopGracefullyOnSignals(app);
  const { port, logLevel } = app.get<ConfigType<typeof appConfig>>(
    appConfig.KEY,
  );
  app.useLogger(logLevelsFrom(logLevel));
  await app.listen(port);
  Logger.log(`Listening on http://localhost:${port}`, 'Bootstrap');
  if (hasPolicyExplorer(process.env)) {
    Logger.log(
      `Who may do what, and why: http://localhost:${port}/authz/matrix (not under NODE_ENV=production)`,
      'Bootstrap',
    );
  }
}

bootstrap().catch((error: Error) => {
  // A bad policy or setting stops the app with one readable line, not a trace.
  Logger.error(error.message, 'Bootstrap');
  process.exit(1);
});
