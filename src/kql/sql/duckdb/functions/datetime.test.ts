/** Datetime and timespan functions run end to end on an in-memory DuckDB store, checked against Kusto's values. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Store } from '../../../../store/duckdb.js';
import { runKql } from '../../../run.js';
import { parseDatetime, parseTimespan } from '../../../lower/literals.js';

let store: Store;
let conn: DuckDBConnection;
before(async () => {
  store = await Store.open();
  conn = await store.queryConnection();
});
after(() => store.close());

/** The single row of `print ...`. */
async function row(kql: string): Promise<unknown[]> {
  const r = await runKql(conn, kql);
  return r.rows[0];
}
async function rows(kql: string): Promise<unknown[][]> {
  return (await runKql(conn, kql)).rows;
}

test('bin floors datetimes from 0001-01-01, including before 1970; bad sizes give null', async () => {
  assert.deepEqual(await row(`print bin(datetime(1955-11-05 06:15:00), 1d), bin(datetime(1955-11-05), 7d),
    bin(datetime(2007-03-09), 30d), bin(datetime(1969-06-15 13:45:00.5), 1h), bin(datetime(2020-01-01), -1h),
    bin(datetime(2020-06-15 13:45:30.7654321), 1ms)`), [
    '1955-11-05T00:00:00.0000000Z', '1955-10-31T00:00:00.0000000Z', '2007-02-14T00:00:00.0000000Z',
    '1969-06-15T13:00:00.0000000Z', null, '2020-06-15T13:45:30.7650000Z']);
  assert.deepEqual(await row('print bin(5, 2), bin(-5, 2), bin(-5.5, 2.0), bin(time(16d), 7d), bin(-90s, 1m), bin(5, 0)'),
    [4, -6, -6, '14.00:00:00', '-00:02:00', null]);
  assert.deepEqual(await row('print floor(datetime(2020-01-01 10:00), 1d), bin(datetime(null), 1d)'),
    ['2020-01-01T00:00:00.0000000Z', null]);
});

test('bin_at aligns bins on a fixed point before or after the value', async () => {
  assert.deepEqual(await row(`print bin_at(datetime(2007-01-02 13:45:30), 1d, datetime(2007-01-01 06:00:00)),
    bin_at(datetime(1955-11-05 06:15:00), 3h, datetime(1955-11-05 00:30:00)),
    bin_at(datetime(2023-06-14 12:00:00), 7d, datetime(2023-01-01 03:00:00)), bin_at(6.5, 2.5, 1), bin_at(7, 2, 10)`), [
    '2007-01-02T06:00:00.0000000Z', '1955-11-05T03:30:00.0000000Z', '2023-06-11T03:00:00.0000000Z', 6, 6]);
});

test('startof/endof with offsets, leap years and the ends of the range', async () => {
  assert.deepEqual(await row(`print startofday(datetime(2020-06-15 13:45:00.5), -3), endofday(datetime(2020-06-15 13:45:00), 2),
    startofday(datetime(0001-01-02), -1), startofday(datetime(0001-01-01), -1), endofday(datetime(9999-12-31))`), [
    '2020-06-12T00:00:00.0000000Z', '2020-06-17T23:59:59.9999999Z', '0001-01-01T00:00:00.0000000Z', null,
    '9999-12-31T23:59:59.9999999Z']);
  assert.deepEqual(await row(`print startofweek(datetime(2024-02-29 23:59:59.9999999)), endofweek(datetime(2024-03-03)),
    startofweek(datetime(2020-06-15 13:45:00), -2), endofweek(datetime(2020-06-15 13:45:00), 2),
    startofweek(datetime(1969-12-31))`), [
    '2024-02-25T00:00:00.0000000Z', '2024-03-09T23:59:59.9999999Z', '2020-05-31T00:00:00.0000000Z',
    '2020-07-04T23:59:59.9999999Z', '1969-12-28T00:00:00.0000000Z']);
  assert.deepEqual(await row(`print startofmonth(datetime(2020-06-15), -13), endofmonth(datetime(2020-01-31), 1),
    endofmonth(datetime(2020-01-31), 13), endofmonth(datetime(1900-02-10)), startofyear(datetime(2020-06-15), -5),
    endofyear(datetime(2020-06-15), -1), endofyear(datetime(9999-12-31 23:59:59.9999999)), startofmonth(datetime(9999-12-31), 1)`), [
    '2019-05-01T00:00:00.0000000Z', '2020-02-29T23:59:59.9999999Z', '2021-02-28T23:59:59.9999999Z',
    '1900-02-28T23:59:59.9999999Z', '2015-01-01T00:00:00.0000000Z', '2019-12-31T23:59:59.9999999Z',
    '9999-12-31T23:59:59.9999999Z', null]);
});

