import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { type FSWatcher, watch } from 'node:fs';
import type { OsoModuleOptions } from '../interfaces/oso-module-options.interface';
import { OSO_MODULE_OPTIONS } from '../oso.module-definition';
import { OsoService } from './oso.service';

/** Edits come in bursts (an editor writes, renames, touches): one reload each. */
const SETTLE_MS = 100;

/**
 * With `watchPolicy`, reloads the policy when a `.polar` file of the policy
 * folder changes: the next request follows the edit, without a restart. A
 * policy that does not load leaves the last good one serving, and the log
 * says why. One reload at a time, in the order of the edits.
 */
@Injectable()
export class PolicyWatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Policy');
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> = Promise.resolve();

  constructor(
    private readonly oso: OsoService,
    @Inject(OSO_MODULE_OPTIONS) private readonly options: OsoModuleOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.watchPolicy) return;
    this.watcher = watch(this.options.policyDir, (_event, file) => {
      if (file === null || file.endsWith('.polar')) this.schedule();
    });
    this.watcher.on('error', (error) =>
      this.logger.error(`Stopped watching the policy: ${error.message}`),
    );
    this.logger.log(
      `Watching ${this.options.policyDir}: an edit to a .polar file reloads the policy`,
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.watcher?.close();
    this.watcher = undefined;
    clearTimeout(this.timer);
    await this.reloading;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.reloading = this.reloading.then(() => this.reload());
    }, SETTLE_MS);
  }

  private async reload(): Promise<void> {
    if (!this.watcher) return;
    try {
      await this.oso.reload();
      this.logger.log('Reloaded the policy');
    } catch (error) {
      this.logger.error(
        `Kept the last good policy: ${(error as Error).message}`,
      );
    }
  }
}
