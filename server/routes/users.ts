// Account administration (admin): list, create, change role/scope, disable or enable, reset a password. Thin:
// validate, one domain call, JSON. An admin sees and changes only accounts scoped inside its own scope.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  type ChangeContext,
  createUser,
  listUsers,
  roles,
  setPassword,
  type UserSummary,
  updateUser,
} from "../auth/accounts";
import type { AuthEnv } from "../auth/middleware";
import { generatePassword } from "../auth/passwords";
import { validationHook } from "../http/errorHandling";
import { errorResponse } from "../http/schemas";
import type { AppDeps } from "./deps";

export const Account = z
  .object({
    username: z.string(),
    role: z.enum(roles),
    scopeUnitId: z.string(),
    disabled: z.boolean(),
    createdAt: z.iso.datetime(),
    passwordChangedAt: z.iso.datetime(),
  })
  .openapi("Account");
export type Account = z.infer<typeof Account>;

export const NewAccount = z
  .strictObject({
    username: z.string().min(1).max(64),
    // A plain string so the domain's unknown_role message (naming the roles) answers a wrong one.
    role: z
      .string()
      .min(1)
      .max(20)
      .openapi({ enum: [...roles] }),
    scopeUnitId: z.string().min(1).max(200),
    password: z
      .string()
      .max(1000)
      .optional()
      .openapi({ description: "Leave out to have a random one generated and returned once." }),
  })
  .openapi("NewAccount");
export type NewAccount = z.infer<typeof NewAccount>;

export const AccountChanges = z
  .strictObject({
    role: z
      .string()
      .min(1)
      .max(20)
      .openapi({ enum: [...roles] })
      .optional(),
    scopeUnitId: z.string().min(1).max(200).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: "name at least one of role, scopeUnitId, disabled" })
  .openapi("AccountChanges");
export type AccountChanges = z.infer<typeof AccountChanges>;

export const PasswordReset = z
  .strictObject({ password: z.string().max(1000).optional() })
  .openapi("PasswordReset");
export type PasswordReset = z.infer<typeof PasswordReset>;

const GeneratedPassword = z
  .object({
    password: z
      .string()
      .optional()
      .openapi({ description: "Present only when the server generated it: shown once, never stored." }),
  })
  .openapi("GeneratedPassword");

const UsernameParam = z.object({ username: z.string().min(1).max(64) });

const toAccount = (u: UserSummary): Account => ({
  username: u.username,
  role: u.role,
  scopeUnitId: u.scopeUnitId,
  disabled: u.disabled,
  createdAt: u.createdAt.toISOString(),
  passwordChangedAt: u.passwordChangedAt.toISOString(),
});

const notFound = errorResponse("`user_not_found`: no such account in your scope.");

const listRoute = createRoute({
  method: "get",
  path: "/users",
  tags: ["accounts"],
  responses: {
    200: {
      description: "The accounts scoped inside yours, by username.",
      content: { "application/json": { schema: z.array(Account) } },
    },
  },
});

const createRouteDef = createRoute({
  method: "post",
  path: "/users",
  tags: ["accounts"],
  request: { body: { required: true, content: { "application/json": { schema: NewAccount } } } },
  responses: {
    201: {
      description: "Created.",
      content: { "application/json": { schema: z.object({ account: Account }).and(GeneratedPassword) } },
    },
    400: errorResponse(
      "Bad username, role, unit (`unknown_unit` also for a unit outside your scope) or password.",
    ),
    409: errorResponse("`username_taken`."),
  },
});

const updateRoute = createRoute({
  method: "patch",
  path: "/users/{username}",
  tags: ["accounts"],
  request: {
    params: UsernameParam,
    body: { required: true, content: { "application/json": { schema: AccountChanges } } },
  },
  responses: {
    200: {
      description: "Changed; a new role or scope, or disabling, ends the account's sessions.",
      content: { "application/json": { schema: Account } },
    },
    400: errorResponse("Bad role or unit."),
    404: notFound,
    409: errorResponse("`last_admin`: the last active administrator of the organisation cannot lose that."),
  },
});

const passwordRoute = createRoute({
  method: "post",
  path: "/users/{username}/password",
  tags: ["accounts"],
  request: {
    params: UsernameParam,
    body: { required: true, content: { "application/json": { schema: PasswordReset } } },
  },
  responses: {
    200: {
      description: "Password set and the account's sessions ended.",
      content: { "application/json": { schema: GeneratedPassword } },
    },
    400: errorResponse("`password_too_short`, `password_too_long`."),
    404: notFound,
  },
});

export function userRoutes(deps: AppDeps) {
  const ctx = (c: { var: { user: { username: string; scopeUnitId: string } } }): ChangeContext => ({
    actor: c.var.user.username,
    now: deps.now(),
    withinUnitId: c.var.user.scopeUnitId,
  });
  return new OpenAPIHono<AuthEnv>({ defaultHook: validationHook })
    .openapi(listRoute, async (c) =>
      c.json((await listUsers(deps.db, c.var.user.scopeUnitId)).map(toAccount), 200),
    )
    .openapi(createRouteDef, async (c) => {
      const { password, ...input } = c.req.valid("json");
      const chosen = password ?? generatePassword();
      const user = await createUser(deps.db, { ...input, password: chosen }, ctx(c));
      return c.json(
        { account: toAccount(user), ...(password === undefined ? { password: chosen } : {}) },
        201,
      );
    })
    .openapi(updateRoute, async (c) => {
      const user = await updateUser(deps.db, c.req.valid("param").username, c.req.valid("json"), ctx(c));
      return c.json(toAccount(user), 200);
    })
    .openapi(passwordRoute, async (c) => {
      const { password } = c.req.valid("json");
      const chosen = password ?? generatePassword();
      await setPassword(deps.db, c.req.valid("param").username, chosen, ctx(c));
      return c.json(password === undefined ? { password: chosen } : {}, 200);
    });
}
