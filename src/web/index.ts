export { webPages, type WebOptions } from './plugin.js';
export { renderErrorPage } from './pages/problems.js';
