import { describe, expect, it } from 'vitest';
import { pauseOn, statusAfterApproval, statusAfterChange, statusOn, statusToStore } from './route-status.js';

describe('route status', () => {
  it('needs all three parties to agree, and is active from its start date', () => {
    expect(statusAfterApproval('draft', ['opleider', 'learner'], '2027-03-01', '2027-01-10')).toBe('draft');
    expect(
      statusAfterApproval('draft', ['opleider', 'learner', 'praktijkopleider'], '2027-03-01', '2027-01-10'),
    ).toBe('agreed');
    expect(
      statusAfterApproval('draft', ['opleider', 'learner', 'praktijkopleider'], '2027-03-01', '2027-03-01'),
    ).toBe('active');
    const dates = { startDate: '2027-03-01', pauses: [] };
    expect(statusOn('agreed', dates, '2027-02-28')).toBe('agreed');
    expect(statusOn('agreed', dates, '2027-03-01')).toBe('active');
  });

  it('reads paused only while today is inside a pause, [from, until), whatever is stored', () => {
    // Recorded on 2026-12-02: a pause from 2027-07-01, study resumes on 2027-08-15.
    const summer = { from: '2027-07-01', until: '2027-08-15' };
    const dates = { startDate: '2027-01-04', pauses: [summer] };
    for (const stored of ['agreed', 'active', 'paused'] as const) {
      if (stored !== 'active') expect(statusOn(stored, dates, '2026-12-02'), stored).toBe('agreed');
      expect(statusOn(stored, dates, '2027-06-30'), stored).toBe('active');
      expect(statusOn(stored, dates, '2027-07-01'), stored).toBe('paused');
      expect(statusOn(stored, dates, '2027-08-14'), stored).toBe('paused');
      expect(statusOn(stored, dates, '2027-08-15'), stored).toBe('active');
    }
    // Paused from before the start: paused inside, agreed after the pause if the start is still ahead.
    const early = { startDate: '2027-09-01', pauses: [summer] };
    expect(statusOn('agreed', early, '2027-07-10')).toBe('paused');
    expect(statusOn('agreed', early, '2027-08-20')).toBe('agreed');
    // A draft or a completed route reads as stored, pause or not.
    expect(statusOn('draft', dates, '2027-07-10')).toBe('draft');
    expect(statusOn('completed', dates, '2027-07-10')).toBe('completed');
    expect(pauseOn(dates.pauses, '2027-07-01')).toBe(summer);
    expect(pauseOn(dates.pauses, '2027-08-15')).toBeUndefined();
  });

  it('stores no pause in the status: a paused stored earlier becomes what it reads like outside a pause', () => {
    expect(statusToStore('agreed', '2027-01-04', '2027-07-10')).toBe('agreed');
    expect(statusToStore('active', '2027-01-04', '2027-07-10')).toBe('active');
    expect(statusToStore('completed', '2027-01-04', '2027-07-10')).toBe('completed');
    expect(statusToStore('paused', '2027-01-04', '2026-12-02')).toBe('agreed');
    expect(statusToStore('paused', '2027-01-04', '2027-07-10')).toBe('active');
  });

  it('sends an agreed route back to draft on a change; a running one keeps running', () => {
    const dates = {
      startDate: '2027-01-04',
      pauses: [{ from: '2027-07-01', until: '2027-08-15', reason: 'Verlof' }],
    };
    expect(statusAfterChange('agreed', dates, '2026-12-02')).toBe('draft');
    expect(statusAfterChange('draft', dates, '2027-02-01')).toBe('draft');
    expect(statusAfterChange('active', dates, '2027-02-01')).toBe('active');
    // Agreed and past its start date, the route reads active: it keeps running.
    expect(statusAfterChange('agreed', dates, '2027-01-04')).toBe('active');
    // Inside a pause it reads paused; a pause is read from the dates, so what is stored is active.
    expect(statusAfterChange('agreed', dates, '2027-07-10')).toBe('active');
    expect(statusAfterChange('paused', dates, '2027-07-10')).toBe('active');
  });
});
