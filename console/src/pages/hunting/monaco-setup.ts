/**
 * Monaco with the Kusto language, loaded only by the hunting screen. Two workers, both built by Vite as files of
 * their own (so "worker-src 'self'" covers them): Monaco's editor worker, and monaco-kusto's worker, which runs
 * the Kusto.Language analyser (Bridge.NET) for completion, colouring and the squiggles.
 */
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api';
// the editor's features (find, suggest widget, hover, folding…) without Monaco's other languages
import 'monaco-editor/esm/vs/editor/edcore.main';
// after edcore: monaco-kusto defines its themes as it loads, which starts Monaco's services, and every editor
// feature must have registered its service before that happens (else "depends on UNKNOWN service")
import { getKustoWorker, kustoDefaults, themeNames } from '@kusto/monaco-kusto';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';
import KustoWorker from '@kusto/monaco-kusto/release/esm/kusto.worker?worker';

window.MonacoEnvironment = {
  // monaco-kusto asks for its worker with the label 'kusto'; everything else is Monaco's own
  getWorker: (_moduleId: string, label: string) => label === 'kusto' ? new KustoWorker() : new EditorWorker(),
};

export { monaco, getKustoWorker, kustoDefaults, themeNames };
