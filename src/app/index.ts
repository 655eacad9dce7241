export type {
  ListWindow,
  OrganisationFilter,
  OrganisationKeyset,
  OrganisationRepository,
  Slice,
  Store,
} from './ports.js';
export {
  countOrganisations,
  getOrganisation,
  listOrganisations,
  registerOrganisation,
  type OrganisationListQuery,
  type OrganisationPage,
} from './organisations.js';
export { seedDemo, type SeedReport } from './demo/seed.js';
export { DEMO_ORGANISATIONS } from './demo/organisations.js';
