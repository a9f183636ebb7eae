import { ALL_VERBS, INPUTS_OF, readCardAction, VERBS } from './actions';

describe('the action contract', () => {
  it('names every verb the handler registers', () => {
    expect([...ALL_VERBS].sort()).toEqual(
      [
        'channel.map',
        'evaluation.refresh',
        'evaluation.submit',
        'help.show',
        'mystep.show',
        'nomination.approve',
        'nomination.refresh',
        'nomination.reject',
        'nomination.start',
        'nomination.submit',
        'pending.show',
        'reminders.mute',
        'reminders.unmute',
        'report.confirm',
        'report.refresh',
        'report.return',
        'report.start',
        'report.submit',
      ].sort(),
    );
    expect(INPUTS_OF[VERBS.nominationSubmit]).toEqual(['nominee', 'role', 'reason', 'replaces']);
  });

  it.each([
    [{ verb: 'mystep.show', data: {} }, { verb: 'mystep.show', data: {} }],
    [{ verb: 'pending.show' }, { verb: 'pending.show', data: {} }],
    [{ verb: 'reminders.mute', data: { days: 7 } }, { verb: 'reminders.mute', data: { days: 7 } }],
    [{ verb: 'reminders.mute', data: { days: 'fiscalYearEnd' } }, { verb: 'reminders.mute', data: { days: 'fiscalYearEnd' } }],
    [{ verb: 'nomination.start', data: {} }, { verb: 'nomination.start', data: {} }],
    [{ verb: 'nomination.start', data: { section: ' 総務課 ' } }, { verb: 'nomination.start', data: { section: '総務課' } }],
    [
      // Teams merges the inputs into the data; an unselected choice may be missing.
      { verb: 'nomination.submit', data: { section: '総務課', confirmWarnings: true, nominee: 'shuji@city.example.jp', role: 'dx-leader', reason: ' 意欲があります\n' } },
      { verb: 'nomination.submit', data: { section: '総務課', confirmWarnings: true, nominee: 'shuji@city.example.jp', role: 'dx-leader', reason: '意欲があります', replaces: '' } },
    ],
    [{ verb: 'nomination.approve', data: { nominationId: '17', comment: 'よろしく' } }, { verb: 'nomination.approve', data: { nominationId: '17', comment: 'よろしく' } }],
    [{ verb: 'nomination.reject', data: { nominationId: '17' } }, { verb: 'nomination.reject', data: { nominationId: '17', comment: '' } }],
    [{ verb: 'nomination.refresh', data: { nominationId: '17' } }, { verb: 'nomination.refresh', data: { nominationId: '17' } }],
    [{ verb: 'channel.map', data: { department: '総務部' } }, { verb: 'channel.map', data: { department: '総務部' } }],
    // A round judging one leader: the other score inputs are absent and read as "".
    [
      { verb: 'evaluation.submit', data: { roundId: 'P-1.20261124T030000Z', rowId: '9', score1: '4' } },
      { verb: 'evaluation.submit', data: { roundId: 'P-1.20261124T030000Z', rowId: '9', score1: '4', score2: '', score3: '', score4: '', score5: '' } },
    ],
  ])('reads %j', (wire, expected) => {
    expect(readCardAction(wire)).toEqual({ ok: true, action: expected });
  });

  it.each([
    [null, /not an object/],
    [{ verb: 'mystep.showw' }, /unknown verb/],
    [{ verb: 'mystep.show', data: [] }, /data is not an object/],
    [{ verb: 'reminders.mute', data: { days: '7' } }, /days must be/],
    [{ verb: 'reminders.mute', data: { days: 0 } }, /days must be/],
    [{ verb: 'reminders.mute', data: { days: 2.5 } }, /days must be/],
    [{ verb: 'nomination.submit', data: { confirmWarnings: false } }, /section is missing/],
    [{ verb: 'nomination.submit', data: { section: '総務課', confirmWarnings: 'true' } }, /confirmWarnings/],
    [{ verb: 'nomination.submit', data: { section: '総務課', confirmWarnings: false, nominee: 42 } }, /input nominee is not text/],
    [{ verb: 'nomination.approve', data: { comment: 'x' } }, /nominationId is missing/],
  ])('refuses %j', (wire, reason) => {
    const read = readCardAction(wire);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.reason).toMatch(reason);
  });
});
