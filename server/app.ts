// Assembles the HTTP API: one sub-app per resource under /api, the OpenAPI document, body limits and errors.
// It serves no files and opens no database: main.ts (or a test) makes the deps and may add static serving.
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { accessControl } from "./auth/accessControl";
import { LoginLimiter } from "./auth/rateLimit";
import { ApiError } from "./errors";
import { csrfProtection } from "./http/csrf";
import { errorJson, onError, onNotFound, validationHook } from "./http/errorHandling";
import { utf8JsonBodies } from "./http/jsonBody";
import { securityHeaders } from "./http/securityHeaders";
import { analyticsRoutes } from "./routes/analytics";
import { auditRoutes } from "./routes/audit";
import { authRoutes } from "./routes/auth";
import { backupRoutes } from "./routes/backup";
import { caseFiguresRoutes } from "./routes/caseFigures";
import { caseSupervisionRoutes } from "./routes/caseSupervision";
import { caseRoutes } from "./routes/cases";
import { catalogueRoutes } from "./routes/catalogues";
import { dashboardRoutes } from "./routes/dashboard";
import type { AppDeps } from "./routes/deps";
import { healthRoutes } from "./routes/health";
import { linkRoutes, shortLinkRedirect } from "./routes/links";
import { orgImportRoutes } from "./routes/orgImport";
import { paperRoutes } from "./routes/paper";
import { paperFormRoutes } from "./routes/paperForms";
import { receiptRoutes } from "./routes/receipts";
import { reportRoutes } from "./routes/reports";
import { responseRoutes } from "./routes/responses";
import { settingsRoutes } from "./routes/settings";
import { surveyRoutes } from "./routes/surveys";
import { unitRoutes } from "./routes/units";
import { userRoutes } from "./routes/users";
import { waveAdminRoutes } from "./routes/waveAdmin";
import { waveRoutes } from "./routes/waves";

export const maxBodyBytes = 256 * 1024;

/** Endpoints that take files, keyed like accessRules, with their own (larger) body limit. */
export const largeBodyLimits: Readonly<Record<string, { bytes: number; label: string }>> = {
  "POST /api/waves/:id/paper/import": { bytes: 10 * 1024 * 1024, label: "10 MiB" },
  "POST /api/units/import/preview": { bytes: 10 * 1024 * 1024, label: "10 MiB" },
  "POST /api/units/import/apply": { bytes: 10 * 1024 * 1024, label: "10 MiB" },
  // SurveyJS Creator embeds an uploaded logo or image as a data URL, which alone can pass 256 KiB.
  "POST /api/surveys": { bytes: 5 * 1024 * 1024, label: "5 MiB" },
};

const largeBodyRoutes = Object.entries(largeBodyLimits).map(([endpoint, limit]) => {
  const [method, path] = endpoint.split(" ") as [string, string];
  return { method, pattern: new RegExp(`^${path.replace(/:\w+/g, "[^/]+")}$`), ...limit };
});

function sizedBodyLimit(bytes: number, label: string) {
  return bodyLimit({
    maxSize: bytes,
    onError: (c) =>
      errorJson(c, new ApiError(413, "payload_too_large", `The request body is larger than ${label}.`)),
  });
}

export function createApi(deps: AppDeps) {
  const api = new OpenAPIHono({ defaultHook: validationHook });
  api.use("*", csrfProtection());
  const defaultLimit = sizedBodyLimit(maxBodyBytes, "256 KiB");
  const largeLimits = largeBodyRoutes.map((r) => ({ ...r, limit: sizedBodyLimit(r.bytes, r.label) }));
  api.use("*", (c, next) => {
    const large = largeLimits.find((r) => r.method === c.req.method && r.pattern.test(c.req.path));
    return (large?.limit ?? defaultLimit)(c, next);
  });
  // After the size limit, so an over-long body is refused (413) before it is read.
  api.use("*", utf8JsonBodies());
  const authDeps = {
    ...deps,
    loginLimiter: deps.loginLimiter ?? new LoginLimiter(),
    trustProxy: deps.trustProxy ?? false,
  };
  // Every endpoint's access rule (server/auth/accessRules.ts) is enforced here, before its handler runs.
  api.use("*", accessControl(deps));
  const routes = api
    .route("/", healthRoutes())
    .route("/", waveRoutes(deps))
    .route("/", waveAdminRoutes(deps))
    .route("/", responseRoutes(deps))
    .route("/", authRoutes(authDeps))
    .route("/", userRoutes(deps))
    .route("/", unitRoutes(deps))
    .route("/", orgImportRoutes(deps))
    .route("/", surveyRoutes(deps))
    .route("/", auditRoutes(deps))
    .route("/", analyticsRoutes(deps))
    .route("/", dashboardRoutes(deps))
    .route("/", reportRoutes(deps))
    .route("/", paperRoutes(deps))
    .route("/", linkRoutes(deps))
    .route("/", paperFormRoutes(deps))
    // Before caseRoutes: /cases/scores and /cases/export.xlsx would otherwise be taken for /cases/{id}.
    .route("/", caseSupervisionRoutes(deps))
    .route("/", caseRoutes(deps))
    .route("/", receiptRoutes(deps))
    .route("/", caseFiguresRoutes(deps))
    .route("/", backupRoutes(deps))
    .route("/", catalogueRoutes(deps))
    .route("/", settingsRoutes(deps));
  api.onError(onError);
  api.notFound(onNotFound);
  return routes;
}

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono();
  app.use("*", securityHeaders());
  const api = createApi(deps);
  // Printed short links, before the web app's catch-all (main.ts adds that after this).
  app.route("/", shortLinkRedirect(deps));
  const routed = app.route("/api", api);
  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: { title: "minyi API", version: "1", description: "Employee survey and satisfaction analytics." },
  });
  // Unknown API paths answer in the error shape, never with the web app's index.html.
  app.all("/api/*", onNotFound);
  app.onError(onError);
  return routed;
}

export type AppType = ReturnType<typeof createApp>;
