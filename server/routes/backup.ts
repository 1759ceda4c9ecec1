// POST /api/admin/backup: a consistent copy of the whole database, taken while serving, written to the backup
// directory on the server's disk. Thin: one domain call (storage/backup.ts); the file is never sent over HTTP.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type AuthEnv, wholeOrganisationOnly } from "../auth/middleware";
import { ApiError } from "../errors";
import { validationHook } from "../http/errorHandling";
import { errorResponse } from "../http/schemas";
import { BackupError, backupDirFor, recordedBackup } from "../storage/backup";
import type { AppDeps } from "./deps";

export const BackupTaken = z
  .object({
    name: z.string().openapi({ example: "minyi-20261201T134500Z.duckdb" }),
    bytes: z.number().int(),
    tookMs: z.number().int(),
    schemaVersion: z.number().int(),
    tables: z
      .record(z.string(), z.number().int())
      .openapi({ description: "Rows of every table in the backup." }),
  })
  .openapi("BackupTaken");
export type BackupTaken = z.infer<typeof BackupTaken>;

const backupRoute = createRoute({
  method: "post",
  path: "/admin/backup",
  tags: ["admin"],
  responses: {
    201: {
      description: "The backup is written, fsynced and in place under its name in the backup directory.",
      content: { "application/json": { schema: BackupTaken } },
    },
    403: errorResponse("Not an administrator of the whole organisation."),
    409: errorResponse("The database is in memory and no backup directory is set."),
    503: errorResponse("The backup could not be written (a full disk, say); nothing was changed."),
  },
});

export function backupRoutes(deps: AppDeps) {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  app.on("POST", "/admin/backup", wholeOrganisationOnly(deps));
  return app.openapi(backupRoute, async (c) => {
    try {
      const { name, bytes, tookMs, schemaVersion, tables } = await recordedBackup(
        deps.db,
        backupDirFor(deps.db.path, deps.backupDir),
        c.var.user.username,
        deps.now(),
      );
      return c.json({ name, bytes, tookMs, schemaVersion, tables }, 201);
    } catch (error) {
      if (error instanceof BackupError) throw new ApiError(409, error.code, error.message);
      throw error;
    }
  });
}
