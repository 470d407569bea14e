/**
 * Advanced hunting: the KQL editor (Monaco + monaco-kusto, schema-aware), a side panel with the schema, saved
 * queries and history, and the results as a grid or a chart. "Create detection rule" hands the query to the
 * rule form. This module pulls in Monaco, so routes.tsx loads it only when the screen is first opened.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../../api/use-api';
import { Page } from '../../components/page';
import { ErrorBox, Loading } from '../../components/status';
import { navigate, useLocation } from '../../router';
import { useSession } from '../../session';
import { addHistory, clearHistory, readHistory, RULE_DRAFT_KEY, type HistoryEntry } from './history';
import { HistoryList } from './history-list';
import { KustoEditor, type EditorHandle } from './kusto-editor';
import { ResultsView } from './results-view';
import { SavedQueries } from './saved-queries';
import { SchemaBrowser } from './schema-browser';
import type { HuntingSchema } from './schema';
import { useQueryRun, type RunState } from './use-query-run';

const DRAFT_KEY = 'picket.hunting.draft';
const EXAMPLE = `// Devices by antivirus mode, from each device's latest report
DeviceInfo
| summarize arg_max(Timestamp, *) by DeviceId
| summarize Devices = count() by OSPlatform
| order by Devices desc`;

function initialText(query: URLSearchParams): string {
  const fromUrl = query.get('query');
  if (fromUrl) return fromUrl;
  try { return localStorage.getItem(DRAFT_KEY) || EXAMPLE; } catch { return EXAMPLE; }
}

type Side = 'schema' | 'saved' | 'history';

export default function HuntingPage() {
  const loc = useLocation();
  const { can } = useSession();
  const schema = useApi<HuntingSchema>('/api/v1/schema');
  const editor = useRef<EditorHandle | null>(null);
  const [initial] = useState(() => initialText(loc.query));
  const [side, setSide] = useState<Side>('schema');
  const [history, setHistory] = useState<HistoryEntry[]>(readHistory);
  const base = useRef(0);

  const onFinished = useCallback((s: RunState) => {
    if (s.kind === 'idle' || s.kind === 'running') return;
    const entry: HistoryEntry = { query: s.query, at: new Date().toISOString(), ms: s.ms,
      rows: s.kind === 'done' ? s.result.rows.length : null,
      error: s.kind === 'failed' ? `${s.error.code}: ${s.error.message}`.slice(0, 200) : s.kind === 'cancelled' ? 'cancelled' : null };
    setHistory(addHistory(entry));
    if (s.kind === 'failed' && s.queryError) editor.current?.showErrors([s.queryError], base.current);
  }, []);
  const { state, run, cancel } = useQueryRun(onFinished);
  const running = state.kind === 'running';

  const runNow = useCallback(() => {
    const ed = editor.current;
    if (!ed) return;
    const { text, base: b } = ed.runnable();
    if (!text.trim()) return;
    ed.showErrors([]);
    base.current = b;
    void run(text);
  }, [run]);

  // keep the text across visits to other screens
  const saveDraft = useRef<ReturnType<typeof setTimeout>>(undefined);
  const onChange = useCallback((text: string) => {
    clearTimeout(saveDraft.current);
    saveDraft.current = setTimeout(() => { try { localStorage.setItem(DRAFT_KEY, text); } catch { /* a convenience only */ } }, 400);
  }, []);
  useEffect(() => () => clearTimeout(saveDraft.current), []);

  const open = (text: string) => { editor.current?.setValue(text); editor.current?.focus(); };
  const createRule = () => {
    const text = editor.current?.getValue().trim();
    if (!text) return;
    try { sessionStorage.setItem(RULE_DRAFT_KEY, text); } catch { /* the form then starts empty */ }
    navigate('/rules/new?from=hunting');
  };

  return (
    <Page title="Advanced hunting" subtitle="KQL over the fleet's Advanced Hunting tables, with the same analyser the server uses."
      actions={<>
        {running ? <button type="button" onClick={cancel}>Cancel</button>
          : <button type="button" className="primary" onClick={runNow} title="Ctrl+Enter or Shift+Enter">▶ Run query</button>}
        {can('rules') && <button type="button" onClick={createRule}>Create detection rule</button>}
      </>}>
      <div className="hunt">
        <aside className="card hunt-side" aria-label="Schema, saved queries and history">
          <div className="tabs" role="tablist">
            {(['schema', 'saved', 'history'] as const).map(s => (
              <button key={s} type="button" role="tab" aria-selected={side === s} onClick={() => setSide(s)}>{s === 'schema' ? 'Schema' : s === 'saved' ? 'Saved' : 'History'}</button>
            ))}
          </div>
          <div className="hunt-side-body" role="tabpanel">
            {side === 'schema' && (schema.error ? <ErrorBox error={schema.error} retry={schema.reload} />
              : schema.data ? <SchemaBrowser schema={schema.data} onInsert={t => editor.current?.insert(t)} /> : <Loading />)}
            {side === 'saved' && <SavedQueries current={() => editor.current?.getValue() ?? ''} onOpen={q => open(q.query)} />}
            {side === 'history' && <HistoryList items={history} onOpen={open} onClear={() => { clearHistory(); setHistory([]); }} />}
          </div>
        </aside>
        <div className="hunt-main">
          <section className="card hunt-editor" aria-label="Query">
            <KustoEditor initial={initial} schema={schema.data} onRun={runNow} onChange={onChange} handle={editor} />
            <p className="hunt-hint muted">Ctrl+Enter runs the query (the selection, if any) · Ctrl+Space completes · Ctrl+M lets Tab leave the editor</p>
          </section>
          <section className="card hunt-results" aria-label="Results" aria-busy={running}>
            <ResultsView state={state} onCancel={cancel} />
          </section>
        </div>
      </div>
    </Page>
  );
}
