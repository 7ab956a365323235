/** The simulated resources and searches as the FHIR JSON and query strings a real server is sent. */

import { parseRef, type Criteria, type ResourceContent, type ResourceType, type SearchField } from '../models/index.js';

/** System of the business identifiers the simulated clients give their resources. */
export const IDENTIFIER_SYSTEM = 'urn:fwsim:id';
/** Extension carrying the requester on an event, and the search parameter that finds it. */
export const REQUESTER_EXTENSION = 'urn:fwsim:requester';

/**
 * The search parameter the model's denormalised `requester` of an event stands for. The model
 * puts the placer on every DiagnosticReport so that "the events of my orders" is one indexed
 * query; a real client asks `based-on:ServiceRequest.requester=` (a chained search), which
 * MemoryRepository does not evaluate. A custom SearchParameter over an extension gives the
 * same matches with a plain reference search.
 */
export const REQUESTER_SEARCH_PARAMETER = {
  resourceType: 'SearchParameter',
  id: 'fwsim-diagnosticreport-requester',
  url: 'urn:fwsim:SearchParameter/DiagnosticReport-requester',
  name: 'requester',
  status: 'active',
  description: 'The placer of the order an event is based on (denormalised, as the simulated server indexes it)',
  code: 'requester',
  base: ['DiagnosticReport'],
  type: 'reference',
  expression: `DiagnosticReport.extension('${REQUESTER_EXTENSION}').value.ofType(Reference)`,
} as const;

/**
 * `identifier` of each type the model writes, with the same meaning as the spec's shared
 * parameter. Its expression lists some seventy types (`Account.identifier | ...`), and
 * MemoryRepository evaluates it whole on every stored resource at every conditional create:
 * a replay of a few thousand orders took minutes. Per type, the expression is one path.
 */
export const IDENTIFIER_SEARCH_PARAMETERS = (['ServiceRequest', 'Task', 'DiagnosticReport'] as const).map((type) => ({
  resourceType: 'SearchParameter',
  id: `fwsim-${type}-identifier`,
  url: `urn:fwsim:SearchParameter/${type}-identifier`,
  name: 'identifier',
  status: 'active',
  description: `${type}.identifier (the spec's identifier parameter, one type at a time)`,
  code: 'identifier',
  base: [type],
  type: 'token',
  expression: `${type}.identifier`,
}));

/** A FHIR resource as JSON. */
export type Json = Record<string, unknown>;

/**
 * Turns the model's references into the real server's. An actor (`filler/3`) is an
 * Organization; a resource on the same server is `Type/<id the real server gave it>`; one on
 * another simulated server is an absolute URL of that server (the real server only compares it).
 */
export interface References {
  /** The real server's id of resource `id` on `server`, if it has one. */
  theirId(server: string, id: string): string | undefined;
}

/** The reference a real server is sent for `value` (an actor name or a resource reference), written on `server`. */
export function referenceTo(value: string, server: string, refs: References, local: ReadonlyMap<string, string> = NO_LOCAL): string {
  const urn = local.get(value);
  if (urn !== undefined) return urn;
  if (!isResourceRef(value)) return `Organization/${value.replaceAll('/', '-')}`;
  const r = parseRef(value);
  if (r.server === server) return `${r.type}/${refs.theirId(server, r.id) ?? `unknown-${r.id}`}`;
  return `https://fwsim.example/${r.server}/${r.type}/${r.id}`;
}

/** Whether `value` names a resource (`<server>/<Type>/<id>`) rather than an actor. */
function isResourceRef(value: string): boolean {
  const idAt = value.lastIndexOf('/');
  const typeAt = value.lastIndexOf('/', idAt - 1);
  return typeAt >= 0 && TYPES.has(value.slice(typeAt + 1, idAt));
}

const TYPES: ReadonlySet<string> = new Set<ResourceType>(['ServiceRequest', 'Task', 'DiagnosticReport', 'Subscription', 'Bundle']);
const NO_LOCAL: ReadonlyMap<string, string> = new Map();

