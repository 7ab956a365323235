/** FHIR resources as the simulator stores them: immutable versions with the fields workflow patterns use. */

/** Resource types the workflow patterns exchange. `DiagnosticReport` stands for the event resource. */
export type ResourceType = 'ServiceRequest' | 'Task' | 'DiagnosticReport' | 'Subscription' | 'Bundle';

/** Every resource type, in a fixed order (for deterministic iteration). */
export const RESOURCE_TYPES: readonly ResourceType[] = ['ServiceRequest', 'Task', 'DiagnosticReport', 'Subscription', 'Bundle'];

/**
 * The searchable, pattern-relevant content of a resource. References are strings naming an
 * actor (`filler/3`) or a resource (`placer/1/ServiceRequest/17`); `null` means absent.
 * `requester` is denormalised onto Tasks and events so that "everything about my orders" is
 * one indexed search (a chained `based-on.requester` search on a real server).
 */
export interface ResourceContent {
  status: string;
  intent: string | null;
  owner: string | null;
  performer: string | null;
  requester: string | null;
  focus: string | null;
  basedOn: string | null;
  output: string | null;
  businessStatus: string | null;
  /** Task.code, e.g. `fulfill` or `abort` (an abort Task asks the owner of its focus Task to stop). */
  code: string | null;
  /** The business identifier its creator gave it (what makes a retried conditional create idempotent). */
  identifier: string | null;
  /** The simulated order this resource belongs to (bookkeeping, not a FHIR element); -1 if none. */
  order: number;
}

/** Content fields that can be searched and indexed. */
export type SearchField = 'status' | 'owner' | 'performer' | 'requester' | 'focus' | 'basedOn' | 'intent' | 'identifier';

/** Every searchable field, in a fixed order. */
export const SEARCH_FIELDS: readonly SearchField[] = ['status', 'owner', 'performer', 'requester', 'focus', 'basedOn', 'intent', 'identifier'];

/** What a client sends to create a resource: its type and content (missing fields are absent). */
export type ResourceDraft = { type: ResourceType } & Partial<ResourceContent>;

/** Where a version's lastUpdated is split in two (below it, a small integer is one). */
const UPDATED_SPLIT = 2 ** 30;

/**
 * One version of a stored resource. Versions are immutable: an update creates a new object,
 * so a client holding what it read keeps seeing exactly that version (its ETag basis).
 */
export class FhirResource implements ResourceContent {
  /**
   * `meta.lastUpdated` as two small integers (see {@link lastUpdated}): a double field would
   * box every version's time in a heap number of its own, beyond 2^30 us (18 minutes).
   */
  private readonly updatedHigh: number;
  private readonly updatedLow: number;

  constructor(
    readonly type: ResourceType,
    readonly id: string,
    /** `versionId`, 1 for a new resource; the ETag is `W/"<versionId>"`. */
    readonly versionId: number,
    /** `meta.lastUpdated`, simulated microseconds. */
    lastUpdated: number,
    /** The store's commit sequence number of this version: orders changes exactly, even within one microsecond. */
    readonly txId: number,
    /**
     * `<server>/<type>/`: the start of this resource's absolute reference, one string shared by
     * every resource of its type on its server (see {@link ref}).
     */
    readonly refPrefix: string,
    readonly status: string,
    readonly intent: string | null,
    readonly owner: string | null,
    readonly performer: string | null,
    readonly requester: string | null,
    readonly focus: string | null,
    readonly basedOn: string | null,
    readonly output: string | null,
    readonly businessStatus: string | null,
    readonly code: string | null,
    readonly identifier: string | null,
    readonly order: number,
  ) {
    this.updatedHigh = Math.floor(lastUpdated / UPDATED_SPLIT);
    this.updatedLow = lastUpdated - this.updatedHigh * UPDATED_SPLIT;
  }

  /** `meta.lastUpdated`, simulated microseconds. */
  get lastUpdated(): number {
    return this.updatedHigh * UPDATED_SPLIT + this.updatedLow;
  }

  /**
   * Absolute reference of this resource: `<server>/<type>/<id>`. Built when asked for, not
   * kept: a large world holds many versions, and another resource's `focus` or `basedOn` is
   * read (and coded) once that resource is finished.
   */
  get ref(): string {
    return this.refPrefix + this.id;
  }

  /** The value of a searchable field. */
  field(name: SearchField): string | null {
    switch (name) {
      case 'status':
        return this.status;
      case 'owner':
        return this.owner;
      case 'performer':
        return this.performer;
      case 'requester':
        return this.requester;
      case 'focus':
        return this.focus;
      case 'basedOn':
        return this.basedOn;
      case 'intent':
        return this.intent;
      case 'identifier':
        return this.identifier;
    }
  }

  /** The content with `changes` applied (what a writer PUTs after editing this version); see {@link updatedVersion}. */
  withChanges(changes: Partial<ResourceContent>): ResourceContent {
    return updatedVersion(this, changes, this.id, this.versionId, this.lastUpdated, this.txId, this.refPrefix);
  }
}

/**
 * Builds a version object from content and bookkeeping. Missing content takes the defaults
 * of a new resource (status `active`, everything else absent), so a create builds its first
 * version straight from the client's draft, with no intermediate copy.
 */
export function makeVersion(type: ResourceType, id: string, versionId: number, lastUpdated: number, txId: number, refPrefix: string, c: Partial<ResourceContent>): FhirResource {
  return new FhirResource(
    type, id, versionId, lastUpdated, txId, refPrefix,
    c.status ?? 'active', c.intent ?? null, c.owner ?? null, c.performer ?? null, c.requester ?? null, c.focus ?? null,
    c.basedOn ?? null, c.output ?? null, c.businessStatus ?? null, c.code ?? null, c.identifier ?? null, c.order ?? -1,
  );
}

/** The version an update makes: `base` with `changes` applied, as one new object (no intermediate content copy). */
export function updatedVersion(base: FhirResource, changes: Partial<ResourceContent>, id: string, versionId: number, lastUpdated: number, txId: number, refPrefix: string): FhirResource {
  const c = changes;
  return new FhirResource(
    base.type, id, versionId, lastUpdated, txId, refPrefix,
    c.status ?? base.status,
    c.intent !== undefined ? c.intent : base.intent,
    c.owner !== undefined ? c.owner : base.owner,
    c.performer !== undefined ? c.performer : base.performer,
    c.requester !== undefined ? c.requester : base.requester,
    c.focus !== undefined ? c.focus : base.focus,
    c.basedOn !== undefined ? c.basedOn : base.basedOn,
    c.output !== undefined ? c.output : base.output,
    c.businessStatus !== undefined ? c.businessStatus : base.businessStatus,
    c.code !== undefined ? c.code : base.code,
    c.identifier !== undefined ? c.identifier : base.identifier,
    c.order ?? base.order,
  );
}

/** The parts of an absolute reference `<server>/<type>/<id>` (the server name may itself contain slashes). */
export function parseRef(ref: string): { server: string; type: ResourceType; id: string } {
  const idAt = ref.lastIndexOf('/');
  const typeAt = ref.lastIndexOf('/', idAt - 1);
  if (idAt < 0 || typeAt < 0) throw new Error(`not an absolute reference: ${ref}`);
  return { server: ref.slice(0, typeAt), type: ref.slice(typeAt + 1, idAt) as ResourceType, id: ref.slice(idAt + 1) };
}