test('calendar parts: dayofweek is a timespan from Sunday, week_of_year is ISO 8601', async () => {
  assert.deepEqual(await rows(`range t from datetime(2020-12-27) to datetime(2021-01-04) step 1d
    | project w = week_of_year(t), d = dayofweek(t) / 1d`), [
    [52, 0], [53, 1], [53, 2], [53, 3], [53, 4], [53, 5], [53, 6], [53, 0], [1, 1]]);
  assert.deepEqual(await row(`print dayofweek(datetime(0001-01-01)), dayofweek(datetime(9999-12-31)),
    dayofyear(datetime(2020-12-31)), dayofyear(datetime(2021-12-31)), hourofday(datetime(2020-06-15 23:59:59.9999999)),
    getyear(datetime(1601-01-01)), getmonth(datetime(1969-12-31 23:59:59.9999999)), monthofyear(datetime(2020-02-29)),
    dayofmonth(datetime(1950-06-15 13:45:00)), weekofyear(datetime(2000-01-01))`), [
    '1.00:00:00', null, 366, 365, 23, 1601, 12, 2, 15, 52]);
});

test('datetime_part names every part, in any letter case', async () => {
  assert.deepEqual(await row(`let dt = datetime(2017-10-30 01:02:03.7654321); print datetime_part("year", dt),
    datetime_part("Quarter", dt), datetime_part("month", dt), datetime_part("week_of_year", dt), datetime_part("day", dt),
    datetime_part("dayOfYear", dt), datetime_part("hour", dt), datetime_part("minute", dt), datetime_part("second", dt),
    datetime_part("millisecond", dt), datetime_part("microsecond", dt), datetime_part("nanosecond", dt)`),
  [2017, 4, 10, 44, 30, 303, 1, 2, 3, 765, 765432, 765432100]);
  assert.deepEqual(await row(`print datetime_part('HOUR', datetime(1969-12-31 23:59:59.9999999)),
    datetime_part('nanosecond', datetime(1969-12-31 23:59:59.9999999))`), [23, 999999900]);
  await assert.rejects(runKql(conn, `print datetime_part('fortnight', datetime(2020-01-01))`), /must be one of the values/);
});

test('datetime_add clamps month ends, keeps ticks and yields null outside the range', async () => {
  assert.deepEqual(await row(`print datetime_add('month', 1, datetime(2020-01-31)), datetime_add('year', 1, datetime(2020-02-29)),
    datetime_add('quarter', -5, datetime(2020-05-31)), datetime_add('week', -53, datetime(2021-03-15 12:00:00)),
    datetime_add('day', -1, datetime(0001-01-01 12:00:00)), datetime_add('second', -90061, datetime(2020-01-01)),
    datetime_add('millisecond', 1500, datetime(2020-01-01)), datetime_add('month', 1, datetime(2020-01-31 10:00:00.1234567)),
    datetime_add('nanosecond', 300, datetime(2020-01-01)), datetime_add('year', 9000, datetime(2020-01-01))`), [
    '2020-02-29T00:00:00.0000000Z', '2021-02-28T00:00:00.0000000Z', '2019-02-28T00:00:00.0000000Z',
    '2020-03-09T12:00:00.0000000Z', null, '2019-12-30T22:58:59.0000000Z', '2020-01-01T00:00:01.5000000Z',
    '2020-02-29T10:00:00.1234567Z', '2020-01-01T00:00:00.0000003Z', null]);
  assert.deepEqual(await row(`print datetime_add('Day', 1, datetime(2019-01-31)), datetime_add('month', 13, datetime(2019-01-31)),
    datetime_add('hour', 100000, datetime(2020-01-01))`),
  ['2019-02-01T00:00:00.0000000Z', '2020-02-29T00:00:00.0000000Z', '2031-05-29T16:00:00.0000000Z']);
});

