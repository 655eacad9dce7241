import { Type } from 'typebox';
import { MAX_PAGE_SIZE, ROLES } from '../domain/index.js';
import { IdParams } from './schemas.js';

/** An organisation's people (issue 4, "Users and roles"): request and response schemas. */

const Role = Type.Unsafe<string>({ type: 'string', enum: [...ROLES] });
const Roles = Type.Array(Role, {
  minItems: 1,
  maxItems: ROLES.length,
  description: 'Roles of the kind of organisation the person belongs to; any other is refused with 422',
});

export const User = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    organisationId: Type.String({ format: 'uuid' }),
    email: Type.String({ format: 'email' }),
    displayName: Type.String(),
    roles: Type.Array(Role),
    hasPassword: Type.Boolean({ description: 'Whether they have set a password with their invitation' }),
    totpEnabled: Type.Boolean({ description: 'Whether sign-in asks them for a code from an authenticator app' }),
    status: Type.Unsafe<'active' | 'removed'>({ type: 'string', enum: ['active', 'removed'] }),
    createdAt: Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' }),
  },
  { $id: 'User' },
);

export const UserList = Type.Object({
  items: Type.Array(Type.Ref('User'), { description: 'In order of email address, removed people included' }),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  prevCursor: Type.Union([Type.String(), Type.Null()]),
});

export const UserListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: 'nextCursor or prevCursor of a previous page' })),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Text in the name or the email address' })),
    lang: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

export const Invitation = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    roles: Roles,
  },
  { additionalProperties: false },
);

export const Invited = Type.Object({
  user: Type.Ref('User'),
  expiresAt: Type.Unsafe<Date | string>({ type: 'string', format: 'date-time', description: 'When the link mailed to them stops working' }),
});

export const RolesBody = Type.Object({ roles: Roles }, { additionalProperties: false });

export const UserParams = Type.Object({ ...IdParams.properties, userId: Type.String({ maxLength: 64 }) });
