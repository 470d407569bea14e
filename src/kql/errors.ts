/**
 * User-facing query errors are data: a code, a message and the span of query text they concern.
 * Codes starting with KS come from Microsoft's analyser; PK codes are Picket's own, listed here.
 */

export interface Span { offset: number; length: number }

export const ERROR_CODES = {
  PK001: 'The query uses a KQL construct that Picket does not support yet.',
  PK002: 'A value in the query cannot be represented (an unreadable literal, for example).',
  PK003: 'The query failed while running (a runtime error in the store).',
  PK004: 'The query ran longer than the time limit and was cancelled.',
  PK005: 'The query text is empty.',
  PK006: 'The result exceeded the row limit and was truncated.',
  PK007: 'The query exceeded the memory limit.',
  PK008: 'externaldata was refused or failed: not enabled, a URL not on the allow-list, over the size limit, or unreadable.',
  PK009: 'The query was cancelled by its caller (the client went away or pressed Cancel).',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES | `KS${string}`;

export class KqlError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly span: Span = { offset: 0, length: 0 }) {
    super(message);
    this.name = 'KqlError';
  }

  toJSON(): { code: string; message: string; span: Span } {
    return { code: this.code, message: this.message, span: this.span };
  }
}

export function spanOf(node: { TextStart: number; Width: number } | undefined | null): Span {
  return node ? { offset: node.TextStart, length: node.Width } : { offset: 0, length: 0 };
}

export function unsupported(what: string, node?: { TextStart: number; Width: number } | null): KqlError {
  return new KqlError('PK001', `Not supported yet: ${what}`, spanOf(node));
}
