import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { type FSWatcher, statSync, watch } from 'node:fs';
import type { OsoModuleOptions } from '../interfaces/oso-module-options.interface';
import { OSO_MODULE_OPTIONS } from '../oso.module-definition';
import { OsoService } from './oso.service';

/** Edits come in bursts (an editor writes, renames, touches): one reload each. */
const SETTLE_MS = 100;
/** How often a removed policy folder is looked for. */
const LOOK_AGAIN_MS = 500;

/**
 * With `watchPolicy`, reloads the policy when a `.polar` file of the policy
 * folder changes: the next request follows the edit, without a restart. A
 * policy that does not load leaves the last good one serving, and the log
 * says why. One reload at a time, in the order of the edits. A folder
 * removed (or replaced, as `git checkout` or a sync tool may do) is watched
 * again once it is back.
 */
@Injectable()
export class PolicyWatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Policy');
  private watcher: FSWatcher | undefined;
  /** The folder watched, as its inode: a folder made anew has another. */
  private watched: number | undefined;
  private lookingAgain: NodeJS.Timeout | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly oso: OsoService,
    @Inject(OSO_MODULE_OPTIONS) private readonly options: OsoModuleOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.watchPolicy) return;
    this.watchFolder();
    this.logger.log(
      `Watching ${this.options.policyDir}: an edit to a .polar file reloads the policy`,
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.watcher?.close();
    this.watcher = undefined;
    clearTimeout(this.timer);
    clearInterval(this.lookingAgain);
    await this.reloading;
  }

  /** Watches the folder as it is now; false when there is none. */
  private watchFolder(): boolean {
    this.watcher?.close();
    this.watcher = undefined;
    const folder = this.folder();
    if (folder === undefined) return false;
    try {
      this.watcher = watch(this.options.policyDir, (_event, file) => {
        if (file === null || file.endsWith('.polar')) this.schedule();
      });
    } catch {
      return false;
    }
    this.watched = folder;
    this.watcher.on('error', (error) => this.lost(error.message));
    return true;
  }

  /** The policy folder's inode, or undefined when it is not there. */
  private folder(): number | undefined {
    const stats = statSync(this.options.policyDir, { throwIfNoEntry: false });
    return stats?.isDirectory() ? stats.ino : undefined;
  }

  /** Looks for the folder until it is back, then reloads from it. */
  private lost(why: string): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.lookingAgain || this.stopped) return;
    this.logger.error(
      `Stopped watching ${this.options.policyDir} (${why}): the last good policy keeps serving, and the folder is watched again once it is back`,
    );
    this.lookingAgain = setInterval(() => {
      if (!this.watchFolder()) return;
      clearInterval(this.lookingAgain);
      this.lookingAgain = undefined;
      this.logger.log(`Watching ${this.options.policyDir} again`);
      this.schedule();
    }, LOOK_AGAIN_MS);
    this.lookingAgain.unref();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.reloading = this.reloading.then(() => this.reload());
    }, SETTLE_MS);
  }

  private async reload(): Promise<void> {
    if (this.stopped) return;
    const folder = this.folder();
    if (folder === undefined) {
      this.lost('the folder is gone');
      return;
    }
    // A folder replaced under the watcher: its events come no more.
    if (folder !== this.watched) this.watchFolder();
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
