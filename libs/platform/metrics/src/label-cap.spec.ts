import { LabelCap } from './label-cap';

describe('LabelCap', () => {
  it('keeps the first values it sees and answers `other` for every later one', () => {
    const cap = new LabelCap(2);

    expect(['a', 'b', 'c', 'a', 'd', 'b'].map((v) => cap.value(v))).toEqual(['a', 'b', 'other', 'a', 'other', 'b']);
  });
});
