// scan end to end: Kusto's matching logic over the serialized rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../testing.js';

const { run } = await testStore();

test('one step: a running state read through step.column, defaults for an empty state', async () => {
  const r = await run(`datatable(t:long, v:long)[ 1,1, 2,2, 3,3, 4,4, 5,5 ] | sort by t asc
    | scan declare (a:long=0, b:long=1) with (step s: true => a = s.b, b = s.a + v;)`);
  assert.deepEqual(r.rows, [[1, 1, 1, 1], [2, 2, 1, 3], [3, 3, 3, 4], [4, 4, 4, 7], [5, 5, 7, 9]]);
});

test('only matching records are output; a bare declared column reads its default', async () => {
  const r = await run(`datatable(t:long, v:long)[ 1,5, 2,0, 3,7 ] | sort by t asc
    | scan declare (ff:long=0, c:long=100) with (step s: v != 0 => ff = v, c = c + 1;)`);
  assert.deepEqual(r.rows, [[1, 5, 5, 101], [3, 7, 7, 101]]);
});

test('sessions: a step with output=none ends a sequence; with_match_id numbers the sequences', async () => {
  const r = await run(`datatable(Ts:timespan, Event:string)[ 0m,"A", 1m,"A", 2m,"B", 32m,"B", 36m,"C", 75m,"A" ]
    | sort by Ts asc
    | scan with_match_id=session_id declare (sessionStart: timespan) with (
        step inSession: true => sessionStart = iff(isnull(inSession.sessionStart), Ts, inSession.sessionStart);
        step endSession output=none: Ts - inSession.sessionStart > 30m;)`);
  assert.deepEqual(r.columns.map(c => c.name), ['Ts', 'Event', 'sessionStart', 'session_id']);
  assert.deepEqual(r.rows.map(x => [x[0], x[2], x[3]]), [
    ['00:00:00', '00:00:00', 0], ['00:01:00', '00:00:00', 0], ['00:02:00', '00:00:00', 0],
    ['00:32:00', '00:32:00', 1], ['00:36:00', '00:32:00', 1], ['01:15:00', '01:15:00', 2],
  ]);
});

test('sequences across steps: start, middle and stop events within a time limit', async () => {
  const r = await run(`datatable(Ts:timespan, Event:string)[ 0m,"A", 1m,"Start", 2m,"B", 4m,"Stop", 6m,"C", 8m,"Start", 11m,"E", 12m,"Stop" ]
    | sort by Ts asc
    | scan with_match_id=m with (step s1: Event == "Start";
        step s2: Event != "Start" and Event != "Stop" and Ts - s1.Ts <= 5m;
        step s3: Event == "Stop" and Ts - s1.Ts <= 5m;)`);
  assert.deepEqual(r.rows.map(x => [x[1], x[2]]), [['Start', 0], ['B', 0], ['Stop', 0], ['Start', 1], ['E', 1], ['Stop', 1]]);
});

test('row functions are rejected inside scan, as Kusto does', async () => {
  await assert.rejects(run('datatable(t:long)[1, 2] | sort by t asc | scan declare (x:long) with (step s: t != prev(t) => x = 1;)'));
});