test('datetime_diff counts unit boundaries crossed', async () => {
  assert.deepEqual(await row(`print datetime_diff('year', datetime(2020-12-31), datetime(2021-01-01)),
    datetime_diff('month', datetime(2020-01-31), datetime(2020-02-01)), datetime_diff('day', datetime(2020-01-01 23:00), datetime(2020-01-01 01:00)),
    datetime_diff('quarter', datetime(2024-03-31), datetime(2020-04-01)), datetime_diff('hour', datetime(2020-03-01), datetime(2020-02-28 12:00)),
    datetime_diff('day', datetime(1970-01-01), datetime(1969-12-25)), datetime_diff('second', datetime(2020-01-01 00:00:01.9999999), datetime(2020-01-01 00:00:00.0000001)),
    datetime_diff('millisecond', datetime(2020-03-01), datetime(2020-02-29 23:59:59.9999999)),
    datetime_diff('nanosecond', datetime(2020-01-01 00:00:00.0000002), datetime(2020-01-01))`),
  [-1, -1, 0, 15, 36, 7, 1, 1, 200]);
  const [w] = await row(`print datetime_diff('week', datetime(2020-01-05), datetime(2020-01-04))`);
  assert.equal(w, 1); // Saturday to Sunday crosses a week boundary
});

test('make_datetime and make_timespan validate their parts', async () => {
  assert.deepEqual(await row(`print make_datetime(2020, 2, 29, 23, 59, 59.9999999), make_datetime(1969, 12, 31, 23, 59, 59),
    make_datetime(2021, 2, 29), make_datetime(2020, 13, 1), make_datetime(0, 1, 1), make_datetime(2020, 1, 1, 24, 0, 0),
    make_timespan(1, 2, 3, 4), make_timespan(25, 70), make_timespan(2, 30)`), [
    '2020-02-29T23:59:59.9999999Z', '1969-12-31T23:59:59.0000000Z', null, null, null, null,
    '1.02:03:04', null, '02:30:00']);
});

test('unixtime_*_todatetime', async () => {
  assert.deepEqual(await row(`print unixtime_seconds_todatetime(1546300800), unixtime_seconds_todatetime(-1.5),
    unixtime_milliseconds_todatetime(1546300800123), unixtime_microseconds_todatetime(1546300800123456),
    unixtime_nanoseconds_todatetime(1546300800123456789), unixtime_seconds_todatetime(1e12)`), [
    '2019-01-01T00:00:00.0000000Z', '1969-12-31T23:59:58.5000000Z', '2019-01-01T00:00:00.1230000Z',
    '2019-01-01T00:00:00.1234560Z', '2019-01-01T00:00:00.1234567Z', null]);
});

test('format_datetime uses Kusto specifiers; d and M never print names', async () => {
  assert.deepEqual(await row(`let dt = datetime(2017-01-29 09:00:05.0123400); print format_datetime(dt, 'yy-MM-dd [HH:mm:ss]'),
    format_datetime(dt, 'yyyy-M-dd [H:mm:ss]'), format_datetime(dt, 'yy-MM-dd [hh:mm:ss tt]'), format_datetime(dt, 'dddd MMM'),
    format_datetime(dt, 'ss.f ff fffffff FFFFFFF F'), format_datetime(datetime(2009-06-15 13:45:30), 'h y'),
    format_datetime(datetime(0001-01-01), 'yyyy yy y'), format_datetime(datetime(null), 'yyyy')`), [
    '17-01-29 [09:00:05]', '2017-1-29 [9:00:05]', '17-01-29 [09:00:05 AM]', '2929 011', '05.0 01 0123400 01234 ',
    '1 9', '0001 01 1', '']);
  await assert.rejects(runKql(conn, `print format_datetime(datetime(2020-01-01), 'yyyy-MM-ddTHH')`), /unsupported specifier 'T'/);
});

