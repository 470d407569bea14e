/**
 * The KQL editor: Monaco with monaco-kusto, fed the hunting schema so completion and squiggles come from the
 * Kusto analyser. Ctrl+Enter or Shift+Enter runs; the server's error span is underlined as a marker of its own.
 */
import { useEffect, useRef, type RefObject } from 'react';
import { getKustoWorker, kustoDefaults, monaco, themeNames } from './monaco-setup';
import { toEngineSchema, type HuntingSchema } from './schema';

export interface QueryError { code: string; message: string; span?: { offset: number; length: number } }

export interface EditorHandle {
  /** The text to run: the selection when there is one, else everything; `base` is its offset in the model. */
  runnable(): { text: string; base: number };
  getValue(): string;
  setValue(text: string): void;
  /** Inserts at the cursor (a table or column name from the schema browser) and gives the editor focus. */
  insert(text: string): void;
  focus(): void;
  /** Underlines the spans of server errors (offsets into the model, from `base`); an empty list clears them. */
  showErrors(errors: QueryError[], base?: number): void;
}

const OWNER = 'picket-server';

/**
 * One model per editor purpose, kept for the page's life: monaco-kusto validates asynchronously and reads the
 * model back when the worker answers, so a model disposed when its screen closes made it throw (getVersionId of
 * null). Reusing the model also costs less than making one per visit.
 */
const models = new Map<string, monaco.editor.ITextModel>();

function modelFor(purpose: string, text: string): monaco.editor.ITextModel {
  let model = models.get(purpose);
  if (!model || model.isDisposed()) {
    model = monaco.editor.createModel(text, 'kusto');
    models.set(purpose, model);
  } else if (model.getValue() !== text) {
    model.setValue(text);
  }
  return model;
}

kustoDefaults.setLanguageSettings({
  ...kustoDefaults.languageSettings,
  includeControlCommands: false,
  enableHover: true,
  newlineAfterPipe: true,
  useSemanticColorization: true,
});

export function KustoEditor({ initial, schema, onRun, onChange, onBlur, handle, label = 'KQL query. Ctrl+Enter runs it', autoFocus = true }: {
  initial: string;
  schema: HuntingSchema | null;
  onRun: () => void;
  onChange?: (text: string) => void;
  onBlur?: () => void;
  autoFocus?: boolean;
  handle: RefObject<EditorHandle | null>;
  label?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  // the latest callbacks, so the editor (made once) never calls a stale one
  const cb = useRef({ onRun, onChange, onBlur });
  cb.current = { onRun, onChange, onBlur };

  useEffect(() => {
    const model = modelFor(label, initial);
    const editor = monaco.editor.create(host.current!, {
      model, theme: themeNames.light, automaticLayout: true, minimap: { enabled: false }, fontSize: 13,
      lineNumbers: 'on', scrollBeyondLastLine: false, wordWrap: 'on', renderLineHighlight: 'line', tabSize: 4,
      ariaLabel: `${label}. Ctrl+M makes Tab move focus out of the editor.`,
      fixedOverflowWidgets: true, suggest: { showStatusBar: true }, padding: { top: 6 },
      fontFamily: 'ui-monospace, "Cascadia Mono", Consolas, "DejaVu Sans Mono", monospace',
    });
    editorRef.current = editor;
    editor.addAction({ id: 'picket.run', label: 'Run query', keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, monaco.KeyMod.Shift | monaco.KeyCode.Enter], run: () => cb.current.onRun() });
    const sub = model.onDidChangeContent(() => {
      monaco.editor.setModelMarkers(model, OWNER, []);
      cb.current.onChange?.(model.getValue());
    });
    const blur = editor.onDidBlurEditorText(() => cb.current.onBlur?.());
    handle.current = {
      runnable() {
        const sel = editor.getSelection();
        if (sel && !sel.isEmpty()) return { text: model.getValueInRange(sel), base: model.getOffsetAt(sel.getStartPosition()) };
        return { text: model.getValue(), base: 0 };
      },
      getValue: () => model.getValue(),
      setValue(text) { editor.pushUndoStop(); editor.executeEdits('picket', [{ range: model.getFullModelRange(), text }]); editor.pushUndoStop(); },
      insert(text) {
        const sel = editor.getSelection() ?? new monaco.Selection(1, 1, 1, 1);
        editor.executeEdits('picket', [{ range: sel, text, forceMoveMarkers: true }]);
        editor.focus();
      },
      focus: () => editor.focus(),
      showErrors(errors, base = 0) {
        monaco.editor.setModelMarkers(model, OWNER, errors.map(e => {
          const span = e.span ?? { offset: 0, length: 0 };
          const start = model.getPositionAt(base + span.offset);
          // an empty span still gets a visible squiggle: to the end of its line
          const end = span.length > 0 ? model.getPositionAt(base + span.offset + span.length)
            : new monaco.Position(start.lineNumber, Math.max(start.column + 1, model.getLineMaxColumn(start.lineNumber)));
          return { severity: monaco.MarkerSeverity.Error, message: `${e.code}: ${e.message}`, source: 'Picket',
            startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column };
        }));
        const first = errors.find(e => e.span);
        if (first?.span) editor.revealPositionInCenterIfOutsideViewport(model.getPositionAt(base + first.span.offset));
      },
    };
    if (autoFocus) editor.focus();
    return () => { blur.dispose(); sub.dispose(); editor.dispose(); monaco.editor.setModelMarkers(model, OWNER, []); handle.current = null; editorRef.current = null; };
    // the editor is made once; `initial` seeds it
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!schema || !model) return;
    let live = true;
    getKustoWorker()
      .then(accessor => accessor(model.uri))
      .then(worker => live ? worker.setSchema(toEngineSchema(schema)) : undefined)
      .catch((e: unknown) => console.error('Kusto language service: the schema could not be set', e));
    return () => { live = false; };
  }, [schema]);

  return <div className="kql-editor" ref={host} />;
}
