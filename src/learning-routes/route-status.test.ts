import { describe, expect, it } from 'vitest';
import { statusAfterApproval, statusAfterChange, statusOn } from './route-status.js';

describe('route status', () => {
  it('needs all three parties to agree, and is active from its start date', () => {
    expect(statusAfterApproval('draft', ['opleider', 'learner'], '2027-03-01', '2027-01-10')).toBe('draft');
    expect(
      statusAfterApproval('draft', ['opleider', 'learner', 'praktijkopleider'], '2027-03-01', '2027-01-10'),
    ).toBe('agreed');
    expect(
      statusAfterApproval('draft', ['opleider', 'learner', 'praktijkopleider'], '2027-03-01', '2027-03-01'),
    ).toBe('active');
    expect(statusOn('agreed', '2027-03-01', '2027-02-28')).toBe('agreed');
    expect(statusOn('agreed', '2027-03-01', '2027-03-01')).toBe('active');
  });

  it('sends an agreed route back to draft on a change; a running one keeps running', () => {
    expect(statusAfterChange('agreed')).toBe('draft');
    expect(statusAfterChange('active')).toBe('active');
    expect(statusAfterChange('paused')).toBe('paused');
  });
});
