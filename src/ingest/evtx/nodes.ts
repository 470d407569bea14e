// The two trees the reader builds: a BinXML tree (with substitutions and template instances) and the final XML tree.
import type { TextValue } from './values.js';

/** BinXML as parsed: elements may hold substitution placeholders and template instances. */
export type BxNode =
  | BxElement
  | { kind: 'text'; text: string }
  | { kind: 'cdata'; text: string }
  | { kind: 'pi'; target: string; data: string }
  | { kind: 'entity'; name: string }
  | { kind: 'charref'; code: number }
  | { kind: 'subst'; index: number; optional: boolean; type: number }
  | { kind: 'template'; def: TemplateDef; values: SubstValue[] };

export interface BxElement {
  kind: 'element';
  name: string;
  /** Attribute values are sequences of text, substitution, entity and character-reference parts. */
  attrs: { name: string; parts: BxNode[] }[];
  children: BxNode[];
  /** Closed with the empty-element token (renders as `<x/>`). */
  empty: boolean;
}

/** A value in a template instance's substitution array. */
export type SubstValue = TextValue | { kind: 'binxml'; nodes: BxNode[] };

/** A template definition from a chunk: its offset, GUID and parsed body. */
export interface TemplateDef {
  offset: number;
  guid: string;
  /** Size of the body, so an inline definition can be stepped over. */
  dataSize: number;
  nodes: BxNode[];
}

/** Final XML after substitution; attribute values and text are unescaped. */
export type XmlNode =
  | XmlElement
  | { kind: 'text'; text: string }
  | { kind: 'cdata'; text: string }
  | { kind: 'pi'; target: string; data: string }
  | { kind: 'entity'; name: string };

export interface XmlElement {
  kind: 'element';
  name: string;
  attrs: { name: string; value: string }[];
  children: XmlNode[];
  empty: boolean;
}
