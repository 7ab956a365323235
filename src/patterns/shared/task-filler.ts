/** The filler's side of the Task patterns: accept or refuse, work, report progress and completion, honour aborts. */

import { ok, parseRef, type FhirResource, type FhirResponse, type FhirServer, type Filler, type FillerJob, type LinkClass, type Order, type ResourceContent, type World } from '../../models/index.js';
import { eventDraft, usesIfMatch } from './order-resources.js';
import { BUSINESS } from './task-outcomes.js';

/** What the filler holds for one Task it works on. */
interface FillerView {
  /** The newest version of the order's Task the filler knows. */
  task: FhirResource | null;
  job: FillerJob | null;
  /** The in-progress update is on its way (completion waits for it). */
  progressing: boolean;
  /** The work finished while the in-progress update was on its way. */
  finishedEarly: boolean;
}

/**
 * One filler's work on Tasks held on `server` (its own, reached over the `local` link, or an
 * intermediary). Every update is conditional (If-Match on the version it last saw); on a
 * conflict it re-reads the Task and decides again, never retrying blindly: a Task that was
 * cancelled meanwhile stops the work. Completion is one transaction: the event is created and
 * the Task set to completed with the event as output, so nobody sees one without the other.
 */
export class FillerTasks {
  // Keyed by Task id: an order normally has one Task per filler, but views must never mix two.
  private readonly views = new Map<string, FillerView>();

  constructor(
    private readonly world: World,
    readonly filler: Filler,
    readonly server: FhirServer,
    private readonly link: LinkClass,
  ) {}

  /**
   * The filler has taken the order on with this Task version; work queues for a slot unless
   * one is reserved. `afterJob` runs when the work is done and its slot free again.
   */
  work(order: Order, task: FhirResource, reserved: boolean, afterJob?: () => void): void {
    const v = this.view(task.id);
    if (v.task === null || task.txId > v.task.txId) v.task = task;
    const done = (): void => {
      if (v.progressing) v.finishedEarly = true;
      else this.complete(order, v);
      afterJob?.();
    };
    const started = (): void => this.startProgress(v);
    v.job = reserved ? this.filler.performReserved(order, done, started) : this.filler.perform(order, done, started);
  }

  /** Reads the request the Task points to (on another system: a message; on its own server: a local call). */
  readRequest(task: FhirResource, then: () => void): void {
    if (task.focus === null) {
      then();
      return;
    }
    const ref = parseRef(task.focus);
    const server = this.world.serverNamed(ref.server);
    const link: LinkClass = server === this.server && this.link === 'local' ? 'local' : 'filler-server';
    this.world.network.call(this.filler.name, server, { kind: 'read', type: ref.type, id: ref.id }, link, () => then());
  }

  /**
   * Answers an offered Task as the filler decides (business, then load: see
   * `Filler.consider`): rejects it, or accepts it and queues the work (in the slot reserved
   * for it, when the filler waited for one or reserved one).
   */
  answerOffer(order: Order, task: FhirResource): void {
    this.filler.consider(order, (a) => {
      if (a === 'refuse' || a === 'refuse-busy') {
        this.reject(task, a === 'refuse-busy' ? BUSINESS.busy : undefined);
        return;
      }
      const reserved = a === 'accept-reserved';
      this.accept(task, (accepted) => {
        if (accepted !== null) this.work(order, accepted, reserved);
        else if (reserved) this.filler.giveBack(order);
      });
    });
  }

  /** Accepts an offered Task (If-Match); `then(true)` with the accepted version, or false if it was withdrawn. */
  accept(task: FhirResource, then: (accepted: FhirResource | null) => void): void {
    this.update(task, { status: 'accepted' }, (r) => then(r), (current) => (current.status === 'requested' ? { status: 'accepted' } : null));
  }

  /** Refuses an offered Task (If-Match), with a reason if given; nothing to do if it was withdrawn meanwhile. */
  reject(task: FhirResource, businessStatus?: string): void {
    this.filler.decline(this.world.ledger.order(task.order) as Order);
    const changes: Partial<ResourceContent> = businessStatus === undefined ? { status: 'rejected' } : { status: 'rejected', businessStatus };
    this.update(task, changes, () => {}, (current) => (current.status === 'requested' ? changes : null));
  }

  /** The Task was cancelled by someone else: stop the work. */
  cancelled(_order: Order, task: FhirResource): void {
    const v = this.views.get(task.id);
    if (v === undefined) return;
    if (v.job !== null) this.filler.abort(v.job);
    this.views.delete(task.id);
  }

  private view(taskId: string): FillerView {
    let v = this.views.get(taskId);
    if (v === undefined) {
      v = { task: null, job: null, progressing: false, finishedEarly: false };
      this.views.set(taskId, v);
    }
    return v;
  }

