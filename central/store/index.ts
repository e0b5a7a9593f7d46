export { Store, openStore } from './store.ts';
export { hashSecret, verifySecret, generateSecret } from './secrets.ts';
export { ledgerFileName } from './ledger-files.ts';