test('format_timespan: days padded, components after whole days, sign in front', async () => {
  assert.deepEqual(await row(`let t = time(29.09:00:05.12345); print format_timespan(t, 'dd.hh:mm:ss:FF'),
    format_timespan(t, 'ddd.h:mm:ss [fffffff]'), format_timespan(1d, 'dddd'), format_timespan(-1d - 2h - 30m, 'd.hh:mm:ss'),
    format_timespan(-90s, 'mm:ss'), format_timespan(time(10675199.02:48:05.4775807), 'd.hh:mm:ss'),
    format_timespan(90061123ms, 'd:h:m:s.fff'), format_timespan(time(null), 'hh')`), [
    '29.09:00:05:12', '029.9:00:05 [1234500]', '0001', '-1.02:30:00', '-01:30', '10675199.02:48:05', '1:1:1:1.123', '']);
  await assert.rejects(runKql(conn, `print format_timespan(1d, 'c')`), /unsupported specifier 'c'/);
});

test('todatetime reads ISO 8601, RFC 822/850, offsets and .NET ticks', async () => {
  assert.deepEqual(await row(`print todatetime('2020-06-15T13:45:09.1234567Z'), todatetime('2020-06-15 13:45:09'),
    todatetime('1969-07-20'), todatetime('2014-05-25T08:20:03.123456+02:00'), todatetime('Sat, 8 Nov 14 15:05:02 GMT'),
    todatetime('Saturday, 08-Nov-14 15:05 GMT'), todatetime('8 Nov 2014 15:05'), todatetime('2014-11-8 5:05:25 GMT'),
    todatetime('11/08/2014 3:05 PM'), todatetime('2021-02-29'), todatetime('nonsense'), todatetime(''),
    todatetime(637134336000000000), todatetime(0), todatetime(dynamic("2020-01-01"))`), [
    '2020-06-15T13:45:09.1234567Z', '2020-06-15T13:45:09.0000000Z', '1969-07-20T00:00:00.0000000Z',
    '2014-05-25T06:20:03.1234560Z', '2014-11-08T15:05:02.0000000Z', '2014-11-08T15:05:00.0000000Z',
    '2014-11-08T15:05:00.0000000Z', '2014-11-08T05:05:25.0000000Z', '2014-11-08T15:05:00.0000000Z', null, null, null,
    '2020-01-01T00:00:00.0000000Z', '0001-01-01T00:00:00.0000000Z', '2020-01-01T00:00:00.0000000Z']);
});

test('todatetime rejects impossible canonical dates and times', async () => {
  assert.deepEqual(await row(`print todatetime('0000-01-01'), todatetime('2020-01-01T24:00:00'), todatetime('2020-13-01'),
    todatetime('2020-01-01 10:00:00.123456789'), todatetime(' 2020-01-01 ')`),
  [null, null, null, '2020-01-01T10:00:00.1234567Z', '2020-01-01T00:00:00.0000000Z']);
});

test('totimespan reads .NET spans, day counts and unit forms; numbers are ticks', async () => {
  assert.deepEqual(await row(`print totimespan('1.02:03:04.5'), totimespan('-00:10'), totimespan('2'), totimespan('1d'),
    totimespan('1.5h'), totimespan('100ms'), totimespan('15 seconds'), totimespan('25:00:00'), totimespan('abc'),
    totimespan(864000000000), totimespan(dynamic('00:00:01')), totimespan('1d') / totimespan('1h')`), [
    '1.02:03:04.5000000', '-00:10:00', '2.00:00:00', '1.00:00:00', '01:30:00', '00:00:00.1000000', '00:00:15', null, null,
    '1.00:00:00', '00:00:01', 24]);
});

test('literals: min/max, quoted values, nanoseconds, and unreadable dates', () => {
  assert.equal(parseDatetime('max'), 2_534_023_007_999_999_999n);
  assert.equal(parseDatetime('"2020-01-01"'), 15_778_368_000_000_000n);
  assert.equal(parseDatetime('1969-12-31 23:59:59.9999999'), -1n);
  assert.equal(parseDatetime('2020-02-30'), undefined);
  assert.equal(parseDatetime('08-Nov-14 15:05'), parseDatetime('2014-11-08 15:05'));
  assert.equal(parseTimespan('100nanos'), 1n);
  assert.equal(parseTimespan('max'), 2n ** 63n - 1n);
  assert.equal(parseTimespan('-10675199.02:48:05.4775808'), -(2n ** 63n));
  assert.equal(parseTimespan('10microseconds'), 100n);
  assert.equal(parseTimespan('24:00:00'), undefined);
});
