// Per-operation batching for the fields a list of jobs asks for once per job, so
// `jobs(first: 100) { nodes { document { … } feedback { … } } }` costs three queries, not 201.
// No caching: a subscription's context lives long and must see fresh rows on every event.
import DataLoader from 'dataloader';
import type { Database } from '../db/client.ts';
import type { FeedbackRow } from '../db/schema.ts';
import { feedbackForJobs } from '../jobs/feedback.ts';
import { type DocumentInfo, getDocuments } from '../jobs/queries.ts';

export interface Loaders {
  document: DataLoader<{ organizationId: string; id: string }, DocumentInfo | null, string>;
  feedback: DataLoader<{ organizationId: string; id: string }, FeedbackRow[], string>;
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
  };
}

// A batch normally holds one organization; grouping keeps every query tenant-scoped anyway.
async function byOrganization<T>(refs: readonly Ref[], load: (org: string, ids: string[]) => Promise<T[]>) {
  const groups = new Map<string, string[]>();
  for (const r of refs) groups.set(r.organizationId, [...(groups.get(r.organizationId) ?? []), r.id]);
  const results = await Promise.all([...groups].map(([org, ids]) => load(org, ids)));
  return results.flat();
}
