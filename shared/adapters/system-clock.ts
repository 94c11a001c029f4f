/** The real clock and id generator, injected into the domain at the composition roots. */
import { ulid } from 'ulid';
import type { Clock, IdGenerator } from '../domain/shared/ports.ts';

export const systemClock: Clock = { now: () => new Date() };

/** ULIDs: unique, sortable by creation time, and free of `#`. */
export const ulidGenerator: IdGenerator = { next: () => ulid() };
