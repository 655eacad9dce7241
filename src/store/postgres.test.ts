import { describeApplicationContract } from './applications.contract.js';
import { describeCertificateContract } from './certificates.contract.js';
import { describeAssessmentContract } from './assessments.contract.js';
import { describeDecisionFactsContract } from './decision-facts.contract.js';
import { describeLifecycleContract } from './lifecycle.contract.js';
import { describeRegistryContract } from './registry.contract.js';
import { describeAuditingBodyContract } from './auditing-bodies.contract.js';
import { describeStoreContract } from './store.contract.js';

// The real PostgreSQL server: TEST_DATABASE_URL, DATABASE_URL or the local
// default. Unreachable means failure, never a skip (test/support/databases.ts).
describeStoreContract('postgres');
describeAuditingBodyContract('postgres');
describeApplicationContract('postgres');
describeCertificateContract('postgres');
describeAssessmentContract('postgres');
describeDecisionFactsContract('postgres');
describeLifecycleContract('postgres');
describeRegistryContract('postgres');
