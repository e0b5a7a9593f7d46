import type { Health } from '../../../protocol/index.ts';

interface LinkLife {
  heardMs: number;
  /** The CP it was welcomed for; undefined before welcome. */
  cpId?: string;
  /** The engine verdict last handed to the core on this link. */
  verdict?: Health['engine'];
}

/**
 * Liveness of the Monitor links, on a path of its own (issue 11, DESIGN §4.2): every inbound
 * frame stamps its link as it arrives, before anything waits in the core's input queue, so a
 * link is judged silent only when its peer is — never because the queue runs behind on disk or
 * crypto. A heartbeat that repeats the verdict the core already has carries no news and need
 * not queue at all; a change (and the first health after welcome) still goes to the core.
 */
export class LinkLiveness {
  readonly #links = new Map<string, LinkLife>();

  /** A frame arrived on `linkId` at `atMs`. */
  heard(linkId: string, atMs: number): void {
    const life = this.#links.get(linkId);
    if (life) life.heardMs = atMs;
    else this.#links.set(linkId, { heardMs: atMs });
  }

  /** The link was welcomed for `cpId`: the core's verdict for it starts unknown again. */
  welcomed(linkId: string, cpId: string): void {
    const life = this.#links.get(linkId);
    if (!life) return;
    life.cpId = cpId;
    delete life.verdict;
  }

  lastHeard(linkId: string): number | undefined {
    return this.#links.get(linkId)?.heardMs;
  }

  /** False for a heartbeat that repeats, for the welcomed CP, the verdict the core already has. */
  mustForward(linkId: string, health: Pick<Health, 'cpId' | 'engine'>): boolean {
    const life = this.#links.get(linkId);
    if (!life || life.cpId === undefined || life.cpId !== health.cpId) return true;
    if (life.verdict === health.engine) return false;
    life.verdict = health.engine;
    return true;
  }

  /** Welcomed links with no frame for more than `silenceMs` before `nowMs`. */
  silent(nowMs: number, silenceMs: number): string[] {
    const silent: string[] = [];
    for (const [linkId, life] of this.#links) if (life.cpId !== undefined && nowMs - life.heardMs > silenceMs) silent.push(linkId);
    return silent;
  }

  forget(linkId: string): void {
    this.#links.delete(linkId);
  }
}
