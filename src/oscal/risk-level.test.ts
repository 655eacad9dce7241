import { describe, expect, it } from 'vitest';
import type { Risk } from './assessment-model.js';
import { SHINRAI_NS } from './assessment-report.js';
import { readRiskLevel } from './risk-level.js';

const origin = { actors: [{ type: 'party' as const, 'actor-uuid': 'e7730080-71ce-4b20-bec4-84f33136fd58' }] };

function risk(facets: { name: string; system: string; value: string }[], props: { name: string; value: string; ns?: string }[] = []): Risk {
  return { uuid: 'r', title: 't', description: 'd', statement: 's', status: 'open', props, characterizations: facets.length > 0 ? [{ origin, facets }] : [] };
}

describe('the risk level of an OSCAL risk', () => {
  it("reads Shinrai's own facet", () => {
    expect(readRiskLevel(risk([{ name: 'risk-level', system: SHINRAI_NS, value: 'critical' }]))).toEqual({ level: 'critical', unknown: [], differing: false });
  });

  it("reads other tools' risk and severity metrics, as facets or props, in their words", () => {
    expect(readRiskLevel(risk([{ name: 'risk', system: 'https://fedramp.gov', value: 'High' }])).level).toBe('high');
    expect(readRiskLevel(risk([{ name: 'severity', system: 'http://csrc.nist.gov/ns/oscal/unknown', value: 'medium' }])).level).toBe('moderate');
    expect(readRiskLevel(risk([], [{ name: 'severity', value: 'Very High' }])).level).toBe('critical');
    expect(readRiskLevel(risk([], [{ name: 'risk-level', value: 'very_low' }])).level).toBe('low');
  });

  it('does not make a level from likelihood and impact', () => {
    const nist = risk([
      { name: 'likelihood', system: 'https://ifa.gov/division/ociso/sca', value: 'low' },
      { name: 'impact', system: 'https://ifa.gov/division/ociso/sca', value: 'high' },
    ]);
    expect(readRiskLevel(nist)).toEqual({ level: undefined, unknown: [], differing: false });
  });

  it('takes the highest of differing levels, and says what it could not read', () => {
    const reading = readRiskLevel(risk([
      { name: 'risk', system: 'https://fedramp.gov', value: 'low' },
      { name: 'risk', system: 'https://fedramp.gov', value: 'high' },
      { name: 'severity', system: 'https://scanner.example', value: 'informational' },
    ]));
    expect(reading).toEqual({ level: 'high', unknown: ['informational'], differing: true });
  });
});
