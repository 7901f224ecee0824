import { returnedRows } from './query-rows';

describe('returnedRows', () => {
  it('unwraps the [rows, affectedCount] answer of UPDATE/DELETE ... RETURNING', () => {
    expect(returnedRows([[{ id: 'a' }], 1])).toEqual([{ id: 'a' }]);
    expect(returnedRows([[], 0])).toEqual([]);
  });

  it('keeps plain rows as they are', () => {
    expect(returnedRows([{ id: 'a' }, { id: 'b' }])).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(returnedRows([])).toEqual([]);
  });
});
