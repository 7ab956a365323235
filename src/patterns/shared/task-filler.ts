/** The filler's side of the Task patterns: accept or refuse, work, report progress and completion, honour aborts. */

import { ok, parseRef, type FhirRequest, type FhirResource, type FhirResponse, type FhirServer, type Filler, type JobHandle, type LinkClass, type Order, type ResourceContent, type World } from '../../models/index.js';
import { eventDraft, usesIfMatch } from './order-resources.js';
import { BUSINESS } from './task-outcomes.js';

/** What the filler holds for one Task it works on. */
interface FillerView {
  /** Whose view it is (the payload of its job: the job's steps are static, not a closure per order). */
  readonly tasks: FillerTasks;
  /** The newest version of the order's Task the filler knows. */
  task: FhirResource | null;
  /** Its job while waiting or running (-1: none). */
  job: JobHandle;
  /** Runs when the job is done and its slot free again. */
  afterJob: (() => void) | null;
  /** The in-progress update is on its way (completion waits for it). */
  progressing: boolean;
  /** The work finished while the in-progress update was on its way. */
  finishedEarly: boolean;
}

/** The changes of the filler's own updates, one object each for every update that makes them (read, never written). */
const ACCEPTED: Partial<ResourceContent> = Object.freeze({ status: 'accepted' });
const IN_PROGRESS: Partial<ResourceContent> = Object.freeze({ status: 'in-progress' });
const COMPLETED: Partial<ResourceContent> = Object.freeze({ status: 'completed', output: '#0' });

/** After a conflict: accept again if the Task is still only requested. */
function acceptAgain(current: FhirResource): Partial<ResourceContent> | null {
  return current.status === 'requested' ? ACCEPTED : null;
}

/** After a conflict: start again if the Task is still accepted (or ready). */
function startAgain(current: FhirResource): Partial<ResourceContent> | null {
  return current.status === 'accepted' || current.status === 'ready' ? IN_PROGRESS : null;
}

/** What an update's answer is handed on to: the new version (null if the update did not happen), the caller's payload, and the filler's Tasks. */
type Updated<P> = (version: FhirResource | null, payload: P, tasks: FillerTasks) => void;

/**
 * A conditional update of a Task on its way: what its answer needs, as one object (per
 * update, in place of the closures that would otherwise wait with it for the answer).
 */
interface TaskUpdate<P> {
  readonly tasks: FillerTasks;
  readonly base: FhirResource;
  readonly then: Updated<P>;
  readonly again: (current: FhirResource) => Partial<ResourceContent> | null;
  readonly payload: P;
}

