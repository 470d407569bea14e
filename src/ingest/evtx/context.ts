// Per-chunk parsing state and limits: names and template definitions are shared by a chunk's records by offset.
import { EvtxError, EvtxLimitError } from './errors.js';
import type { TemplateDef } from './nodes.js';

export const LIMITS = {
  /** Elements, template instances and nested BinXML values, counted together. */
  maxDepth: 48,
  /** BinXML nodes parsed per record (template bodies parsed on the way count too). */
  maxParsedNodes: 50_000,
  /** Values in one template instance. */
  maxValues: 8192,
};

/** Per-chunk state: names and template definitions are referenced by chunk offset and shared by its records. */
export class ChunkContext {
  readonly names = new Map<number, Name | null>();
  /** Parsed definitions, and the error of ones that failed, so a bad definition is not re-parsed per record. */
  readonly templates = new Map<number, TemplateDef | EvtxError>();
  private readonly pending = new Set<number>();
  /** Nodes left for the record being parsed; reset by beginRecord. */
  private budget = LIMITS.maxParsedNodes;

  constructor(readonly chunk: Buffer) {}

  beginRecord(): void {
    this.budget = LIMITS.maxParsedNodes;
  }

  tick(at: number): void {
    if (--this.budget < 0) throw new EvtxLimitError('record has too many BinXML nodes', at);
  }

  enter(offset: number): void {
    if (this.pending.has(offset)) throw new EvtxError('template definition refers to itself', offset);
    this.pending.add(offset);
  }

  leave(offset: number): void {
    this.pending.delete(offset);
  }
}

export interface Name {
  text: string;
  /** Bytes the name structure occupies (to step over an inline name). */
  size: number;
  hashOk: boolean;
}
