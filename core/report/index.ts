/** Import reports (contract §5.7): `errors.csv` and `result.json`, written and read. std. */
export * from './errors-csv.ts';
export * from './result-json.ts';
export * from './failed-rows.ts';