/** The completion transaction on its way: the order, the Task version the work was for, and the one it updates. */
interface Completion {
  readonly tasks: FillerTasks;
  readonly order: Order;
  readonly task: FhirResource;
  readonly base: FhirResource;
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
    v.afterJob = afterJob ?? null;
    v.job = reserved
      ? this.filler.performReserved(order, FillerTasks.jobDone, FillerTasks.jobStarted, v)
      : this.filler.perform(order, FillerTasks.jobDone, FillerTasks.jobStarted, v);
  }

  private static jobStarted(this: void, _order: Order, v: FillerView): void {
    v.tasks.startProgress(v);
  }

  private static jobDone(this: void, order: Order, v: FillerView): void {
    // Let go of the handle: its row serves another job from now on.
    v.job = -1;
    if (v.progressing) v.finishedEarly = true;
    else v.tasks.complete(order, v);
    v.afterJob?.();
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
    this.world.network.call(this.filler.name, server, { kind: 'read', type: ref.type, id: ref.id }, link, then);
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
      this.update(task, ACCEPTED, a === 'accept-reserved' ? FillerTasks.acceptedReserved : FillerTasks.accepted, acceptAgain, order);
    });
  }

  /** The offer's Task is accepted (or was withdrawn: null): the work queues for a slot. */
  private static accepted(this: void, version: FhirResource | null, order: Order, tasks: FillerTasks): void {
    if (version !== null) tasks.work(order, version, false);
  }

  /** As {@link accepted}, in the slot reserved for it (given back if the offer was withdrawn). */
  private static acceptedReserved(this: void, version: FhirResource | null, order: Order, tasks: FillerTasks): void {
    if (version !== null) tasks.work(order, version, true);
    else tasks.filler.giveBack(order);
  }

  /** Refuses an offered Task (If-Match), with a reason if given; nothing to do if it was withdrawn meanwhile. */
  reject(task: FhirResource, businessStatus?: string): void {
    this.filler.decline(this.world.ledger.order(task.order) as Order);
    const changes: Partial<ResourceContent> = businessStatus === undefined ? { status: 'rejected' } : { status: 'rejected', businessStatus };
    this.update(task, changes, nothing, (current) => (current.status === 'requested' ? changes : null), null);
  }

  /** The Task was cancelled by someone else: stop the work. */
  cancelled(_order: Order, task: FhirResource): void {
    const v = this.views.get(task.id);
    if (v === undefined) return;
    if (v.job >= 0) this.filler.abort(v.job);
    this.views.delete(task.id);
  }

  private view(taskId: string): FillerView {
    let v = this.views.get(taskId);
    if (v === undefined) {
      v = { tasks: this, task: null, job: -1, afterJob: null, progressing: false, finishedEarly: false };
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
          if (v.job >= 0) this.filler.abort(v.job);
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
    this.update(task, IN_PROGRESS, FillerTasks.progressed, startAgain, v);
  }

  /** The in-progress update was answered (or did not happen): the work that finished meanwhile completes now. */
  private static progressed(this: void, _version: FhirResource | null, v: FillerView, tasks: FillerTasks): void {
    v.progressing = false;
    if (v.finishedEarly) {
      v.finishedEarly = false;
      tasks.complete(tasks.world.ledger.order((v.task as FhirResource).order) as Order, v);
    }
  }

  private complete(order: Order, v: FillerView): void {
    const task = v.task;
    // The in-progress update has been answered by now; if it did not happen, the Task was cancelled.
    if (task !== null && task.status === 'in-progress') this.completeFrom(order, task, task);
  }

  /** Sends the completion transaction: the event, and `base` (the Task's current version as the filler knows it) completed with it as output. */
  private completeFrom(order: Order, task: FhirResource, base: FhirResource): void {
    const request: FhirRequest = {
      kind: 'create',
      transaction: [
        eventDraft(order, task.focus ?? task.ref, task.requester ?? '', this.filler),
        { op: 'update', type: 'Task', id: base.id, base, ifMatch: usesIfMatch(this.world), changes: COMPLETED },
      ],
    };
    const c: Completion = { tasks: this, order, task, base };
    this.world.network.call(this.filler.name, this.server, request, this.link, FillerTasks.completed, c);
  }

  private static completed(this: void, res: FhirResponse, c: Completion): void {
    const tasks = c.tasks;
    if (ok(res)) {
      // Done: nothing more will happen to this Task on this filler's side.
      tasks.views.delete(c.base.id);
      return;
    }
    if (res.status === 0) return;
    // The Task changed meanwhile (cancelled, most likely): look again.
    tasks.reread(c.base.id, (current) => {
      if (current !== null && current.status === 'in-progress') tasks.completeFrom(c.order, c.task, current);
    });
  }

  /**
   * If-Match update; on a conflict, re-read and let `again` decide new changes (or null to
   * give up). `then` gets the new version, or null when the update did not happen, with `payload`.
   */
  private update<P>(base: FhirResource, changes: Partial<ResourceContent>, then: Updated<P>, again: (current: FhirResource) => Partial<ResourceContent> | null, payload: P): void {
    const u: TaskUpdate<P> = { tasks: this, base, then, again, payload };
    this.call({ kind: 'update', type: 'Task', id: base.id, base, ifMatch: usesIfMatch(this.world), changes }, FillerTasks.updated, u);
  }

  private static updated<P>(this: void, res: FhirResponse, u: TaskUpdate<P>): void {
    const tasks = u.tasks;
    if (ok(res) && res.resource !== undefined) {
      const v = tasks.view(u.base.id);
      if (v.task === null || res.resource.txId > v.task.txId) v.task = res.resource;
      u.then(res.resource, u.payload, tasks);
      return;
    }
    if (res.status === 0) {
      u.then(null, u.payload, tasks);
      return;
    }
    tasks.reread(u.base.id, (current) => {
      if (current === null) {
        u.then(null, u.payload, tasks);
        return;
      }
      if (current.status === 'cancelled' || (current.status === 'failed' && current.businessStatus === BUSINESS.cancelledAsRequested)) {
        tasks.cancelled(tasks.world.ledger.order(u.base.order) as Order, current);
        u.then(null, u.payload, tasks);
        return;
      }
      const next = u.again(current);
      if (next === null) u.then(null, u.payload, tasks);
      else tasks.update(current, next, u.then, u.again, u.payload);
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

  private call<C>(request: FhirRequest, then: (res: FhirResponse, context: C) => void, context?: C): void {
    this.world.network.call(this.filler.name, this.server, request, this.link, then, context);
  }
}


function nothing(): void {}
