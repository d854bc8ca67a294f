// Live dashboards, coalesced. Each instance keeps the programmes its own subscribers watch;
// a change on any instance reaches every instance through the pubsub (Redis when shared), and
// each instance then recomputes a watched programme's dashboard at most once per interval and
// pushes it to its subscribers. A change that arrives while a dashboard is being computed, or
// within the interval after a push, marks it dirty, and the dashboard is computed again when the
// interval has passed (trailing edge): the last push always reflects the last change.
import { Repeater, SlidingBuffer } from '@graphql-yoga/subscription';
import type { PrismaClient } from '../../db/database.js';
import type { Logger } from '../../logger.js';
import { followChannels, type PayloadChannel, type PubSub } from '../../pubsub.js';
import { loadDashboard, type ProgrammeDashboard } from './sections.js';
import { dashboardTriggers } from './triggers.js';

export interface DashboardHubOptions {
  /** The least time between two computations of, and two pushes to, one dashboard. */
  intervalMs: number;
}

/** One subscriber: gets at most one dashboard per interval, always the latest. */
class Subscriber {
  private lastSentAt = -Infinity;
  private pending: ProgrammeDashboard | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly push: (dashboard: ProgrammeDashboard) => void,
    private readonly intervalMs: number,
  ) {}

  deliver(dashboard: ProgrammeDashboard) {
    const wait = this.lastSentAt + this.intervalMs - Date.now();
    if (wait <= 0) return this.send(dashboard);
    this.pending = dashboard;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      if (this.pending) this.send(this.pending);
    }, wait);
  }

  private send(dashboard: ProgrammeDashboard) {
    this.pending = undefined;
    this.lastSentAt = Date.now();
    this.push(dashboard);
  }

  close() {
    clearTimeout(this.timer);
  }
}

interface Watched {
  subscribers: Set<Subscriber>;
  latest: ProgrammeDashboard | undefined;
  /** A change arrived since `latest` was computed. */
  dirty: boolean;
  computedAt: number;
  timer: NodeJS.Timeout | undefined;
  computing: boolean;
}

export class DashboardHub {
  private readonly watched = new Map<string, Watched>();
  private stopped = false;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
    private readonly options: DashboardHubOptions = { intervalMs: 1_000 },
  ) {}

  /**
   * Follows every trigger channel until the returned function is called (it resolves once the
   * subscriptions have ended, before the event bus may close).
   */
  follow(pubsub: PubSub): () => Promise<void> {
    const channels = Object.keys(dashboardTriggers) as PayloadChannel[];
    const stopFollowing = followChannels(
      pubsub,
      channels,
      (payload, channel) => {
        // Nobody here watches a dashboard: nothing to find out.
        if (this.watched.size === 0) return;
        const affects = dashboardTriggers[channel] as (
          prisma: PrismaClient,
          payload: unknown,
        ) => Promise<readonly string[]> | readonly string[];
        Promise.resolve(affects(this.prisma, payload)).then(
          (programmeIds) => this.changed(programmeIds),
          (error: unknown) =>
            this.logger.error({ err: error, channel }, 'dashboard trigger failed'),
        );
        // Events were missed: every dashboard watched here is computed again.
      },
      () => this.changed([...this.watched.keys()]),
    );
    return async () => {
      this.stopped = true;
      await stopFollowing();
      for (const entry of this.watched.values()) {
        clearTimeout(entry.timer);
        for (const subscriber of entry.subscribers) subscriber.close();
      }
    };
  }

  /** The programme's dashboard now, then after changes: at most one per interval. */
  subscribe(programmeId: string): AsyncIterableIterator<ProgrammeDashboard> {
    return new Repeater<ProgrammeDashboard>(async (push, stop) => {
      const subscriber = new Subscriber(
        (dashboard) => void push(dashboard),
        this.options.intervalMs,
      );
      let entry = this.watched.get(programmeId);
      if (!entry) {
        entry = {
          subscribers: new Set(),
          latest: undefined,
          dirty: true,
          computedAt: -Infinity,
          timer: undefined,
          computing: false,
        };
        this.watched.set(programmeId, entry);
      }
      entry.subscribers.add(subscriber);
      if (entry.latest) subscriber.deliver(entry.latest);
      if (entry.dirty || !entry.latest) this.schedule(programmeId, entry);
      await stop;
      subscriber.close();
      entry.subscribers.delete(subscriber);
      if (entry.subscribers.size === 0 && this.watched.get(programmeId) === entry) {
        clearTimeout(entry.timer);
        this.watched.delete(programmeId);
      }
      // A slow reader gets the newest dashboard, never a backlog.
    }, new SlidingBuffer(1));
  }

  /** Marks these programmes' dashboards as changed (those watched here). */
  changed(programmeIds: readonly string[]) {
    for (const programmeId of programmeIds) {
      const entry = this.watched.get(programmeId);
      if (!entry) continue;
      entry.dirty = true;
      this.schedule(programmeId, entry);
    }
  }

  private schedule(programmeId: string, entry: Watched) {
    if (entry.timer || entry.computing || this.stopped) return;
    const wait = Math.max(0, entry.computedAt + this.options.intervalMs - Date.now());
    entry.timer = setTimeout(() => void this.compute(programmeId, entry), wait);
  }

  private async compute(programmeId: string, entry: Watched) {
    entry.timer = undefined;
    entry.dirty = false;
    entry.computing = true;
    try {
      entry.latest = await loadDashboard(this.prisma, programmeId);
      for (const subscriber of entry.subscribers) subscriber.deliver(entry.latest);
    } catch (error) {
      this.logger.error({ err: error, programmeId }, 'dashboard computation failed');
      entry.dirty = true;
    } finally {
      entry.computing = false;
      entry.computedAt = Date.now();
    }
    if (entry.dirty && this.watched.get(programmeId) === entry) this.schedule(programmeId, entry);
  }
}
