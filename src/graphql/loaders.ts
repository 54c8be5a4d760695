// Per-operation batching for the fields a list of jobs asks for once per job, so
// `jobs(first: 100) { nodes { document { … } feedback { … } } }` costs three queries, not 201,
// and queuePosition with the two ETAs one more where the list statement did not compute them
// (src/jobs/queue-position.ts), not 300.
// No caching: a subscription's context lives long and must see fresh rows on every event.
import DataLoader from 'dataloader';
import type { Database } from '../db/client.ts';
import type { FeedbackRow } from '../db/schema.ts';
import { feedbackForJobs } from '../jobs/feedback.ts';
import { type DocumentInfo, getDocuments } from '../jobs/queries.ts';
import {
  type EstimatedJob,
  NO_ESTIMATE,
  type QueueEstimate,
  queueEstimates,
} from '../jobs/queue-position.ts';

export interface Loaders {
  document: DataLoader<{ organizationId: string; id: string }, DocumentInfo | null, string>;
  feedback: DataLoader<{ organizationId: string; id: string }, FeedbackRow[], string>;
  /** A job's three queue fields come from one load: keyed by the job's id and version. */
  queueEstimate: DataLoader<EstimatedJob & { version: number }, QueueEstimate, string>;
}

type Ref = { organizationId: string; id: string };

export function createLoaders(db: Database): Loaders {
  const options = { cache: false, cacheKeyFn: (r: Ref) => `${r.organizationId}/${r.id}` };
  return {
    document: new DataLoader(async (refs: readonly Ref[]) => {
      const rows = await byOrganization(refs, (org, ids) => getDocuments(db, org, ids));
      return refs.map(
        (r) => rows.find((d) => d.id === r.id && d.organizationId === r.organizationId) ?? null,
      );
    }, options),
    feedback: new DataLoader(async (refs: readonly Ref[]) => {
      const rows = await byOrganization(refs, (org, ids) => feedbackForJobs(db, org, ids));
      return refs.map((r) => rows.filter((f) => f.jobId === r.id && f.organizationId === r.organizationId));
    }, options),
    queueEstimate: new DataLoader(
      async (list: readonly (EstimatedJob & { version: number })[]) => {
        const byOrg = new Map<string, EstimatedJob[]>();
        for (const j of list) byOrg.set(j.organizationId, [...(byOrg.get(j.organizationId) ?? []), j]);
        const maps = await Promise.all(
          [...byOrg].map(([org, js]) =>
            queueEstimates(db, org, [...new Map(js.map((j) => [j.id, j])).values()]),
          ),
        );
        return list.map((j) => maps.find((m) => m.has(j.id))?.get(j.id) ?? NO_ESTIMATE);
      },
      { cache: false, cacheKeyFn: (j) => `${j.id}@${j.version}` },
    ),
  };
}

// A batch normally holds one organization; grouping keeps every query tenant-scoped anyway.
async function byOrganization<T>(refs: readonly Ref[], load: (org: string, ids: string[]) => Promise<T[]>) {
  const groups = new Map<string, string[]>();
  for (const r of refs) groups.set(r.organizationId, [...(groups.get(r.organizationId) ?? []), r.id]);
  const results = await Promise.all([...groups].map(([org, ids]) => load(org, ids)));
  return results.flat();
}
