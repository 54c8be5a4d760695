/** Test servers started and not yet closed (test/helpers/leak-check.ts fails a file that leaves one). */
export const openTestServers = new Set<{ url: string }>();
