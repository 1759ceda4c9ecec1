// The topic and respondent-group catalogues: anyone signed in reads them (names in every view); admins of the whole
// organisation add, rename, reorder, retire and restore entries. Thin: validate, one domain call, JSON.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type AuthEnv, wholeOrganisationOnly } from "../auth/middleware";
import {
  type CatalogueTable,
  createCatalogueEntry,
  listCatalogue,
  orderCatalogue,
  renameCatalogueEntry,
  setCatalogueEntryRetired,
} from "../catalogue/catalogueAdmin";
import { validationHook } from "../http/errorHandling";
import { BothLanguages, errorResponse } from "../http/schemas";
import type { AppDeps } from "./deps";

export const CatalogueEntry = z
  .object({ id: z.string(), name: BothLanguages, sort: z.number().int(), retired: z.boolean() })
  .openapi("CatalogueEntry");

const Name = z.string().trim().min(1).max(100);
const NewEntry = z.strictObject({ id: z.string().min(1).max(60), nameZh: Name, nameEn: Name });
const Rename = z
  .strictObject({ nameZh: Name.optional(), nameEn: Name.optional() })
  .refine((v) => v.nameZh !== undefined || v.nameEn !== undefined, {
    message: "give nameZh, nameEn or both",
  });
const Order = z.strictObject({ ids: z.array(z.string().max(60)).max(1000) });
const EntryParam = z.object({ id: z.string().min(1).max(60) });

const entryJson = (description: string) => ({
  description,
  content: { "application/json": { schema: CatalogueEntry } },
});
const listJson = (description: string) => ({
  description,
  content: { "application/json": { schema: z.array(CatalogueEntry) } },
});

function routesFor<T extends CatalogueTable>(table: T, deps: AppDeps) {
  const what = table === "topics" ? "topic" : "respondent group";
  const notFound = errorResponse(`\`${table === "topics" ? "topic" : "group"}_not_found\`.`);
  const base = `/${table}` as `/${T}`;
  const tags = ["catalogues"];
  const list = createRoute({
    method: "get",
    path: base,
    tags,
    responses: { 200: listJson(`Every ${what}, retired ones too (history still names them), in order.`) },
  });
  const create = createRoute({
    method: "post",
    path: base,
    tags,
    request: { body: { required: true, content: { "application/json": { schema: NewEntry } } } },
    responses: {
      201: entryJson(`The new ${what}, last in the order.`),
      400: errorResponse("`invalid_id`: not snake_case, or reserved."),
      409: errorResponse("`duplicate_id`: the id exists (perhaps retired)."),
    },
  });
  const order = createRoute({
    method: "post",
    path: `${base}/order` as `/${T}/order`,
    tags,
    request: { body: { required: true, content: { "application/json": { schema: Order } } } },
    responses: {
      200: listJson("The catalogue in its new order; retired entries follow the live ones."),
      400: errorResponse(
        "`bad_order`: every live id exactly once; the message names the missing and extra ones.",
      ),
    },
  });
  const rename = createRoute({
    method: "post",
    path: `${base}/{id}` as `/${T}/{id}`,
    tags,
    request: {
      params: EntryParam,
      body: { required: true, content: { "application/json": { schema: Rename } } },
    },
    responses: { 200: entryJson(`The renamed ${what}; every view shows the new name.`), 404: notFound },
  });
  const retire = createRoute({
    method: "post",
    path: `${base}/{id}/retire` as `/${T}/{id}/retire`,
    tags,
    request: { params: EntryParam },
    responses: {
      200: entryJson(
        table === "topics"
          ? "Retired: no new survey version may put it on a question (one already carrying it may keep it); analytics keep its name."
          : "Retired: the fill page no longer offers it and new responses naming it are refused; stored ones keep it.",
      ),
      404: notFound,
      409: errorResponse("`already_retired`."),
    },
  });
  const restore = createRoute({
    method: "post",
    path: `${base}/{id}/restore` as `/${T}/{id}/restore`,
    tags,
    request: { params: EntryParam },
    responses: { 200: entryJson(`Live again.`), 404: notFound, 409: errorResponse("`not_retired`.") },
  });

  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  // Exact paths, not a wildcard: access control takes the first matched route's path as the endpoint's name.
  app.on(
    "POST",
    [base, `${base}/order`, `${base}/:id`, `${base}/:id/retire`, `${base}/:id/restore`],
    wholeOrganisationOnly(deps),
  );
  const ctx = (c: { var: { user: { username: string } } }) => ({
    actor: c.var.user.username,
    now: deps.now(),
  });
  // Submissions check groups against the reference cache: a retired group stops taking responses at once.
  const changed = <V>(value: V): V => {
    deps.reference.invalidate();
    return value;
  };
  return app
    .openapi(list, async (c) => c.json(await listCatalogue(deps.db, table), 200))
    .openapi(create, async (c) =>
      c.json(changed(await createCatalogueEntry(deps.db, table, c.req.valid("json"), ctx(c))), 201),
    )
    .openapi(order, async (c) =>
      c.json(changed(await orderCatalogue(deps.db, table, c.req.valid("json").ids, ctx(c))), 200),
    )
    .openapi(rename, async (c) =>
      c.json(
        changed(
          await renameCatalogueEntry(deps.db, table, c.req.valid("param").id, c.req.valid("json"), ctx(c)),
        ),
        200,
      ),
    )
    .openapi(retire, async (c) =>
      c.json(
        changed(await setCatalogueEntryRetired(deps.db, table, c.req.valid("param").id, true, ctx(c))),
        200,
      ),
    )
    .openapi(restore, async (c) =>
      c.json(
        changed(await setCatalogueEntryRetired(deps.db, table, c.req.valid("param").id, false, ctx(c))),
        200,
      ),
    );
}

export function catalogueRoutes(deps: AppDeps) {
  return new OpenAPIHono<AuthEnv>({ defaultHook: validationHook })
    .route("/", routesFor("topics", deps))
    .route("/", routesFor("groups", deps));
}
