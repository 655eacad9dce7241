import { describeStoreContract } from './store.contract.js';

describeStoreContract('pglite');
