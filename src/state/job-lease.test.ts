import { leaseIdFor } from './job-lease';

describe('job lease ids', () => {
  it('are GUIDs, the same for the same instance and job, and different otherwise', () => {
    const a = leaseIdFor('instance-a', 'scheduler');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(leaseIdFor('instance-a', 'scheduler')).toBe(a);
    expect(leaseIdFor('instance-b', 'scheduler')).not.toBe(a);
    expect(leaseIdFor('instance-a', 'sender')).not.toBe(a);
    // The separator keeps ("ab", "c") and ("a", "bc") apart.
    expect(leaseIdFor('ab', 'c')).not.toBe(leaseIdFor('a', 'bc'));
  });
});
