/**
 * `npm run bench`: every benchmark, one after the other, each printing its
 * figures next to a baseline measured in the same run.
 */
await import('./oscal.js');
await import('./organisations.js');
await import('./registry.js');
