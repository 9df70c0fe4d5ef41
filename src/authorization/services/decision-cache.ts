import { createHash } from 'node:crypto';

/** How long the policy's answers are kept, and how many. */
export interface DecisionCacheOptions {
  /**
   * How long an answer is kept at most, in ms: the bound on how stale it
   * may be after a write the app was not told of (another instance, a
   * migration, a SQL console). Default 2000.
   */
  ttlMs?: number;
  /** The most answers kept; the least recently used go first. Default 10000. */
  maxEntries?: number;
}

export const DECISION_CACHE_DEFAULTS = { ttlMs: 2000, maxEntries: 10_000 };

interface Entry<T> {
  value: T;
  expiresAt: number;
}

/**
 * A bounded map of recent answers (LRU, with a time to live). `clear()`
 * drops every answer and also those being computed: an answer computed
 * while the data changed is handed to the callers already waiting for it,
 * but never kept nor handed to a later one.
 */
export class DecisionCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly pending = new Map<string, Promise<T>>();
  private generation = 0;
  private paused = false;
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(
    options: DecisionCacheOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.ttlMs = options.ttlMs ?? DECISION_CACHE_DEFAULTS.ttlMs;
    this.maxEntries = options.maxEntries ?? DECISION_CACHE_DEFAULTS.maxEntries;
    for (const [name, value] of Object.entries({
      ttlMs: this.ttlMs,
      maxEntries: this.maxEntries,
    })) {
      if (!Number.isSafeInteger(value) || value < 1) {
        throw new RangeError(
          `The decision cache's ${name} must be a positive integer, got ${value}`,
        );
      }
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** The kept answer for `key`, else `compute()`'s, kept unless cleared meanwhile. */
  async get(question: string, compute: () => Promise<T>): Promise<T> {
    if (this.paused) return compute();
    const key = keyOf(question);
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      if (entry.expiresAt > this.now()) {
        this.entries.set(key, entry);
        return entry.value;
      }
    }
    // Requests asking the same at once share one computation.
    const pending = this.pending.get(key);
    if (pending) return pending;
    const generation = this.generation;
    const computing = compute();
    this.pending.set(key, computing);
    try {
      const value = await computing;
      if (generation === this.generation) {
        this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
        if (this.entries.size > this.maxEntries) {
          this.entries.delete(this.entries.keys().next().value!);
        }
      }
      return value;
    } finally {
      if (this.pending.get(key) === computing) this.pending.delete(key);
    }
  }

  /** Forgets the answer to `question`, if one is kept. */
  delete(question: string): void {
    this.entries.delete(keyOf(question));
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
    this.pending.clear();
  }

  /**
   * Forgets every answer and keeps none until {@link resume}: for while
   * writes the app must hear of may go unheard. Each question is computed.
   */
  pause(): void {
    this.paused = true;
    this.clear();
  }

  /** Keeps answers again, from none: anything may have changed meanwhile. */
  resume(): void {
    this.paused = false;
    this.clear();
  }
}

/** Longer keys are kept as their hash: a key may hold what a caller sent. */
const MAX_KEY_LENGTH = 256;

function keyOf(question: string): string {
  return question.length > MAX_KEY_LENGTH
    ? `sha256 ${createHash('sha256').update(question).digest('base64')}`
    : question;
}
