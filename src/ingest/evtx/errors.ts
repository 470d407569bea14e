// Typed errors and problem reports for the EVTX reader: every failure names the offset where it happened.

/** A read or structure error inside an EVTX file; `offset` is relative to the buffer being read (a chunk or the file). */
export class EvtxError extends Error {
  override readonly name: string = 'EvtxError';
  constructor(
    /** What went wrong, without the offset. */
    readonly detail: string,
    /** Where, relative to the buffer being read; -1 when no single offset applies (an expansion limit). */
    readonly offset: number,
  ) {
    super(offset >= 0 ? `${detail} (at offset ${offset})` : detail);
  }
}

/** A safety limit was hit (nesting depth, node or output budget): depends on where the bytes are used, not on them alone. */
export class EvtxLimitError extends EvtxError {}

/** Something in the file that could not be read; the reader skipped it and went on. */
export interface EvtxProblem {
  /** Chunk index (0-based), or -1 for the file header. */
  chunk: number;
  /** Absolute offset in the file where the damaged structure starts (or the failing read, when more precise). */
  offset: number;
  reason: string;
}
