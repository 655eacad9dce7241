import type { FastifyRequest } from 'fastify';
import { decide, DEPLOYMENT_MODELS, DESCRIPTION_MAX_LENGTH, MAX_REGIONS, SERVICE_MODELS, type CloudService, type ServiceInput } from '../domain/index.js';
import type { ServiceRef } from '../app/index.js';
import type { Locale, Translate } from '../i18n/index.js';
import type { FieldError } from './field-errors.js';
import { checkedValues } from './people.js';

/** What the pages of cloud services share: the form as posted and shown, and names in the reader's language. */

/** The service form as a person filled it in: regions are one text box, a region a line. */
export interface ServiceForm {
  readonly nameJa: string;
  readonly nameEn: string;
  readonly description: string;
  readonly serviceModel: string;
  readonly deploymentModel: string;
  readonly regions: string;
  readonly runsOn: readonly string[];
}

export const EMPTY_FORM: ServiceForm = { nameJa: '', nameEn: '', description: '', serviceModel: '', deploymentModel: '', regions: '', runsOn: [] };

export function serviceForm(body: unknown): ServiceForm {
  const fields = (body ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    nameJa: text(fields.nameJa),
    nameEn: text(fields.nameEn),
    description: text(fields.description),
    serviceModel: text(fields.serviceModel),
    deploymentModel: text(fields.deploymentModel),
    regions: text(fields.regions),
    runsOn: checkedValues(fields.runsOn),
  };
}

export function formOf(service: CloudService): ServiceForm {
  return { ...service, regions: service.regions.join('\n') };
}

/** The form as the use cases take it: blank lines between regions are not regions. */
export function serviceInput(form: ServiceForm): ServiceInput {
  return { ...form, regions: form.regions.split(/\r?\n/).filter((line) => line.trim() !== '') };
}

/** The form's choices and limits, with what was chosen marked. */
export function formChoices(t: Translate, locale: Locale, form: ServiceForm, choices: readonly ServiceRef[], selfId?: string) {
  return {
    serviceModels: SERVICE_MODELS.map((value) => ({ value, text: t(`services.model.${value}`), checked: form.serviceModel === value })),
    deploymentModels: DEPLOYMENT_MODELS.map((value) => ({ value, text: t(`services.deployment.${value}`), checked: form.deploymentModel === value })),
    runsOn: choices
      .filter((choice) => choice.id !== selfId)
      .map((choice) => ({ value: choice.id, text: refName(t, locale, choice), checked: form.runsOn.includes(choice.id) })),
    descriptionMax: DESCRIPTION_MAX_LENGTH,
    regionsMax: MAX_REGIONS,
  };
}

/** A service another names, with its provider: "Kumo Compute (Kumo K.K.)". */
export function refName(t: Translate, locale: Locale, ref: ServiceRef): string {
  return t('services.form.choice', { service: serviceName(ref, locale), provider: locale === 'en' ? ref.providerNameEn : ref.providerNameJa });
}

export function serviceName(service: { readonly nameJa: string; readonly nameEn: string }, locale: Locale): string {
  return locale === 'en' ? service.nameEn : service.nameJa;
}

/** Errors beside the fields: several problems of one field (two bad regions) are all said there. */
export function fieldMessages(errors: readonly FieldError[]): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const error of errors) messages[error.field] = messages[error.field] ? `${messages[error.field]} ${error.text}` : error.text;
  return messages;
}

/** Where the signed-in person changes a service, if the policy lets them. */
export function editHref(request: FastifyRequest, service: CloudService): string | undefined {
  return decide(request.principal, 'service.update', { organisationId: service.providerId }).allowed ? `/provider/services/${service.id}/edit` : undefined;
}
