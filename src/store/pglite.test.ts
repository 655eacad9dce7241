import { describeApplicationContract } from './applications.contract.js';
import { describeCertificateContract } from './certificates.contract.js';
import { describeAssessmentContract } from './assessments.contract.js';
import { describeDecisionFactsContract } from './decision-facts.contract.js';
import { describeLifecycleContract } from './lifecycle.contract.js';
import { describeRegistryContract } from './registry.contract.js';
import { describeAuditingBodyContract } from './auditing-bodies.contract.js';
import { describeStoreContract } from './store.contract.js';

describeStoreContract('pglite');
describeAuditingBodyContract('pglite');
describeApplicationContract('pglite');
describeCertificateContract('pglite');
describeAssessmentContract('pglite');
describeDecisionFactsContract('pglite');
describeLifecycleContract('pglite');
describeRegistryContract('pglite');
