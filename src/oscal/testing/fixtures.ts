import { fileURLToPath } from 'node:url';

/**
 * Real OSCAL content under test/fixtures/oscal/ (provenance, commits and
 * sha256 in its README.md): NIST SP 800-53 rev 5.0.1 with NIST's baselines
 * and resolved catalogs, FedRAMP rev 5 LOW, and NIST's example assessment
 * results. Tests read them themselves:
 * src/oscal code other than file-loader.ts does no I/O (dependency-cruiser).
 */
export const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/oscal/', import.meta.url));

export const NIST_501 = `${FIXTURES}nist-800-53-rev5.0.1/`;
export const NIST_511 = `${FIXTURES}nist-800-53-rev5/`;
export const FEDRAMP = `${FIXTURES}fedramp-rev5/`;
export const NIST_EXAMPLES = `${FIXTURES}nist-examples/`;
