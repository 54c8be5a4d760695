import { badInput } from '../jobs/errors.ts';

// An event cursor is the event's seq in decimal; clients treat it as opaque.
export function encodeEventCursor(seq: number): string {
  return String(seq);
}

/** The seq an eventCursor names; one past the organization's latest event is refused. */
export function decodeEventCursor(cursor: string, latest: number): number {
  if (!/^\d{1,15}$/.test(cursor)) throw badInput('since must be an eventCursor from a jobUpdated event');
  const seq = Number(cursor);
  if (seq > latest) {
    throw badInput(`since is ahead of this organization's events (the latest eventCursor is "${latest}")`);
  }
  return seq;
}