  /**
   * An abort Task asks this filler to stop the order: not started yet, the Task is
   * cancelled; in progress, it fails "cancelled as requested"; already finished, the abort
   * is refused. The abort Task's answer and the change are one transaction.
   */
  handleAbort(abort: FhirResource): void {
    if (abort.focus === null) return;
    const v = this.view(parseRef(abort.focus).id);
    const decide = (task: FhirResource | null): void => {
      if (task === null || task.status === 'completed' || task.status === 'failed' || task.status === 'cancelled' || task.status === 'rejected') {
        this.call({ kind: 'update', type: 'Task', id: abort.id, base: abort, ifMatch: usesIfMatch(this.world), changes: { status: 'rejected' } }, () => {});
        return;
      }
      const changes: Partial<ResourceContent> = task.status === 'in-progress'
        ? { status: 'failed', businessStatus: BUSINESS.cancelledAsRequested }
        : { status: 'cancelled', businessStatus: BUSINESS.cancelledAsRequested };
      this.call({
        kind: 'create',
        transaction: [
          { op: 'update', type: 'Task', id: task.id, base: task, ifMatch: usesIfMatch(this.world), changes },
          { op: 'update', type: 'Task', id: abort.id, base: abort, ifMatch: usesIfMatch(this.world), changes: { status: 'accepted' } },
        ],
      }, (res) => {
        if (ok(res)) {
          if (v.job !== null) this.filler.abort(v.job);
          this.views.delete(task.id);
          return;
        }
        if (res.status !== 0) this.reread(task.id, (current) => decide(current));
      });
    };
    if (v.task !== null) decide(v.task);
    else this.reread(parseRef(abort.focus).id, (current) => decide(current));
  }

  private startProgress(v: FillerView): void {
    const task = v.task;
    // Only an accepted (or ready) Task can start; anything else means it was withdrawn.
    if (task === null || (task.status !== 'accepted' && task.status !== 'ready')) return;
    v.progressing = true;
    const order = this.world.ledger.order(task.order) as Order;
    this.update(task, { status: 'in-progress' }, () => {
      v.progressing = false;
      if (v.finishedEarly) {
        v.finishedEarly = false;
        this.complete(order, v);
      }
    }, (current) => (current.status === 'accepted' || current.status === 'ready' ? { status: 'in-progress' } : null));
  }

  private complete(order: Order, v: FillerView): void {
    const task = v.task;
    if (task === null) return;
    const attempt = (base: FhirResource): void => {
      this.call({
        kind: 'create',
        transaction: [
          eventDraft(order, task.focus ?? task.ref, task.requester ?? '', this.filler),
          { op: 'update', type: 'Task', id: base.id, base, ifMatch: usesIfMatch(this.world), changes: { status: 'completed', output: '#0' } },
        ],
      }, (res) => {
        if (ok(res)) {
          // Done: nothing more will happen to this Task on this filler's side.
          this.views.delete(base.id);
          return;
        }
        if (res.status === 0) return;
        // The Task changed meanwhile (cancelled, most likely): look again.
        this.reread(base.id, (current) => {
          if (current !== null && current.status === 'in-progress') attempt(current);
        });
      });
    };
    // The in-progress update has been answered by now; if it did not happen, the Task was cancelled.
    if (task.status === 'in-progress') attempt(task);
  }

  /**
   * If-Match update; on a conflict, re-read and let `again` decide new changes (or null to
   * give up). `then` gets the new version, or null when the update did not happen.
   */
  private update(base: FhirResource, changes: Partial<ResourceContent>, then: (r: FhirResource | null) => void, again: (current: FhirResource) => Partial<ResourceContent> | null): void {
    const order = this.world.ledger.order(base.order) as Order;
    this.call({ kind: 'update', type: 'Task', id: base.id, base, ifMatch: usesIfMatch(this.world), changes }, (res) => {
      if (ok(res) && res.resource !== undefined) {
        const v = this.view(base.id);
        if (v.task === null || res.resource.txId > v.task.txId) v.task = res.resource;
        then(res.resource);
        return;
      }
      if (res.status === 0) {
        then(null);
        return;
      }
      this.reread(base.id, (current) => {
        if (current === null) {
          then(null);
          return;
        }
        if (current.status === 'cancelled' || (current.status === 'failed' && current.businessStatus === BUSINESS.cancelledAsRequested)) {
          this.cancelled(order, current);
          then(null);
          return;
        }
        const next = again(current);
        if (next === null) then(null);
        else this.update(current, next, then, again);
      });
    });
  }

  private reread(id: string, then: (current: FhirResource | null) => void): void {
    this.call({ kind: 'read', type: 'Task', id }, (res) => {
      const current = res.resource ?? null;
      if (current !== null) {
        const v = this.view(current.id);
        if (v.task === null || current.txId > v.task.txId) v.task = current;
      }
      then(current);
    });
  }

  private call(request: Parameters<World['network']['call']>[2], then: (res: FhirResponse) => void): void {
    this.world.network.call(this.filler.name, this.server, request, this.link, (res) => then(res));
  }
}

