export { buildApp, BODY_LIMIT, type AppDeps } from './app.js';
export { problem, problemFromError, PROBLEMS, sendProblem, type ProblemCode, type ProblemDetails } from './problems.js';
export { enforceAccess, PUBLIC, type Access, type Principal, type RefusalRecorder, type RouteAccess } from './access.js';
export { requestContext } from './context.js';
export { registryJson } from './routes/registry.js';
export { attachment } from './attachment.js';
