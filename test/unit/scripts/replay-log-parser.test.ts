import { describe, expect, it } from 'vitest';
import {
  groupLogLines,
  parseHeader,
  parseLogDate,
  parseLogLine,
} from '../../../scripts/replay/incident-log-parser.ts';

const HEADER =
  'number,incident_state,active,reassignment_count,reopen_count,sys_mod_count,made_sla,caller_id,opened_by,opened_at,sys_created_by,sys_created_at,sys_updated_by,sys_updated_at,contact_type,location,category,subcategory,u_symptom,cmdb_ci,impact,urgency,priority,assignment_group,assigned_to,knowledge,u_priority_confirmation,notify,problem_id,rfc,vendor,caused_by,closed_code,resolved_by,resolved_at,closed_at';

const row = (number: string, state: string, modCount: number, updatedAt: string, reassignments = 0) =>
  `${number},${state},true,${reassignments},0,${modCount},true,Caller 2403,Opened by  8,29/2/2016 01:16,Created by 6,29/2/2016 01:23,Updated by 21,${updatedAt},Phone,Location 143,Category 55,Subcategory 170,Symptom 72,?,2 - Medium,1 - High,3 - Moderate,Group 56,?,true,false,Do Not Notify,?,?,?,?,code 5,Resolved by 149,29/2/2016 11:29,5/3/2016 12:00`;

describe('incident log parser', () => {
  it('reads D/M/YYYY HH:MM dates and refuses anything else', () => {
    expect(parseLogDate('29/2/2016 01:16')).toBe('2016-02-29T01:16:00.000Z');
    expect(parseLogDate('5/3/2016 12:00')).toBe('2016-03-05T12:00:00.000Z');
    expect(parseLogDate('?')).toBeNull();
    expect(parseLogDate('31/2/2016 10:00')).toBeNull();
  });

  it('maps a line to an event by the header, with ? as missing', () => {
    const event = parseLogLine(
      parseHeader(HEADER),
      row('INC0000045', 'Awaiting User Info', 3, '29/2/2016 08:53', 2),
    );
    expect(event).toMatchObject({
      number: 'INC0000045',
      state: 'Awaiting User Info',
      reassignmentCount: 2,
      sysModCount: 3,
      caller: 'Caller 2403',
      updatedAt: '2016-02-29T08:53:00.000Z',
      contactType: 'Phone',
      location: 'Location 143',
      category: 'Category 55',
      impact: '2 - Medium',
      urgency: '1 - High',
      assignmentGroup: 'Group 56',
    });
    const withMissingCaller = row('INC0000046', 'New', 0, '1/3/2016 10:00').replace('Caller 2403', '?');
    expect(parseLogLine(parseHeader(HEADER), withMissingCaller)?.caller).toBeNull();
  });

  it('skips a line without 36 columns and refuses a file that is not the log', () => {
    expect(parseLogLine(parseHeader(HEADER), 'INC1,New,true')).toBeNull();
    expect(() => parseHeader('a,b,c')).toThrow(/not the incident event log/);
  });

  it('groups rows per incident in sys_mod_count order and stops at the limit', async () => {
    const lines = [
      HEADER,
      row('INC0000045', 'Resolved', 2, '29/2/2016 08:53'),
      row('INC0000045', 'New', 0, '29/2/2016 01:23'),
      'broken,line',
      row('INC0000047', 'New', 0, '1/3/2016 10:00'),
      row('INC0000048', 'New', 0, '2/3/2016 10:00'),
    ];
    const all = await groupLogLines(lines);
    expect(all.incidents.map((incident) => incident.number)).toEqual([
      'INC0000045',
      'INC0000047',
      'INC0000048',
    ]);
    expect(all.incidents[0]?.events.map((event) => event.state)).toEqual(['New', 'Resolved']);
    expect(all.rows).toBe(4);
    expect(all.skippedLines).toBe(1);
    const repeated = await groupLogLines([
      HEADER,
      row('INC0000164', 'New', 3, '29/2/2016 08:53'),
      row('INC0000164', 'Active', 1, '29/2/2016 23:20'),
      row('INC0000164', 'Resolved', 5, '3/3/2016 14:34'),
      row('INC0000164', 'Active', 4, '3/3/2016 14:34'),
    ]);
    // Update time first (sys_mod_count repeats in the real log), sys_mod_count within a minute.
    expect(repeated.incidents[0]?.events.map((event) => event.state)).toEqual([
      'New',
      'Active',
      'Active',
      'Resolved',
    ]);
    const two = await groupLogLines(lines, 2);
    expect(two.incidents.map((incident) => incident.number)).toEqual(['INC0000045', 'INC0000047']);
  });
});