/**
 * The JSON of a resource with `content` of `type`, as written on `server`. `local` maps the
 * `#<i>` references of a transaction's entries to their `urn:uuid` fullUrls.
 */
export function resourceJson(type: ResourceType, content: Partial<ResourceContent>, server: string, refs: References, local: ReadonlyMap<string, string> = NO_LOCAL): Json {
  const ref = (v: string): Json => ({ reference: referenceTo(v, server, refs, local) });
  const r: Json = { resourceType: type, status: content.status ?? 'active' };
  if (content.identifier != null) r.identifier = [{ system: IDENTIFIER_SYSTEM, value: content.identifier }];
  switch (type) {
    case 'ServiceRequest':
      r.intent = content.intent ?? 'order';
      r.subject = { reference: 'Patient/fwsim' };
      if (content.requester != null) r.requester = ref(content.requester);
      if (content.performer != null) r.performer = [ref(content.performer)];
      if (content.basedOn != null) r.basedOn = [ref(content.basedOn)];
      break;
    case 'Task':
      r.intent = content.intent ?? 'order';
      if (content.code != null) r.code = { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: content.code }] };
      if (content.requester != null) r.requester = ref(content.requester);
      if (content.owner != null) r.owner = ref(content.owner);
      if (content.focus != null) r.focus = ref(content.focus);
      if (content.basedOn != null) r.basedOn = [ref(content.basedOn)];
      if (content.businessStatus != null) r.businessStatus = { text: content.businessStatus };
      if (content.output != null) r.output = [{ type: { text: 'result' }, valueReference: ref(content.output) }];
      break;
    case 'DiagnosticReport':
      r.code = { text: 'laboratory result' };
      r.subject = { reference: 'Patient/fwsim' };
      if (content.requester != null) r.extension = [{ url: REQUESTER_EXTENSION, valueReference: ref(content.requester) }];
      if (content.performer != null) r.performer = [ref(content.performer)];
      if (content.basedOn != null) r.basedOn = [ref(content.basedOn)];
      break;
    case 'Subscription':
      r.reason = 'fwsim';
      r.criteria = 'Task';
      r.channel = { type: 'rest-hook', endpoint: 'https://fwsim.example/notifications', payload: 'application/fhir+json' };
      break;
    case 'Bundle':
      r.type = 'collection';
      delete r.status;
      break;
  }
  return r;
}

/** FHIR search parameter of each searchable field. */
const PARAMETER: Readonly<Record<SearchField, string>> = {
  status: 'status', owner: 'owner', performer: 'performer', requester: 'requester', focus: 'focus', basedOn: 'based-on', intent: 'intent', identifier: 'identifier',
};
const REFERENCE_FIELDS: ReadonlySet<SearchField> = new Set(['owner', 'performer', 'requester', 'focus', 'basedOn']);

/** `criteria` as search parameters (`[name, value]` pairs): a list is one comma-separated value, `null` is `:missing=true`. */
export function criteriaParams(where: Criteria, server: string, refs: References): [string, string][] {
  const out: [string, string][] = [];
  for (const key in where) {
    const field = key as SearchField;
    const want = where[field];
    if (want === undefined) continue;
    if (want === null) {
      out.push([`${PARAMETER[field]}:missing`, 'true']);
      continue;
    }
    const one = (v: string): string => (field === 'identifier' ? `${IDENTIFIER_SYSTEM}|${v}` : REFERENCE_FIELDS.has(field) ? referenceTo(v, server, refs) : v);
    out.push([PARAMETER[field], typeof want === 'string' ? one(want) : (want as readonly string[]).map(one).join(',')]);
  }
  return out;
}

/** Parameters as a query string (values escaped, `|` `,` `/` `:` kept readable). */
export function queryString(params: readonly (readonly [string, string])[]): string {
  return params.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%7C/gi, '|').replace(/%2C/gi, ',').replace(/%2F/gi, '/').replace(/%3A/gi, ':')}`).join('&');
}
