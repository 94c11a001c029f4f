/**
 * Triage at intake: a tenant's ordered keyword rules classify a ticket (type, category,
 * service) when the requester did not say, and recent look-alike tickets of the same requester
 * are flagged as possible duplicates, linked, never merged. Pure functions over plain data.
 */
import type { TicketType } from '../tickets/ticket.ts';

export interface TriageRule {
  readonly ruleId: string;
  /** Any one of these words or phrases in the subject or description triggers the rule. */
  readonly keywords: readonly string[];
  readonly setType?: TicketType | undefined;
  readonly setCategory?: string | undefined;
  readonly setService?: string | undefined;
}

export interface Classification {
  readonly type: TicketType | undefined;
  readonly category: string | undefined;
  readonly service: string | undefined;
  /** The rule that supplied at least one field, for the ticket's explanation. */
  readonly matchedRuleId: string | undefined;
}

/** Lower-case, accents removed, anything but letters and digits turned into single spaces. */
export const normaliseText = (text: string): string =>
  ` ${text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;

const mentions = (haystack: string, keyword: string): boolean => {
  const needle = normaliseText(keyword);
  // Padded with spaces on both sides: "vpn" matches the word, never "vpnclient" nor "openvpn".
  return needle.trim() !== '' && haystack.includes(needle);
};

/**
 * The first rule (in order) mentioned by the text fills each field the requester left out;
 * later rules fill only what earlier ones left unset. Fields given by the requester always win.
 */
export const classifyTicket = (
  text: { readonly subject: string; readonly description: string },
  given: {
    readonly type?: TicketType | undefined;
    readonly category?: string | undefined;
    readonly service?: string | undefined;
  },
  rules: readonly TriageRule[],
): Classification => {
  const haystack = normaliseText(`${text.subject} ${text.description}`);
  let { type, category, service } = given;
  let matchedRuleId: string | undefined;
  for (const rule of rules) {
    if (!rule.keywords.some((keyword) => mentions(haystack, keyword))) continue;
    const before = [type, category, service];
    type ??= rule.setType;
    category ??= rule.setCategory;
    service ??= rule.setService;
    if (
      matchedRuleId === undefined &&
      [type, category, service].some((value, index) => value !== before[index])
    ) {
      matchedRuleId = rule.ruleId;
    }
  }
  return { type, category, service, matchedRuleId };
};

const STOP_WORDS = new Set([
  'the',
  'a',
  'an',
  'is',
  'my',
  'not',
  'to',
  'on',
  'of',
  'in',
  'le',
  'la',
  'les',
  'de',
  'du',
  'ne',
  'pas',
]);

const subjectWords = (subject: string): Set<string> =>
  new Set(
    normaliseText(subject)
      .split(' ')
      .filter((word) => word.length > 1 && !STOP_WORDS.has(word)),
  );

/** Jaccard similarity of the subjects' significant words, 0..1. */
export const subjectSimilarity = (a: string, b: string): number => {
  const left = subjectWords(a);
  const right = subjectWords(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared += 1;
  return shared / (left.size + right.size - shared);
};

export const DUPLICATE_SIMILARITY_THRESHOLD = 0.6;
export const DUPLICATE_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export interface DuplicateCandidate {
  readonly ticketId: string;
  readonly requesterId: string;
  readonly subject: string;
  readonly createdAt: string;
  readonly status: string;
}

/** Earlier open-or-recent tickets of the same requester whose subject looks the same. */
export const findPossibleDuplicates = (
  incoming: { readonly requesterId: string; readonly subject: string },
  recent: readonly DuplicateCandidate[],
  now: Date,
  windowMs: number = DUPLICATE_WINDOW_MS,
): readonly string[] =>
  recent
    .filter(
      (candidate) =>
        candidate.requesterId === incoming.requesterId &&
        candidate.status !== 'closed' &&
        now.getTime() - Date.parse(candidate.createdAt) <= windowMs &&
        subjectSimilarity(candidate.subject, incoming.subject) >= DUPLICATE_SIMILARITY_THRESHOLD,
    )
    .map((candidate) => candidate.ticketId);
