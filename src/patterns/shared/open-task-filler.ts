/** E's filler: how it reads the open list, claims Tasks with If-Match, and moves on when a claim is lost. */

import type { FhirResource, FhirServer, Filler, Order, World } from '../../models/index.js';
import { orderOf } from './order-resources.js';
import { FillerTasks } from './task-filler.js';
import { TASK_CODE } from './task-outcomes.js';
import { watch, type Watch } from './watch.js';

const NOTHING: readonly FhirResource[] = Object.freeze([]);

/**
 * One filler looking for open Tasks on `server` (`Task?owner:missing=true&status=requested`,
 * polled or notified). It goes through what it sees in list order (oldest first) and claims
 * each Task it wants while it has a free slot: GET the request, then PUT owner = itself,
 * status = accepted, If-Match the version it saw. A poll reads the list page by page only
 * until it holds as many Tasks it would claim as it has free slots. A lost claim (412,
 * re-read, taken) moves on to the next Task of the list it has, of which it keeps a page when
 * its slots ran out; a job finished after work was left for lack of a slot (or a notification
 * came while it was full) makes it search again.
 */
export class OpenTaskFiller {
  readonly work: FillerTasks;
  // Both by order number: an order has one Task here (numbers, not the Tasks' references,
  // which are built on each read: `enough` asks for every Task of every page it reads).
  /** Orders it refused (its answer never changes: a refusal is counted once). */
  private readonly declined = new Set<number>();
  /** Orders whose Task it is claiming now. */
  private readonly claiming = new Set<number>();
  /** The untried part of the last fresh list (a page of it at most): where a lost claim moves on to. */
  private rest: readonly FhirResource[] = NOTHING;
  private next = 0;
  /** Work was notified while every slot was taken: a search finds it once one is free. */
  private missed = false;
  /** Tasks it would claim in the pages read so far of `counted` (the list being read). */
  private claimable = 0;
  private counted: readonly FhirResource[] | null = null;
  private readonly openWork: Watch;
  /** Run when a won job is done and its slot free (bound once: every claim passes it on). */
  private readonly lookAgain = (): void => this.searchAgain();

  constructor(
    private readonly world: World,
    readonly filler: Filler,
    readonly server: FhirServer,
  ) {
    this.work = new FillerTasks(world, filler, server, 'filler-server');
    this.openWork = watch(world, {
      actor: filler.name, server, link: 'filler-server', mode: world.discoveryOf(filler),
      topic: { type: 'Task', where: { owner: null, status: 'requested' }, trigger: 'create' },
      watermark: false,
      enough: (gathered, from) => this.enough(gathered, from),
      onResources: (found, fresh) => this.seen(found, fresh),
    });
  }

  /** Whether the pages read so far hold as many Tasks it would claim as it has free slots. */
  private enough(gathered: readonly FhirResource[], from: number): boolean {
    // A list other than the one counted last is counted from its start, so two searches read
    // at once (refreshes of a subscriber) each get their own count.
    let i = from;
    if (gathered !== this.counted || from === 0) {
      this.counted = gathered;
      this.claimable = 0;
      i = 0;
    }
    for (; i < gathered.length; i++) {
      const t = gathered[i] as FhirResource;
      if (isOpen(t) && !this.claiming.has(t.order) && this.filler.wantsOrder(orderOf(this.world, t))) this.claimable++;
    }
    const enough = this.claimable >= this.filler.slots.capacity - this.filler.slots.inUse;
    if (enough) this.counted = null;
    return enough;
  }

  /** Goes through what was seen while slots are free; keeps a page of a fresh list's untried part. */
  private seen(found: readonly FhirResource[], fresh: boolean): void {
    if (fresh) {
      this.counted = null;
      this.rest = NOTHING;
      this.next = 0;
      this.missed = false;
    }
    for (let i = 0; i < found.length; i++) {
      if (this.consider(found[i] as FhirResource)) continue;
      if (fresh) this.rest = found.slice(i, i + this.server.config.pageSize);
      else this.missed = true;
      return;
    }
  }

  /** Considers one Task; false when it is wanted but no slot is free. */
  private consider(task: FhirResource): boolean {
    if (!isOpen(task)) return true;
    const key = task.order;
    if (this.claiming.has(key)) return true;
    const { world, filler } = this;
    const order = orderOf(world, task);
    world.ledger.received(order, filler.index, world.sim.now);
    if (!filler.wantsOrder(order)) {
      if (!this.declined.has(key)) {
        this.declined.add(key);
        filler.decline(order);
      }
      return true;
    }
    if (!filler.tryReserve()) return false;
    this.claiming.add(key);
    // The request is read before the claim (seed E steps 4-5): the claim's If-Match is on
    // the version seen before the read, so the read widens the window for a collision.
    this.work.readRequest(task, () => this.claim(order, task));
    return true;
  }

  /**
   * One claim: If-Match PUT of owner and status. A 412 means someone else changed the Task
   * since this filler saw it: it re-reads and decides again (still open: claim anew; taken:
   * give the slot back and move on). Once decided, the order is no longer being claimed.
   */
  private claim(order: Order, seen: FhirResource): void {
    const { world, filler } = this;
    world.network.call(filler.name, this.server, { kind: 'update', type: 'Task', id: seen.id, base: seen, ifMatch: true, changes: { owner: filler.name, status: 'accepted' } }, 'filler-server', (res) => {
      if (res.status === 200 && res.resource !== undefined) {
        this.won(order, res.resource);
        return;
      }
      // A conflict, or no answer (the claim may have landed): re-read and decide again.
      world.network.call(filler.name, this.server, { kind: 'read', type: 'Task', id: seen.id }, 'filler-server', (r) => {
        const current = r.resource;
        if (current !== undefined && current.owner === filler.name && current.status === 'accepted') this.won(order, current); // our claim landed, its answer was lost
        else if (current !== undefined && current.owner === null && current.status === 'requested') this.claim(order, current);
        else this.lost(order);
      });
    });
  }

  /** The claim won: the work is queued on the slot reserved for it. */
  private won(order: Order, mine: FhirResource): void {
    this.claiming.delete(order.id);
    this.work.work(order, mine, true, this.lookAgain);
  }

  /** The claim lost (the Task taken or gone): the slot is given back and the next Task of the list tried. */
  private lost(order: Order): void {
    this.filler.unreserve();
    this.claiming.delete(order.id);
    this.nextFromList();
  }

  /** A lost claim frees its slot seconds after the list was read: the next Task of that list, as a client working through a search result. */
  private nextFromList(): void {
    const { filler } = this;
    while (this.next < this.rest.length && filler.hasFreeSlot) {
      if (!this.consider(this.rest[this.next] as FhirResource)) return;
      this.next++;
    }
    // The list is used up (or every slot taken: then searchAgain does nothing).
    if (this.missed) this.searchAgain();
  }

  /** A finished job frees its slot minutes later: work left for lack of a slot is looked for anew. */
  private searchAgain(): void {
    if (!this.filler.hasFreeSlot || (this.next >= this.rest.length && !this.missed)) return;
    this.rest = NOTHING;
    this.next = 0;
    this.missed = false;
    this.openWork.refresh();
  }
}

function isOpen(task: FhirResource): boolean {
  return task.owner === null && task.status === 'requested' && task.code !== TASK_CODE.abort;
}
