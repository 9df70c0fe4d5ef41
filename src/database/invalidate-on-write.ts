import { Injectable, OnModuleInit } from '@nestjs/common';
import { OsoService } from '../authorization';
import { DataChanges } from './data-changes';

/**
 * Makes the policy's kept answers forget the data on every write to it, and
 * keeps none while writes elsewhere may go unheard.
 */
@Injectable()
export class InvalidateOnWrite implements OnModuleInit {
  constructor(
    private readonly changes: DataChanges,
    private readonly oso: OsoService,
  ) {}

  onModuleInit(): void {
    this.changes.onChange(() => this.oso.invalidate());
    this.changes.onPause(() => this.oso.pauseCaching());
    this.changes.onResume(() => this.oso.resumeCaching());
  }
}
