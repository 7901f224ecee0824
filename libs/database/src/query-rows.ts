/**
 * The rows of an `UPDATE` or `DELETE ... RETURNING` run through TypeORM's `query()`: on PostgreSQL it answers
 * `[rows, affectedCount]` for those statements (and plain rows for SELECT and INSERT). Reading `.length` or `[0]` of
 * the raw answer is a silent bug (always 2; the first "row" is the array): call this instead.
 */
export function returnedRows<T>(result: unknown): T[] {
  const answer = result as unknown[];
  return (answer.length === 2 && Array.isArray(answer[0]) && typeof answer[1] === 'number' ? answer[0] : answer) as T[];
}
